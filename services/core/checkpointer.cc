#include "services/core/checkpointer.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/thread_name.h"
#include "services/common/log.h"
#include "services/core/snapshots.h"
#include "services/domain/apply.h"

namespace budget {

Checkpointer::Checkpointer(eventstore::EventStore* store, uint64_t interval, State state,
                           uint64_t last_checkpoint)
    : store_(store),
      interval_(interval),
      apply_every_(std::clamp<uint64_t>(interval, 1, kApplyEvery)),
      replica_(std::move(state)),
      next_check_(interval) {
  if (replica_.log_position() != last_checkpoint) {
    // What the events after the checkpoint touched is not known.
    for (const auto& [id, round] : replica_.rounds()) changes_.Round(id);
    changes_.Round(kProcessesScope);
  }
  {
    base::MutexLock lock(&mu_);
    last_ = last_checkpoint;
  }
  thread_ = std::thread([this] {
    base::NameThisThread("checkpointer");
    Run();
  });
}

Checkpointer::~Checkpointer() {
  {
    base::MutexLock lock(&mu_);
    stop_ = true;
    changed_.SignalAll();
  }
  thread_.join();
  ApplyHandedOver();
  if (replica_.log_position() > last_position()) Write();
}

void Checkpointer::Committed(std::vector<CommittedEvents> batch) {
  uint64_t events = 0;
  for (const CommittedEvents& c : batch) events += c.events.size();
  base::MutexLock lock(&mu_);
  queue_.push_back(std::move(batch));
  queued_events_ += events;
  if (queued_events_ >= apply_every_) changed_.Signal();
}

uint64_t Checkpointer::written() const {
  base::MutexLock lock(&mu_);
  return written_;
}

uint64_t Checkpointer::last_position() const {
  base::MutexLock lock(&mu_);
  return last_;
}

absl::Time Checkpointer::last_time() const {
  base::MutexLock lock(&mu_);
  return last_time_;
}

void Checkpointer::Run() {
  while (WaitForWork()) {
    ApplyHandedOver();
    const uint64_t since = replica_.log_position() - last_position();
    if (since < next_check_) continue;
    // Half: a round that grows by one entity per event must still be written.
    const uint64_t due = changes_.EntitiesToWrite(replica_) / 2;
    if (since < due) {
      next_check_ = due;
      continue;
    }
    // On failure the next try waits for another interval.
    next_check_ = Write() ? interval_ : since + interval_;
  }
}

bool Checkpointer::WaitForWork() {
  base::MutexLock lock(&mu_);
  while (queued_events_ < apply_every_ && !stop_) changed_.Wait(&mu_);
  return !stop_;
}

void Checkpointer::ApplyHandedOver() {
  std::deque<std::vector<CommittedEvents>> taken;
  {
    base::MutexLock lock(&mu_);
    taken.swap(queue_);
    queued_events_ = 0;
  }
  for (std::vector<CommittedEvents>& batch : taken) {
    for (CommittedEvents& c : batch) {
      uint64_t position = c.first_position;
      for (v1::Event& e : c.events) {
        changes_.Record(e);
        Take(replica_, e, EventMeta{position++, c.recorded_at, c.actor});
      }
    }
  }
}

bool Checkpointer::Write() {
  const uint64_t position = replica_.log_position();
  if (position == 0) return true;
  absl::StatusOr<eventstore::Envelope> head = store_->ReadEvent(position);
  const absl::Status saved =
      head.ok() ? SaveCheckpoint(*store_, replica_, head->hash, changes_) : head.status();
  if (!saved.ok()) {
    log::Warning("snapshot_failed",
                 {{"position", absl::StrCat(position)}, {"status", saved.ToString()}});
    return false;  // the changes stay: the next checkpoint takes them
  }
  changes_.Clear();
  base::MutexLock lock(&mu_);
  last_ = position;
  last_time_ = absl::Now();
  ++written_;
  return true;
}

}  // namespace budget
