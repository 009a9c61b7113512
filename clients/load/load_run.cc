#include "clients/load/load_run.h"

#include <algorithm>
#include <memory>
#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/budgetctl/request_ids.h"
#include "clients/load/client_thread.h"
#include "clients/load/proposal_pool.h"
#include "clients/load/round_setup.h"
#include "grpcpp/create_channel.h"

namespace budget_load {
namespace {

constexpr auto kConnectTimeout = std::chrono::seconds(10);
constexpr int64_t kMinWarmup = 16;
// The warm-up stops at this even when some submissions are still missing.
constexpr auto kWarmupLimit = std::chrono::seconds(60);

// Runs one phase on every thread at once; `prepare(i, &phase)` sets thread
// i's share. Returns the merged counts.
template <class Prepare>
RunStats RunPhase(const std::vector<std::unique_ptr<ClientThread>>& threads, Prepare prepare) {
  std::vector<RunStats> counted(threads.size());
  std::vector<std::thread> running;
  for (size_t i = 0; i < threads.size(); ++i) {
    ClientThread::Phase phase;
    prepare(i, &phase);
    running.emplace_back([&, i, phase] { counted[i] = threads[i]->Run(phase); });
  }
  RunStats total;
  for (size_t i = 0; i < threads.size(); ++i) {
    running[i].join();
    total.Merge(counted[i]);
  }
  return total;
}

std::string ErrorsOf(const OpStats& stats) {
  std::vector<std::string> parts;
  for (const auto& [code, n] : stats.errors)
    parts.push_back(absl::StrCat(StatusCodeName(code), "=", n));
  return absl::StrJoin(parts, " ");
}

}  // namespace

RunResult RunLoad(const RunPlan& plan) {
  RunResult result;
  result.threads = std::max(1, std::min(plan.threads, plan.concurrency));
  const std::string run_id = budgetctl::RandomHex(6);
  std::random_device seeds;
  std::vector<std::unique_ptr<ClientThread>> threads;
  for (int i = 0; i < result.threads; ++i) {
    threads.push_back(std::make_unique<ClientThread>(
        plan.addr, plan.channels, absl::StrCat("load-", run_id, "-", i, "-"), seeds()));
  }
  for (auto& thread : threads) {
    if (!thread->Connect(std::chrono::system_clock::now() + kConnectTimeout)) {
      throw std::runtime_error(absl::StrCat("cannot connect to budgetd at ", plan.addr));
    }
  }
  ProposalPool pool;
  const Workload workload(plan.workload, &pool);
  // The slots of thread i: the calls in flight shared out as evenly as they go.
  auto slots_of = [&](size_t i) {
    return plan.concurrency / result.threads +
           (static_cast<int>(i) < plan.concurrency % result.threads ? 1 : 0);
  };

  if (plan.mix.NeedsProposals()) {
    const Mix submit_only = Mix::Only(Op::kSubmit);
    std::atomic<int64_t> budget = std::max<int64_t>(kMinWarmup, plan.concurrency);
    const Clock::time_point start = Clock::now();
    const RunStats warmup = RunPhase(threads, [&](size_t i, ClientThread::Phase* phase) {
      *phase = {.workload = &workload,
                .mix = &submit_only,
                .slots = slots_of(i),
                .rate = 0,
                .start = start,
                .end = start + kWarmupLimit,
                .budget = &budget};
    });
    result.warmup_submissions = warmup.ok();
    if (pool.size() == 0) {
      throw std::runtime_error(absl::StrCat("no proposal could be submitted before the run: ",
                                            ErrorsOf(warmup.of(Op::kSubmit))));
    }  // The warm-up's proposals are the ones claims take: marked ready first.
    if (plan.mix.Includes(Op::kClaim)) {
      MarkReadyForClaims(grpc::CreateChannel(plan.addr, grpc::InsecureChannelCredentials()),
                         plan.workload.identity.coordinator, plan.workload.timeout, &pool);
    }
  }

  std::atomic<int64_t> budget = plan.count;
  const Clock::time_point start = Clock::now();
  result.stats = RunPhase(threads, [&](size_t i, ClientThread::Phase* phase) {
    const int slots = slots_of(i);
    // Each thread offers the rate in proportion to its slots, its schedule
    // shifted a little so the threads do not send in lockstep.
    const double rate = plan.rate * slots / plan.concurrency;
    const auto offset =
        rate > 0 ? std::chrono::duration<double>(static_cast<double>(i) / result.threads / rate)
                 : std::chrono::duration<double>(0);
    *phase = {.workload = &workload,
              .mix = &plan.mix,
              .slots = slots,
              .rate = rate,
              .start = start + std::chrono::duration_cast<Clock::duration>(offset),
              .end = start + plan.duration,
              .budget = plan.count > 0 ? &budget : nullptr};
  });
  result.elapsed = Clock::now() - start;
  return result;
}

}  // namespace budget_load
