#ifndef CLIENTS_LOAD_CLIENT_THREAD_H_
#define CLIENTS_LOAD_CLIENT_THREAD_H_

// One client thread's share of the load: its own completion queue and
// channels, and the loop that keeps its calls in flight, either each slot
// sending again as soon as its call ends (closed loop) or at fixed
// intervals whatever the server does (open loop, --rate).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include "clients/load/mix.h"
#include "clients/load/op_stats.h"
#include "clients/load/pacer.h"
#include "clients/load/workload.h"
#include "grpcpp/completion_queue.h"

namespace budget_load {

class ClientThread {
 public:
  // What one thread does in one phase of the run.
  struct Phase {
    const Workload* workload = nullptr;
    const Mix* mix = nullptr;
    int slots = 1;            // calls in flight at most
    double rate = 0;          // calls/s this thread offers (open loop); 0: closed loop
    Clock::time_point start;  // the first call's intended time
    Clock::time_point end;    // no call is sent (or, open loop, meant to be sent) from here on
    // Calls every thread may still send, taken one per call; null: no bound.
    std::atomic<int64_t>* budget = nullptr;
  };

  // Opens `channels` channels to `addr`, each on its own connection (a
  // local subchannel pool, so the threads do not share one either).
  // `request_id_prefix` must be unique to this thread and run.
  ClientThread(const std::string& addr, int channels, const std::string& request_id_prefix,
               uint64_t seed);
  // Shuts the queue down and drains it; no call may be in flight (Run waits
  // for all of its calls).
  ~ClientThread();
  ClientThread(const ClientThread&) = delete;
  ClientThread& operator=(const ClientThread&) = delete;

  // Waits until every channel is connected, at most until `deadline`.
  // False when one is not.
  bool Connect(std::chrono::system_clock::time_point deadline);

  // Runs `phase` on the calling thread: sends until phase.end or until the
  // budget runs out, then waits for the calls still in flight (each ends by
  // its deadline). Returns what it counted. Not reentrant.
  RunStats Run(const Phase& phase);

 private:
  grpc::CompletionQueue cq_;
  // Open loop: wakes Run at each call's time. Destroyed after the
  // destructor has drained cq_ of its wake-ups.
  Pacer pacer_{&cq_};
  std::vector<std::shared_ptr<grpc::Channel>> channels_;
  Lane lane_;
};

}  // namespace budget_load

#endif  // CLIENTS_LOAD_CLIENT_THREAD_H_
