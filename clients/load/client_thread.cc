#include "clients/load/client_thread.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"

namespace budget_load {
namespace {

// How long the loop sleeps at most without news: it rechecks the clock.
constexpr auto kMaxWait = std::chrono::milliseconds(100);

// The queue takes system-clock deadlines; the run keeps steady-clock time.
std::chrono::system_clock::time_point ToSystem(Clock::time_point t) {
  return std::chrono::system_clock::now() +
         std::chrono::duration_cast<std::chrono::system_clock::duration>(t - Clock::now());
}

// Takes one call from the budget all threads share; false when none is left.
bool TakeOne(std::atomic<int64_t>* budget) { return budget == nullptr || budget->fetch_sub(1) > 0; }

}  // namespace

ClientThread::ClientThread(const std::string& addr, int channels,
                           const std::string& request_id_prefix, uint64_t seed) {
  for (int i = 0; i < channels; ++i) {
    grpc::ChannelArguments args;
    // Channels with the same arguments would otherwise share one connection.
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    channels_.push_back(grpc::CreateCustomChannel(addr, grpc::InsecureChannelCredentials(), args));
    lane_.channels.emplace_back(channels_.back());
  }
  lane_.cq = &cq_;
  lane_.rng.seed(seed);
  lane_.request_id_prefix = request_id_prefix;
}

ClientThread::~ClientThread() {
  // Run stops the pacer on its way out, but not when a call's start threw:
  // no wake-up may be posted to the queue once it is shut down.
  pacer_.Stop();
  cq_.Shutdown();
  void* tag = nullptr;
  bool ok = false;
  while (cq_.Next(&tag, &ok)) {
  }
}

bool ClientThread::Connect(std::chrono::system_clock::time_point deadline) {
  return std::all_of(channels_.begin(), channels_.end(),
                     [&](const auto& channel) { return channel->WaitForConnected(deadline); });
}

RunStats ClientThread::Run(const Phase& phase) {
  RunStats stats;
  const bool open_loop = phase.rate > 0;
  const std::chrono::duration<double> interval(open_loop ? 1.0 / phase.rate : 0.0);
  int64_t sent = 0;
  int in_flight = 0;
  bool sending = true;
  // Wakes this loop when each call is due; the queue's own deadline below
  // (whole milliseconds) is only the fallback.
  if (open_loop) pacer_.Start(phase.start, interval, phase.end);
  for (;;) {
    Clock::time_point next_due = Clock::time_point::max();
    while (sending && in_flight < phase.slots) {
      // Open loop: a call's time is fixed by the schedule, not by when a
      // slot came free, so time spent queued here counts in its latency.
      const Clock::time_point now = Clock::now();
      const Clock::time_point intended = open_loop ? Pacer::Tick(phase.start, interval, sent) : now;
      if (now >= phase.end || intended >= phase.end) {
        // Behind schedule at the end: what was due but never sent is
        // counted, not sent late, so the run still ends on time.
        if (intended < phase.end)
          stats.unsent += static_cast<int64_t>(std::ceil((phase.end - intended) / interval));
        sending = false;
        break;
      }
      if (intended > now) {
        next_due = intended;
        break;
      }
      if (!TakeOne(phase.budget)) {
        sending = false;
        break;
      }
      if (open_loop) stats.send_lateness.Record(now - intended);
      phase.workload->Start(phase.mix->Pick(lane_.rng), intended, lane_);
      ++sent;
      ++in_flight;
    }
    if (!sending && in_flight == 0) break;
    void* tag = nullptr;
    bool ok = false;
    const Clock::time_point wake = std::min(next_due, Clock::now() + kMaxWait);
    const auto event = cq_.AsyncNext(&tag, &ok, ToSystem(wake));
    if (event == grpc::CompletionQueue::SHUTDOWN) break;
    if (event != grpc::CompletionQueue::GOT_EVENT || pacer_.TakeWake(tag)) continue;
    std::unique_ptr<Call> call(static_cast<Call*>(tag));
    const grpc::StatusCode code = call->Complete();
    stats.of(call->op()).Record(code, Clock::now() - call->intended());
    --in_flight;
  }
  pacer_.Stop();
  return stats;
}

}  // namespace budget_load
