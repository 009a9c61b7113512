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

std::string RoundSnapshotName(absl::string_view round_id) {
  return absl::StrCat("round/", round_id);
}

// The newest usable checkpoint record at or before `position`.
std::optional<internal::Checkpoint> FindCheckpoint(const eventstore::EventStore& store,
                                                   uint64_t position) {
  absl::StatusOr<std::optional<eventstore::Snapshot>> found =
      store.LatestSnapshot(kCheckpoint, position);
  if (!found.ok() || !found->has_value()) return std::nullopt;
  internal::Checkpoint cp;
  if (!cp.ParseFromString((*found)->bytes) || cp.schema() != kSnapshotSchema ||
      cp.position() != (*found)->position) {
    return std::nullopt;
  }
  absl::StatusOr<eventstore::Envelope> event = store.ReadEvent(cp.position());
  if (!event.ok() || base::AsBytes(event->hash) != cp.head_hash()) return std::nullopt;
  return cp;
}

// A round's state at checkpoint position `at`: its newest snapshot at or before.
std::optional<RoundState> LoadRound(const eventstore::EventStore& store, absl::string_view round_id,
                                    uint64_t at) {
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

absl::Status SaveCheckpoint(eventstore::EventStore& store, const State& state,
                            const base::Hash& head_hash,
                            const absl::flat_hash_set<std::string>& changed_round_ids) {
  const uint64_t position = state.log_position();
  std::vector<std::string> names;
  std::vector<std::string> bytes;
  for (const std::string& id : changed_round_ids) {
    auto it = state.rounds().find(id);
    if (it == state.rounds().end()) continue;
    // A RoundSnapshot written by hand around the round, which is serialized
    // straight into place: a copy of a large round is a copy too many.
    internal::RoundSnapshot header;
    header.set_schema(kSnapshotSchema);
    header.set_position(position);
    std::string& out = bytes.emplace_back(header.SerializeAsString());
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.WriteTag(internal::RoundSnapshot::kRoundFieldNumber << 3 | 2);
    coded.WriteVarint64(it->second.ByteSizeLong());
    it->second.SerializeWithCachedSizes(&coded);
    names.push_back(RoundSnapshotName(id));
  }
  internal::Checkpoint cp;
  cp.set_schema(kSnapshotSchema);
  cp.set_position(position);
  cp.set_head_hash(std::string(base::AsBytes(head_hash)));
  for (const auto& [id, unused] : state.rounds()) cp.add_round_ids(id);
  const std::string record = cp.SerializeAsString();

  std::vector<eventstore::SnapshotWrite> writes;
  for (size_t i = 0; i < names.size(); ++i) writes.push_back({names[i], position, bytes[i]});
  writes.push_back({kCheckpoint, position, record});
  return store.PutSnapshots(writes);
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

absl::StatusOr<State> StateAt(const eventstore::EventStore& store, uint64_t position,
                              bool use_snapshots) {
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

absl::StatusOr<std::optional<RoundState>> RoundAt(const eventstore::EventStore& store,
                                                  absl::string_view round_id, uint64_t position,
                                                  bool use_snapshots) {
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
