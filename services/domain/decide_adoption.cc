// Deciders for rules 10–11: expansions, the seminar, readings, adoption and
// the technical corrections of the committees' frames.
#include <algorithm>
#include <map>
#include <set>

#include "absl/container/flat_hash_set.h"
#include "absl/functional/function_ref.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "services/domain/decide.h"
#include "services/domain/errors.h"
#include "services/domain/names.h"
#include "services/domain/registry.h"
#include "services/domain/time_util.h"
#include "services/domain/timeline.h"
#include "services/domain/validate.h"

namespace budget {
namespace {

// 004 §2 c: a law change whose compensation is under 3 mio. kr. adjusts the
// frames automatically; "over 3 mio. kr." is assessed. Exactly 3 mio. kr. is
// not under, so it is assessed. The amount is the law's, across committees.
constexpr int64_t kLawCompensationDecisionKr = 3'000'000;

// 004 §2 e and g finance the municipality as a whole: booked on the round.
bool IsFinancing(v1::CorrectionKind kind) {
  return kind == v1::CORRECTION_E_LAND_AND_BUILDINGS ||
         kind == v1::CORRECTION_G_TAX_GRANTS_EQUALISATION;
}

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
  ASSIGN_OR_RETURN(ChildRef ref, ParseChildName(name, collection, field));
  ASSIGN_OR_RETURN(const RoundState* round, RequireRound(s, RoundName(ref.round_id), field));
  const auto& items = ((*round).*map)();
  auto it = items.find(ref.id);
  if (it == items.end()) return NotFound(what, name);
  return Ref<T>{round, &it->second};
}

absl::StatusOr<Ref<v1::Committee>> RequireCommittee(const State& s, absl::string_view name) {
  ASSIGN_OR_RETURN(ChildRef ref, ParseChildName(name, kCommittees, "committee"));
  ASSIGN_OR_RETURN(const RoundState* round, RequireRound(s, RoundName(ref.round_id), "committee"));
  const v1::Committee* c = FindCommittee(round->round(), name);
  if (c == nullptr) return NotFound("committee", name);
  return Ref<v1::Committee>{round, c};
}

absl::Status CheckYearsInPeriod(const v1::Round& round,
                                const google::protobuf::RepeatedPtrField<v1::YearAmount>& amounts,
                                absl::string_view field) {
  FieldErrors errors;
  CheckInPeriod(&errors, field, round.period_first_year(), round.period_last_year(), amounts);
  return errors.ToStatus();
}

// Rule 12 (Slagelse 000, goal 12: "seneste frist for aflevering af politiske
// budgetforslag primo juni"): a round that plans the deadline takes no
// political request after it; the administration keeps costing until the
// seminar. A round without the milestone (Næstved's) has no such deadline.
absl::Status RequirePoliticalProposalsOpen(const v1::Round& round, absl::Time now) {
  std::optional<absl::Time> passed =
      MilestonePassedAt(round, v1::MILESTONE_POLITICAL_PROPOSALS_DEADLINE, now);
  if (!passed.has_value()) return absl::OkStatus();
  return RuleViolation(Rule::kPoliticalProposalsDeadline, round.name(),
                       absl::StrCat("Expected political budget proposals before their deadline, "
                                    "but MILESTONE_POLITICAL_PROPOSALS_DEADLINE passed on ",
                                    TimeString(*passed)));
}

// 004: "Økonomiudvalget beslutter i foråret 2023 en proces" before anyone
// asks for an expansion.
absl::Status RequireExpansionProcess(const v1::Round& round) {
  if (round.has_expansion_process()) return absl::OkStatus();
  return RuleViolation(Rule::kExpansionsOnRequest, round.name(),
                       "Expected ØK's decision on the expansion process (DecideExpansionProcess) "
                       "first, but ØK has not decided one");
}

absl::StatusOr<Decision> DecideExpansionProcess(const State& s,
                                                const v1::DecideExpansionProcessRequest& r,
                                                const Context&) {
  ASSIGN_OR_RETURN(const RoundState* round, RequireRound(s, r.round(), "round"));
  const v1::Round& rd = round->round();
  if (rd.has_expansion_process()) {
    return PreconditionFailed("ALREADY_DECIDED", r.round(),
                              absl::StrCat("Expected a round whose expansion process is not "
                                           "decided, but ØK decided it on ",
                                           DateString(rd.expansion_process().meeting_date()),
                                           "; change a committee's frame with SetExpansionFrame"));
  }
  for (const v1::CommitteeFrame& f : r.frames()) {
    if (FindCommittee(rd, f.committee()) == nullptr) {
      return NotFound("committee", absl::StrCat(f.committee(), " (in ", r.round(), ")"));
    }
  }
  Decision d;
  d.subject = {Subject::kRound, r.round()};
  auto* e = d.events.emplace_back().mutable_expansion_process_decided();
  e->set_round(r.round());
  *e->mutable_meeting_date() = r.meeting_date();
  e->set_agenda_item(r.agenda_item());
  *e->mutable_frames() = r.frames();
  e->set_cap_kr(r.cap_kr());
  *e->mutable_topics() = r.topics();
  MarkReached(rd, v1::MILESTONE_EXPANSION_PROCESS_DECIDED, &d);
  return d;
}

absl::StatusOr<Decision> RequestExpansion(const State& s, const v1::RequestExpansionRequest& r,
                                          const Context& ctx) {
  ASSIGN_OR_RETURN(const RoundState* round, RequireRound(s, r.round(), "round"));
  if (FindCommittee(round->round(), r.committee()) == nullptr) {
    return NotFound("committee", absl::StrCat(r.committee(), " (in ", r.round(), ")"));
  }
  // Rule 10: only the politicians ask for new activities.
  const bool council =
      HasRole(*ctx.actor, v1::ROLE_COUNCIL) || HasRole(*ctx.actor, v1::ROLE_FINANCE_COMMITTEE);
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
  RETURN_IF_ERROR(RequireExpansionProcess(round->round()));
  RETURN_IF_ERROR(RequireGate(round->round(), v1::GATE_EXPANSION_REQUESTS, ctx.now, r.round()));
  RETURN_IF_ERROR(RequirePoliticalProposalsOpen(round->round(), ctx.now));
  Decision d;
  d.subject = {Subject::kExpansion,
               ChildName(LastSegment(r.round()), kExpansions,
                         SequenceId('E', std::max(1, round->next_expansion_number())))};
  auto* e = d.events.emplace_back().mutable_expansion_requested();
  e->set_expansion(d.subject.name);
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
  RETURN_IF_ERROR(RequireUndecided(*ref->item));
  RETURN_IF_ERROR(
      RequireGate(ref->round->round(), v1::GATE_EXPANSION_REQUESTS, ctx.now, r.expansion()));
  RETURN_IF_ERROR(CheckYearsInPeriod(ref->round->round(), r.costs(), "costs"));
  Decision d;
  d.subject = {Subject::kExpansion, r.expansion()};
  auto* e = d.events.emplace_back().mutable_expansion_costed();
  e->set_expansion(r.expansion());
  *e->mutable_costs() = r.costs();
  e->set_full_implementation_kr(r.full_implementation_kr());
  e->set_assumptions(r.assumptions());
  return d;
}

absl::StatusOr<Decision> SetExpansionFrame(const State& s, const v1::SetExpansionFrameRequest& r,
                                           const Context& ctx) {
  ASSIGN_OR_RETURN(Ref<v1::Committee> c, RequireCommittee(s, r.committee()));
  RETURN_IF_ERROR(RequireExpansionProcess(c.round->round()));
  RETURN_IF_ERROR(
      RequireGate(c.round->round(), v1::GATE_EXPANSION_REQUESTS, ctx.now, r.committee()));
  Decision d;
  d.subject = {Subject::kRound, c.round->round().name()};
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
  RETURN_IF_ERROR(RequireUndecided(x));
  if (x.status() != v1::EXPANSION_COSTED) {
    return RuleViolation(
        Rule::kExpansionsOnRequest, x.name(),
        "Expected an expansion the administration has costed, but it has no costing yet");
  }
  RETURN_IF_ERROR(
      RequireGate(ref->round->round(), v1::GATE_EXPANSION_DECISIONS, ctx.now, x.name()));
  Decision d;
  d.subject = {Subject::kExpansion, x.name()};
  auto* e = d.events.emplace_back().mutable_expansion_decided();
  e->set_expansion(x.name());
  e->set_approve(r.approve());
  e->set_reason(r.reason());
  return d;
}

absl::StatusOr<Decision> RecordSeminar(const State& s, const v1::RecordSeminarRequest& r,
                                       const Context&) {
  ASSIGN_OR_RETURN(const RoundState* round, RequireRound(s, r.round(), "round"));
  if (round->round().has_seminar()) {
    return AlreadyExists("the budget seminar of", r.round());
  }
  Decision d;
  d.subject = {Subject::kRound, r.round()};
  auto* e = d.events.emplace_back().mutable_seminar_recorded();
  e->set_round(r.round());
  *e->mutable_first_day() = r.first_day();
  *e->mutable_last_day() = r.last_day();
  *e->mutable_participants() = r.participants();
  e->set_minutes(r.minutes());
  MarkReached(round->round(), v1::MILESTONE_BUDGET_SEMINAR, &d);
  return d;
}

absl::StatusOr<Decision> SetIndicativePriority(const State& s,
                                               const v1::SetIndicativePriorityRequest& r,
                                               const Context&) {
  ASSIGN_OR_RETURN(const RoundState* round, RequireRound(s, r.round(), "round"));
  if (!round->round().has_seminar()) {
    return PreconditionFailed("SEMINAR_NOT_RECORDED", r.round(),
                              "Expected a ranking agreed at the budget seminar, but no seminar is "
                              "recorded yet");
  }
  for (int i = 0; i < r.ranking_size(); ++i) {
    const std::string& name = r.ranking(i);
    const std::string field = absl::StrCat("ranking[", i, "]");
    bool known = false;
    if (absl::StatusOr<ChildRef> x = ParseChildName(name, kExpansions, field); x.ok()) {
      known = RoundName(x->round_id) == r.round() && round->expansions().contains(x->id);
    } else if (absl::StatusOr<ProposalRef> p = RequireProposal(s, name, field); p.ok()) {
      known = p->round == round && !p->proposal->has_withdraw_time();
    }
    if (!known)
      return NotFound("expansion or active proposal", absl::StrCat(name, " (in ", r.round(), ")"));
  }
  Decision d;
  d.subject = {Subject::kRound, r.round()};
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

// NOT_FOUND unless `subject` is a proposal or an expansion of `round`.
absl::Status RequireReadingSubject(const State& s, const RoundState& round,
                                   const std::string& round_name, const std::string& subject,
                                   const std::string& field) {
  bool known = false;
  if (absl::StatusOr<ChildRef> x = ParseChildName(subject, kExpansions, field); x.ok()) {
    known = RoundName(x->round_id) == round_name && round.expansions().contains(x->id);
  } else if (absl::StatusOr<ProposalRef> p = RequireProposal(s, subject, field); p.ok()) {
    known = p->round == &round;
  }
  if (!known) {
    return NotFound("expansion or proposal", absl::StrCat(subject, " (in ", round_name, ")"));
  }
  return absl::OkStatus();
}

// Each body records its own readings: ØK's the finance committee, Byrådet's
// the council.
absl::Status RequireReadingBody(const Context& ctx, v1::ReadingKind kind) {
  const bool finance_committee =
      kind == v1::READING_FIRST_FINANCE_COMMITTEE || kind == v1::READING_SECOND_FINANCE_COMMITTEE;
  const v1::Role body = finance_committee ? v1::ROLE_FINANCE_COMMITTEE : v1::ROLE_COUNCIL;
  if (HasRole(*ctx.actor, body)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat(ctx.actor->name(), " may not record ", v1::ReadingKind_Name(kind), ": ",
                   finance_committee ? "ØK" : "Byrådet", " records its own readings (",
                   v1::Role_Name(body), ")"));
}

absl::StatusOr<Decision> RecordReading(const State& s, const v1::RecordReadingRequest& r,
                                       const Context& ctx) {
  ASSIGN_OR_RETURN(const RoundState* round, RequireRound(s, r.round(), "round"));
  RETURN_IF_ERROR(RequireReadingBody(ctx, r.kind()));
  const v1::Round& rd = round->round();
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
    RETURN_IF_ERROR(RequireReadingSubject(s, *round, r.round(), r.amendments(i).subject(),
                                          absl::StrCat("amendments[", i, "].subject")));
  }
  for (int i = 0; i < r.agreement().items_size(); ++i) {
    RETURN_IF_ERROR(RequireReadingSubject(s, *round, r.round(), r.agreement().items(i),
                                          absl::StrCat("agreement.items[", i, "]")));
  }
  Decision d;
  d.subject = {Subject::kRound, r.round()};
  auto* e = d.events.emplace_back().mutable_reading_recorded();
  e->set_round(r.round());
  e->set_kind(r.kind());
  *e->mutable_date() = r.date();
  e->set_outcome(r.outcome());
  *e->mutable_amendments() = r.amendments();
  if (r.has_agreement()) *e->mutable_agreement() = r.agreement();
  *e->mutable_votes() = r.votes();
  MarkReached(rd, MilestoneOf(r.kind()), &d);
  return d;
}

absl::StatusOr<Decision> AdoptBudget(const State& s, const v1::AdoptBudgetRequest& r,
                                     const Context&) {
  ASSIGN_OR_RETURN(const RoundState* round, RequireRound(s, r.round(), "round"));
  if (round->round().readings_size() < v1::READING_SECOND_COUNCIL) {
    return PreconditionFailed("READING_ORDER", r.round(),
                              "Expected the 2nd reading in Byrådet before adoption, but it is not "
                              "recorded yet");
  }
  Decision d;
  d.subject = {Subject::kRound, r.round()};
  auto* e = d.events.emplace_back().mutable_budget_adopted();
  e->set_round(r.round());
  *e->mutable_meeting_date() = r.meeting_date();
  return d;
}

// 004 §2 b: demography regulates only the areas the round names.
absl::Status RequireDemographyArea(const v1::Round& round, absl::string_view area) {
  const auto& areas = round.settings().demography_areas();
  if (std::find(areas.begin(), areas.end(), area) != areas.end()) return absl::OkStatus();
  return RuleViolation(
      Rule::kFramesHold, round.name(),
      absl::StrCat("Expected a demography correction for an area the round regulates (",
                   areas.empty() ? "none" : absl::StrJoin(areas, ", "), "), but got \"", area,
                   "\""));
}

// The law's largest yearly compensation, in absolute kroner, across its
// slices on every committee, `amounts` included.
int64_t LawTotal(const RoundState& round, absl::string_view law,
                 const google::protobuf::RepeatedPtrField<v1::YearAmount>& amounts) {
  std::map<int, int64_t> by_year;
  for (const auto& a : amounts) by_year[a.year()] += a.amount_kr();
  for (const auto& [id, c] : round.corrections()) {
    if (c.kind() != v1::CORRECTION_C_LAW_AND_CIRCULAR || c.law() != law ||
        c.state() == v1::CORRECTION_REJECTED) {
      continue;
    }
    for (const auto& a : c.amounts()) by_year[a.year()] += a.amount_kr();
  }
  int64_t largest = 0;
  for (const auto& [year, total] : by_year) largest = std::max(largest, total < 0 ? -total : total);
  return largest;
}

absl::StatusOr<Decision> RecordFrameCorrection(const State& s,
                                               const v1::RecordFrameCorrectionRequest& r,
                                               const Context&) {
  const RoundState* round = nullptr;
  if (IsFinancing(r.kind())) {
    ASSIGN_OR_RETURN(round, RequireRound(s, r.round(), "round"));
  } else {
    ASSIGN_OR_RETURN(Ref<v1::Committee> c, RequireCommittee(s, r.committee()));
    round = c.round;
  }
  const v1::Round& rd = round->round();
  RETURN_IF_ERROR(CheckYearsInPeriod(rd, r.amounts(), "amounts"));
  if (r.kind() == v1::CORRECTION_B_DEMOGRAPHY) RETURN_IF_ERROR(RequireDemographyArea(rd, r.area()));
  Decision d;
  d.subject = {Subject::kCorrection,
               ChildName(LastSegment(rd.name()), kCorrections,
                         SequenceId('C', std::max(1, round->next_correction_number())))};
  auto* e = d.events.emplace_back().mutable_frame_correction_recorded();
  e->set_correction(d.subject.name);
  e->set_committee(r.committee());
  e->set_kind(r.kind());
  *e->mutable_amounts() = r.amounts();
  e->set_reason(r.reason());
  e->set_round(r.round());
  e->set_law(r.law());
  e->set_area(r.area());
  e->set_state(v1::CORRECTION_APPLIED);
  if (r.kind() == v1::CORRECTION_C_LAW_AND_CIRCULAR &&
      LawTotal(*round, r.law(), r.amounts()) >= kLawCompensationDecisionKr) {
    e->set_state(v1::CORRECTION_AWAITING_ASSESSMENT);
    // The slices applied automatically while the law was under the threshold.
    for (int n = 1; n < round->next_correction_number(); ++n) {
      auto it = round->corrections().find(SequenceId('C', n));
      if (it == round->corrections().end()) continue;
      const v1::FrameCorrection& c = it->second;
      if (c.kind() == v1::CORRECTION_C_LAW_AND_CIRCULAR && c.law() == r.law() &&
          c.state() == v1::CORRECTION_APPLIED && !c.has_decision_time()) {
        e->add_reopened(c.name());
      }
    }
  }
  return d;
}

absl::StatusOr<Ref<v1::FrameCorrection>> RequireLawCorrection(const State& s,
                                                              const std::string& name) {
  auto ref = RequireChild(s, name, kCorrections, "correction", "frame correction",
                          &RoundState::corrections);
  if (!ref.ok()) return ref.status();
  if (ref->item->kind() != v1::CORRECTION_C_LAW_AND_CIRCULAR) {
    return RuleViolation(Rule::kFramesHold, name,
                         absl::StrCat("Expected a law compensation (c), but this correction is ",
                                      v1::CorrectionKind_Name(ref->item->kind()),
                                      ", which changes the frame as recorded"));
  }
  return ref;
}

absl::StatusOr<Decision> AssessFrameCorrection(const State& s,
                                               const v1::AssessFrameCorrectionRequest& r,
                                               const Context&) {
  ASSIGN_OR_RETURN(Ref<v1::FrameCorrection> ref, RequireLawCorrection(s, r.correction()));
  const v1::CorrectionState state = ref.item->state();
  if (state != v1::CORRECTION_AWAITING_ASSESSMENT && state != v1::CORRECTION_AWAITING_DECISION) {
    return RuleViolation(
        Rule::kFramesHold, r.correction(),
        absl::StrCat("Expected a law compensation of 3 mio. kr. or more awaiting an assessment "
                     "or ØK's decision, but it is ",
                     v1::CorrectionState_Name(state)));
  }
  RETURN_IF_ERROR(CheckYearsInPeriod(ref.round->round(), r.assessed_amounts(), "assessed_amounts"));
  Decision d;
  d.subject = {Subject::kCorrection, r.correction()};
  auto* e = d.events.emplace_back().mutable_frame_correction_assessed();
  e->set_correction(r.correction());
  *e->mutable_assessed_amounts() = r.assessed_amounts();
  e->set_basis(r.basis());
  return d;
}

absl::StatusOr<Decision> DecideFrameCorrection(const State& s,
                                               const v1::DecideFrameCorrectionRequest& r,
                                               const Context& ctx) {
  ASSIGN_OR_RETURN(Ref<v1::FrameCorrection> ref, RequireLawCorrection(s, r.correction()));
  if (ref.item->state() != v1::CORRECTION_AWAITING_DECISION) {
    return RuleViolation(
        Rule::kFramesHold, r.correction(),
        ref.item->state() == v1::CORRECTION_AWAITING_ASSESSMENT
            ? "Expected the administration's assessment (AssessFrameCorrection) before ØK "
              "decides, but the law compensation is not assessed yet"
            : "Expected an assessed law compensation awaiting ØK's decision, but this one was "
              "applied under 3 mio. kr. or already decided");
  }
  RETURN_IF_ERROR(
      RequireGate(ref.round->round(), v1::GATE_LAW_COMPENSATION, ctx.now, r.correction()));
  Decision d;
  d.subject = {Subject::kCorrection, r.correction()};
  auto* e = d.events.emplace_back().mutable_frame_correction_decided();
  e->set_correction(r.correction());
  e->set_approve(r.approve());
  e->set_reason(r.reason());
  return d;
}

void ValidateRequestExpansion(const v1::RequestExpansionRequest& r, FieldErrors* e) {
  CheckRound(e, "round", r.round());
  CheckText(e, "title", r.title(), 1, kMaxTitleChars);
  CheckText(e, "description", r.description(), 0, kMaxTextChars);
  CheckChild(e, "committee", r.committee(), kCommittees);
}

void ValidateCostExpansion(const v1::CostExpansionRequest& r, FieldErrors* e) {
  CheckChild(e, "expansion", r.expansion(), kExpansions);
  CheckYears(e, "costs", r.costs(), false);
  CheckAmount(e, "full_implementation_kr", r.full_implementation_kr());
  CheckText(e, "assumptions", r.assumptions(), 1, kMaxTextChars);
}

void ValidateSetExpansionFrame(const v1::SetExpansionFrameRequest& r, FieldErrors* e) {
  CheckChild(e, "committee", r.committee(), kCommittees);
  CheckAmount(e, "frame_kr", r.frame_kr());
}

void ValidateDecideExpansion(const v1::DecideExpansionRequest& r, FieldErrors* e) {
  CheckChild(e, "expansion", r.expansion(), kExpansions);
  CheckText(e, "reason", r.reason(), 0, kMaxReasonChars);
}

void ValidateRecordSeminar(const v1::RecordSeminarRequest& r, FieldErrors* e) {
  CheckRound(e, "round", r.round());
  CheckDate(e, "first_day", r.has_first_day(), r.first_day());
  CheckDate(e, "last_day", r.has_last_day(), r.last_day());
  if (IsValidDate(r.first_day()) && IsValidDate(r.last_day()) &&
      StartOfDay(r.last_day()) < StartOfDay(r.first_day())) {
    e->Add("last_day", "is before first_day");
  }
  if (r.participants_size() > 100) e->Add("participants", "has more than 100 entries");
  CheckText(e, "minutes", r.minutes(), 0, 5 * kMaxTextChars);
}

void ValidateSetIndicativePriority(const v1::SetIndicativePriorityRequest& r, FieldErrors* e) {
  CheckRound(e, "round", r.round());
  if (r.ranking_size() == 0) e->Add("ranking", "needs at least one entry");
  if (r.ranking_size() > kMaxReferences) e->Add("ranking", "has too many entries");
  std::set<std::string> seen;
  for (int i = 0; i < r.ranking_size() && i < kMaxReferences; ++i) {
    const std::string f = absl::StrCat("ranking[", i, "]");
    if (!ParseChildName(r.ranking(i), kExpansions, f).ok() &&
        !ParseChildName(r.ranking(i), kProposals, f).ok()) {
      e->Add(f, absl::StrCat("expected an expansion or proposal name, got \"",
                             Abbreviate(r.ranking(i)), "\""));
    }
    if (!seen.insert(r.ranking(i)).second) e->Add(f, "repeats an earlier entry");
  }
  CheckText(e, "note", r.note(), 0, kMaxTextChars);
}

constexpr int kMaxParties = 30;

// A subject of a reading (an amendment's, an agreement's item): a proposal
// or an expansion name.
bool IsReadingSubject(const std::string& name, absl::string_view field) {
  return ParseChildName(name, kExpansions, field).ok() ||
         ParseChildName(name, kProposals, field).ok();
}

// The parties of `list` (count entries; party(i) named `field`(i)): each
// once, 1..200 characters, at most kMaxParties.
void CheckParties(FieldErrors* e, absl::string_view list, int count,
                  absl::FunctionRef<std::string(int)> field,
                  absl::FunctionRef<const std::string&(int)> party) {
  if (count > kMaxParties) e->Add(list, absl::StrCat("has more than ", kMaxParties, " parties"));
  absl::flat_hash_set<std::string> seen;
  for (int i = 0; i < count && i < kMaxParties; ++i) {
    CheckText(e, field(i), party(i), 1, kMaxTitleChars);
    if (!party(i).empty() && !seen.insert(party(i)).second) e->Add(field(i), "names a party again");
  }
}

// 004 §4: the 2nd reading adopts the budget as the parties agreed it, by a
// vote; a 1st reading sends it on, and records neither.
void CheckAgreementAndVotes(const v1::RecordReadingRequest& r, FieldErrors* e) {
  const bool second =
      r.kind() == v1::READING_SECOND_FINANCE_COMMITTEE || r.kind() == v1::READING_SECOND_COUNCIL;
  if (r.has_agreement()) {
    const v1::BudgetAgreement& a = r.agreement();
    if (!second) e->Add("agreement", "only a 2nd reading adopts a budget agreement");
    if (a.parties().empty()) e->Add("agreement.parties", "name the parties behind it");
    CheckParties(
        e, "agreement.parties", a.parties_size(),
        [](int i) { return absl::StrCat("agreement.parties[", i, "]"); },
        [&](int i) -> const std::string& { return a.parties(i); });
    CheckText(e, "agreement.text", a.text(), 1, kMaxTextChars);
    if (a.items_size() > kMaxReferences) e->Add("agreement.items", "has too many entries");
    absl::flat_hash_set<std::string> seen;
    for (int i = 0; i < a.items_size() && i < kMaxReferences; ++i) {
      const std::string f = absl::StrCat("agreement.items[", i, "]");
      if (!IsReadingSubject(a.items(i), f)) {
        e->Add(f, "expected an expansion or proposal name");
      } else if (!seen.insert(a.items(i)).second) {
        e->Add(f, "repeats an earlier entry");
      }
    }
  }
  if (!r.votes().empty() && !second) e->Add("votes", "only a 2nd reading records the votes");
  CheckParties(
      e, "votes", r.votes_size(), [](int i) { return absl::StrCat("votes[", i, "].party"); },
      [&](int i) -> const std::string& { return r.votes(i).party(); });
  for (int i = 0; i < r.votes_size() && i < kMaxParties; ++i) {
    const std::string f = absl::StrCat("votes[", i, "].vote");
    if (r.votes(i).vote() == v1::VOTE_UNSPECIFIED) {
      e->Add(f, "state the vote: for, against or abstained");
    } else {
      CheckEnum(e, f, r.votes(i).vote(), v1::Vote_IsValid, v1::Vote_Name<v1::Vote>);
    }
  }
}

void ValidateRecordReading(const v1::RecordReadingRequest& r, FieldErrors* e) {
  CheckRound(e, "round", r.round());
  CheckEnum(e, "kind", r.kind(), v1::ReadingKind_IsValid, v1::ReadingKind_Name<v1::ReadingKind>);
  CheckDate(e, "date", r.has_date(), r.date());
  CheckText(e, "outcome", r.outcome(), 1, kMaxTextChars);
  if (r.amendments_size() > kMaxReferences) e->Add("amendments", "has too many entries");
  for (int i = 0; i < r.amendments_size() && i < kMaxReferences; ++i) {
    const std::string f = absl::StrCat("amendments[", i, "]");
    const auto& a = r.amendments(i);
    if (!IsReadingSubject(a.subject(), f)) {
      e->Add(f + ".subject", "expected an expansion or proposal name");
    }
    if (a.amount_kr() < -kMaxAmountKr || a.amount_kr() > kMaxAmountKr) {
      e->Add(f + ".amount_kr", "must be within -10^12..10^12 kr.");
    }
    CheckText(e, f + ".description", a.description(), 0, kMaxReasonChars);
  }
  CheckAgreementAndVotes(r, e);
}

void ValidateAdoptBudget(const v1::AdoptBudgetRequest& r, FieldErrors* e) {
  CheckRound(e, "round", r.round());
  CheckDate(e, "meeting_date", r.has_meeting_date(), r.meeting_date());
}

void ValidateRecordFrameCorrection(const v1::RecordFrameCorrectionRequest& r, FieldErrors* e) {
  if (IsFinancing(r.kind())) {
    if (!r.committee().empty()) {
      e->Add("committee",
             "a financing correction (e, g) is booked on the round, not on a "
             "committee: leave committee empty and name the round");
    }
    CheckRound(e, "round", r.round());
  } else {
    CheckChild(e, "committee", r.committee(), kCommittees);
    if (!r.round().empty()) {
      e->Add("round",
             "only a financing correction (e, g) names the round; this one names its "
             "committee");
    }
  }
  CheckEnum(e, "kind", r.kind(), v1::CorrectionKind_IsValid,
            v1::CorrectionKind_Name<v1::CorrectionKind>);
  if (r.amounts_size() == 0) e->Add("amounts", "needs at least one year");
  CheckYears(e, "amounts", r.amounts(), true);
  CheckText(e, "reason", r.reason(), 1, kMaxReasonChars);
  if (r.kind() == v1::CORRECTION_C_LAW_AND_CIRCULAR) {
    CheckText(e, "law", r.law(), 1, kMaxTitleChars);
  } else if (!r.law().empty()) {
    e->Add("law", "only a law compensation (c) names its law");
  }
  if (r.kind() == v1::CORRECTION_B_DEMOGRAPHY) {
    CheckText(e, "area", r.area(), 1, kMaxTitleChars);
  } else if (!r.area().empty()) {
    e->Add("area", "only a demography correction (b) names its area");
  }
}

void ValidateAssessFrameCorrection(const v1::AssessFrameCorrectionRequest& r, FieldErrors* e) {
  CheckChild(e, "correction", r.correction(), kCorrections);
  if (r.assessed_amounts_size() == 0) e->Add("assessed_amounts", "needs at least one year");
  CheckYears(e, "assessed_amounts", r.assessed_amounts(), true);
  CheckText(e, "basis", r.basis(), 1, kMaxTextChars);
}

void ValidateDecideExpansionProcess(const v1::DecideExpansionProcessRequest& r, FieldErrors* e) {
  CheckMeetingDecision(r, e);
  if (r.frames_size() > kMaxReferences) e->Add("frames", "has too many entries");
  std::set<std::string> seen;
  for (int i = 0; i < r.frames_size() && i < kMaxReferences; ++i) {
    const std::string f = absl::StrCat("frames[", i, "]");
    CheckChild(e, f + ".committee", r.frames(i).committee(), kCommittees);
    CheckAmount(e, f + ".frame_kr", r.frames(i).frame_kr());
    if (!seen.insert(r.frames(i).committee()).second) e->Add(f, "names the committee again");
  }
  CheckAmount(e, "cap_kr", r.cap_kr());
  constexpr int kMaxTopics = 50;
  if (r.topics_size() > kMaxTopics) e->Add("topics", "has more than 50 entries");
  for (int i = 0; i < r.topics_size() && i < kMaxTopics; ++i) {
    CheckText(e, absl::StrCat("topics[", i, "]"), r.topics(i), 1, kMaxTitleChars);
  }
}

void ValidateDecideFrameCorrection(const v1::DecideFrameCorrectionRequest& r, FieldErrors* e) {
  CheckChild(e, "correction", r.correction(), kCorrections);
  CheckText(e, "reason", r.reason(), 1, kMaxReasonChars);
}

}  // namespace

