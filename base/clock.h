#ifndef BASE_CLOCK_H_
#define BASE_CLOCK_H_

#include "absl/base/thread_annotations.h"
#include "absl/time/time.h"
#include "base/sync.h"

namespace base {

// The source of "now". Everything that records or compares time takes a Clock,
// so tests can move time and replay never depends on the wall clock.
// Thread safety: implementations are safe for concurrent use.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;

  // The process-wide real UTC clock. Never null, never destroyed.
  static Clock* Real();
};

// A clock that only moves when told to. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(absl::Time start) : now_(start) {}

  absl::Time Now() const override {
    MutexLock lock(&mu_);
    return now_;
  }
  void Set(absl::Time t) {
    MutexLock lock(&mu_);
    now_ = t;
  }
  void Advance(absl::Duration d) {
    MutexLock lock(&mu_);
    now_ += d;
  }

 private:
  mutable Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_);
};

}  // namespace base

#endif  // BASE_CLOCK_H_
