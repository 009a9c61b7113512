#include "services/core/snapshots.h"

#include "budget/internal/snapshot.pb.h"
#include "services/core/replay.h"

namespace budget {
namespace {

constexpr absl::string_view kName = "state";

}  // namespace

absl::Status SaveSnapshot(eventstore::EventStore& store, const State& state,
                          const eventstore::Hash& head_hash) {
  internal::Snapshot snap;
  snap.set_schema(kSnapshotSchema);
  snap.set_position(state.log_position());
  snap.set_head_hash(std::string(eventstore::AsBytes(head_hash)));
  *snap.mutable_state() = state;
  return store.PutSnapshot(kName, state.log_position(), snap.SerializeAsString());
}

std::optional<State> LoadSnapshot(const eventstore::EventStore& store, uint64_t position) {
  absl::StatusOr<std::optional<eventstore::Snapshot>> found = store.LatestSnapshot(kName, position);
  if (!found.ok() || !found->has_value()) return std::nullopt;
  internal::Snapshot snap;
  if (!snap.ParseFromString((*found)->bytes) || snap.schema() != kSnapshotSchema ||
      snap.position() != (*found)->position || snap.state().log_position() != snap.position()) {
    return std::nullopt;
  }
  absl::StatusOr<eventstore::Envelope> event = store.ReadEvent(snap.position());
  if (!event.ok() || eventstore::AsBytes(event->hash) != snap.head_hash()) return std::nullopt;
  return std::move(*snap.mutable_state());
}

absl::StatusOr<State> StateAt(const eventstore::EventStore& store, uint64_t position,
                              bool use_snapshots) {
  position = std::min(position, store.head().position);
  State state;
  if (use_snapshots) {
    if (std::optional<State> snap = LoadSnapshot(store, position)) state = std::move(*snap);
  }
  if (state.log_position() < position) {
    if (absl::Status s = ReplayInto(store, state.log_position() + 1, position, &state); !s.ok()) {
      return s;
    }
  }
  return state;
}

absl::StatusOr<uint64_t> PositionAt(const eventstore::EventStore& store, absl::Time t) {
  uint64_t lo = 0, hi = store.head().position;  // answer in [lo, hi]
  while (lo < hi) {
    const uint64_t mid = lo + (hi - lo + 1) / 2;
    absl::StatusOr<eventstore::Envelope> e = store.ReadEvent(mid);
    if (!e.ok()) return e.status();
    if (e->recorded_at <= t) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return lo;
}

}  // namespace budget
