#ifndef CLIENTS_LOAD_PACER_H_
#define CLIENTS_LOAD_PACER_H_

// Wakes an open-loop client thread at each call's intended time.
//
// gRPC's completion queue keeps its deadlines in whole milliseconds, so a
// thread that slept on the queue until its next call was due woke up to
// 1-2 ms late, and (since an open loop counts latency from the intended
// time) that lateness was reported as the server's. The pacer sleeps to each
// tick on a thread of its own, with the clock's precision, and then posts a
// wake-up to the queue through an alarm set and cancelled at once, which
// delivers its tag at once.
//
// An alarm must outlive the delivery of its tag (gRPC's timer may still be
// running the alarm's callback when Set returns), so the pacer keeps a few
// alarms for its whole life and reuses one only after the queue's owner has
// taken its wake-up (TakeWake).
//
// Thread safety: Start and Stop are called by the queue's owner, which also
// calls TakeWake for each tag it gets; the pacer's thread only posts. The
// Pacer must be destroyed only after its queue was shut down and drained,
// so that every wake-up it posted was delivered.

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "clients/load/unary_call.h"
#include "grpcpp/alarm.h"
#include "grpcpp/completion_queue.h"

namespace budget_load {

class Pacer {
 public:
  explicit Pacer(grpc::CompletionQueue* cq) : cq_(cq) {}
  // Stops ticking if it still does.
  ~Pacer();
  Pacer(const Pacer&) = delete;
  Pacer& operator=(const Pacer&) = delete;

  // Posts a wake-up at start + k * interval for k = 0, 1, ... while before
  // `end`, until Stop. Not while already ticking.
  void Start(Clock::time_point start, std::chrono::duration<double> interval,
             Clock::time_point end);
  // Stops ticking (at once, even before `end`) and joins the thread.
  void Stop();

  // True when `tag` is one of this pacer's wake-ups, which the caller then
  // ignores; the alarm that posted it may be used again.
  bool TakeWake(void* tag);

  // The k-th call's intended time: the one formula the pacer and the client
  // thread share, so a tick falls exactly when its call is due.
  static Clock::time_point Tick(Clock::time_point start, std::chrono::duration<double> interval,
                                int64_t k) {
    return start + std::chrono::duration_cast<Clock::duration>(interval * k);
  }

 private:
  struct Wake {
    grpc::Alarm alarm;
    std::atomic<bool> posted{false};  // until its tag is taken
  };

  void Run(Clock::time_point start, std::chrono::duration<double> interval, Clock::time_point end);
  // Posts one wake-up on an alarm whose last one was taken; none when every
  // alarm still waits to be taken (the client thread is busy, and its own
  // queue deadline wakes it later).
  void Post();

  grpc::CompletionQueue* const cq_;
  std::array<Wake, 8> wakes_;
  size_t next_ = 0;  // the pacer's thread only
  std::mutex mu_;
  std::condition_variable stop_changed_;
  bool stop_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace budget_load

#endif  // CLIENTS_LOAD_PACER_H_
