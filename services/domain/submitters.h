#ifndef SERVICES_DOMAIN_SUBMITTERS_H_
#define SERVICES_DOMAIN_SUBMITTERS_H_

// Who may do what to whose proposal (issue 19 §3): HMU submits, amends and
// withdraws only its own proposals (submitter kind HMU); the administration's
// proposals are the administration's. The coordinator may act for HMU.

#include "absl/status/status.h"
#include "budget/v1/proposal.pb.h"
#include "services/domain/state.h"

namespace budget {

// OK when the caller may act for a proposal of submitter `kind`: SUBMITTER_HMU
// needs ROLE_HMU (or the coordinator on HMU's behalf); a caller whose only
// proposal role is HMU acts for nothing else. Otherwise PermissionDenied
// (ROLE_REQUIRED) "<action> needs the role ...", `action` saying what was
// asked ("submitting a proposal as SUBMITTER_HMU").
absl::Status RequireActsFor(v1::SubmitterKind kind, const Context& ctx, absl::string_view action);

// Submitting a proposal labelled `kind`.
absl::Status RequireMaySubmitAs(v1::SubmitterKind kind, const Context& ctx);

// Amending or withdrawing (`verb`) `proposal`: HMU's own only for HMU, the
// administration's not for HMU.
absl::Status RequireMayChange(const v1::Proposal& proposal, const Context& ctx,
                              absl::string_view verb);

}  // namespace budget

#endif  // SERVICES_DOMAIN_SUBMITTERS_H_
