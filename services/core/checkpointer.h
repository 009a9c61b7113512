#ifndef SERVICES_CORE_CHECKPOINTER_H_
#define SERVICES_CORE_CHECKPOINTER_H_

// Writes checkpoints (snapshots.h) on a thread of its own, from a replica of
// the projection that it keeps by applying every committed event itself.
//
// Why a replica: serializing a round takes time proportional to its size, and
// doing it from the live projection would hold the readers' lock that long
// and stall the writer's next publish (p99 spikes of hundreds of ms once a
// round held 100,000 proposals). Applying an event is cheap next to that.
//
// What: of each changed round its own fields, and of its proposals the pages
// that changed (snapshots.h): a round that grows by submissions costs a
// checkpoint its new proposals, however many it holds.
//
// When: a checkpoint is written once at least `interval` events were
// committed since the last one AND at least half as many events as it would
// write entities (proposals, hearings, ...). The second condition keeps the
// cost of checkpoints at about two serialized entities per event when changes
// are spread over the pages of a large round; a start-up then replays at most
// that many events (beside loading the checkpoint, which costs about as much).

#include <cstdint>
#include <deque>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/time/time.h"
#include "base/sync.h"
#include "budget/v1/events.pb.h"
#include "eventstore/event_store.h"
#include "services/core/snapshots.h"
#include "services/domain/state.h"

namespace budget {

// Events that were committed together: positions first_position, +1, ...
struct CommittedEvents {
  uint64_t first_position = 0;
  absl::Time recorded_at;
  std::string actor;
  std::vector<v1::Event> events;
};

// Thread safety: Committed and the accessors may be called from any thread.
class Checkpointer {
 public:
  // Starts the thread. `state` is the projection at `state.log_position()`,
  // `last_checkpoint` the position of the newest checkpoint it was loaded
  // from (0: none); when they differ every round counts as changed. `store`
  // is not owned and must outlive the checkpointer.
  Checkpointer(eventstore::EventStore* store, uint64_t interval, State state,
               uint64_t last_checkpoint);

  // Applies what was handed over, writes a checkpoint at the last committed
  // position if there is none there yet (so the next start replays
  // nothing), and joins the thread.
  ~Checkpointer();

  // Hands over durable events, in log order, continuing where the previous
  // call ended. Never blocks on a checkpoint being written. The thread wakes
  // once `min(interval, kApplyEvery)` events are waiting, not for every
  // batch: a wake per group commit cost more than the applying.
  void Committed(std::vector<CommittedEvents> batch);

  // Checkpoints written since start.
  uint64_t written() const;
  // The position of the newest checkpoint, and when it was written (this
  // run); the time is infinite past before the first.
  uint64_t last_position() const;
  absl::Time last_time() const;

 private:
  static constexpr uint64_t kApplyEvery = 1024;

  void Run();
  // Waits until enough was handed over (apply_every_ events) or the
  // checkpointer stops; false when stopping (what was handed over is then
  // still to be applied).
  bool WaitForWork();
  // Applies to the replica everything handed over so far.
  void ApplyHandedOver();
  // A checkpoint of the replica; false (logged) when it could not be written.
  bool Write();

  eventstore::EventStore* const store_;
  const uint64_t interval_;
  const uint64_t apply_every_;

  // Only the checkpointer's thread touches these (and the destructor, after
  // joining it).
  State replica_;
  CheckpointChanges changes_;  // since the last checkpoint
  // Events since the last checkpoint at which to look again whether one is due.
  uint64_t next_check_;

  mutable base::Mutex mu_;
  base::CondVar changed_;  // apply_every_ events were handed over, or stopping
  std::deque<std::vector<CommittedEvents>> queue_ ABSL_GUARDED_BY(mu_);
  uint64_t queued_events_ ABSL_GUARDED_BY(mu_) = 0;  // in queue_
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  uint64_t last_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t written_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Time last_time_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();

  std::thread thread_;
};

}  // namespace budget

#endif  // SERVICES_CORE_CHECKPOINTER_H_
