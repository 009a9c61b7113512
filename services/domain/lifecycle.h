#ifndef SERVICES_DOMAIN_LIFECYCLE_H_
#define SERVICES_DOMAIN_LIFECYCLE_H_

// A proposal's way into the published catalogue (issue 20 §2): draft →
// ready (a centre head or the steering group approves it) → published (the
// coordinator publishes the catalogue). The rules each stage imposes, in one
// place. Pure; thread-compatible.

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "budget/v1/events.pb.h"
#include "budget/v1/proposal.pb.h"
#include "services/domain/state.h"

namespace budget {

// True while `p` is being written: no hearing, claim or pool takes it, and
// only the administration (and HMU, for its own) sees it.
bool IsDraft(const v1::Proposal& p);

// True once `p` is in the published catalogue that the public sees.
bool IsPublished(const v1::Proposal& p);

// OK when a hearing or a claim may take `p`: it is ready or published.
// Otherwise FailedPrecondition of rule 13 (handled once ready), naming it.
absl::Status RequireReady(const v1::Proposal& p);

// OK when `content` may stand in the catalogue: it states its citizen
// consequences, and its staff consequences when it has staff effects.
// Otherwise FailedPrecondition of type CONTENT_INCOMPLETE about `subject`,
// naming the field (content.citizen_consequences or
// content.staff_consequences). Marking a draft ready and amending a ready or
// published proposal both require it.
absl::Status RequireCatalogueContent(const v1::ProposalContent& content, absl::string_view subject);

// The ProposalSubmitted that starts a draft of `content` in `round`, named
// with the round's next proposal id and linked to `suggestion` (empty when
// none). NotFound when a committee, centre or workplace of `content` is not
// in the round; InvalidArgument for a year outside its period. Shared by
// SubmitProposal and an accepted suggestion.
absl::StatusOr<v1::Event> NewDraft(const RoundState& round, const v1::ProposalContent& content,
                                   absl::string_view suggestion);

// What NewDraft checks of `content` against `round`; an amendment too.
absl::Status CheckAgainstRound(const v1::Round& round, const v1::ProposalContent& content);

}  // namespace budget

#endif  // SERVICES_DOMAIN_LIFECYCLE_H_
