#ifndef SERVICES_CORE_SNAPSHOTS_H_
#define SERVICES_CORE_SNAPSHOTS_H_

// Snapshots of the projection, kept in the event store's snapshot family.
// They are a cache: the log is the truth, and every answer computed with a
// snapshot equals the one computed by replaying from the start.

#include <cstdint>
#include <optional>

#include "absl/status/statusor.h"
#include "eventstore/event_store.h"
#include "services/domain/state.h"

namespace budget {

// Bumped whenever internal::State changes incompatibly.
inline constexpr uint32_t kSnapshotSchema = 1;

// Writes `state` (as of state.log_position()) as a snapshot. `head_hash` is
// the hash of the event at that position.
absl::Status SaveSnapshot(eventstore::EventStore& store, const State& state,
                          const eventstore::Hash& head_hash);

// The newest snapshot at or before `position` that is usable: readable, of
// this schema, and whose position and hash match the log. nullopt otherwise.
std::optional<State> LoadSnapshot(const eventstore::EventStore& store, uint64_t position);

// The projection after the event at `position` (capped at the head): the
// newest usable snapshot at or before it plus a replay of the events after
// it, or a replay from the start when `use_snapshots` is false.
absl::StatusOr<State> StateAt(const eventstore::EventStore& store, uint64_t position,
                              bool use_snapshots = true);

// The position of the last event recorded at or before `t`; 0 when none.
// Recorded times never decrease along the log, so this is a binary search.
absl::StatusOr<uint64_t> PositionAt(const eventstore::EventStore& store, absl::Time t);

}  // namespace budget

#endif  // SERVICES_CORE_SNAPSHOTS_H_
