#include "clients/load/pacer.h"

#include <sys/prctl.h>

#include <chrono>

#include "grpcpp/alarm.h"

namespace budget_load {

Pacer::Pacer(grpc::CompletionQueue* cq, void* tag, Clock::time_point start,
             std::chrono::duration<double> interval, Clock::time_point end)
    : thread_([=, this] { Run(cq, tag, start, interval, end); }) {}

Pacer::~Pacer() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  stop_changed_.notify_one();
  thread_.join();
}

void Pacer::Run(grpc::CompletionQueue* cq, void* tag, Clock::time_point start,
                std::chrono::duration<double> interval, Clock::time_point end) {
  // Linux lets a sleeper wake up to 50 µs late by default, to batch
  // wake-ups; the pacer's are the measurement.
  prctl(PR_SET_TIMERSLACK, 1UL);
  std::unique_lock<std::mutex> lock(mu_);
  for (int64_t k = 0;; ++k) {
    const Clock::time_point due = Tick(start, interval, k);
    if (due >= end) return;
    // A futex wait with an absolute steady-clock deadline: as precise as
    // the scheduler, unlike the queue's millisecond timers.
    if (stop_changed_.wait_until(lock, due, [this] { return stop_; })) return;
    // Due now, so the queue delivers the tag at once; the alarm may be
    // destroyed right away (that would only cancel a pending one, which
    // still delivers its tag).
    grpc::Alarm alarm;
    alarm.Set(cq, std::chrono::system_clock::now(), tag);
  }
}

}  // namespace budget_load
