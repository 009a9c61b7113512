#ifndef SERVICES_CORE_SNAPSHOTS_H_
#define SERVICES_CORE_SNAPSHOTS_H_

// Snapshots of the projection, one per round, kept in the event store's
// snapshot family and tied together by checkpoints (see snapshot.proto).
// They are a cache: the log is the truth, and every answer computed with them
// equals the one computed by replaying from the start.
//
// Per-round snapshots keep both costs proportional to what is asked: a
// checkpoint writes only the rounds that changed, and "round R as of N" reads
// only R's snapshot and scans only the events since the checkpoint.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "eventstore/event_store.h"
#include "services/domain/state.h"

namespace budget {

// Bumped whenever internal::State, RoundState or the checkpoint record
// changes incompatibly (3: snapshots bound to their checkpoint by SHA-256;
// 4: the processes beside the rounds; 5: proposals' lifecycle stage, which
// replay sets on every proposal).
inline constexpr uint32_t kSnapshotSchema = 5;

// The id that stands for the processes beside the rounds (trial actions,
// agreements, policies) in `changed_round_ids`: the empty string, which
// RoundIdOf gives every stream outside a round.
inline constexpr absl::string_view kProcessesScope = "";

// The serialized proposals of rounds, kept from one checkpoint to the next so
// that a checkpoint serializes again only the proposals that changed since:
// the rest of a large round's snapshot is copied, not serialized
// (docs/performance.md). Its owner reports every change of a round's
// proposals (Changed, or Forget when it cannot name them) before the next
// SaveCheckpoint of that round. Thread safety: none; one thread owns it (the
// checkpointer's).
class ProposalBytes {
 public:
  // Proposal `proposal_id` of round `round_id` changed, and no other one.
  void Changed(absl::string_view round_id, absl::string_view proposal_id);
  // Any proposal of round `round_id` may have changed.
  void Forget(absl::string_view round_id);
  // Keeps the rounds in `round_ids` only (those a checkpoint just wrote): a
  // round that stays unchanged gives its memory back.
  void KeepOnly(const absl::flat_hash_set<std::string>& round_ids);

  // Appends the serialization of `round` (a RoundState, the round of
  // `round_id`): its fields but the proposals as protobuf writes them, each
  // proposal's map entry as kept, or serialized now and kept.
  void AppendRound(absl::string_view round_id, const RoundState& round, std::string* out);

  // Proposals serialized since construction (the others were copied).
  uint64_t serialized() const { return serialized_; }

 private:
  // Round id -> proposal id -> its map entry in RoundState.proposals
  // (field tag and length included).
  absl::flat_hash_map<std::string, absl::flat_hash_map<std::string, std::string>> rounds_;
  uint64_t serialized_ = 0;
};

// Writes a checkpoint of `state` (at `state.log_position()`, whose event has
// `head_hash`): a snapshot of each round in `changed_round_ids` (and of the
// processes when kProcessesScope is in it), and the record naming all of
// them, written together. Rounds not in the list must
// not have changed since the previous checkpoint. With `proposal_bytes`,
// the rounds' unchanged proposals are copied from it (same bytes read back).
absl::Status SaveCheckpoint(eventstore::EventStore& store, const State& state,
                            const base::Hash& head_hash,
                            const absl::flat_hash_set<std::string>& changed_round_ids,
                            ProposalBytes* proposal_bytes = nullptr);

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
