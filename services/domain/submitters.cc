#include "services/domain/submitters.h"

#include "absl/strings/str_cat.h"
#include "services/domain/errors.h"

namespace budget {
namespace {

// HMU acting as itself: it has no other role that may submit proposals.
bool ActsAsHmuOnly(const v1::Principal& p) {
  return HasRole(p, v1::ROLE_HMU) && !HasRole(p, v1::ROLE_CASE_WORKER) &&
         !HasRole(p, v1::ROLE_COORDINATOR);
}

}  // namespace

absl::Status RequireActsFor(v1::SubmitterKind kind, const Context& ctx, absl::string_view action) {
  if (kind == v1::SUBMITTER_HMU) {
    if (HasRole(*ctx.actor, v1::ROLE_HMU) || HasRole(*ctx.actor, v1::ROLE_COORDINATOR)) {
      return absl::OkStatus();
    }
    return RoleRequired(action, "ROLE_HMU (or ROLE_COORDINATOR on HMU's behalf)");
  }
  if (!ActsAsHmuOnly(*ctx.actor)) return absl::OkStatus();
  return RoleRequired(action,
                      "ROLE_CASE_WORKER or ROLE_COORDINATOR (HMU acts for SUBMITTER_HMU only)");
}

absl::Status RequireMaySubmitAs(v1::SubmitterKind kind, const Context& ctx) {
  return RequireActsFor(kind, ctx,
                        absl::StrCat("submitting a proposal as ", v1::SubmitterKind_Name(kind)));
}

absl::Status RequireMayChange(const v1::Proposal& proposal, const Context& ctx,
                              absl::string_view verb) {
  const v1::SubmitterKind kind = proposal.content().submitter_kind();
  return RequireActsFor(kind, ctx,
                        absl::StrCat(verb, " ", proposal.name(), " (submitted as ",
                                     v1::SubmitterKind_Name(kind), ")"));
}

}  // namespace budget
