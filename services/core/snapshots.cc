#include "services/core/snapshots.h"

#include "absl/strings/str_cat.h"
#include "budget/internal/snapshot.pb.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "services/core/replay.h"
#include "services/domain/names.h"

namespace budget {
namespace {

constexpr absl::string_view kCheckpoint = "checkpoint";

std::string RoundSnapshotName(absl::string_view round_id) { return absl::StrCat("round/", round_id); }

// The newest usable checkpoint record at or before `position`.
std::optional<internal::Checkpoint> FindCheckpoint(const eventstore::EventStore& store, uint64_t position) {
  absl::StatusOr<std::optional<eventstore::Snapshot>> found = store.LatestSnapshot(kCheckpoint, position);
  if (!found.ok() || !found->has_value()) return std::nullopt;
  internal::Checkpoint cp;
  if (!cp.ParseFromString((*found)->bytes) || cp.schema() != kSnapshotSchema ||
      cp.position() != (*found)->position) {
    return std::nullopt;
  }
  absl::StatusOr<eventstore::Envelope> event = store.ReadEvent(cp.position());
  if (!event.ok() || eventstore::AsBytes(event->hash) != cp.head_hash()) return std::nullopt;
  return cp;
}

// A round's state at checkpoint position `at`: its newest snapshot at or before.
std::optional<RoundState> LoadRound(const eventstore::EventStore& store, absl::string_view round_id, uint64_t at) {
  absl::StatusOr<std::optional<eventstore::Snapshot>> found =
      store.LatestSnapshot(RoundSnapshotName(round_id), at);
  if (!found.ok() || !found->has_value()) return std::nullopt;
  internal::RoundSnapshot snap;
  if (!snap.ParseFromString((*found)->bytes) || snap.schema() != kSnapshotSchema ||
      snap.position() != (*found)->position) {
    return std::nullopt;
  }
  return std::move(*snap.mutable_round());
}

}  // namespace

absl::Status SaveCheckpoint(eventstore::EventStore& store, uint64_t position, const eventstore::Hash& head_hash,
                            const std::vector<std::pair<std::string, std::string>>& changed_rounds,
                            const std::vector<std::string>& all_round_ids) {
  for (const auto& [id, round_bytes] : changed_rounds) {
    // Assembled by hand around the already serialized round, so the caller's
    // lock is held only for that serialization.
    internal::RoundSnapshot header;
    header.set_schema(kSnapshotSchema);
    header.set_position(position);
    std::string bytes = header.SerializeAsString();
    google::protobuf::io::StringOutputStream out(&bytes);
    {
      google::protobuf::io::CodedOutputStream coded(&out);
      coded.WriteTag(internal::RoundSnapshot::kRoundFieldNumber << 3 | 2);
      coded.WriteVarint64(round_bytes.size());
      coded.WriteRaw(round_bytes.data(), static_cast<int>(round_bytes.size()));
    }
    if (absl::Status s = store.PutSnapshot(RoundSnapshotName(id), position, bytes); !s.ok()) return s;
  }
  internal::Checkpoint cp;
  cp.set_schema(kSnapshotSchema);
  cp.set_position(position);
  cp.set_head_hash(std::string(eventstore::AsBytes(head_hash)));
  for (const std::string& id : all_round_ids) cp.add_round_ids(id);
  return store.PutSnapshot(kCheckpoint, position, cp.SerializeAsString());
}

std::optional<State> LoadCheckpoint(const eventstore::EventStore& store, uint64_t position) {
  std::optional<internal::Checkpoint> cp = FindCheckpoint(store, position);
  if (!cp.has_value()) return std::nullopt;
  State state;
  for (const std::string& id : cp->round_ids()) {
    std::optional<RoundState> round = LoadRound(store, id, cp->position());
    if (!round.has_value()) return std::nullopt;
    (*state.mutable_rounds())[id] = std::move(*round);
  }
  state.set_log_position(cp->position());
  return state;
}

absl::StatusOr<State> StateAt(const eventstore::EventStore& store, uint64_t position, bool use_snapshots) {
  position = std::min(position, store.head().position);
  State state;
  if (use_snapshots) {
    if (std::optional<State> snap = LoadCheckpoint(store, position)) state = std::move(*snap);
  }
  if (state.log_position() < position) {
    if (absl::Status s = ReplayInto(store, state.log_position() + 1, position, &state); !s.ok()) {
      return s;
    }
  }
  return state;
}

absl::StatusOr<std::optional<RoundState>> RoundAt(const eventstore::EventStore& store, absl::string_view round_id,
                                                  uint64_t position, bool use_snapshots) {
  position = std::min(position, store.head().position);
  const std::string id(round_id);
  const std::string round = RoundName(round_id);
  State state;
  uint64_t from = 1;
  if (use_snapshots) {
    if (std::optional<internal::Checkpoint> cp = FindCheckpoint(store, position)) {
      if (std::find(cp->round_ids().begin(), cp->round_ids().end(), id) != cp->round_ids().end()) {
        std::optional<RoundState> snap = LoadRound(store, id, cp->position());
        if (snap.has_value()) {
          (*state.mutable_rounds())[id] = std::move(*snap);
          from = cp->position() + 1;
        }
      } else {
        from = cp->position() + 1;  // the round did not exist at the checkpoint
      }
    }
  }
  if (absl::Status s = ReplayRoundInto(store, round, from, position, &state); !s.ok()) return s;
  auto it = state.rounds().find(id);
  if (it == state.rounds().end()) return std::optional<RoundState>();
  return std::optional<RoundState>(std::move(it->second));
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
