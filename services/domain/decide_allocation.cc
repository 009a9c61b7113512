// Deciders for rules 1–5: claims (fortrinsret), the pool and the council's
// selection. The order of the checks decides which rule a refusal names:
// exclusive use (1), then the deadline (4), then committees keeping off the
// pool (5), then own area (3), then a shortfall left to cover (2).
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "services/domain/decide.h"
#include "services/domain/errors.h"
#include "services/domain/hearings.h"
#include "services/domain/lifecycle.h"
#include "services/domain/names.h"
#include "services/domain/registry.h"
#include "services/domain/shortfall.h"
#include "services/domain/time_util.h"
#include "services/domain/timeline.h"
#include "services/domain/validate.h"

namespace budget {
namespace {

// A committee principal acts only for its own committee.
absl::Status RequireActsFor(const Context& ctx, absl::string_view committee) {
  if (HasRole(*ctx.actor, v1::ROLE_COMMITTEE) && ctx.actor->committee() == LastSegment(committee)) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(absl::StrCat(ctx.actor->name(), " may not act for ", committee,
                                                  ": it needs ROLE_COMMITTEE for that committee"));
}

absl::Status RequireUnallocated(const v1::Proposal& p) {
  auto refuse = [&](absl::string_view why) {
    return RuleViolation(
        Rule::kExclusiveUse, p.name(),
        absl::StrCat("Expected a proposal free for a committee's shortfall, but it ", why));
  };
  if (p.has_withdraw_time()) return refuse("was withdrawn");
  if (p.has_claim()) return refuse(absl::StrCat("is already claimed by ", p.claim().committee()));
  if (p.selected() || p.decision().decision() != v1::DECISION_UNSPECIFIED) {
    return refuse("is selected by the council for the råderum");
  }
  return absl::OkStatus();
}

absl::Status RequireNotInPool(const v1::Proposal& p) {
  if (!p.in_pool()) return absl::OkStatus();
  return RuleViolation(Rule::kCouncilSelectsFromPool, p.name(),
                       "Expected a proposal outside the cross-cutting pool, but it is in the pool, "
                       "which only ØK/Byrådet handle");
}

absl::Status RequireClaimsOpen(const v1::Round& round, absl::Time now, absl::string_view subject) {
  if (IsGateOpen(round, v1::GATE_CLAIMS, now)) return absl::OkStatus();
  return RuleViolation(Rule::kClaimsDeadline, subject,
                       absl::StrCat("Expected claims to be settled before the claims deadline, but "
                                    "the claims phase (GATE_CLAIMS) is ",
                                    EvaluateGate(round, v1::GATE_CLAIMS, now).explanation));
}

absl::Status RequireOwnArea(const v1::Proposal& p, absl::string_view committee) {
  if (p.cross_cutting()) {
    return RuleViolation(Rule::kOwnAreaOnly, p.name(),
                         absl::StrCat("Expected a proposal within ", committee,
                                      "'s own area, but it is cross-cutting (",
                                      p.content().committees_size(), " committees)"));
  }
  if (p.content().committees(0) != committee) {
    return RuleViolation(
        Rule::kOwnAreaOnly, p.name(),
        absl::StrCat("Expected a proposal within ", committee, "'s own area, but it belongs to ",
                     p.content().committees(0)));
  }
  return absl::OkStatus();
}

absl::StatusOr<Decision> Claim(const State& s, const v1::ClaimProposalRequest& r,
                               const Context& ctx) {
  ASSIGN_OR_RETURN(ProposalRef ref, RequireProposal(s, r.proposal(), "proposal"));
  const v1::Round& round = ref.round->round();
  const v1::Proposal& p = *ref.proposal;
  const v1::Committee* committee = FindCommittee(round, r.committee());
  if (committee == nullptr) {
    return NotFound("committee", absl::StrCat(r.committee(), " (in ", round.name(), ")"));
  }
  RETURN_IF_ERROR(RequireActsFor(ctx, r.committee()));
  RETURN_IF_ERROR(RequireReady(p));
  RETURN_IF_ERROR(RequireUnallocated(p));
  RETURN_IF_ERROR(RequireClaimsOpen(round, ctx.now, p.name()));
  RETURN_IF_ERROR(RequireNotInPool(p));
  RETURN_IF_ERROR(RequireOwnArea(p, r.committee()));
  RETURN_IF_ERROR(RequireShortfallToCover(*ref.round, *committee, p.name()));
  RETURN_IF_ERROR(RequireHeard(*ref.round, p, ctx.now));
  Decision d;
  d.subject = {Subject::kProposal, p.name()};
  auto* e = d.events.emplace_back().mutable_proposal_claimed();
  e->set_proposal(p.name());
  e->set_committee(r.committee());
  return d;
}

absl::StatusOr<Decision> Release(const State& s, const v1::ReleaseClaimRequest& r,
                                 const Context& ctx) {
  ASSIGN_OR_RETURN(ProposalRef ref, RequireProposal(s, r.proposal(), "proposal"));
  const v1::Proposal& p = *ref.proposal;
  RETURN_IF_ERROR(RequireClaimsOpen(ref.round->round(), ctx.now, p.name()));
  RETURN_IF_ERROR(RequireNotInPool(p));
  if (!p.has_claim()) {
    return PreconditionFailed(
        "NOT_CLAIMED", p.name(),
        absl::StrCat("Expected a claimed proposal, but no committee holds ", p.name()));
  }
  RETURN_IF_ERROR(RequireActsFor(ctx, p.claim().committee()));
  Decision d;
  d.subject = {Subject::kProposal, p.name()};
  auto* e = d.events.emplace_back().mutable_claim_released();
  e->set_proposal(p.name());
  e->set_committee(p.claim().committee());
  e->set_reason(r.reason());
  return d;
}

// The selection is decided between the pool forming and Byrådet's approval,
// while GATE_SELECTION is open.
absl::Status RequireSelectionOpen(const v1::Round& round, absl::Time now,
                                  absl::string_view subject) {
  if (!round.has_pool()) {
    return RuleViolation(Rule::kCommitteePreference, subject,
                         "Expected the committees to have chosen first, but the claims are not "
                         "closed and the pool is not formed yet");
  }
  if (round.has_selection_approval()) {
    return PreconditionFailed(
        "SELECTION_APPROVED", subject,
        absl::StrCat("Expected an open selection, but it was approved on ",
                     DateString(round.selection_approval().meeting_date()), " and is frozen"));
  }
  return RequireGate(round, v1::GATE_SELECTION, now, subject);
}

// ØK changes its selection only until it recommends it to Byrådet.
absl::Status RequireSelectionChangeable(const v1::Round& round, absl::Time now,
                                        absl::string_view subject) {
  RETURN_IF_ERROR(RequireSelectionOpen(round, now, subject));
  if (!round.has_selection_recommendation()) return absl::OkStatus();
  return PreconditionFailed(
      "SELECTION_RECOMMENDED", subject,
      absl::StrCat("Expected a selection ØK has not recommended yet, but ØK recommended it on ",
                   DateString(round.selection_recommendation().meeting_date()),
                   " and it awaits Byrådet's approval"));
}

// Rule 7 for the council's selection, as the round's setting has it:
// REQUIRED refuses until every workplace is heard; FLAGGED selects with the
// council's reason and returns the flag the proposal shows (nullopt when
// every workplace is heard).
absl::StatusOr<std::optional<v1::NotHeard>> HeardForSelection(const RoundState& round,
                                                              const v1::Proposal& p,
                                                              absl::string_view reason,
                                                              absl::Time now) {
  if (round.round().settings().selection_hearing() != v1::SELECTION_HEARING_FLAGGED) {
    RETURN_IF_ERROR(RequireHeard(round, p, now));
    return std::nullopt;
  }
  std::vector<std::string> workplaces = WorkplacesNotHeard(round, p, now);
  if (workplaces.empty()) return std::nullopt;
  if (reason.empty()) {
    return RuleViolation(
        Rule::kHearBeforeDeciding, p.name(),
        absl::StrCat("Expected every workplace to be heard, or the council's reason "
                     "(not_heard_reason) for selecting before, but ",
                     absl::StrJoin(workplaces, ", "), workplaces.size() == 1 ? " is" : " are",
                     " not heard"));
  }
  v1::NotHeard out;
  for (std::string& w : workplaces) out.add_workplaces(std::move(w));
  out.set_reason(std::string(reason));
  return out;
}

absl::StatusOr<Decision> Select(const State& s, const v1::SelectFromPoolRequest& r,
                                const Context& ctx) {
  ASSIGN_OR_RETURN(ProposalRef ref, RequireProposal(s, r.proposal(), "proposal"));
  const v1::Proposal& p = *ref.proposal;
  RETURN_IF_ERROR(RequireSelectionChangeable(ref.round->round(), ctx.now, p.name()));
  if (p.has_claim()) {
    return RuleViolation(Rule::kExclusiveUse, p.name(),
                         absl::StrCat("Expected a proposal not used for a shortfall, but ",
                                      p.claim().committee(), " claimed it"));
  }
  if (!p.in_pool()) {
    return RuleViolation(Rule::kCouncilSelectsFromPool, p.name(),
                         "Expected a proposal from the pool, but it was not in the catalogue when "
                         "the pool was formed");
  }
  if (p.has_withdraw_time()) {
    return PreconditionFailed("PROPOSAL_WITHDRAWN", p.name(),
                              "Expected an active proposal, but it was withdrawn");
  }
  if (p.selected()) {
    return PreconditionFailed("ALREADY_SELECTED", p.name(),
                              "Expected a proposal not yet selected, but it is selected");
  }
  Decision d;
  d.subject = {Subject::kProposal, p.name()};
  auto* e = d.events.emplace_back().mutable_proposal_selected();
  e->set_proposal(p.name());
  ASSIGN_OR_RETURN(std::optional<v1::NotHeard> not_heard,
                   HeardForSelection(*ref.round, p, r.not_heard_reason(), ctx.now));
  if (not_heard.has_value()) *e->mutable_not_heard() = *std::move(not_heard);
  return d;
}

absl::StatusOr<Decision> Deselect(const State& s, const v1::DeselectFromPoolRequest& r,
                                  const Context& ctx) {
  ASSIGN_OR_RETURN(ProposalRef ref, RequireProposal(s, r.proposal(), "proposal"));
  const v1::Proposal& p = *ref.proposal;
  RETURN_IF_ERROR(RequireSelectionChangeable(ref.round->round(), ctx.now, p.name()));
  if (!p.selected()) {
    return PreconditionFailed("NOT_SELECTED", p.name(),
                              "Expected a selected proposal, but it is not selected");
  }
  Decision d;
  d.subject = {Subject::kProposal, p.name()};
  d.events.emplace_back().mutable_proposal_deselected()->set_proposal(p.name());
  return d;
}

// Rule 8: the council meets HMU in April, before it prioritises, unless the
// coordinator waived the meeting with a recorded reason.
absl::Status RequireHmuDialogue(const RoundState& round) {
  for (const auto& [id, m] : round.meetings()) {
    if (m.kind() == v1::MEETING_HMU_DIALOGUE_APRIL) return absl::OkStatus();
  }
  for (const v1::Waiver& w : round.waivers()) {
    if (w.requirement() == v1::REQUIREMENT_HMU_DIALOGUE_APRIL) return absl::OkStatus();
  }
  return RuleViolation(
      Rule::kHmuTakesPart, round.round().name(),
      "Expected the April dialogue meeting between the council and HMU before the "
      "selection is approved, but none is recorded (record it, or waive it with a reason)");
}

absl::StatusOr<Decision> Recommend(const State& s, const v1::RecommendSelectionRequest& r,
                                   const Context& ctx) {
  ASSIGN_OR_RETURN(const RoundState* round, RequireRound(s, r.round(), "round"));
  const v1::Round& rd = round->round();
  RETURN_IF_ERROR(RequireSelectionChangeable(rd, ctx.now, r.round()));
  RETURN_IF_ERROR(RequireHmuDialogue(*round));
  Decision d;
  d.subject = {Subject::kRound, r.round()};
  auto* e = d.events.emplace_back().mutable_selection_recommended();
  e->set_round(r.round());
  *e->mutable_meeting_date() = r.meeting_date();
  e->set_agenda_item(r.agenda_item());
  for (const std::string& name : rd.pool().proposals()) {
    const v1::Proposal& p = round->proposals().at(std::string(LastSegment(name)));
    if (p.selected() && !p.has_withdraw_time()) e->add_proposals(name);
  }
  return d;
}

absl::StatusOr<Decision> Approve(const State& s, const v1::ApproveSelectionRequest& r,
                                 const Context& ctx) {
  ASSIGN_OR_RETURN(const RoundState* round, RequireRound(s, r.round(), "round"));
  const v1::Round& rd = round->round();
  RETURN_IF_ERROR(RequireSelectionOpen(rd, ctx.now, r.round()));
  if (!rd.has_selection_recommendation()) {
    return PreconditionFailed("NOT_RECOMMENDED", r.round(),
                              "Expected ØK's recommendation before Byrådet approves the selection "
                              "(004: \"ØK/byrådet udvælger og godkender\"), but ØK has not "
                              "recommended one");
  }
  const v1::Date& recommended_on = rd.selection_recommendation().meeting_date();
  if (StartOfDay(r.meeting_date()) < StartOfDay(recommended_on)) {
    return PreconditionFailed(
        "MEETING_BEFORE_RECOMMENDATION", r.round(),
        absl::StrCat("Expected Byrådet's meeting (meeting_date) on or after ØK's of ",
                     DateString(recommended_on), ", but it is ", DateString(r.meeting_date())));
  }
  Decision d;
  d.subject = {Subject::kRound, r.round()};
  auto* e = d.events.emplace_back().mutable_selection_approved();
  e->set_round(r.round());
  *e->mutable_meeting_date() = r.meeting_date();
  e->set_agenda_item(r.agenda_item());
  for (const std::string& name : rd.pool().proposals()) {
    const v1::Proposal& p = round->proposals().at(std::string(LastSegment(name)));
    if (p.has_withdraw_time()) continue;
    auto* item = e->add_decisions();
    item->set_proposal(name);
    item->set_decision(p.selected() ? v1::DECISION_APPROVED : v1::DECISION_REJECTED);
  }
  MarkReached(rd, v1::MILESTONE_SELECTION_APPROVED, &d);
  return d;
}

void ValidateClaimProposal(const v1::ClaimProposalRequest& r, FieldErrors* e) {
  CheckChild(e, "proposal", r.proposal(), kProposals);
  CheckChild(e, "committee", r.committee(), kCommittees);
}

void ValidateReleaseClaim(const v1::ReleaseClaimRequest& r, FieldErrors* e) {
  CheckChild(e, "proposal", r.proposal(), kProposals);
  CheckText(e, "reason", r.reason(), 0, kMaxReasonChars);
}

void ValidateSelectFromPool(const v1::SelectFromPoolRequest& r, FieldErrors* e) {
  CheckChild(e, "proposal", r.proposal(), kProposals);
  CheckText(e, "not_heard_reason", r.not_heard_reason(), 0, kMaxReasonChars);
}

void ValidateDeselectFromPool(const v1::DeselectFromPoolRequest& r, FieldErrors* e) {
  CheckChild(e, "proposal", r.proposal(), kProposals);
}

}  // namespace

std::vector<CommandHandler> AllocationCommands() {
  using C = internal::Command;
  using E = v1::Event;
  return {
      Handle<&C::claim_proposal, ValidateClaimProposal, Claim>(C::kClaimProposal,
                                                               {E::kProposalClaimed}),
      Handle<&C::release_claim, ValidateReleaseClaim, Release>(C::kReleaseClaim,
                                                               {E::kClaimReleased}),
      Handle<&C::select_from_pool, ValidateSelectFromPool, Select>(C::kSelectFromPool,
                                                                   {E::kProposalSelected}),
      Handle<&C::deselect_from_pool, ValidateDeselectFromPool, Deselect>(C::kDeselectFromPool,
                                                                         {E::kProposalDeselected}),
      Handle<&C::recommend_selection, CheckMeetingDecision<v1::RecommendSelectionRequest>,
             Recommend>(C::kRecommendSelection, {E::kSelectionRecommended}),
      Handle<&C::approve_selection, CheckMeetingDecision<v1::ApproveSelectionRequest>, Approve>(
          C::kApproveSelection, {E::kSelectionApproved, E::kMilestoneReached}),
  };
}

}  // namespace budget
