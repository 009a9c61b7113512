#ifndef SERVICES_CORE_COMMAND_PROCESSOR_H_
#define SERVICES_CORE_COMMAND_PROCESSOR_H_

// The single writer. Every command goes through one thread that decides and
// applies in order — so rules spanning proposals need no locks — and commits
// each drained batch in ONE durable write (group commit). A call is answered
// only after its events are in a synced WAL.
//
// A batch passes five stages on the writer thread (ProcessBatch): admit
// (deadlines, a broken store, request ids: one lookup each), decide (the
// domain's rules on the working projection, planning each write at its
// position and time), commit (one EventStore::Write: sealed, chained,
// synced), publish (the durable projection readers see, the checkpointer)
// and reply (the answers handed to the completion thread). The completion
// thread runs the callbacks — metrics, logs, finishing the gRPC call — so
// the writer goes on to the next batch without waiting for them.
//
// Two copies of the projection: `working_` is the writer's, ahead of the disk
// by at most one batch; `published_` holds only durable events and is what
// every read sees, so no reader ever sees an event that a crash could undo.
//
// Example:
//   auto p = CommandProcessor::Start(store.get(), {});
//   (*p)->Submit(std::move(cmd), [](absl::StatusOr<v1::CommandResponse> r) { ... });
//   (*p)->Read([](const State& s, absl::Time now) { return GetRound(s, req, now); });

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "base/clock.h"
#include "base/sync.h"
#include "budget/internal/commands.pb.h"
#include "budget/v1/mutation.pb.h"
#include "eventstore/event_store.h"
#include "services/common/metrics.h"
#include "services/core/checkpointer.h"
#include "services/core/personal_data.h"
#include "services/domain/state.h"

namespace budget {

// The actor recorded for events that time alone caused.
inline constexpr absl::string_view kClockActor = "system/clock";

// Thread safety: every public method may be called from any thread.
class CommandProcessor {
 public:
  struct Options {
    // Not owned; must outlive the processor.
    base::Clock* clock = base::Clock::Real();
    // Commands decided per group commit, at most.
    size_t max_batch = 1024;
    // A checkpoint (snapshots of what changed in each round, see
    // snapshots.h) is written on a thread of its own once this many events
    // were committed since the last one (and at least half as many as it
    // would write entities, see checkpointer.h), and when the processor
    // stops; 0 disables it.
    uint64_t snapshot_interval = 10'000;
    // Start from the newest usable checkpoint instead of replaying everything.
    bool use_snapshots = true;
    // Where to count committed events by type; may be null. Not owned.
    Metrics* metrics = nullptr;
  };
  using Done = absl::AnyInvocable<void(absl::StatusOr<v1::CommandResponse>) &&>;

  // Rebuilds the projection — the newest usable snapshot plus the events
  // after it — from `store` (not owned; must outlive the processor) and starts
  // the writer thread.
  static absl::StatusOr<std::unique_ptr<CommandProcessor>> Start(eventstore::EventStore* store,
                                                                 const Options& options);
  // Stop(), then joins the writer.
  ~CommandProcessor();

  // Queues `command` (its actor set by the caller) and returns at once. `done`
  // runs exactly once, on the completion thread (or, when the processor is
  // stopping, on the caller's), with the answer: after the events are
  // durable, or with the refusal (nothing written). It should not block:
  // the answers after it wait. A command still queued at `deadline` (the caller's, by the real
  // clock) is answered DEADLINE_EXCEEDED and never decided.
  void Submit(internal::Command command, Done done, absl::Time deadline = absl::InfiniteFuture());

  // Submit, then wait for the answer. For tests and tools.
  absl::StatusOr<v1::CommandResponse> Execute(internal::Command command);

  // Writes what the passing of time alone has made due in every round (the
  // pool at the claims deadline) and returns once that is durable.
  absl::Status Tick();

  // Runs `read(state, now)` on the durable projection under a shared lock.
  // `read` must not call back into the processor.
  template <typename F>
  auto Read(F&& read) const {
    base::ReaderMutexLock lock(&published_mu_);
    return read(static_cast<const State&>(published_), options_.clock->Now());
  }

  // Finishes what is queued, then refuses new commands with UNAVAILABLE.
  void Stop();

  eventstore::EventStore* store() const { return store_; }
  // Seals personal fields on the write path (Plan) and opens them for reads.
  const PersonalData& personal() const { return personal_; }
  // Events replayed at start-up (after the checkpoint, if one was used).
  uint64_t replayed_at_start() const { return replayed_at_start_; }
  // Checkpoints written since start.
  uint64_t snapshots_written() const;
  // The position of the newest checkpoint, and when it was written (this
  // run); the time is infinite past before the first.
  uint64_t last_snapshot_position() const;
  absl::Time last_snapshot_time() const;
  const Options& options() const { return options_; }

 private:
  struct Item {
    internal::Command command;
    Done done;
    bool tick = false;
    absl::Time deadline = absl::InfiniteFuture();
  };
  struct Planned;
  struct Batch;
  // The answers of one batch, and what its events count in the metrics.
  struct Completion {
    std::vector<std::pair<Done, absl::StatusOr<v1::CommandResponse>>> answers;
    std::vector<const std::string*> event_types;
  };

  CommandProcessor(eventstore::EventStore* store, const Options& options, const State& state);
  void Run();
  void ProcessBatch(std::vector<Item>& items);
  // The stages of ProcessBatch, in order.
  void Admit(Batch& batch);
  void Decide(Batch& batch);
  absl::Status Commit(Batch& batch);
  void Publish(Batch& batch, const absl::Status& committed);
  void Reply(Batch& batch, const absl::Status& committed);
  // Applies `events` to the working state at the batch's next positions and
  // plans their write; returns its index in batch.writes.
  int Plan(Batch& batch, std::vector<v1::Event> events, absl::string_view actor);
  // OK when `p` is the request `record` was kept for (a retry, answered from
  // the record); ALREADY_EXISTS (REQUEST_ID_REUSED) when its id was used for
  // another request, or for one whose personal data was since erased.
  absl::Status SameRequest(const eventstore::RequestRecord& record, const Planned& p) const;
  // The completion thread: runs each batch's answers in order.
  void Complete();
  absl::Time NextTime();
  // Constant after construction.
  eventstore::EventStore* const store_;
  const Options options_;
  const PersonalData personal_;

  base::Mutex queue_mu_;
  base::CondVar queue_changed_;  // an item was queued, or stopping
  std::deque<Item> queue_ ABSL_GUARDED_BY(queue_mu_);
  bool stopping_ ABSL_GUARDED_BY(queue_mu_) = false;

  // Only the writer thread touches these.
  State working_;
  absl::Time last_time_ = absl::InfinitePast();

  mutable base::Mutex published_mu_;
  State published_ ABSL_GUARDED_BY(published_mu_);

  uint64_t replayed_at_start_ = 0;

  // Null when checkpoints are off.
  std::unique_ptr<Checkpointer> checkpointer_;
  // The checkpoint the state was loaded from at start (0: none).
  uint64_t loaded_checkpoint_ = 0;

  base::Mutex completions_mu_;
  base::CondVar completions_changed_;  // a batch was answered, or stopping
  std::deque<Completion> completions_ ABSL_GUARDED_BY(completions_mu_);
  bool completions_stopping_ ABSL_GUARDED_BY(completions_mu_) = false;

  std::thread writer_;
  std::thread completer_;
};

}  // namespace budget

#endif  // SERVICES_CORE_COMMAND_PROCESSOR_H_
