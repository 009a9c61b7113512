#ifndef CLIENTS_LOAD_PACER_H_
#define CLIENTS_LOAD_PACER_H_

// Wakes an open-loop client thread at each call's intended time.
//
// gRPC's completion queue keeps its deadlines in whole milliseconds, so a
// thread that slept on the queue until its next call was due woke up to
// 1-2 ms late, and (since an open loop counts latency from the intended
// time) that lateness was reported as the server's. The pacer sleeps to each
// tick on a thread of its own, with the clock's precision, and then posts
// `tag` to the queue through an alarm that is already due, which wakes the
// client thread at once.
//
// Thread safety: the constructor starts the pacer's thread and the
// destructor stops and joins it; the queue must outlive the Pacer. The tag
// reaches the queue once for each tick passed, and possibly once more
// after the Pacer is gone (an alarm posted as it stopped); the queue's owner
// ignores it.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "clients/load/unary_call.h"
#include "grpcpp/completion_queue.h"

namespace budget_load {

class Pacer {
 public:
  // Ticks at start + k * interval for k = 0, 1, ... while before `end`.
  Pacer(grpc::CompletionQueue* cq, void* tag, Clock::time_point start,
        std::chrono::duration<double> interval, Clock::time_point end);
  ~Pacer();
  Pacer(const Pacer&) = delete;
  Pacer& operator=(const Pacer&) = delete;

  // The k-th call's intended time: the one formula the pacer and the client
  // thread share, so a tick falls exactly when its call is due.
  static Clock::time_point Tick(Clock::time_point start, std::chrono::duration<double> interval,
                                int64_t k) {
    return start + std::chrono::duration_cast<Clock::duration>(interval * k);
  }

 private:
  void Run(grpc::CompletionQueue* cq, void* tag, Clock::time_point start,
           std::chrono::duration<double> interval, Clock::time_point end);

  std::mutex mu_;
  std::condition_variable stop_changed_;
  bool stop_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace budget_load

#endif  // CLIENTS_LOAD_PACER_H_
