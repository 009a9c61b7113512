#include "clients/pgsync/rows.h"

#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "google/protobuf/util/json_util.h"
#include "services/audit/log_entry.h"
#include "services/core/personal_data.h"
#include "services/domain/names.h"
#include "services/domain/summary.h"
#include "services/domain/time_util.h"

namespace budget::pgsync {
namespace {

using nlohmann::json;

// The id in a resource name ("rounds/2024/committees/x" -> "x").
std::string Id(absl::string_view name) { return std::string(LastSegment(name)); }

// A timestamp column: NULL when unset.
json Ts(const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0 && t.nanos() == 0) return nullptr;
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E*SZ", FromProto(t), absl::UTCTimeZone());
}

json Ts(absl::Time t) { return Ts(ToProto(t)); }

// A date column: NULL when unset.
json Day(const v1::Date& d) {
  if (d.year() == 0) return nullptr;
  return DateString(d);
}

// The ids of resource names ("rounds/2024/committees/x" -> "x").
json Ids(const google::protobuf::RepeatedPtrField<std::string>& names) {
  json out = json::array();
  for (const std::string& n : names) out.push_back(Id(n));
  return out;
}

json Strings(const google::protobuf::RepeatedPtrField<std::string>& values) {
  return json(std::vector<std::string>(values.begin(), values.end()));
}

// An id column for a resource name, NULL for an empty one.
json IdOrNull(const std::string& name) {
  if (name.empty()) return nullptr;
  return Id(name);
}

void Add(BatchRows* out, const std::string& table, json row) {
  (*out)[table].rows.push_back(std::move(row));
}

void RoundRows(const RoundState& rs, const std::string& round_id, BatchRows* out) {
  const v1::Round& r = rs.round();
  Add(out, "rounds",
      {{"round_id", round_id},
       {"name", r.name()},
       {"municipality", r.municipality()},
       {"budget_year", r.budget_year()},
       {"period_first_year", r.period_first_year()},
       {"period_last_year", r.period_last_year()},
       {"catalogue_target_kr", r.targets().catalogue_total_kr()},
       {"raaderum_target_kr", r.targets().raaderum_kr()},
       {"cross_cutting_target_bp", r.targets().cross_cutting_share_bp()},
       {"centre_own_share_bp", r.targets().centre_own_share_bp()},
       {"created_at", Ts(r.create_time())},
       {"created_by", r.created_by()},
       {"proposal_count", r.proposal_count()},
       {"pool_formed_at", Ts(r.pool().formed_at())},
       {"selection_approved_at", Ts(r.selection_approval().approved_at())},
       {"adopted_at", Ts(r.adoption().adopted_at())},
       {"log_position", r.log_position()},
       {"data", ProtoJson(r)}});
  for (const v1::Committee& c : r.committees()) {
    Add(out, "committees",
        {{"round_id", round_id},
         {"committee_id", Id(c.name())},
         {"name", c.name()},
         {"display_name", c.display_name()},
         {"operating_frame_kr", c.operating_frame_kr()},
         {"shortfall_kr", c.shortfall_kr()},
         {"expansion_frame_kr", c.expansion_frame_kr()},
         {"data", ProtoJson(c)}});
  }
  for (const v1::Centre& c : r.centres()) {
    Add(out, "centres",
        {{"round_id", round_id},
         {"centre_id", Id(c.name())},
         {"name", c.name()},
         {"display_name", c.display_name()},
         {"committee_id", Id(c.committee())},
         {"budget_kr", c.budget_kr()},
         {"data", ProtoJson(c)}});
  }
  for (const v1::Workplace& w : r.workplaces()) {
    Add(out, "workplaces",
        {{"round_id", round_id},
         {"workplace_id", Id(w.name())},
         {"name", w.name()},
         {"display_name", w.display_name()},
         {"centre_id", Id(w.centre())},
         {"committee_id", Id(w.committee())},
         {"data", ProtoJson(w)}});
  }
  for (const v1::Milestone& m : r.milestones()) {
    Add(out, "milestones",
        {{"round_id", round_id},
         {"kind", v1::MilestoneKind_Name(m.kind())},
         {"planned_at", Ts(m.planned_at())},
         {"reached_at", Ts(m.reached_at())},
         {"reached_by", m.reached_by()}});
  }
  for (int i = 0; i < r.readings_size(); ++i) {
    const v1::Reading& reading = r.readings(i);
    Add(out, "readings",
        {{"round_id", round_id},
         {"seq", i + 1},
         {"kind", v1::ReadingKind_Name(reading.kind())},
         {"date", Day(reading.date())},
         {"outcome", reading.outcome()},
         {"recorded_by", reading.recorded_by()},
         {"recorded_at", Ts(reading.record_time())}});
    for (int j = 0; j < reading.amendments_size(); ++j) {
      const v1::Amendment& a = reading.amendments(j);
      Add(out, "reading_amendments",
          {{"round_id", round_id},
           {"reading_seq", i + 1},
           {"seq", j + 1},
           {"subject", a.subject()},
           {"amount_kr", a.amount_kr()},
           {"description", a.description()}});
    }
  }
  // The summary: the domain's own function, the one GetRoundSummary answers with.
  const v1::RoundSummary s = Summarize(rs, absl::UnixEpoch());
  v1::RoundSummary stored = s;
  stored.clear_as_of();  // a read-time field
  Add(out, "round_summaries",
      {{"round_id", round_id},
       {"log_position", s.log_position()},
       {"proposal_count", s.proposal_count()},
       {"withdrawn_count", s.withdrawn_count()},
       {"pool_formed", s.pool_formed()},
       {"selection_approved", s.selection_approved()},
       {"summary", ProtoJson(stored)}});
  auto totals = [&](const v1::Totals& t) {
    Add(out, "round_totals",
        {{"round_id", round_id},
         {"year", t.year()},
         {"catalogue_kr", t.catalogue_kr()},
         {"catalogue_target_kr", t.catalogue_target_kr()},
         {"catalogue_remaining_kr", t.catalogue_remaining_kr()},
         {"cross_cutting_kr", t.cross_cutting_kr()},
         {"cross_cutting_share_bp", t.cross_cutting_share_bp()},
         {"cross_cutting_target_bp", t.cross_cutting_target_bp()},
         {"claimed_kr", t.claimed_kr()},
         {"pool_kr", t.pool_kr()},
         {"selected_kr", t.selected_kr()},
         {"approved_kr", t.approved_kr()},
         {"raaderum_target_kr", t.raaderum_target_kr()},
         {"raaderum_remaining_kr", t.raaderum_remaining_kr()}});
    for (const v1::CommitteeTotals& c : t.committees()) {
      Add(out, "committee_totals",
          {{"round_id", round_id},
           {"year", t.year()},
           {"committee_id", Id(c.committee())},
           {"display_name", c.display_name()},
           {"shortfall_kr", c.shortfall_kr()},
           {"claimed_kr", c.claimed_kr()},
           {"remaining_gap_kr", c.remaining_gap_kr()},
           {"original_frame_kr", c.original_frame_kr()},
           {"corrections_kr", c.corrections_kr()},
           {"resulting_frame_kr", c.resulting_frame_kr()},
           {"expansion_frame_kr", c.expansion_frame_kr()},
           {"costed_expansions_kr", c.costed_expansions_kr()},
           {"expansions_over_frame", c.expansions_over_frame()}});
    }
    for (const v1::CentreTotals& c : t.centres()) {
      Add(out, "centre_totals",
          {{"round_id", round_id},
           {"year", t.year()},
           {"centre_id", Id(c.centre())},
           {"display_name", c.display_name()},
           {"budget_kr", c.budget_kr()},
           {"own_target_kr", c.own_target_kr()},
           {"own_proposals_kr", c.own_proposals_kr()},
           {"remaining_kr", c.remaining_kr()}});
    }
  };
  totals(s.full_implementation());
  for (const v1::Totals& t : s.by_year()) totals(t);
}

void ProposalRows(const RoundState& rs, const std::string& round_id, const std::string& id,
                  BatchRows* out) {
  auto found = rs.proposals().find(id);
  if (found == rs.proposals().end()) return;
  const v1::Proposal& p = found->second;
  const v1::ProposalContent& c = p.content();
  json decision = nullptr;
  if (p.decision().decision() != v1::DECISION_UNSPECIFIED) {
    decision = v1::Decision_Name(p.decision().decision());
  }
  // The stored proposal; hearing_status is computed at read time from the clock.
  v1::Proposal stored = p;
  stored.clear_hearing_status();
  Add(out, "proposals",
      {{"round_id", round_id},
       {"proposal_id", id},
       {"name", p.name()},
       {"title", c.title()},
       {"category", v1::ProposalCategory_Name(c.category())},
       {"status", v1::ProposalStatus_Name(p.status())},
       {"version", p.version()},
       {"cross_cutting", p.cross_cutting()},
       {"full_implementation_kr", c.full_implementation_kr()},
       {"staff_reduction_fte_hundredths", c.staff_reduction_fte_hundredths()},
       {"submitter_kind", v1::SubmitterKind_Name(c.submitter_kind())},
       {"implementation_start", Day(c.implementation_start())},
       {"committee_ids", Ids(c.committees())},
       {"centre_ids", Ids(c.centres())},
       {"workplace_ids", Ids(c.workplaces())},
       {"submitted_by", p.submitted_by()},
       {"created_at", Ts(p.create_time())},
       {"updated_at", Ts(p.update_time())},
       {"withdrawn_at", Ts(p.withdraw_time())},
       {"withdrawal_reason", p.withdrawal_reason()},
       {"claim_committee_id", IdOrNull(p.claim().committee())},
       {"claimed_at", Ts(p.claim().claimed_at())},
       {"claimed_by", p.has_claim() ? json(p.claim().claimed_by()) : json(nullptr)},
       {"in_pool", p.in_pool()},
       {"selected", p.selected()},
       {"decision", decision},
       {"decided_at", Ts(p.decision().decided_at())},
       {"log_position", p.log_position()},
       {"data", ProtoJson(stored)}});
  for (const v1::YearAmount& e : c.effects()) {
    Add(out, "proposal_effects",
        {{"round_id", round_id},
         {"proposal_id", id},
         {"year", e.year()},
         {"amount_kr", e.amount_kr()}});
  }
  for (const v1::Question& q : p.questions()) {
    Add(out, "questions",
        {{"round_id", round_id},
         {"question_id", Id(q.name())},
         {"name", q.name()},
         {"proposal_id", id},
         {"meeting_id", Id(q.meeting())},
         {"text", q.text()},
         {"asked_by", q.asked_by()},
         {"asked_at", Ts(q.ask_time())},
         {"answer", q.answer()},
         {"answered_by", q.answered_by()},
         {"answered_at", Ts(q.answer_time())}});
  }
}

void HearingRows(const RoundState& rs, const std::string& round_id, const std::string& id,
                 BatchRows* out) {
  auto found = rs.hearings().find(id);
  if (found == rs.hearings().end()) return;
  const v1::Hearing& h = found->second;
  Add(out, "hearings",
      {{"round_id", round_id},
       {"hearing_id", id},
       {"name", h.name()},
       {"title", h.title()},
       {"spring", h.spring()},
       {"proposal_ids", Ids(h.proposals())},
       {"deadline", Ts(h.deadline())},
       {"opened_at", Ts(h.open_time())},
       {"opened_by", h.opened_by()},
       {"closed_at", Ts(h.close_time())},
       {"close_reason", h.close_reason()},
       {"data", ProtoJson(h)}});
  for (const v1::HearingBody& b : h.bodies()) {
    Add(out, "hearing_bodies",
        {{"round_id", round_id},
         {"hearing_id", id},
         {"body", b.name()},
         {"kind", v1::BodyKind_Name(b.kind())},
         {"display_name", b.display_name()}});
  }
  for (const v1::Response& r : h.responses()) {
    for (const v1::ResponseVersion& v : r.versions()) {
      Add(out, "hearing_responses",
          {{"round_id", round_id},
           {"hearing_id", id},
           {"proposal_id", Id(r.proposal())},
           {"body", r.body()},
           {"version", v.version()},
           {"stance", v1::Stance_Name(v.stance())},
           {"text", v.text()},
           {"attachments", Strings(v.attachments())},
           {"proposal_version", v.proposal_version()},
           {"submitted_at", Ts(v.submitted_at())},
           {"submitted_by", v.submitted_by()}});
    }
  }
}

void MeetingRows(const RoundState& rs, const std::string& round_id, const std::string& id,
                 BatchRows* out) {
  auto found = rs.meetings().find(id);
  if (found == rs.meetings().end()) return;
  const v1::Meeting& m = found->second;
  Add(out, "meetings",
      {{"round_id", round_id},
       {"meeting_id", id},
       {"name", m.name()},
       {"kind", v1::MeetingKind_Name(m.kind())},
       {"date", Day(m.date())},
       {"participants", Strings(m.participants())},
       {"proposal_ids", Ids(m.proposals())},
       {"minutes", m.minutes()},
       {"recorded_by", m.recorded_by()},
       {"recorded_at", Ts(m.record_time())},
       {"data", ProtoJson(m)}});
}

void ExpansionRows(const RoundState& rs, const std::string& round_id, const std::string& id,
                   BatchRows* out) {
  auto found = rs.expansions().find(id);
  if (found == rs.expansions().end()) return;
  const v1::Expansion& x = found->second;
  Add(out, "expansions",
      {{"round_id", round_id},
       {"expansion_id", id},
       {"name", x.name()},
       {"title", x.title()},
       {"committee_id", Id(x.committee())},
       {"status", v1::ExpansionStatus_Name(x.status())},
       {"full_implementation_kr", x.full_implementation_kr()},
       {"requested_by", x.requested_by()},
       {"requested_at", Ts(x.request_time())},
       {"costed_by", x.costed_by()},
       {"costed_at", Ts(x.cost_time())},
       {"decided_at", Ts(x.decision_time())},
       {"decision_reason", x.decision_reason()},
       {"data", ProtoJson(x)}});
  for (const v1::YearAmount& c : x.costs()) {
    Add(out, "expansion_costs",
        {{"round_id", round_id},
         {"expansion_id", id},
         {"year", c.year()},
         {"amount_kr", c.amount_kr()}});
  }
}

void CorrectionRows(const RoundState& rs, const std::string& round_id, const std::string& id,
                    BatchRows* out) {
  auto found = rs.corrections().find(id);
  if (found == rs.corrections().end()) return;
  const v1::FrameCorrection& c = found->second;
  Add(out, "corrections",
      {{"round_id", round_id},
       {"correction_id", id},
       {"name", c.name()},
       {"committee_id", Id(c.committee())},
       {"kind", v1::CorrectionKind_Name(c.kind())},
       {"state", v1::CorrectionState_Name(c.state())},
       {"reason", c.reason()},
       {"recorded_by", c.recorded_by()},
       {"recorded_at", Ts(c.record_time())},
       {"decided_by", c.decided_by()},
       {"decision_reason", c.decision_reason()},
       {"decided_at", Ts(c.decision_time())},
       {"data", ProtoJson(c)}});
  for (const v1::YearAmount& a : c.amounts()) {
    Add(out, "correction_amounts",
        {{"round_id", round_id},
         {"correction_id", id},
         {"year", a.year()},
         {"amount_kr", a.amount_kr()}});
  }
}

// An entity kind inside a round: its collection, the column holding its id,
// the tables its rows live in (each scoped by round_id and that column), and
// how its rows are built.
struct EntityKind {
  absl::string_view collection;
  const char* id_column;
  std::vector<const char*> tables;
  void (*build)(const RoundState&, const std::string& round_id, const std::string& id, BatchRows*);
};

const std::vector<EntityKind>& EntityKinds() {
  static const auto* const kinds = new std::vector<EntityKind>{
      {kProposals, "proposal_id", {"proposals", "proposal_effects", "questions"}, ProposalRows},
      {kHearings, "hearing_id", {"hearings", "hearing_bodies", "hearing_responses"}, HearingRows},
      {kMeetings, "meeting_id", {"meetings"}, MeetingRows},
      {kExpansions, "expansion_id", {"expansions", "expansion_costs"}, ExpansionRows},
      {kCorrections, "correction_id", {"corrections", "correction_amounts"}, CorrectionRows},
  };
  return *kinds;
}

// The round's own tables, scoped by round_id alone.
const std::vector<const char*>& RoundTables() {
  static const auto* const tables = new std::vector<const char*>{
      "rounds",       "committees",         "centres",         "workplaces",   "milestones",
      "readings",     "reading_amendments", "round_summaries", "round_totals", "committee_totals",
      "centre_totals"};
  return *tables;
}

void AddScope(BatchRows* out, const char* table, json scope) {
  TableRows& t = (*out)[table];
  if (t.scope_columns.empty()) {
    for (const auto& [column, value] : scope.items()) t.scope_columns.push_back(column);
  }
  t.scopes.push_back(std::move(scope));
}

// The events row's payload: the structured form budgetd sent where the event can
// hold personal fields (it shows them as pgsync may see them), else the
// payload bytes', which say the same (SubscribeRequest.payload_bytes_suffice).
json PayloadColumn(const v1::LogEntry& e) {
  if (e.has_payload()) return ProtoJson(e.payload());
  v1::Event event;
  // The projection applied this event, so its bytes parse.
  (void)event.ParseFromString(e.payload_bytes());
  const google::protobuf::Message* payload = PayloadOf(event);
  return payload == nullptr ? json::object() : ProtoJson(*payload);
}

void EventRow(const v1::LogEntry& e, BatchRows* out) {
  Add(out, "events",
      {{"position", e.position()},
       {"stream", e.stream()},
       {"version", e.version()},
       {"type", e.type()},
       {"recorded_at", Ts(e.recorded_at())},
       {"actor", e.actor()},
       {"request_id", e.request_id()},
       {"round_id", std::string(RoundIdOf(e.stream()))},
       {"payload", PayloadColumn(e)},
       {"hash", e.hash()},
       {"prev_hash", e.prev_hash()}});
}

void EventRows(const Changes& changes, BatchRows* out) {
  // An erasure rewrites earlier events with what their personal fields read
  // now; the last rewrite of a position wins. An event committed before this
  // batch loses its row and gets the rewritten one; an event of this batch
  // (a replay from 0, an erasure in the same batch) is written once,
  // rewritten: two rows of one position would break the events' key.
  std::map<uint64_t, const v1::LogEntry*> rewritten;
  for (const v1::LogEntry& e : changes.rewritten) rewritten[e.position()] = &e;
  const uint64_t first = changes.events.empty() ? UINT64_MAX : changes.events.front().position();
  for (const auto& [position, e] : rewritten) {
    if (position >= first) continue;
    AddScope(out, "events", {{"position", position}});
    EventRow(*e, out);
  }
  for (const v1::LogEntry& e : changes.events) {
    auto it = rewritten.find(e.position());
    EventRow(it == rewritten.end() ? e : *it->second, out);
  }
  for (const VersionRecord& v : changes.versions) {
    Add(out, "proposal_versions",
        {{"round_id", std::string(RoundIdOf(v.proposal))},
         {"proposal_id", Id(v.proposal)},
         {"version", v.version},
         {"position", v.position},
         {"recorded_at", Ts(v.recorded_at)},
         {"actor", v.actor},
         {"title", v.content.title()},
         {"full_implementation_kr", v.content.full_implementation_kr()},
         {"content", ProtoJson(v.content)}});
  }
}

}  // namespace

