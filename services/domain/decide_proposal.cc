// Deciders for the catalogue: submit, amend, withdraw.
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "services/domain/catalogue.h"
#include "services/domain/content_mask.h"
#include "services/domain/decide.h"
#include "services/domain/errors.h"
#include "services/domain/lifecycle.h"
#include "services/domain/names.h"
#include "services/domain/registry.h"
#include "services/domain/submitters.h"
#include "services/domain/time_util.h"
#include "services/domain/timeline.h"
#include "services/domain/validate.h"

namespace budget {
namespace {

absl::Status RequireNotWithdrawn(const v1::Proposal& p) {
  if (!p.has_withdraw_time()) return absl::OkStatus();
  return PreconditionFailed(
      "PROPOSAL_WITHDRAWN", p.name(),
      absl::StrCat("Expected an active proposal, but ", p.name(), " was withdrawn on ",
                   TimeString(FromProto(p.withdraw_time()))));
}

absl::StatusOr<Decision> Submit(const State& s, const v1::SubmitProposalRequest& r,
                                const Context& ctx) {
  ASSIGN_OR_RETURN(const RoundState* round, RequireRound(s, r.parent(), "parent"));
  const v1::Round& rd = round->round();
  RETURN_IF_ERROR(RequireMaySubmitAs(r.content().submitter_kind(), ctx));
  RETURN_IF_ERROR(RequireGate(rd, v1::GATE_SUBMISSION, ctx.now, r.parent()));
  ASSIGN_OR_RETURN(v1::Event submitted, NewDraft(*round, r.content(), ""));
  Decision d;
  d.subject = {Subject::kProposal, submitted.proposal_submitted().proposal()};
  d.events.push_back(std::move(submitted));
  return d;
}

absl::StatusOr<Decision> Amend(const State& s, const v1::AmendProposalRequest& r,
                               const Context& ctx) {
  ASSIGN_OR_RETURN(ProposalRef ref, RequireProposal(s, r.name(), "name"));
  const v1::Proposal& p = *ref.proposal;
  RETURN_IF_ERROR(RequireNotWithdrawn(p));
  RETURN_IF_ERROR(RequireMayChange(p, ctx, "amending"));
  RETURN_IF_ERROR(RequireAmendable(ref.round->round(), p, r.update_mask().paths(), ctx.now));
  if (r.expected_version() != p.version())
    return StaleVersion(p.name(), r.expected_version(), p.version());

  v1::ProposalContent merged = p.content();
  MergeContent(r.content(), r.update_mask().paths(), &merged);
  RETURN_IF_ERROR(RequireMaySubmitAs(merged.submitter_kind(), ctx));
  RETURN_IF_ERROR(CheckAgainstRound(ref.round->round(), merged));
  if (!IsDraft(p)) RETURN_IF_ERROR(RequireCatalogueContent(merged, p.name()));
  if (p.has_claim() &&
      !(merged.committees_size() == 1 && merged.committees(0) == p.claim().committee())) {
    return RuleViolation(
        Rule::kOwnAreaOnly, p.name(),
        absl::StrCat("Expected a claimed proposal to stay in the area of ", p.claim().committee(),
                     " alone, but the amendment changes its committees; release the claim first"));
  }

  Decision d;
  d.subject = {Subject::kProposal, p.name()};
  auto* e = d.events.emplace_back().mutable_proposal_amended();
  e->set_proposal(p.name());
  e->set_version(p.version() + 1);
  MergeContent(r.content(), r.update_mask().paths(), e->mutable_content());
  for (const std::string& path : r.update_mask().paths()) e->add_paths(path);
  return d;
}

absl::StatusOr<Decision> Withdraw(const State& s, const v1::WithdrawProposalRequest& r,
                                  const Context& ctx) {
  ASSIGN_OR_RETURN(ProposalRef ref, RequireProposal(s, r.name(), "name"));
  const v1::Proposal& p = *ref.proposal;
  RETURN_IF_ERROR(RequireNotWithdrawn(p));
  RETURN_IF_ERROR(RequireMayChange(p, ctx, "withdrawing"));
  RETURN_IF_ERROR(RequireGate(ref.round->round(), v1::GATE_SUBMISSION, ctx.now, r.name()));
  if (p.has_claim()) {
    return PreconditionFailed(
        "PROPOSAL_CLAIMED", p.name(),
        absl::StrCat("Expected an unclaimed proposal, but ", p.claim().committee(),
                     " claimed it; the committee must release it first"));
  }
  if (p.selected()) {
    return PreconditionFailed("PROPOSAL_SELECTED", p.name(),
                              "Expected a proposal outside the council's selection, but it is "
                              "selected; deselect it first");
  }
  Decision d;
  d.subject = {Subject::kProposal, p.name()};
  auto* e = d.events.emplace_back().mutable_proposal_withdrawn();
  e->set_proposal(p.name());
  e->set_reason(r.reason());
  return d;
}

void ValidateSubmitProposal(const v1::SubmitProposalRequest& r, FieldErrors* e) {
  CheckRound(e, "parent", r.parent());
  ValidateContent(r.content(), {}, "content.", e);
}

void ValidateAmendProposal(const v1::AmendProposalRequest& r, FieldErrors* e) {
  CheckChild(e, "name", r.name(), kProposals);
  if (r.expected_version() < 1) {
    e->Add("expected_version", "is required: the Proposal.version the amendment is based on");
  }
  std::vector<std::string> paths(r.update_mask().paths().begin(), r.update_mask().paths().end());
  if (paths.empty()) {
    e->Add("update_mask", "must name at least one field of ProposalContent");
    return;
  }
  const auto* desc = v1::ProposalContent::descriptor();
  for (size_t i = 0; i < paths.size(); ++i) {
    if (desc->FindFieldByName(paths[i]) == nullptr) {
      e->Add(absl::StrCat("update_mask.paths[", i, "]"),
             absl::StrCat("\"", Abbreviate(paths[i]), "\" is not a field of ProposalContent"));
    }
  }
  ValidateContent(r.content(), paths, "content.", e);
}

void ValidateWithdrawProposal(const v1::WithdrawProposalRequest& r, FieldErrors* e) {
  CheckChild(e, "name", r.name(), kProposals);
  CheckText(e, "reason", r.reason(), 1, kMaxReasonChars);
}

}  // namespace

std::vector<CommandHandler> ProposalCommands() {
  using C = internal::Command;
  using E = v1::Event;
  return {
      Handle<&C::submit_proposal, ValidateSubmitProposal, Submit>(C::kSubmitProposal,
                                                                  {E::kProposalSubmitted}),
      Handle<&C::amend_proposal, ValidateAmendProposal, Amend>(C::kAmendProposal,
                                                               {E::kProposalAmended}),
      Handle<&C::withdraw_proposal, ValidateWithdrawProposal, Withdraw>(C::kWithdrawProposal,
                                                                        {E::kProposalWithdrawn}),
  };
}

}  // namespace budget
