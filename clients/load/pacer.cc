#include "clients/load/pacer.h"

#include <sys/prctl.h>

#include <chrono>

namespace budget_load {

Pacer::~Pacer() { Stop(); }

void Pacer::Start(Clock::time_point start, std::chrono::duration<double> interval,
                  Clock::time_point end) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = false;
  }
  thread_ = std::thread([=, this] { Run(start, interval, end); });
}

void Pacer::Stop() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  stop_changed_.notify_one();
  thread_.join();
}

bool Pacer::TakeWake(void* tag) {
  for (Wake& w : wakes_) {
    if (tag == &w) {
      w.posted.store(false, std::memory_order_release);
      return true;
    }
  }
  return false;
}

void Pacer::Post() {
  for (size_t n = 0; n < wakes_.size(); ++n) {
    Wake& w = wakes_[(next_ + n) % wakes_.size()];
    if (w.posted.load(std::memory_order_acquire)) continue;
    w.posted.store(true, std::memory_order_relaxed);
    // Due now, but gRPC rounds the deadline up to its next millisecond:
    // cancelling delivers the tag at once instead.
    w.alarm.Set(cq_, std::chrono::system_clock::now(), &w);
    w.alarm.Cancel();
    next_ = (next_ + n + 1) % wakes_.size();
    return;
  }
}

void Pacer::Run(Clock::time_point start, std::chrono::duration<double> interval,
                Clock::time_point end) {
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
    Post();
  }
}

}  // namespace budget_load
