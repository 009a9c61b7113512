// Deciders for rules 10–11: expansions, the seminar, readings, adoption and
// the technical corrections of the committees' frames.
#include "absl/strings/str_cat.h"
#include "services/domain/decide.h"
#include "services/domain/errors.h"
#include "services/domain/names.h"
#include "services/domain/time_util.h"
#include "services/domain/timeline.h"

namespace budget {
namespace {

// 004 §2 c: law compensations under 3 mio. kr. adjust the frame
// automatically; from 3 mio. kr. they need a political decision.
constexpr int64_t kLawCompensationDecisionKr = 3'000'000;

template <typename T>
struct Ref {
  const RoundState* round;
  const T* item;
};

// A child resource of a round kept in one of its maps.
template <typename T>
absl::StatusOr<Ref<T>> RequireChild(
    const State& s, absl::string_view name, absl::string_view collection, absl::string_view field,
    absl::string_view what,
    const google::protobuf::Map<std::string, T>& (RoundState::*map)() const) {
  absl::StatusOr<ChildRef> ref = ParseChildName(name, collection, field);
  if (!ref.ok()) return ref.status();
  absl::StatusOr<const RoundState*> round = RequireRound(s, RoundName(ref->round_id), field);
  if (!round.ok()) return round.status();
  const auto& items = ((**round).*map)();
  auto it = items.find(ref->id);
  if (it == items.end()) return NotFound(what, name);
  return Ref<T>{*round, &it->second};
}

absl::StatusOr<Ref<v1::Committee>> RequireCommittee(const State& s, absl::string_view name) {
  absl::StatusOr<ChildRef> ref = ParseChildName(name, kCommittees, "committee");
  if (!ref.ok()) return ref.status();
  absl::StatusOr<const RoundState*> round = RequireRound(s, RoundName(ref->round_id), "committee");
  if (!round.ok()) return round.status();
  const v1::Committee* c = FindCommittee((*round)->round(), name);
  if (c == nullptr) return NotFound("committee", name);
  return Ref<v1::Committee>{*round, c};
}

absl::Status CheckYearsInPeriod(const v1::Round& round,
                                const google::protobuf::RepeatedPtrField<v1::YearAmount>& amounts,
                                absl::string_view field) {
  FieldErrors errors;
  for (int i = 0; i < amounts.size(); ++i) {
    if (amounts[i].year() < round.period_first_year() ||
        amounts[i].year() > round.period_last_year()) {
      errors.Add(absl::StrCat(field, "[", i, "].year"),
                 absl::StrCat("must lie in the period ", round.period_first_year(), "..",
                              round.period_last_year(), ", got ", amounts[i].year()));
    }
  }
  return errors.ToStatus();
}

absl::StatusOr<Decision> RequestExpansion(const State& s, const v1::RequestExpansionRequest& r,
                                          const Context& ctx) {
  absl::StatusOr<const RoundState*> round = RequireRound(s, r.round(), "round");
  if (!round.ok()) return round.status();
  if (FindCommittee((*round)->round(), r.committee()) == nullptr) {
    return NotFound("committee", absl::StrCat(r.committee(), " (in ", r.round(), ")"));
  }
  // Rule 10: only the politicians ask for new activities.
  const bool council = HasRole(*ctx.actor, v1::ROLE_COUNCIL);
  const bool committee = HasRole(*ctx.actor, v1::ROLE_COMMITTEE);
  if (!council && !committee) {
    return RuleViolation(Rule::kExpansionsOnRequest, r.round(),
                         absl::StrCat("Expected a request from a political body (ØK, Byrådet or a "
                                      "committee), but ",
                                      ctx.actor->name(),
                                      " acts for the administration, which only costs what the "
                                      "politicians ask for"));
  }
  if (!council && ctx.actor->committee() != LastSegment(r.committee())) {
    return absl::PermissionDeniedError(absl::StrCat(ctx.actor->name(), " may not ask on behalf of ",
                                                    r.committee(),
                                                    ": a committee asks for its own area"));
  }
  if (auto st = RequireGate((*round)->round(), v1::GATE_EXPANSION_REQUESTS, ctx.now, r.round());
      !st.ok()) {
    return st;
  }
  Decision d;
  d.subject = ChildName(LastSegment(r.round()), kExpansions,
                        SequenceId('E', std::max(1, (*round)->next_expansion_number())));
  auto* e = d.events.emplace_back().mutable_expansion_requested();
  e->set_expansion(d.subject);
  e->set_title(r.title());
  e->set_description(r.description());
  e->set_committee(r.committee());
  return d;
}

absl::Status RequireUndecided(const v1::Expansion& x) {
  if (x.status() != v1::EXPANSION_APPROVED && x.status() != v1::EXPANSION_REJECTED)
    return absl::OkStatus();
  return PreconditionFailed(
      "EXPANSION_DECIDED", x.name(),
      absl::StrCat("Expected an undecided expansion, but it was ",
                   x.status() == v1::EXPANSION_APPROVED ? "approved" : "rejected", " on ",
                   TimeString(FromProto(x.decision_time()))));
}

absl::StatusOr<Decision> CostExpansion(const State& s, const v1::CostExpansionRequest& r,
                                       const Context& ctx) {
  auto ref = RequireChild(s, r.expansion(), kExpansions, "expansion", "expansion",
                          &RoundState::expansions);
  if (!ref.ok()) return ref.status();
  if (auto st = RequireUndecided(*ref->item); !st.ok()) return st;
  if (auto st =
          RequireGate(ref->round->round(), v1::GATE_EXPANSION_REQUESTS, ctx.now, r.expansion());
      !st.ok()) {
    return st;
  }
  if (auto st = CheckYearsInPeriod(ref->round->round(), r.costs(), "costs"); !st.ok()) return st;
  Decision d;
  d.subject = r.expansion();
  auto* e = d.events.emplace_back().mutable_expansion_costed();
  e->set_expansion(r.expansion());
  *e->mutable_costs() = r.costs();
  e->set_full_implementation_kr(r.full_implementation_kr());
  e->set_assumptions(r.assumptions());
  return d;
}

absl::StatusOr<Decision> SetExpansionFrame(const State& s, const v1::SetExpansionFrameRequest& r,
                                           const Context& ctx) {
  absl::StatusOr<Ref<v1::Committee>> c = RequireCommittee(s, r.committee());
  if (!c.ok()) return c.status();
  if (auto st = RequireGate(c->round->round(), v1::GATE_EXPANSION_REQUESTS, ctx.now, r.committee());
      !st.ok()) {
    return st;
  }
  Decision d;
  d.subject = c->round->round().name();
  auto* e = d.events.emplace_back().mutable_expansion_frame_set();
  e->set_committee(r.committee());
  e->set_frame_kr(r.frame_kr());
  return d;
}

absl::StatusOr<Decision> DecideExpansion(const State& s, const v1::DecideExpansionRequest& r,
                                         const Context& ctx) {
  auto ref = RequireChild(s, r.expansion(), kExpansions, "expansion", "expansion",
                          &RoundState::expansions);
  if (!ref.ok()) return ref.status();
  const v1::Expansion& x = *ref->item;
  if (auto st = RequireUndecided(x); !st.ok()) return st;
  if (x.status() != v1::EXPANSION_COSTED) {
    return RuleViolation(
        Rule::kExpansionsOnRequest, x.name(),
        "Expected an expansion the administration has costed, but it has no costing yet");
  }
  if (auto st = RequireGate(ref->round->round(), v1::GATE_EXPANSION_DECISIONS, ctx.now, x.name());
      !st.ok()) {
    return st;
  }
  Decision d;
  d.subject = x.name();
  auto* e = d.events.emplace_back().mutable_expansion_decided();
  e->set_expansion(x.name());
  e->set_approve(r.approve());
  e->set_reason(r.reason());
  return d;
}

absl::StatusOr<Decision> RecordSeminar(const State& s, const v1::RecordSeminarRequest& r) {
  absl::StatusOr<const RoundState*> round = RequireRound(s, r.round(), "round");
  if (!round.ok()) return round.status();
  if ((*round)->round().has_seminar()) {
    return AlreadyExists("the budget seminar of", r.round());
  }
  Decision d;
  d.subject = r.round();
  auto* e = d.events.emplace_back().mutable_seminar_recorded();
  e->set_round(r.round());
  *e->mutable_first_day() = r.first_day();
  *e->mutable_last_day() = r.last_day();
  *e->mutable_participants() = r.participants();
  e->set_minutes(r.minutes());
  if (const v1::Milestone* m = FindMilestone((*round)->round(), v1::MILESTONE_BUDGET_SEMINAR);
      m == nullptr || !m->has_reached_at()) {
    auto* reached = d.events.emplace_back().mutable_milestone_reached();
    reached->set_round(r.round());
    reached->set_kind(v1::MILESTONE_BUDGET_SEMINAR);
  }
  return d;
}

absl::StatusOr<Decision> SetIndicativePriority(const State& s,
                                               const v1::SetIndicativePriorityRequest& r) {
  absl::StatusOr<const RoundState*> round = RequireRound(s, r.round(), "round");
  if (!round.ok()) return round.status();
  if (!(*round)->round().has_seminar()) {
    return PreconditionFailed("SEMINAR_NOT_RECORDED", r.round(),
                              "Expected a ranking agreed at the budget seminar, but no seminar is "
                              "recorded yet");
  }
  for (int i = 0; i < r.ranking_size(); ++i) {
    const std::string& name = r.ranking(i);
    const std::string field = absl::StrCat("ranking[", i, "]");
    bool known = false;
    if (absl::StatusOr<ChildRef> x = ParseChildName(name, kExpansions, field); x.ok()) {
      known = RoundName(x->round_id) == r.round() && (*round)->expansions().contains(x->id);
    } else if (absl::StatusOr<ProposalRef> p = RequireProposal(s, name, field); p.ok()) {
      known = p->round == *round && !p->proposal->has_withdraw_time();
    }
    if (!known)
      return NotFound("expansion or active proposal", absl::StrCat(name, " (in ", r.round(), ")"));
  }
  Decision d;
  d.subject = r.round();
  auto* e = d.events.emplace_back().mutable_indicative_priority_set();
  e->set_round(r.round());
  *e->mutable_ranking() = r.ranking();
  e->set_note(r.note());
  return d;
}

v1::MilestoneKind MilestoneOf(v1::ReadingKind kind) {
  switch (kind) {
    case v1::READING_FIRST_FINANCE_COMMITTEE:
      return v1::MILESTONE_FIRST_READING_FINANCE_COMMITTEE;
    case v1::READING_FIRST_COUNCIL:
      return v1::MILESTONE_FIRST_READING_COUNCIL;
    case v1::READING_SECOND_FINANCE_COMMITTEE:
      return v1::MILESTONE_SECOND_READING_FINANCE_COMMITTEE;
    default:
      return v1::MILESTONE_SECOND_READING_COUNCIL;
  }
}

absl::StatusOr<Decision> RecordReading(const State& s, const v1::RecordReadingRequest& r) {
  absl::StatusOr<const RoundState*> round = RequireRound(s, r.round(), "round");
  if (!round.ok()) return round.status();
  const v1::Round& rd = (*round)->round();
  // The readings come in their fixed order: 1st ØK, 1st Byrådet, 2nd ØK, 2nd Byrådet.
  const auto expected = static_cast<v1::ReadingKind>(rd.readings_size() + 1);
  if (r.kind() != expected) {
    return PreconditionFailed(
        "READING_ORDER", r.round(),
        r.kind() < expected
            ? absl::StrCat("Expected ", v1::ReadingKind_Name(expected), " next, but ",
                           v1::ReadingKind_Name(r.kind()), " is already recorded")
            : absl::StrCat("Expected ", v1::ReadingKind_Name(expected), " next, but got ",
                           v1::ReadingKind_Name(r.kind()),
                           ": readings are recorded in order, the 1st "
                           "before the 2nd, ØK before Byrådet"));
  }
  for (int i = 0; i < r.amendments_size(); ++i) {
    const std::string& subject = r.amendments(i).subject();
    const std::string field = absl::StrCat("amendments[", i, "].subject");
    bool known = false;
    if (absl::StatusOr<ChildRef> x = ParseChildName(subject, kExpansions, field); x.ok()) {
      known = RoundName(x->round_id) == r.round() && (*round)->expansions().contains(x->id);
    } else if (absl::StatusOr<ProposalRef> p = RequireProposal(s, subject, field); p.ok()) {
      known = p->round == *round;
    }
    if (!known)
      return NotFound("expansion or proposal", absl::StrCat(subject, " (in ", r.round(), ")"));
  }
  Decision d;
  d.subject = r.round();
  auto* e = d.events.emplace_back().mutable_reading_recorded();
  e->set_round(r.round());
  e->set_kind(r.kind());
  *e->mutable_date() = r.date();
  e->set_outcome(r.outcome());
  *e->mutable_amendments() = r.amendments();
  const v1::MilestoneKind milestone = MilestoneOf(r.kind());
  if (const v1::Milestone* m = FindMilestone(rd, milestone); m == nullptr || !m->has_reached_at()) {
    auto* reached = d.events.emplace_back().mutable_milestone_reached();
    reached->set_round(r.round());
    reached->set_kind(milestone);
  }
  return d;
}

absl::StatusOr<Decision> AdoptBudget(const State& s, const v1::AdoptBudgetRequest& r) {
  absl::StatusOr<const RoundState*> round = RequireRound(s, r.round(), "round");
  if (!round.ok()) return round.status();
  if ((*round)->round().readings_size() < v1::READING_SECOND_COUNCIL) {
    return PreconditionFailed("READING_ORDER", r.round(),
                              "Expected the 2nd reading in Byrådet before adoption, but it is not "
                              "recorded yet");
  }
  Decision d;
  d.subject = r.round();
  auto* e = d.events.emplace_back().mutable_budget_adopted();
  e->set_round(r.round());
  *e->mutable_meeting_date() = r.meeting_date();
  return d;
}

absl::StatusOr<Decision> RecordFrameCorrection(const State& s,
                                               const v1::RecordFrameCorrectionRequest& r) {
  absl::StatusOr<Ref<v1::Committee>> c = RequireCommittee(s, r.committee());
  if (!c.ok()) return c.status();
  if (auto st = CheckYearsInPeriod(c->round->round(), r.amounts(), "amounts"); !st.ok()) return st;
  int64_t largest = 0;
  for (const auto& a : r.amounts())
    largest = std::max(largest, a.amount_kr() < 0 ? -a.amount_kr() : a.amount_kr());
  const bool needs_decision =
      r.kind() == v1::CORRECTION_C_LAW_AND_CIRCULAR && largest >= kLawCompensationDecisionKr;
  Decision d;
  d.subject = ChildName(LastSegment(c->round->round().name()), kCorrections,
                        SequenceId('C', std::max(1, c->round->next_correction_number())));
  auto* e = d.events.emplace_back().mutable_frame_correction_recorded();
  e->set_correction(d.subject);
  e->set_committee(r.committee());
  e->set_kind(r.kind());
  *e->mutable_amounts() = r.amounts();
  e->set_reason(r.reason());
  e->set_state(needs_decision ? v1::CORRECTION_AWAITING_DECISION : v1::CORRECTION_APPLIED);
  return d;
}

absl::StatusOr<Decision> DecideFrameCorrection(const State& s,
                                               const v1::DecideFrameCorrectionRequest& r) {
  auto ref = RequireChild(s, r.correction(), kCorrections, "correction", "frame correction",
                          &RoundState::corrections);
  if (!ref.ok()) return ref.status();
  if (ref->item->state() != v1::CORRECTION_AWAITING_DECISION) {
    return RuleViolation(Rule::kFramesHold, r.correction(),
                         "Expected a law compensation of 3 mio. kr. or more awaiting a political "
                         "decision, but this correction needs none or was already decided");
  }
  Decision d;
  d.subject = r.correction();
  auto* e = d.events.emplace_back().mutable_frame_correction_decided();
  e->set_correction(r.correction());
  e->set_approve(r.approve());
  e->set_reason(r.reason());
  return d;
}

}  // namespace

absl::StatusOr<Decision> DecideAdoption(const State& s, const internal::Command& c,
                                        const Context& ctx) {
  using K = internal::Command;
  switch (c.kind_case()) {
    case K::kRequestExpansion:
      return RequestExpansion(s, c.request_expansion(), ctx);
    case K::kCostExpansion:
      return CostExpansion(s, c.cost_expansion(), ctx);
    case K::kSetExpansionFrame:
      return SetExpansionFrame(s, c.set_expansion_frame(), ctx);
    case K::kDecideExpansion:
      return DecideExpansion(s, c.decide_expansion(), ctx);
    case K::kRecordSeminar:
      return RecordSeminar(s, c.record_seminar());
    case K::kSetIndicativePriority:
      return SetIndicativePriority(s, c.set_indicative_priority());
    case K::kRecordReading:
      return RecordReading(s, c.record_reading());
    case K::kAdoptBudget:
      return AdoptBudget(s, c.adopt_budget());
    case K::kRecordFrameCorrection:
      return RecordFrameCorrection(s, c.record_frame_correction());
    case K::kDecideFrameCorrection:
      return DecideFrameCorrection(s, c.decide_frame_correction());
    default:
      break;
  }
  return absl::InternalError("DecideAdoption: not an adoption command");
}

}  // namespace budget
