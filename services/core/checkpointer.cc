#include "services/core/checkpointer.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/log.h"
#include "services/core/snapshots.h"
#include "services/domain/apply.h"
#include "services/domain/names.h"

namespace budget {
namespace {

// About what serializing the round costs, in units of one entity.
uint64_t Entities(const RoundState& r) {
  return 1 + r.proposals_size() + r.hearings_size() + r.meetings_size() +
         r.question_proposals_size() + r.informed_size() + r.waivers_size() + r.expansions_size() +
         r.corrections_size();
}

}  // namespace

Checkpointer::Checkpointer(eventstore::EventStore* store, uint64_t interval, State state,
                           uint64_t last_checkpoint)
    : store_(store), interval_(interval), replica_(std::move(state)), next_check_(interval) {
  if (replica_.log_position() != last_checkpoint) {
    // Which rounds the events after the checkpoint touched is not known.
    for (const auto& [id, round] : replica_.rounds()) dirty_.insert(id);
  }
  {
    base::MutexLock lock(&mu_);
    last_ = last_checkpoint;
  }
  thread_ = std::thread([this] { Run(); });
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
  base::MutexLock lock(&mu_);
  queue_.push_back(std::move(batch));
  changed_.Signal();
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
    const uint64_t due = DirtyEntities() / 2;
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
  while (queue_.empty() && !stop_) changed_.Wait(&mu_);
  return !stop_;
}

void Checkpointer::ApplyHandedOver() {
  std::deque<std::vector<CommittedEvents>> taken;
  {
    base::MutexLock lock(&mu_);
    taken.swap(queue_);
  }
  for (const std::vector<CommittedEvents>& batch : taken) {
    for (const CommittedEvents& c : batch) {
      uint64_t position = c.first_position;
      for (const v1::Event& e : c.events) {
        Apply(replica_, e, EventMeta{position++, c.recorded_at, c.actor});
        const std::string round_id(RoundIdOf(StreamOf(e)));
        if (absl::string_view id = OnlyProposalChangedBy(e); !id.empty()) {
          proposal_bytes_.Changed(round_id, id);
        } else {
          proposal_bytes_.Forget(round_id);
        }
        dirty_.insert(round_id);
      }
    }
  }
}

uint64_t Checkpointer::DirtyEntities() const {
  uint64_t n = 0;
  for (const std::string& id : dirty_) {
    if (auto it = replica_.rounds().find(id); it != replica_.rounds().end())
      n += Entities(it->second);
  }
  return n;
}

bool Checkpointer::Write() {
  const uint64_t position = replica_.log_position();
  if (position == 0) return true;
  absl::StatusOr<eventstore::Envelope> head = store_->ReadEvent(position);
  const absl::Status saved =
      head.ok() ? SaveCheckpoint(*store_, replica_, head->hash, dirty_, &proposal_bytes_)
                : head.status();
  if (!saved.ok()) {
    log::Warning("snapshot_failed",
                 {{"position", absl::StrCat(position)}, {"status", saved.ToString()}});
    return false;  // the changed rounds stay changed: the next checkpoint takes them
  }
  proposal_bytes_.KeepOnly(dirty_);
  dirty_.clear();
  base::MutexLock lock(&mu_);
  last_ = position;
  last_time_ = absl::Now();
  ++written_;
  return true;
}

}  // namespace budget