std::vector<CommandHandler> AdoptionCommands() {
  using C = internal::Command;
  using E = v1::Event;
  return {
      Handle<&C::request_expansion, ValidateRequestExpansion, RequestExpansion>(
          C::kRequestExpansion, {E::kExpansionRequested}),
      Handle<&C::cost_expansion, ValidateCostExpansion, CostExpansion>(C::kCostExpansion,
                                                                       {E::kExpansionCosted}),
      Handle<&C::decide_expansion_process, ValidateDecideExpansionProcess, DecideExpansionProcess>(
          C::kDecideExpansionProcess, {E::kExpansionProcessDecided, E::kMilestoneReached}),
      Handle<&C::set_expansion_frame, ValidateSetExpansionFrame, SetExpansionFrame>(
          C::kSetExpansionFrame, {E::kExpansionFrameSet}),
      Handle<&C::decide_expansion, ValidateDecideExpansion, DecideExpansion>(
          C::kDecideExpansion, {E::kExpansionDecided}),
      Handle<&C::record_seminar, ValidateRecordSeminar, RecordSeminar>(
          C::kRecordSeminar, {E::kSeminarRecorded, E::kMilestoneReached}),
      Handle<&C::set_indicative_priority, ValidateSetIndicativePriority, SetIndicativePriority>(
          C::kSetIndicativePriority, {E::kIndicativePrioritySet}),
      Handle<&C::record_reading, ValidateRecordReading, RecordReading>(
          C::kRecordReading, {E::kReadingRecorded, E::kMilestoneReached}),
      Handle<&C::adopt_budget, ValidateAdoptBudget, AdoptBudget>(C::kAdoptBudget,
                                                                 {E::kBudgetAdopted}),
      Handle<&C::record_frame_correction, ValidateRecordFrameCorrection, RecordFrameCorrection>(
          C::kRecordFrameCorrection, {E::kFrameCorrectionRecorded}),
      Handle<&C::assess_frame_correction, ValidateAssessFrameCorrection, AssessFrameCorrection>(
          C::kAssessFrameCorrection, {E::kFrameCorrectionAssessed}),
      Handle<&C::decide_frame_correction, ValidateDecideFrameCorrection, DecideFrameCorrection>(
          C::kDecideFrameCorrection, {E::kFrameCorrectionDecided}),
  };
}

}  // namespace budget
