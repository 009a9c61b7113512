#ifndef SERVICES_CORE_SNAPSHOTS_H_
#define SERVICES_CORE_SNAPSHOTS_H_

// Snapshots of the projection, one per round, kept in the event store's
// snapshot family and tied together by checkpoints (see snapshot.proto).
// They are a cache: the log is the truth, and every answer computed with them
// equals the one computed by replaying from the start.
//
// Per-round snapshots keep both costs proportional to what is asked: a
// checkpoint writes only the rounds that changed (and of their proposals
// only the pages that changed), and "round R as of N" reads only R's
// snapshots and scans only the events since the checkpoint.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "budget/v1/events.pb.h"
#include "eventstore/event_store.h"
#include "services/domain/state.h"

namespace budget {

// Bumped whenever internal::State, RoundState or the checkpoint record
// changes incompatibly (3: snapshots bound to their checkpoint by SHA-256;
// 4: the processes beside the rounds; 5: proposals' lifecycle stage, which
// replay sets on every proposal; 6: proposals in pages of their own).
inline constexpr uint32_t kSnapshotSchema = 6;

// The id that stands for the processes beside the rounds (trial actions,
// agreements, policies) in CheckpointChanges: the empty string, which
// RoundIdOf gives every stream outside a round.
inline constexpr absl::string_view kProcessesScope = "";

// A round's proposals are kept in pages of this many consecutive sequence
// numbers (P-0001..P-1023 in page 0, P-1024.. in page 1), each page a
// snapshot of its own: a checkpoint writes again only the pages that
// changed, so a round that grows by submissions costs a checkpoint its new
// proposals, not all of them again (docs/performance.md). Proposal ids are
// the decider's, ProposalId(n) with 1 <= n < next_proposal_number, so a page
// is found by its numbers.
inline constexpr uint32_t kProposalsPerPage = 1024;

// The page of proposal `proposal_id` ("P-0017").
uint32_t PageOf(absl::string_view proposal_id);

// What changed since the last checkpoint: which rounds, and of each which
// pages of proposals. A changed round's own fields (all but its proposals)
// are written again whole. Thread safety: none.
class CheckpointChanges {
 public:
  // Proposal `proposal_id` of round `round_id` changed, and no other one.
  void Proposal(absl::string_view round_id, absl::string_view proposal_id);
  // Anything of round `round_id` (kProcessesScope: the processes) may have changed.
  void Round(absl::string_view round_id);
  // What `event` changes: one proposal (OnlyProposalChangedBy) or its whole
  // round or the processes.
  void Record(const v1::Event& event);

  bool Contains(absl::string_view round_id) const { return rounds_.contains(round_id); }
  // Whether every page of round `round_id` must be written again.
  bool AllPagesChanged(absl::string_view round_id) const;
  // The pages of round `round_id` that changed, when not all of them.
  const absl::flat_hash_set<uint32_t>& ChangedPages(absl::string_view round_id) const;
  // About how many entities (proposals, hearings, ...) a checkpoint of
  // `state` writes for these changes: what it costs.
  uint64_t EntitiesToWrite(const State& state) const;
  void Clear() { rounds_.clear(); }

 private:
  struct Changed {
    bool whole = false;
    absl::flat_hash_set<uint32_t> pages;
  };
  absl::flat_hash_map<std::string, Changed> rounds_;
};

// Writes a checkpoint of `state` (at `state.log_position()`, whose event has
// `head_hash`): for each round in `changes`, a snapshot of its own fields
// and one of each changed page of its proposals (of every page when the
// previous checkpoint has no such round); of the processes when
// kProcessesScope is in it; and the record naming all of them, written
// together. What `changes` leaves out must not have changed since the
// previous checkpoint: its snapshots are named again.
absl::Status SaveCheckpoint(eventstore::EventStore& store, const State& state,
                            const base::Hash& head_hash, const CheckpointChanges& changes);

// The projection at the newest usable checkpoint at or before `position`;
// nullopt when there is none (or none usable). A round snapshot whose bytes
// do not hash to what the checkpoint recorded is not usable (and is logged):
// the caller replays the log instead, and the next checkpoint rewrites it.
std::optional<State> LoadCheckpoint(const eventstore::EventStore& store, uint64_t position);

// The projection after the event at `position` (capped at the head): the
// newest usable checkpoint at or before it plus the events after it, or a
// replay from the start when `use_snapshots` is false.
absl::StatusOr<State> StateAt(const eventstore::EventStore& store, uint64_t position,
                              bool use_snapshots = true);

// One round after the event at `position`: its snapshot at the newest usable
// checkpoint at or before it plus its own events after that. nullopt when the
// round did not exist yet.
absl::StatusOr<std::optional<RoundState>> RoundAt(const eventstore::EventStore& store,
                                                  absl::string_view round_id, uint64_t position,
                                                  bool use_snapshots = true);

struct SnapshotReport {
  bool ok = true;
  uint64_t checked = 0;  // round snapshots checked
  std::string problem;   // the first one that does not match, and how
};

// Checks every checkpoint of this schema and log: each round snapshot it
// names must have the recorded hash and equal the round as a replay of the
// log has it at that position. One replay of the whole log.
SnapshotReport VerifySnapshots(const eventstore::EventStore& store);

// The position of the last event recorded at or before `t`; 0 when none.
// Recorded times never decrease along the log, so this is a binary search.
absl::StatusOr<uint64_t> PositionAt(const eventstore::EventStore& store, absl::Time t);

}  // namespace budget

#endif  // SERVICES_CORE_SNAPSHOTS_H_
