#include "services/audit/audit.h"

#include <algorithm>
#include <map>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/protobuf/text_format.h"
#include "services/audit/log_entry.h"
#include "services/core/snapshots.h"
#include "services/domain/content_mask.h"
#include "services/domain/errors.h"
#include "services/domain/names.h"
#include "services/domain/summary.h"
#include "services/domain/time_util.h"
#include "services/domain/views.h"

namespace budget {
namespace {

// A page token: `kind`, then numbers. Opaque to callers.
std::string Token(absl::string_view kind, std::initializer_list<uint64_t> numbers) {
  return absl::WebSafeBase64Escape(absl::StrCat(kind, ":", absl::StrJoin(numbers, ":")));
}

absl::Status BadToken() {
  return InvalidField("page_token", "is not a token from a previous response of this call");
}

// The numbers of a token of `kind`, `count` of them; InvalidArgument naming
// page_token otherwise.
absl::StatusOr<std::vector<uint64_t>> ParseToken(absl::string_view token, absl::string_view kind,
                                                 size_t count) {
  std::string raw;
  absl::string_view rest;
  std::vector<uint64_t> numbers;
  if (absl::WebSafeBase64Unescape(token, &raw)) {
    rest = raw;
    if (absl::ConsumePrefix(&rest, kind) && absl::ConsumePrefix(&rest, ":")) {
      for (absl::string_view part : absl::StrSplit(rest, ':')) {
        uint64_t n = 0;
        if (!absl::SimpleAtoi(part, &n)) break;
        numbers.push_back(n);
      }
    }
  }
  if (numbers.size() != count) return BadToken();
  return numbers;
}

// A field's value as proto text: scalars as themselves, repeated fields as
// [a, b], messages on one line.
std::string FieldText(const google::protobuf::Message& m,
                      const google::protobuf::FieldDescriptor* f) {
  google::protobuf::TextFormat::Printer printer;
  printer.SetSingleLineMode(true);
  printer.SetUseUtf8StringEscaping(true);
  std::string out;
  if (f->is_repeated()) {
    std::vector<std::string> items;
    for (int i = 0; i < m.GetReflection()->FieldSize(m, f); ++i) {
      std::string item;
      printer.PrintFieldValueToString(m, f, i, &item);
      items.push_back(std::string(absl::StripAsciiWhitespace(item)));
    }
    return absl::StrCat("[", absl::StrJoin(items, ", "), "]");
  }
  if (!m.GetReflection()->HasField(m, f) &&
      f->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
    return "";
  }
  printer.PrintFieldValueToString(m, f, -1, &out);
  return std::string(absl::StripAsciiWhitespace(out));
}

void AddChanges(const v1::ProposalContent& before, const v1::ProposalContent& after,
                const google::protobuf::RepeatedPtrField<std::string>& paths,
                v1::ProposalVersion* v) {
  for (const std::string& path : paths) {
    const auto* f = v1::ProposalContent::descriptor()->FindFieldByName(path);
    if (f == nullptr) continue;
    std::string old_value = FieldText(before, f), new_value = FieldText(after, f);
    if (old_value == new_value) continue;
    v1::FieldChange* c = v->add_changes();
    c->set_field(path);
    c->set_old_value(std::move(old_value));
    c->set_new_value(std::move(new_value));
  }
}

}  // namespace

absl::StatusOr<v1::ReadLogResponse> ReadLog(const eventstore::EventStore& store,
                                            const v1::ReadLogRequest& r, const PersonalView& view) {
  absl::StatusOr<int> size = PageSize(r.page_size());
  if (!size.ok()) return size.status();
  if (!r.round().empty()) {
    if (absl::Status s = ParseRoundName(r.round(), "round").status(); !s.ok()) return s;
  }
  uint64_t from = std::max<uint64_t>(r.from_position(), 1);
  if (!r.page_token().empty()) {
    absl::StatusOr<std::vector<uint64_t>> next = ParseToken(r.page_token(), "log", 1);
    if (!next.ok()) return next.status();
    if ((*next)[0] == 0) return BadToken();
    from = (*next)[0];
  } else if (r.has_since()) {
    absl::StatusOr<uint64_t> before =
        PositionAt(store, FromProto(r.since()) - absl::Nanoseconds(1));
    if (!before.ok()) return before.status();
    from = std::max(from, *before + 1);
  }
  const absl::Time until = r.has_until() ? FromProto(r.until()) : absl::InfiniteFuture();
  v1::ReadLogResponse out;
  PageBudget page(*size);
  const uint64_t head = store.head().position;
  out.set_head_position(head);
  const uint64_t last = std::min(head, from + kMaxScanPerPage - 1);
  std::unique_ptr<eventstore::LogIterator> it = store.NewLogIterator(from, last);
  uint64_t next = from;
  for (; it->Valid(); it->Next()) {
    const eventstore::EnvelopeView& e = it->envelope();
    if (e.recorded_at >= until) {
      next = head + 1;  // times never decrease: nothing later can match
      break;
    }
    next = e.position + 1;
    if (!r.round().empty() && !InRound(e.stream, r.round())) continue;
    if (!r.stream().empty() && e.stream != r.stream()) continue;
    if (!r.type().empty() && e.type != r.type()) continue;
    if (!r.actor().empty() && e.actor != r.actor()) continue;
    absl::StatusOr<v1::LogEntry> entry = ToLogEntry(e, view);
    if (!entry.ok()) return entry.status();
    if (!page.Take(*entry)) {
      next = e.position;  // the next page starts with it
      break;
    }
    *out.add_entries() = std::move(*entry);
  }
  if (!it->status().ok()) return it->status();
  if (next <= head) out.set_next_page_token(Token("log", {next}));
  return out;
}

namespace {

// Every version and every event of the proposal (ProposalHistory's answer
// before it is cut into pages).
absl::StatusOr<v1::ProposalHistoryResponse> WholeHistory(const eventstore::EventStore& store,
                                                         const v1::ProposalHistoryRequest& r,
                                                         const RoundState& round,
                                                         const PersonalView& view) {
  absl::StatusOr<ChildRef> ref = ParseChildName(r.proposal(), kProposals, "proposal");
  if (!ref.ok()) return ref.status();
  auto found = round.proposals().find(ref->id);
  if (round.round().name() != RoundName(ref->round_id) || found == round.proposals().end()) {
    return NotFound("proposal", r.proposal());
  }
  const v1::Proposal& current = found->second;
  absl::StatusOr<std::vector<eventstore::Envelope>> own =
      store.ReadStream(r.proposal(), 1, UINT64_MAX);
  if (!own.ok()) return own.status();
  if (own->empty()) return NotFound("proposal", r.proposal());

  v1::ProposalHistoryResponse out;
  out.set_proposal(r.proposal());
  // Everything else that may mention it lives in the round's stream or in
  // the streams of its hearings and questions.
  std::map<uint64_t, eventstore::Envelope> related;
  for (const eventstore::Envelope& e : *own) related.emplace(e.position, e);
  std::vector<std::string> streams = {RoundName(ref->round_id)};
  streams.insert(streams.end(), current.hearings().begin(), current.hearings().end());
  for (const v1::Question& q : current.questions()) streams.push_back(q.name());
  for (const auto& [id, meeting] : round.meetings()) {
    if (std::find(meeting.proposals().begin(), meeting.proposals().end(), r.proposal()) !=
        meeting.proposals().end()) {
      streams.push_back(meeting.name());
    }
  }
  for (size_t i = 0; i < streams.size(); ++i) {
    absl::StatusOr<std::vector<eventstore::Envelope>> events =
        store.ReadStream(streams[i], 1, UINT64_MAX);
    if (!events.ok()) return events.status();
    for (eventstore::Envelope& e : *events) {
      v1::Event event;
      if (!event.ParseFromString(e.payload)) return absl::DataLossError("unreadable payload");
      // In the round's stream, what names the proposal; in its hearings'
      // and questions' streams, everything but what concerns another proposal.
      bool include = true;
      if (i == 0) {
        include = Mentions(event, r.proposal());
      } else if (event.has_response_submitted()) {
        include = event.response_submitted().proposal() == r.proposal();
      } else if (event.has_rehearing_decided()) {
        include = event.rehearing_decided().proposal() == r.proposal();
      }
      if (include) related.emplace(e.position, std::move(e));
    }
  }

  v1::ProposalContent content;
  for (const auto& [position, e] : related) {
    absl::StatusOr<v1::LogEntry> entry = ToLogEntry(eventstore::ToView(e), view);
    if (!entry.ok()) return entry.status();
    *out.add_events() = std::move(*entry);
    if (e.stream != r.proposal()) continue;
    v1::Event event;
    event.ParseFromString(e.payload);
    // Versions and diffs show personal fields as the events do.
    view.Show(&event);
    v1::ProposalVersion* v = nullptr;
    if (event.has_proposal_submitted()) {
      content = event.proposal_submitted().content();
      v = out.add_versions();
      v->set_version(1);
    } else if (event.has_proposal_amended()) {
      const v1::ProposalAmended& a = event.proposal_amended();
      const v1::ProposalContent before = content;
      MergeContent(a.content(), a.paths(), &content);
      v = out.add_versions();
      v->set_version(a.version());
      AddChanges(before, content, a.paths(), v);
    }
    if (v == nullptr) continue;
    v->set_position(position);
    *v->mutable_recorded_at() = ToProto(e.recorded_at);
    v->set_actor(e.actor);
    *v->mutable_content() = content;
  }
  return out;
}

}  // namespace

absl::StatusOr<v1::ProposalHistoryResponse> ProposalHistory(const eventstore::EventStore& store,
                                                            const v1::ProposalHistoryRequest& r,
                                                            const RoundState& round,
                                                            const PersonalView& view) {
  absl::StatusOr<int> size = PageSize(r.page_size());
  if (!size.ok()) return size.status();
  uint64_t start = 0;
  if (!r.page_token().empty()) {
    absl::StatusOr<std::vector<uint64_t>> token = ParseToken(r.page_token(), "history", 1);
    if (!token.ok()) return token.status();
    start = (*token)[0];
  }
  absl::StatusOr<v1::ProposalHistoryResponse> all = WholeHistory(store, r, round, view);
  if (!all.ok()) return all.status();
  v1::ProposalHistoryResponse out;
  out.set_proposal(all->proposal());
  PageBudget page(*size);
  // Versions first, then events: item i of the concatenation.
  const uint64_t versions = all->versions_size();
  const uint64_t total = versions + all->events_size();
  for (uint64_t i = start; i < total; ++i) {
    const bool version = i < versions;
    const google::protobuf::Message& item =
        version ? static_cast<const google::protobuf::Message&>(all->versions(i))
                : all->events(i - versions);
    if (!page.Take(item)) {
      out.set_next_page_token(Token("history", {i}));
      break;
    }
    if (version) {
      *out.add_versions() = all->versions(i);
    } else {
      *out.add_events() = all->events(i - versions);
    }
  }
  return out;
}

absl::StatusOr<v1::RoundState> GetStateAsOf(const eventstore::EventStore& store,
                                            const v1::GetStateAsOfRequest& r, bool use_snapshots) {
  absl::StatusOr<std::string> round_id = ParseRoundName(r.round(), "round");
  if (!round_id.ok()) return round_id.status();
  absl::StatusOr<int> size = PageSize(r.page_size());
  if (!size.ok()) return size.status();
  // Where the page starts: the position, a section (proposals, hearings,
  // meetings, expansions, corrections) and a sequence number in it.
  uint64_t position = r.position();
  uint64_t section = 0, from_number = 1;
  if (!r.page_token().empty()) {
    absl::StatusOr<std::vector<uint64_t>> token = ParseToken(r.page_token(), "asof", 3);
    if (!token.ok()) return token.status();
    position = (*token)[0];
    section = (*token)[1];
    from_number = (*token)[2];
  } else if ((r.position() > 0) == r.has_time()) {
    return InvalidField("position", "give exactly one of position and time");
  } else if (r.has_time()) {
    absl::StatusOr<uint64_t> at = PositionAt(store, FromProto(r.time()));
    if (!at.ok()) return at.status();
    position = *at;
  }
  if (position > store.head().position) {
    return InvalidField("position",
                        absl::StrCat("is past the head of the log (", store.head().position, ")"));
  }
  absl::StatusOr<std::optional<RoundState>> found =
      RoundAt(store, *round_id, position, use_snapshots);
  if (!found.ok()) return found.status();
  if (!found->has_value()) {
    return NotFound("round", absl::StrCat(r.round(), " (at log position ", position, ")"));
  }
  const RoundState& rs = **found;
  absl::Time as_of = absl::UnixEpoch();
  if (position > 0) {
    absl::StatusOr<eventstore::Envelope> e = store.ReadEvent(position);
    if (!e.ok()) return e.status();
    as_of = e->recorded_at;
  }
  v1::RoundState out;
  out.set_position(position);
  *out.mutable_as_of() = ToProto(as_of);
  if (r.page_token().empty()) {
    *out.mutable_round() = RoundView(rs, as_of);
    *out.mutable_summary() = Summarize(rs, as_of);
  }
  PageBudget page(*size);
  bool full = false;
  // Adds section `s` (sequence numbers 1..end-1, `view` gives the item or
  // nullopt) to `list` from where the page starts, until the page is full.
  auto add = [&](uint64_t s, int end, auto view, auto* list) {
    if (full || s < section) return;
    for (int n = s == section ? static_cast<int>(from_number) : 1; n < end; ++n) {
      auto item = view(n);
      if (!item.has_value()) continue;
      if (!page.Take(*item)) {
        out.set_next_page_token(Token("asof", {position, s, static_cast<uint64_t>(n)}));
        full = true;
        return;
      }
      *list->Add() = std::move(*item);
    }
  };
  // The item numbered `n` with `prefix` in `map`, through `view`.
  auto in = [](const auto& map, char prefix, auto view) {
    return [&map, prefix, view](int n) {
      auto it = map.find(SequenceId(prefix, n));
      return it == map.end() ? std::nullopt : std::make_optional(view(it->second));
    };
  };
  auto same = [](const auto& item) { return item; };
  add(0, rs.next_proposal_number(),
      in(rs.proposals(), 'P', [&](const v1::Proposal& p) { return ProposalView(rs, p, as_of); }),
      out.mutable_proposals());
  add(1, rs.next_hearing_number(),
      in(rs.hearings(), 'H', [&](const v1::Hearing& h) { return HearingView(h, as_of); }),
      out.mutable_hearings());
  add(2, rs.next_meeting_number(), in(rs.meetings(), 'M', same), out.mutable_meetings());
  add(3, rs.next_expansion_number(), in(rs.expansions(), 'E', same), out.mutable_expansions());
  add(4, rs.next_correction_number(), in(rs.corrections(), 'C', same), out.mutable_corrections());
  return out;
}

absl::StatusOr<v1::VerifyChainResponse> VerifyChain(const eventstore::EventStore& store,
                                                    const v1::VerifyChainRequest& r) {
  // A range the log does not reach is a question about nothing, not a broken
  // chain: the verdict "altered" is kept for the log itself.
  const uint64_t head = store.head().position;
  const uint64_t from = std::max<uint64_t>(r.from_position(), 1);
  if (r.from_position() > head) {
    return InvalidField("from_position", absl::StrCat("is past the head of the log (", head, ")"));
  }
  if (r.to_position() != 0 && r.to_position() < from) {
    return InvalidField("to_position", absl::StrCat("is before from_position (", from, ")"));
  }
  const eventstore::VerifyReport report =
      store.VerifyChain(from, r.to_position() == 0 ? UINT64_MAX : r.to_position());
  v1::VerifyChainResponse out;
  out.set_ok(report.ok);
  out.set_checked(report.checked);
  out.set_last_position(report.last_position);
  out.set_last_hash(base::HashToHex(report.last_hash));
  out.set_first_bad_position(report.first_bad_position);
  out.set_problem(report.problem);
  out.set_snapshots_ok(true);
  if (r.from_position() <= 1 && r.to_position() == 0) {
    const SnapshotReport snapshots = VerifySnapshots(store);
    out.set_snapshots_ok(snapshots.ok);
    out.set_snapshots_checked(snapshots.checked);
    out.set_snapshot_problem(snapshots.problem);
  }
  return out;
}

}  // namespace budget
