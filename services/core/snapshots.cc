#include "services/core/snapshots.h"

#include "absl/strings/str_cat.h"
#include "budget/internal/snapshot.pb.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/util/message_differencer.h"
#include "google/protobuf/wire_format.h"
#include "google/protobuf/wire_format_lite.h"
#include "services/common/log.h"
#include "services/core/replay.h"
#include "services/domain/names.h"

namespace budget {
namespace {

constexpr absl::string_view kCheckpoint = "checkpoint";
constexpr absl::string_view kProcessesSnapshot = "processes";

std::string RoundSnapshotName(absl::string_view round_id) {
  return absl::StrCat("round/", round_id);
}

std::string Sha256Bytes(absl::string_view data) {
  return std::string(base::AsBytes(base::Sha256(data)));
}

// The checkpoint record stored at exactly `position`, if it is of this
// schema and its head hash is the log's hash at that position.
std::optional<internal::Checkpoint> CheckpointAt(const eventstore::EventStore& store,
                                                 const eventstore::Snapshot& found) {
  internal::Checkpoint cp;
  if (!cp.ParseFromString(found.bytes) || cp.schema() != kSnapshotSchema ||
      cp.position() != found.position) {
    return std::nullopt;
  }
  absl::StatusOr<eventstore::Envelope> event = store.ReadEvent(cp.position());
  if (!event.ok() || base::AsBytes(event->hash) != cp.head_hash()) return std::nullopt;
  return cp;
}

// The newest usable checkpoint record at or before `position`.
std::optional<internal::Checkpoint> FindCheckpoint(const eventstore::EventStore& store,
                                                   uint64_t position) {
  absl::StatusOr<std::optional<eventstore::Snapshot>> found =
      store.LatestSnapshot(kCheckpoint, position);
  if (!found.ok() || !found->has_value()) return std::nullopt;
  return CheckpointAt(store, **found);
}

const internal::RoundRef* FindRef(const internal::Checkpoint& cp, absl::string_view round_id) {
  for (const internal::RoundRef& ref : cp.rounds()) {
    if (ref.id() == round_id) return &ref;
  }
  return nullptr;
}

// The snapshot `ref` names under `name`, or why it cannot be used: missing,
// its bytes not those the checkpoint recorded, or unreadable.
template <typename Snap>
absl::StatusOr<Snap> LoadSnapshot(const eventstore::EventStore& store, const std::string& name,
                                  const internal::RoundRef& ref) {
  absl::StatusOr<std::optional<eventstore::Snapshot>> found =
      store.LatestSnapshot(name, ref.position());
  if (!found.ok()) return found.status();
  if (!found->has_value() || (*found)->position != ref.position()) {
    return absl::NotFoundError(
        absl::StrCat("snapshot ", name, " at position ", ref.position(), " is missing"));
  }
  if (Sha256Bytes((*found)->bytes) != ref.sha256()) {
    return absl::DataLossError(
        absl::StrCat("snapshot ", name, " at position ", ref.position(),
                     " does not match the hash its checkpoint recorded (it was changed)"));
  }
  Snap snap;
  if (!snap.ParseFromString((*found)->bytes) || snap.schema() != kSnapshotSchema ||
      snap.position() != ref.position()) {
    return absl::DataLossError(
        absl::StrCat("snapshot ", name, " at position ", ref.position(), " is unreadable"));
  }
  return snap;
}

absl::StatusOr<RoundState> LoadRound(const eventstore::EventStore& store,
                                     const internal::RoundRef& ref) {
  absl::StatusOr<internal::RoundSnapshot> snap =
      LoadSnapshot<internal::RoundSnapshot>(store, RoundSnapshotName(ref.id()), ref);
  if (!snap.ok()) return snap.status();
  return std::move(*snap->mutable_round());
}

absl::StatusOr<internal::ProcessState> LoadProcesses(const eventstore::EventStore& store,
                                                     const internal::RoundRef& ref) {
  absl::StatusOr<internal::ProcessesSnapshot> snap =
      LoadSnapshot<internal::ProcessesSnapshot>(store, std::string(kProcessesSnapshot), ref);
  if (!snap.ok()) return snap.status();
  return std::move(*snap->mutable_processes());
}

// LoadRound for callers that fall back to the log: a snapshot that cannot
// be used is logged (a changed one is worth an operator's look) and skipped.
std::optional<RoundState> UsableRound(const eventstore::EventStore& store,
                                      const internal::RoundRef& ref) {
  absl::StatusOr<RoundState> round = LoadRound(store, ref);
  if (round.ok()) return std::move(*round);
  log::Warning("snapshot_refused",
               {{"round", ref.id()},
                {"position", absl::StrCat(ref.position())},
                {"status", round.status().ToString()},
                {"action", "replaying the log instead; the next checkpoint rewrites it"}});
  return std::nullopt;
}

}  // namespace

void ProposalBytes::Changed(absl::string_view round_id, absl::string_view proposal_id) {
  if (auto it = rounds_.find(round_id); it != rounds_.end()) it->second.erase(proposal_id);
}

void ProposalBytes::Forget(absl::string_view round_id) { rounds_.erase(round_id); }

void ProposalBytes::KeepOnly(const absl::flat_hash_set<std::string>& round_ids) {
  absl::erase_if(rounds_, [&](const auto& entry) { return !round_ids.contains(entry.first); });
}

void ProposalBytes::AppendRound(absl::string_view round_id, const RoundState& round,
                                std::string* out) {
  using google::protobuf::FieldDescriptor;
  using google::protobuf::internal::WireFormat;
  using google::protobuf::internal::WireFormatLite;
  {
    // Every other field, as protobuf serializes it: one added later is in.
    std::vector<const FieldDescriptor*> fields;
    round.GetReflection()->ListFields(round, &fields);
    google::protobuf::io::StringOutputStream stream(out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    for (const FieldDescriptor* field : fields) {
      if (field->number() == RoundState::kProposalsFieldNumber) continue;
      WireFormat::FieldByteSize(field, round);  // caches the sizes it writes with
      WireFormat::SerializeFieldWithCachedSizes(field, round, &coded);
    }
  }
  absl::flat_hash_map<std::string, std::string>& kept = rounds_[round_id];
  for (const auto& [id, proposal] : round.proposals()) {
    auto it = kept.find(id);
    if (it == kept.end()) {
      // Field `proposals`, holding the map entry: key (1) and value (2).
      using google::protobuf::io::CodedOutputStream;
      const size_t value_size = proposal.ByteSizeLong();
      const size_t entry_size = 2 + CodedOutputStream::VarintSize64(id.size()) + id.size() +
                                CodedOutputStream::VarintSize64(value_size) + value_size;
      std::string field;
      field.reserve(1 + CodedOutputStream::VarintSize64(entry_size) + entry_size);
      {
        google::protobuf::io::StringOutputStream stream(&field);
        CodedOutputStream coded(&stream);
        coded.WriteTag(WireFormatLite::MakeTag(RoundState::kProposalsFieldNumber,
                                               WireFormatLite::WIRETYPE_LENGTH_DELIMITED));
        coded.WriteVarint64(entry_size);
        coded.WriteTag(WireFormatLite::MakeTag(1, WireFormatLite::WIRETYPE_LENGTH_DELIMITED));
        coded.WriteVarint64(id.size());
        coded.WriteString(id);
        coded.WriteTag(WireFormatLite::MakeTag(2, WireFormatLite::WIRETYPE_LENGTH_DELIMITED));
        coded.WriteVarint64(value_size);
        proposal.SerializeWithCachedSizes(&coded);
      }
      it = kept.emplace(id, std::move(field)).first;
      ++serialized_;
    }
    out->append(it->second);
  }
}

absl::Status SaveCheckpoint(eventstore::EventStore& store, const State& state,
                            const base::Hash& head_hash,
                            const absl::flat_hash_set<std::string>& changed_round_ids,
                            ProposalBytes* proposal_bytes) {
  const uint64_t position = state.log_position();
  // Unchanged rounds keep their snapshot, as the previous checkpoint named it.
  const std::optional<internal::Checkpoint> previous = FindCheckpoint(store, position);
  internal::Checkpoint cp;
  cp.set_schema(kSnapshotSchema);
  cp.set_position(position);
  cp.set_head_hash(std::string(base::AsBytes(head_hash)));
  std::vector<std::string> names;
  std::vector<std::string> bytes;
  for (const auto& [id, round] : state.rounds()) {
    const internal::RoundRef* kept =
        previous.has_value() && !changed_round_ids.contains(id) ? FindRef(*previous, id) : nullptr;
    if (kept != nullptr) {
      *cp.add_rounds() = *kept;
      continue;
    }
    // A RoundSnapshot written by hand around the round, which is serialized
    // straight into place (or from the kept proposals' bytes): a copy of a
    // large round is a copy too many.
    internal::RoundSnapshot header;
    header.set_schema(kSnapshotSchema);
    header.set_position(position);
    std::string& out = bytes.emplace_back(header.SerializeAsString());
    {
      google::protobuf::io::StringOutputStream stream(&out);
      google::protobuf::io::CodedOutputStream coded(&stream);
      coded.WriteTag(internal::RoundSnapshot::kRoundFieldNumber << 3 | 2);
      if (proposal_bytes == nullptr) {
        coded.WriteVarint64(round.ByteSizeLong());
        round.SerializeWithCachedSizes(&coded);
      } else {
        std::string body;
        proposal_bytes->AppendRound(id, round, &body);
        coded.WriteVarint64(body.size());
        coded.WriteString(body);
      }
    }
    names.push_back(RoundSnapshotName(id));
    internal::RoundRef* ref = cp.add_rounds();
    ref->set_id(id);
    ref->set_position(position);
    ref->set_sha256(Sha256Bytes(out));
  }
  if (state.has_processes()) {
    if (previous.has_value() && previous->has_processes() &&
        !changed_round_ids.contains(kProcessesScope)) {
      *cp.mutable_processes() = previous->processes();
    } else {
      internal::ProcessesSnapshot snap;
      snap.set_schema(kSnapshotSchema);
      snap.set_position(position);
      *snap.mutable_processes() = state.processes();
      names.emplace_back(kProcessesSnapshot);
      std::string& out = bytes.emplace_back(snap.SerializeAsString());
      cp.mutable_processes()->set_position(position);
      cp.mutable_processes()->set_sha256(Sha256Bytes(out));
    }
  }
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
  for (const internal::RoundRef& ref : cp->rounds()) {
    std::optional<RoundState> round = UsableRound(store, ref);
    if (!round.has_value()) return std::nullopt;
    (*state.mutable_rounds())[ref.id()] = std::move(*round);
  }
  if (cp->has_processes()) {
    absl::StatusOr<internal::ProcessState> processes = LoadProcesses(store, cp->processes());
    if (!processes.ok()) {
      log::Warning("snapshot_refused", {{"snapshot", std::string(kProcessesSnapshot)},
                                        {"status", processes.status().ToString()},
                                        {"action", "replaying the log instead"}});
      return std::nullopt;
    }
    *state.mutable_processes() = std::move(*processes);
  }
  state.set_log_position(cp->position());
  return state;
}

SnapshotReport VerifySnapshots(const eventstore::EventStore& store) {
  SnapshotReport report;
  absl::StatusOr<std::vector<uint64_t>> positions = store.ListSnapshots(kCheckpoint);
  if (!positions.ok()) {
    report.ok = false;
    report.problem = positions.status().ToString();
    return report;
  }
  // One replay, compared with every checkpoint on the way.
  State replayed;
  for (uint64_t position : *positions) {
    absl::StatusOr<std::optional<eventstore::Snapshot>> found =
        store.LatestSnapshot(kCheckpoint, position);
    if (!found.ok() || !found->has_value()) continue;
    // Checkpoints of another schema or log are never used; nothing to check.
    std::optional<internal::Checkpoint> cp = CheckpointAt(store, **found);
    if (!cp.has_value()) continue;
    if (absl::Status s = ReplayInto(store, replayed.log_position() + 1, position, &replayed);
        !s.ok()) {
      report.ok = false;
      report.problem = s.ToString();
      return report;
    }
    for (const internal::RoundRef& ref : cp->rounds()) {
      absl::StatusOr<RoundState> round = LoadRound(store, ref);
      auto it = replayed.rounds().find(ref.id());
      if (round.ok() && (it == replayed.rounds().end() ||
                         !google::protobuf::util::MessageDifferencer::Equals(*round, it->second))) {
        round = absl::DataLossError(
            absl::StrCat("snapshot ", RoundSnapshotName(ref.id()), " at position ", ref.position(),
                         " differs from a replay of the log (it and its checkpoint were changed)"));
      }
      if (!round.ok()) {
        report.ok = false;
        report.problem =
            absl::StrCat("checkpoint at position ", position, ": ", round.status().message());
        return report;
      }
      ++report.checked;
    }
    if (cp->has_processes()) {
      absl::StatusOr<internal::ProcessState> processes = LoadProcesses(store, cp->processes());
      if (processes.ok() &&
          !google::protobuf::util::MessageDifferencer::Equals(*processes, replayed.processes())) {
        processes = absl::DataLossError(absl::StrCat(
            "snapshot ", kProcessesSnapshot, " at position ", cp->processes().position(),
            " differs from a replay of the log (it and its checkpoint were changed)"));
      }
      if (!processes.ok()) {
        report.ok = false;
        report.problem =
            absl::StrCat("checkpoint at position ", position, ": ", processes.status().message());
        return report;
      }
      ++report.checked;
    }
  }
  return report;
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
      if (const internal::RoundRef* ref = FindRef(*cp, id)) {
        std::optional<RoundState> snap = UsableRound(store, *ref);
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
