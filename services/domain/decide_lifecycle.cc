// Deciders for the catalogue's lifecycle (issue 20 §2): marking a draft
// ready, publishing the catalogue, and employees' suggestions with their
// screening.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "services/domain/decide.h"
#include "services/domain/errors.h"
#include "services/domain/lifecycle.h"
#include "services/domain/names.h"
#include "services/domain/registry.h"
#include "services/domain/timeline.h"
#include "services/domain/validate.h"

namespace budget {
namespace {

absl::StatusOr<Decision> MarkReady(const State& s, const v1::MarkProposalReadyRequest& r,
                                   const Context& ctx) {
  ASSIGN_OR_RETURN(ProposalRef ref, RequireProposal(s, r.name(), "name"));
  const v1::Proposal& p = *ref.proposal;
  if (p.has_withdraw_time()) {
    return PreconditionFailed("PROPOSAL_WITHDRAWN", p.name(),
                              absl::StrCat("Expected a draft, but ", p.name(), " was withdrawn"));
  }
  if (!IsDraft(p)) {
    return PreconditionFailed("PROPOSAL_NOT_DRAFT", p.name(),
                              absl::StrCat("Expected a draft, but ", p.name(), " is already ",
                                           IsPublished(p) ? "published" : "marked ready"));
  }
  // The catalogue is finished by the catalogue deadline (004 §1); a draft
  // left then is not in it unless the coordinator reopens submission.
  RETURN_IF_ERROR(RequireGate(ref.round->round(), v1::GATE_SUBMISSION, ctx.now, p.name()));
  if (r.expected_version() != 0 && r.expected_version() != p.version()) {
    return StaleVersion(p.name(), r.expected_version(), p.version());
  }
  if (r.capacity() == v1::APPROVER_CENTRE_HEAD &&
      std::find(p.content().centres().begin(), p.content().centres().end(), r.centre()) ==
          p.content().centres().end()) {
    return PreconditionFailed(
        "CENTRE_NOT_CONCERNED", p.name(),
        absl::StrCat("Expected the head of a centre the proposal concerns, but ", r.centre(),
                     " is not among its centres"));
  }
  RETURN_IF_ERROR(RequireCatalogueContent(p.content(), p.name()));
  Decision d;
  d.subject = {Subject::kProposal, p.name()};
  auto* e = d.events.emplace_back().mutable_proposal_marked_ready();
  e->set_proposal(p.name());
  e->set_capacity(r.capacity());
  e->set_centre(r.centre());
  e->set_version(p.version());
  return d;
}

absl::StatusOr<Decision> Publish(const State& s, const v1::PublishCatalogueRequest& r,
                                 const Context& /*ctx*/) {
  ASSIGN_OR_RETURN(const RoundState* round, RequireRound(s, r.round(), "round"));
  Decision d;
  d.subject = {Subject::kRound, r.round()};
  auto* e = d.events.emplace_back().mutable_catalogue_published();
  e->set_round(r.round());
  e->set_edition(round->round().publications_size() + 1);
  // Proposal numbers are dense from 1, so this walks them in id order.
  for (int n = 1; n < round->next_proposal_number(); ++n) {
    auto it = round->proposals().find(ProposalId(n));
    if (it == round->proposals().end()) continue;
    const v1::Proposal& p = it->second;
    if (!IsDraft(p) && !IsPublished(p) && !p.has_withdraw_time()) e->add_proposals(p.name());
  }
  if (e->proposals().empty()) {
    return PreconditionFailed(
        "NOTHING_TO_PUBLISH", r.round(),
        absl::StrCat("Expected a proposal marked ready and not yet published, but ", r.round(),
                     " has none; mark drafts ready first (MarkProposalReady)"));
  }
  return d;
}

absl::StatusOr<Decision> SubmitSuggestion(const State& s, const v1::SubmitSuggestionRequest& r,
                                          const Context& ctx) {
  ASSIGN_OR_RETURN(const RoundState* round, RequireRound(s, r.parent(), "parent"));
  RETURN_IF_ERROR(RequireGate(round->round(), v1::GATE_SUBMISSION, ctx.now, r.parent()));
  Decision d;
  d.subject = {Subject::kSuggestion,
               ChildName(LastSegment(r.parent()), kSuggestions,
                         SequenceId('S', std::max(1, round->next_suggestion_number())))};
  auto* e = d.events.emplace_back().mutable_suggestion_submitted();
  e->set_suggestion(d.subject.name);
  e->set_title(r.title());
  e->set_description(r.description());
  e->set_estimated_effect_kr(r.estimated_effect_kr());
  return d;
}

absl::StatusOr<Decision> ScreenSuggestion(const State& s, const v1::ScreenSuggestionRequest& r,
                                          const Context& ctx) {
  ASSIGN_OR_RETURN(ChildRef child, ParseChildName(r.name(), kSuggestions, "name"));
  ASSIGN_OR_RETURN(const RoundState* round, RequireRound(s, RoundName(child.round_id), "name"));
  auto it = round->suggestions().find(child.id);
  if (it == round->suggestions().end()) return NotFound("suggestion", r.name());
  const v1::Suggestion& suggestion = it->second;
  if (suggestion.status() != v1::SUGGESTION_SUBMITTED) {
    return PreconditionFailed(
        "SUGGESTION_SCREENED", r.name(),
        absl::StrCat("Expected a suggestion in the screening queue, but ", r.name(), " was ",
                     suggestion.status() == v1::SUGGESTION_ACCEPTED ? "accepted" : "declined",
                     " already"));
  }
  Decision d;
  d.subject = {Subject::kSuggestion, r.name()};
  v1::Event screened;
  auto* e = screened.mutable_suggestion_screened();
  e->set_suggestion(r.name());
  e->set_status(r.outcome());
  if (r.outcome() == v1::SUGGESTION_ACCEPTED) {
    // Accepting writes a proposal into the catalogue, so the catalogue must
    // still be open; declining is possible until adoption.
    RETURN_IF_ERROR(RequireGate(round->round(), v1::GATE_SUBMISSION, ctx.now, r.name()));
    ASSIGN_OR_RETURN(v1::Event draft, NewDraft(*round, r.content(), r.name()));
    e->set_proposal(draft.proposal_submitted().proposal());
    d.events.push_back(std::move(draft));
  } else {
    e->set_decline_reason(r.reason());
  }
  d.events.push_back(std::move(screened));
  return d;
}

void ValidateMarkProposalReady(const v1::MarkProposalReadyRequest& r, FieldErrors* e) {
  CheckChild(e, "name", r.name(), kProposals);
  CheckEnum(e, "capacity", r.capacity(), v1::ApproverCapacity_IsValid,
            v1::ApproverCapacity_Name<v1::ApproverCapacity>);
  if (r.capacity() == v1::APPROVER_CENTRE_HEAD) {
    CheckChild(e, "centre", r.centre(), kCentres);
  } else if (!r.centre().empty()) {
    e->Add("centre", "is only for APPROVER_CENTRE_HEAD");
  }
  if (r.expected_version() < 0) e->Add("expected_version", "must not be negative");
}

void ValidatePublishCatalogue(const v1::PublishCatalogueRequest& r, FieldErrors* e) {
  CheckRound(e, "round", r.round());
}

void ValidateSubmitSuggestion(const v1::SubmitSuggestionRequest& r, FieldErrors* e) {
  CheckRound(e, "parent", r.parent());
  CheckText(e, "title", r.title(), 1, kMaxTitleChars);
  CheckText(e, "description", r.description(), 1, kMaxTextChars);
  if (r.estimated_effect_kr() < -kMaxAmountKr || r.estimated_effect_kr() > kMaxAmountKr) {
    e->Add("estimated_effect_kr",
           absl::StrCat("must be -10^12..10^12 kr., got ", r.estimated_effect_kr()));
  }
}

void ValidateScreenSuggestion(const v1::ScreenSuggestionRequest& r, FieldErrors* e) {
  CheckChild(e, "name", r.name(), kSuggestions);
  switch (r.outcome()) {
    case v1::SUGGESTION_ACCEPTED:
      if (!r.reason().empty()) e->Add("reason", "is only for SUGGESTION_DECLINED");
      ValidateContent(r.content(), {}, "content.", e);
      if (r.content().submitter_kind() != v1::SUBMITTER_EMPLOYEE) {
        e->Add("content.submitter_kind",
               "must be SUBMITTER_EMPLOYEE: the proposal is an employee's suggestion");
      }
      break;
    case v1::SUGGESTION_DECLINED:
      CheckText(e, "reason", r.reason(), 1, kMaxReasonChars);
      if (r.has_content()) e->Add("content", "is only for SUGGESTION_ACCEPTED");
      break;
    default:
      e->Add("outcome", "must be SUGGESTION_ACCEPTED or SUGGESTION_DECLINED");
  }
}

}  // namespace

std::vector<CommandHandler> LifecycleCommands() {
  using C = internal::Command;
  using E = v1::Event;
  return {
      Handle<&C::mark_proposal_ready, ValidateMarkProposalReady, MarkReady>(
          C::kMarkProposalReady, {E::kProposalMarkedReady}),
      Handle<&C::publish_catalogue, ValidatePublishCatalogue, Publish>(C::kPublishCatalogue,
                                                                       {E::kCataloguePublished}),
      Handle<&C::submit_suggestion, ValidateSubmitSuggestion, SubmitSuggestion>(
          C::kSubmitSuggestion, {E::kSuggestionSubmitted}),
      Handle<&C::screen_suggestion, ValidateScreenSuggestion, ScreenSuggestion>(
          C::kScreenSuggestion, {E::kProposalSubmitted, E::kSuggestionScreened}),
  };
}

}  // namespace budget
