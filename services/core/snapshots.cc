#include "services/core/snapshots.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "budget/internal/snapshot.pb.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/util/message_differencer.h"
#include "google/protobuf/wire_format.h"
#include "google/protobuf/wire_format_lite.h"
#include "services/common/log.h"
#include "services/core/replay.h"
#include "services/domain/apply.h"
#include "services/domain/names.h"

namespace budget {
namespace {

constexpr absl::string_view kCheckpoint = "checkpoint";
constexpr absl::string_view kProcessesSnapshot = "processes";

std::string RoundSnapshotName(absl::string_view round_id) {
  return absl::StrCat("round/", round_id);
}

std::string PageSnapshotName(absl::string_view round_id, uint32_t page) {
  return absl::StrCat("round/", round_id, "/proposals/", page);
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

// Merges the snapshot `ref` names under `name` into `snap`, or says why it
// cannot be used: missing, its bytes not those the checkpoint recorded, or
// unreadable. Merging lets a round's pages parse straight into its map.
template <typename Ref, typename Snap>
absl::Status MergeSnapshot(const eventstore::EventStore& store, const std::string& name,
                           const Ref& ref, Snap* snap) {
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
  if (!snap->MergeFromString((*found)->bytes) || snap->schema() != kSnapshotSchema ||
      snap->position() != ref.position()) {
    return absl::DataLossError(
        absl::StrCat("snapshot ", name, " at position ", ref.position(), " is unreadable"));
  }
  return absl::OkStatus();
}

// A round: its own fields, then each page of its proposals merged in.
absl::StatusOr<RoundState> LoadRound(const eventstore::EventStore& store,
                                     const internal::RoundRef& ref) {
  internal::RoundSnapshot snap;
  if (absl::Status s = MergeSnapshot(store, RoundSnapshotName(ref.id()), ref, &snap); !s.ok()) {
    return s;
  }
  for (const internal::PageRef& page : ref.pages()) {
    absl::Status s = MergeSnapshot(store, PageSnapshotName(ref.id(), page.page()), page, &snap);
    if (!s.ok()) return s;
  }
  return std::move(*snap.mutable_round());
}

absl::StatusOr<internal::ProcessState> LoadProcesses(const eventstore::EventStore& store,
                                                     const internal::RoundRef& ref) {
  internal::ProcessesSnapshot snap;
  absl::Status s = MergeSnapshot(store, std::string(kProcessesSnapshot), ref, &snap);
  if (!s.ok()) return s;
  return std::move(*snap.mutable_processes());
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

using google::protobuf::internal::WireFormatLite;
using google::protobuf::io::CodedOutputStream;

// What a RoundSnapshot at `position` holds before a serialized RoundState of
// `body_size` bytes: its schema, position, and the round field's tag and
// length. The body follows it directly, so a snapshot is written once, at
// its final size, however large its page.
std::string FrameHeader(uint64_t position, size_t body_size) {
  internal::RoundSnapshot header;
  header.set_schema(kSnapshotSchema);
  header.set_position(position);
  std::string out = header.SerializeAsString();
  const size_t start = out.size();
  out.resize(start + 1 + CodedOutputStream::VarintSize64(body_size));
  uint8_t* p = reinterpret_cast<uint8_t*>(out.data() + start);
  p = CodedOutputStream::WriteTagToArray(
      WireFormatLite::MakeTag(internal::RoundSnapshot::kRoundFieldNumber,
                              WireFormatLite::WIRETYPE_LENGTH_DELIMITED),
      p);
  CodedOutputStream::WriteVarint64ToArray(body_size, p);
  return out;
}

// A RoundSnapshot at `position` around `round_body`, a serialized RoundState.
std::string FramedRound(uint64_t position, absl::string_view round_body) {
  std::string out = FrameHeader(position, round_body.size());
  out.reserve(out.size() + round_body.size());
  out.append(round_body.data(), round_body.size());
  return out;
}

// `round` serialized without its proposals: every other field as protobuf
// writes it, so one added later is in.
std::string WithoutProposals(const RoundState& round) {
  using google::protobuf::FieldDescriptor;
  using google::protobuf::internal::WireFormat;
  std::string out;
  std::vector<const FieldDescriptor*> fields;
  round.GetReflection()->ListFields(round, &fields);
  google::protobuf::io::StringOutputStream stream(&out);
  CodedOutputStream coded(&stream);
  for (const FieldDescriptor* field : fields) {
    if (field->number() == RoundState::kProposalsFieldNumber) continue;
    WireFormat::FieldByteSize(field, round);  // caches the sizes it writes with
    WireFormat::SerializeFieldWithCachedSizes(field, round, &coded);
  }
  return out;
}

// One page of a round's proposals, framed as a RoundSnapshot that holds only
// them. Sized before it is written, so the page is written once: appended
// entry by entry, it grew by doubling and was then copied into its frame.
class PageWriter {
 public:
  void Add(const std::string& id, const v1::Proposal& proposal) {
    // ByteSizeLong caches the sizes SerializeWithCachedSizesToArray uses.
    const size_t value_size = proposal.ByteSizeLong();
    const size_t entry_size = 2 + CodedOutputStream::VarintSize64(id.size()) + id.size() +
                              CodedOutputStream::VarintSize64(value_size) + value_size;
    body_size_ += 1 + CodedOutputStream::VarintSize64(entry_size) + entry_size;
    entries_.push_back({&id, &proposal, value_size, entry_size});
  }

  // The snapshot: the frame, then each entry of RoundState.proposals as
  // protobuf writes a map entry (the field's tag and length, the key (1) and
  // the value (2)), in the order added.
  std::string Framed(uint64_t position) const {
    constexpr auto kBytes = WireFormatLite::WIRETYPE_LENGTH_DELIMITED;
    std::string out = FrameHeader(position, body_size_);
    const size_t start = out.size();
    out.resize(start + body_size_);
    uint8_t* p = reinterpret_cast<uint8_t*>(out.data() + start);
    for (const Entry& e : entries_) {
      p = CodedOutputStream::WriteTagToArray(
          WireFormatLite::MakeTag(RoundState::kProposalsFieldNumber, kBytes), p);
      p = CodedOutputStream::WriteVarint64ToArray(e.entry_size, p);
      p = CodedOutputStream::WriteTagToArray(WireFormatLite::MakeTag(1, kBytes), p);
      p = CodedOutputStream::WriteVarint64ToArray(e.id->size(), p);
      p = CodedOutputStream::WriteRawToArray(e.id->data(), static_cast<int>(e.id->size()), p);
      p = CodedOutputStream::WriteTagToArray(WireFormatLite::MakeTag(2, kBytes), p);
      p = CodedOutputStream::WriteVarint64ToArray(e.value_size, p);
      p = e.proposal->SerializeWithCachedSizesToArray(p);
    }
    return out;
  }

 private:
  struct Entry {
    const std::string* id;
    const v1::Proposal* proposal;
    size_t value_size;
    size_t entry_size;
  };
  std::vector<Entry> entries_;
  size_t body_size_ = 0;
};

}  // namespace

uint32_t PageOf(absl::string_view proposal_id) {
  return static_cast<uint32_t>(SequenceNumber(proposal_id)) / kProposalsPerPage;
}

void CheckpointChanges::Proposal(absl::string_view round_id, absl::string_view proposal_id) {
  Changed& c = rounds_[round_id];
  if (!c.whole) c.pages.insert(PageOf(proposal_id));
}

void CheckpointChanges::Round(absl::string_view round_id) {
  Changed& c = rounds_[round_id];
  c.whole = true;
  c.pages.clear();
}

void CheckpointChanges::Record(const v1::Event& event) {
  const std::string stream = StreamOf(event);
  const absl::string_view round_id = RoundIdOf(stream);
  if (absl::string_view id = OnlyProposalChangedBy(event); !id.empty()) {
    Proposal(round_id, id);
  } else {
    Round(round_id);
  }
}

bool CheckpointChanges::AllPagesChanged(absl::string_view round_id) const {
  auto it = rounds_.find(round_id);
  return it != rounds_.end() && it->second.whole;
}

const absl::flat_hash_set<uint32_t>& CheckpointChanges::ChangedPages(
    absl::string_view round_id) const {
  static const auto* const kNone = new absl::flat_hash_set<uint32_t>();
  auto it = rounds_.find(round_id);
  return it == rounds_.end() ? *kNone : it->second.pages;
}

uint64_t CheckpointChanges::EntitiesToWrite(const State& state) const {
  uint64_t n = 0;
  for (const auto& [id, changed] : rounds_) {
    auto it = state.rounds().find(id);
    if (it == state.rounds().end()) continue;
    const RoundState& r = it->second;
    const uint64_t proposals = r.proposals_size();
    n += 1 + r.hearings_size() + r.meetings_size() + r.question_proposals_size() +
         r.informed_size() + r.waivers_size() + r.expansions_size() + r.corrections_size() +
         (changed.whole ? proposals
                        : std::min<uint64_t>(proposals, changed.pages.size() * kProposalsPerPage));
  }
  return n;
}

absl::Status SaveCheckpoint(eventstore::EventStore& store, const State& state,
                            const base::Hash& head_hash, const CheckpointChanges& changes) {
  const uint64_t position = state.log_position();
  // Unchanged rounds and pages keep their snapshots, as the previous
  // checkpoint named them.
  const std::optional<internal::Checkpoint> previous = FindCheckpoint(store, position);
  internal::Checkpoint cp;
  cp.set_schema(kSnapshotSchema);
  cp.set_position(position);
  cp.set_head_hash(std::string(base::AsBytes(head_hash)));
  std::vector<std::string> names;
  std::vector<std::string> bytes;
  for (const auto& [id, round] : state.rounds()) {
    const internal::RoundRef* kept = previous.has_value() ? FindRef(*previous, id) : nullptr;
    if (kept != nullptr && !changes.Contains(id)) {
      *cp.add_rounds() = *kept;
      continue;
    }
    internal::RoundRef* ref = cp.add_rounds();
    ref->set_id(id);
    ref->set_position(position);
    names.push_back(RoundSnapshotName(id));
    ref->set_sha256(
        Sha256Bytes(bytes.emplace_back(FramedRound(position, WithoutProposals(round)))));
    const bool all = kept == nullptr || changes.AllPagesChanged(id);
    const absl::flat_hash_set<uint32_t>& changed = changes.ChangedPages(id);
    auto rewritten = [&](uint32_t page) { return all || changed.contains(page); };
    std::map<uint32_t, PageWriter> pages;  // the rewritten ones
    if (all) {
      for (const auto& [proposal_id, proposal] : round.proposals()) {
        pages[PageOf(proposal_id)].Add(proposal_id, proposal);
      }
    } else {
      // A changed page is found by its numbers: walking every proposal of a
      // large round cost each checkpoint a cache miss per proposal.
      for (uint32_t page : changed) {
        PageWriter& writer = pages[page];
        const int64_t end =
            std::min<int64_t>(int64_t{page + 1} * kProposalsPerPage, round.next_proposal_number());
        for (int64_t n = std::max<int64_t>(1, int64_t{page} * kProposalsPerPage); n < end; ++n) {
          auto it = round.proposals().find(ProposalId(static_cast<int>(n)));
          if (it != round.proposals().end()) writer.Add(it->first, it->second);
        }
      }
    }
    if (kept != nullptr) {
      for (const internal::PageRef& page : kept->pages()) {
        if (!rewritten(page.page())) *ref->add_pages() = page;
      }
    }
    for (const auto& [page, writer] : pages) {
      names.push_back(PageSnapshotName(id, page));
      internal::PageRef* p = ref->add_pages();
      p->set_page(page);
      p->set_position(position);
      p->set_sha256(Sha256Bytes(bytes.emplace_back(writer.Framed(position))));
    }
  }
  if (state.has_processes()) {
    if (previous.has_value() && previous->has_processes() && !changes.Contains(kProcessesScope)) {
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
