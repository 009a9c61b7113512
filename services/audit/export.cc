#include "services/audit/export.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "google/protobuf/util/json_util.h"
#include "services/audit/log_entry.h"
#include "services/core/snapshots.h"
#include "services/domain/errors.h"
#include "services/domain/names.h"
#include "services/domain/time_util.h"

namespace budget {
namespace {

constexpr size_t kChunkBytes = 64 << 10;

// Collects lines and hands them to the sink in chunks.
class Writer {
 public:
  explicit Writer(ExportSink sink) : sink_(sink) {}
  bool Line(absl::string_view line) {
    absl::StrAppend(&buffer_, line, "\n");
    return buffer_.size() < kChunkBytes || Flush();
  }
  bool Flush() {
    if (buffer_.empty()) return true;
    const bool go_on = sink_(buffer_);
    buffer_.clear();
    return go_on;
  }

 private:
  ExportSink sink_;
  std::string buffer_;
};

// True for a cell a spreadsheet would run as a formula (OWASP, "CSV
// Injection"): one starting with = + - @, a tab or a carriage return, or the
// full-width = + - @. A whole number such as -500000 is a number, not a
// formula, and stays one.
bool LooksLikeFormula(absl::string_view f) {
  if (f.empty()) return false;
  if (f.front() == '-' && f.size() > 1 &&
      f.find_first_not_of("0123456789", 1) == absl::string_view::npos) {
    return false;
  }
  if (absl::string_view("=+-@\t\r").find(f.front()) != absl::string_view::npos) return true;
  for (absl::string_view wide : {"\uFF1D", "\uFF0B", "\uFF0D", "\uFF20"}) {
    if (absl::StartsWith(f, wide)) return true;
  }
  return false;
}

// One CSV record (RFC 4180). A cell that looks like a formula is quoted and
// prefixed with ' so that a spreadsheet shows it as text, as OWASP advises.
std::string Csv(const std::vector<std::string>& fields) {
  std::vector<std::string> out;
  for (const std::string& f : fields) {
    const bool formula = LooksLikeFormula(f);
    if (!formula && f.find_first_of(",\"\n\r") == std::string::npos) {
      out.push_back(f);
    } else {
      std::string quoted = formula ? "\"'" : "\"";
      for (char c : f) {
        if (c == '"') quoted.push_back('"');
        quoted.push_back(c);
      }
      out.push_back(quoted + "\"");
    }
  }
  return absl::StrJoin(out, ",");
}

std::string Json(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(m, &out, options);
  return out;
}

std::string Time(const google::protobuf::Timestamp& t) {
  return absl::FormatTime(absl::RFC3339_full, FromProto(t), absl::UTCTimeZone());
}

absl::Status ExportCatalogue(const RoundState& rs, bool csv, Writer& w) {
  const v1::Round& round = rs.round();
  if (csv) {
    std::vector<std::string> header = {
        "name",       "title",         "category", "committees", "centres",
        "workplaces", "cross_cutting", "status",   "version",    "full_implementation_kr"};
    for (int y = round.period_first_year(); y <= round.period_last_year(); ++y) {
      header.push_back(absl::StrCat("effect_", y));
    }
    for (const char* h : {"implementation_start", "staff_reduction_fte_hundredths",
                          "submitter_kind", "claimed_by", "in_pool", "selected", "decision",
                          "decision_meeting_date", "submitted_by", "create_time", "update_time"}) {
      header.push_back(h);
    }
    if (!w.Line(Csv(header))) return absl::OkStatus();
  }
  for (int n = 1; n < rs.next_proposal_number(); ++n) {
    auto it = rs.proposals().find(ProposalId(n));
    if (it == rs.proposals().end()) continue;
    const v1::Proposal& p = it->second;
    if (!csv) {
      if (!w.Line(Json(p))) return absl::OkStatus();
      continue;
    }
    const v1::ProposalContent& c = p.content();
    std::vector<std::string> row = {p.name(),
                                    c.title(),
                                    v1::ProposalCategory_Name(c.category()),
                                    absl::StrJoin(c.committees(), ";"),
                                    absl::StrJoin(c.centres(), ";"),
                                    absl::StrJoin(c.workplaces(), ";"),
                                    p.cross_cutting() ? "true" : "false",
                                    v1::ProposalStatus_Name(p.status()),
                                    absl::StrCat(p.version()),
                                    absl::StrCat(c.full_implementation_kr())};
    for (int y = round.period_first_year(); y <= round.period_last_year(); ++y) {
      row.push_back(absl::StrCat(AmountFor(p, y)));
    }
    row.push_back(c.has_implementation_start() ? DateString(c.implementation_start()) : "");
    row.push_back(absl::StrCat(c.staff_reduction_fte_hundredths()));
    row.push_back(v1::SubmitterKind_Name(c.submitter_kind()));
    row.push_back(p.claim().committee());
    row.push_back(p.in_pool() ? "true" : "false");
    row.push_back(p.selected() ? "true" : "false");
    row.push_back(p.has_decision() ? v1::Decision_Name(p.decision().decision()) : "");
    row.push_back(p.has_decision() ? DateString(p.decision().meeting_date()) : "");
    row.push_back(p.submitted_by());
    row.push_back(Time(p.create_time()));
    row.push_back(Time(p.update_time()));
    if (!w.Line(Csv(row))) return absl::OkStatus();
  }
  return absl::OkStatus();
}

// Walks the log over [since, until), events of `round` only when given.
absl::Status ForEachEvent(const eventstore::EventStore& store, const v1::ExportRequest& r,
                          absl::FunctionRef<bool(const eventstore::EnvelopeView&)> visit) {
  uint64_t from = 1;
  if (r.has_since()) {
    absl::StatusOr<uint64_t> before =
        PositionAt(store, FromProto(r.since()) - absl::Nanoseconds(1));
    if (!before.ok()) return before.status();
    from = *before + 1;
  }
  const absl::Time until = r.has_until() ? FromProto(r.until()) : absl::InfiniteFuture();
  std::unique_ptr<eventstore::LogIterator> it = store.NewLogIterator(from);
  for (; it->Valid(); it->Next()) {
    const eventstore::EnvelopeView& e = it->envelope();
    if (e.recorded_at >= until) break;
    if (!r.round().empty() && !InRound(e.stream, r.round())) continue;
    if (!visit(e)) break;
  }
  return it->status();
}

absl::string_view VoteText(v1::Vote vote) {
  switch (vote) {
    case v1::VOTE_FOR:
      return "for";
    case v1::VOTE_AGAINST:
      return "against";
    case v1::VOTE_ABSTAINED:
      return "abstained";
    default:
      return "unstated";
  }
}

v1::DecisionRecord Record(const eventstore::EnvelopeView& e, absl::string_view subject,
                          absl::string_view outcome, absl::string_view detail) {
  v1::DecisionRecord d;
  d.set_position(e.position);
  *d.mutable_recorded_at() = ToProto(e.recorded_at);
  d.set_actor(std::string(e.actor));
  absl::string_view type = e.type;
  absl::ConsumePrefix(&type, "budget.v1.");
  d.set_decision(std::string(type));
  d.set_subject(std::string(subject));
  d.set_outcome(std::string(outcome));
  d.set_detail(std::string(detail));
  return d;
}

}  // namespace

std::vector<v1::DecisionRecord> DecisionsIn(const eventstore::EnvelopeView& e,
                                            const v1::Event& ev) {
  std::vector<v1::DecisionRecord> out;
  using E = v1::Event;
  switch (ev.payload_case()) {
    case E::kProposalClaimed:
      out.push_back(Record(e, ev.proposal_claimed().proposal(), "claimed",
                           ev.proposal_claimed().committee()));
      break;
    case E::kClaimReleased:
      out.push_back(Record(
          e, ev.claim_released().proposal(), "released",
          absl::StrCat(ev.claim_released().committee(), ": ", ev.claim_released().reason())));
      break;
    case E::kPoolFormed:
      for (const std::string& p : ev.pool_formed().proposals()) {
        out.push_back(Record(e, p, "in pool", ev.pool_formed().cause()));
      }
      break;
    case E::kProposalSelected:
      out.push_back(Record(e, ev.proposal_selected().proposal(), "selected", ""));
      break;
    case E::kProposalDeselected:
      out.push_back(Record(e, ev.proposal_deselected().proposal(), "deselected", ""));
      break;
    case E::kSelectionRecommended: {
      const v1::SelectionRecommended& r = ev.selection_recommended();
      for (const std::string& p : r.proposals()) {
        out.push_back(Record(
            e, p, "recommended",
            absl::StrCat("ØK meeting ", DateString(r.meeting_date()), ", ", r.agenda_item())));
      }
      break;
    }
    case E::kSelectionApproved: {
      const v1::SelectionApproved& a = ev.selection_approved();
      for (const auto& item : a.decisions()) {
        out.push_back(Record(
            e, item.proposal(), v1::Decision_Name(item.decision()),
            absl::StrCat("meeting ", DateString(a.meeting_date()),
                         a.agenda_item().empty() ? "" : absl::StrCat(", ", a.agenda_item()))));
      }
      break;
    }
    case E::kExpansionProcessDecided: {
      const v1::ExpansionProcessDecided& p = ev.expansion_process_decided();
      std::vector<std::string> frames;
      for (const v1::CommitteeFrame& f : p.frames()) {
        frames.push_back(absl::StrCat(f.committee(), " ", f.frame_kr(), " kr."));
      }
      out.push_back(Record(
          e, p.round(), "expansion process decided",
          absl::StrCat("ØK meeting ", DateString(p.meeting_date()), ", ", p.agenda_item(),
                       "; frames: ", frames.empty() ? "none" : absl::StrJoin(frames, "; "),
                       "; cap: ", p.cap_kr(), " kr.; topics: ", absl::StrJoin(p.topics(), "; "))));
      break;
    }
    case E::kExpansionDecided:
      out.push_back(Record(e, ev.expansion_decided().expansion(),
                           ev.expansion_decided().approve() ? "approved" : "rejected",
                           ev.expansion_decided().reason()));
      break;
    case E::kReadingRecorded: {
      const v1::ReadingRecorded& r = ev.reading_recorded();
      std::vector<std::string> amendments, votes;
      for (const auto& a : r.amendments()) {
        amendments.push_back(absl::StrCat(a.subject(), " ", a.amount_kr(), " kr."));
      }
      for (const v1::PartyVote& v : r.votes()) {
        votes.push_back(absl::StrCat(v.party(), " ", VoteText(v.vote())));
      }
      std::string detail = r.outcome();
      if (!amendments.empty())
        absl::StrAppend(&detail, "; amendments: ", absl::StrJoin(amendments, "; "));
      if (r.has_agreement()) {
        absl::StrAppend(&detail, "; budget agreement of ",
                        absl::StrJoin(r.agreement().parties(), ", "), ": ", r.agreement().text());
        if (!r.agreement().items().empty()) {
          absl::StrAppend(&detail, " (", absl::StrJoin(r.agreement().items(), ", "), ")");
        }
      }
      if (!votes.empty()) absl::StrAppend(&detail, "; votes: ", absl::StrJoin(votes, ", "));
      out.push_back(Record(e, r.round(), v1::ReadingKind_Name(r.kind()), detail));
      break;
    }
    case E::kBudgetAdopted:
      out.push_back(
          Record(e, ev.budget_adopted().round(), "adopted",
                 absl::StrCat("meeting ", DateString(ev.budget_adopted().meeting_date()))));
      break;
    case E::kFrameCorrectionRecorded: {
      const auto& c = ev.frame_correction_recorded();
      std::string detail = absl::StrCat(c.committee().empty() ? c.round() : c.committee(), " ",
                                        v1::CorrectionKind_Name(c.kind()));
      if (!c.law().empty()) absl::StrAppend(&detail, " (", c.law(), ")");
      if (!c.area().empty()) absl::StrAppend(&detail, " (", c.area(), ")");
      absl::StrAppend(&detail, ": ", c.reason());
      if (!c.reopened().empty()) {
        absl::StrAppend(&detail, "; to be assessed again: ", absl::StrJoin(c.reopened(), ", "));
      }
      out.push_back(Record(e, c.correction(), v1::CorrectionState_Name(c.state()), detail));
      break;
    }
    case E::kFrameCorrectionAssessed: {
      const auto& a = ev.frame_correction_assessed();
      std::vector<std::string> amounts;
      for (const auto& y : a.assessed_amounts()) {
        amounts.push_back(absl::StrCat(y.year(), ": ", y.amount_kr(), " kr."));
      }
      out.push_back(Record(e, a.correction(), "assessed",
                           absl::StrCat(absl::StrJoin(amounts, "; "), ". ", a.basis())));
      break;
    }
    case E::kFrameCorrectionDecided:
      out.push_back(Record(e, ev.frame_correction_decided().correction(),
                           ev.frame_correction_decided().approve() ? "approved" : "rejected",
                           ev.frame_correction_decided().reason()));
      break;
    case E::kGateOverridden:
      out.push_back(Record(e, ev.gate_overridden().round(),
                           v1::GateMode_Name(ev.gate_overridden().mode()),
                           absl::StrCat(v1::Gate_Name(ev.gate_overridden().gate()), ": ",
                                        ev.gate_overridden().reason())));
      break;
    case E::kMilestoneReached:
      out.push_back(Record(e, ev.milestone_reached().round(), "reached",
                           v1::MilestoneKind_Name(ev.milestone_reached().kind())));
      break;
    case E::kRequirementWaived:
      out.push_back(Record(e, ev.requirement_waived().round(), "waived",
                           absl::StrCat(v1::Requirement_Name(ev.requirement_waived().requirement()),
                                        ": ", ev.requirement_waived().reason())));
      break;
    case E::kRehearingDecided:
      out.push_back(Record(
          e, ev.rehearing_decided().proposal(),
          v1::RehearingDecision_Name(ev.rehearing_decided().decision()),
          absl::StrCat(ev.rehearing_decided().hearing(), ": ", ev.rehearing_decided().reason())));
      break;
    case E::kHearingClosed:
      out.push_back(
          Record(e, ev.hearing_closed().hearing(), "closed", ev.hearing_closed().reason()));
      break;
    default:
      break;
  }
  return out;
}

absl::Status Export(const eventstore::EventStore& store, const RoundState* round,
                    const v1::ExportRequest& r, ExportSink sink, const PersonalView& view) {
  if (r.format() != v1::EXPORT_CSV && r.format() != v1::EXPORT_JSON_LINES) {
    return InvalidField("format", "is required: EXPORT_CSV or EXPORT_JSON_LINES");
  }
  if (r.kind() == v1::EXPORT_KIND_UNSPECIFIED || !v1::ExportKind_IsValid(r.kind())) {
    return InvalidField("kind", "is required: EXPORT_CATALOGUE, EXPORT_DECISIONS or EXPORT_LOG");
  }
  if (!r.round().empty() || r.kind() != v1::EXPORT_LOG) {
    if (absl::Status s = ParseRoundName(r.round(), "round").status(); !s.ok()) return s;
    if (round == nullptr) return NotFound("round", r.round());
  }
  const bool csv = r.format() == v1::EXPORT_CSV;
  Writer w(sink);
  absl::Status status;
  switch (r.kind()) {
    case v1::EXPORT_CATALOGUE:
      status = ExportCatalogue(*round, csv, w);
      break;
    case v1::EXPORT_DECISIONS: {
      if (csv && !w.Line("position,recorded_at,actor,decision,subject,outcome,detail")) break;
      v1::Event event;
      absl::Status parse;
      status = ForEachEvent(store, r, [&](const eventstore::EnvelopeView& e) {
        if (!event.ParseFromArray(e.payload.data(), static_cast<int>(e.payload.size()))) {
          parse =
              absl::DataLossError(absl::StrCat("event ", e.position, " has an unreadable payload"));
          return false;
        }
        view.Show(&event);
        for (const v1::DecisionRecord& d : DecisionsIn(e, event)) {
          const std::string line =
              csv ? Csv({absl::StrCat(d.position()), Time(d.recorded_at()), d.actor(), d.decision(),
                         d.subject(), d.outcome(), d.detail()})
                  : Json(d);
          if (!w.Line(line)) return false;
        }
        return true;
      });
      if (status.ok()) status = parse;
      break;
    }
    default: {
      if (csv && !w.Line("position,recorded_at,stream,version,type,actor,request_id,hash,prev_hash,"
                         "payload_json")) {
        break;
      }
      absl::Status convert;
      status = ForEachEvent(store, r, [&](const eventstore::EnvelopeView& e) {
        absl::StatusOr<std::string> line = csv ? PayloadJson(e, view) : LogEntryJson(e, view);
        if (!line.ok()) {
          convert = line.status();
          return false;
        }
        if (csv) {
          *line = Csv({absl::StrCat(e.position), Time(ToProto(e.recorded_at)),
                       std::string(e.stream), absl::StrCat(e.version), std::string(e.type),
                       std::string(e.actor), std::string(e.request_id), base::HashToHex(e.hash),
                       base::HashToHex(e.prev_hash), *line});
        }
        return w.Line(*line);
      });
      if (status.ok()) status = convert;
      break;
    }
  }
  if (!status.ok()) return status;
  w.Flush();
  return absl::OkStatus();
}

}  // namespace budget