json ProtoJson(const google::protobuf::Message& message) {
  std::string text;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(message, &text, options);
  return json::parse(text);
}

// Every string in `j` that is a sealed personal field, as `projection` says it reads.
void RevealStrings(const Projection& projection, json* j) {
  if (j->is_string()) {
    const std::string& v = j->get_ref<const std::string&>();
    if (IsSealed(v)) *j = projection.TextOf(v);
  } else if (j->is_structured()) {
    for (json& child : *j) RevealStrings(projection, &child);
  }
}

BatchRows BuildRows(const State& state, const Changes& changes) {
  BatchRows out;
  EventRows(changes, &out);
  for (const std::string& round_id : changes.rounds) {
    auto rs = state.rounds().find(round_id);
    if (rs == state.rounds().end()) continue;
    for (const char* table : RoundTables()) AddScope(&out, table, {{"round_id", round_id}});
    RoundRows(rs->second, round_id, &out);
  }
  for (const std::string& name : changes.entities) {
    const std::string round_id(RoundIdOf(name));
    auto rs = state.rounds().find(round_id);
    if (rs == state.rounds().end()) continue;
    for (const EntityKind& kind : EntityKinds()) {
      absl::StatusOr<ChildRef> ref = ParseChildName(name, kind.collection, "name");
      if (!ref.ok()) continue;
      for (const char* table : kind.tables) {
        AddScope(&out, table, {{"round_id", round_id}, {kind.id_column, ref->id}});
      }
      kind.build(rs->second, round_id, ref->id, &out);
    }
  }
  return out;
}

void RevealPersonal(const Projection& projection, BatchRows* rows) {
  for (auto& [name, table] : *rows) RevealStrings(projection, &table.rows);
}

}  // namespace budget::pgsync
