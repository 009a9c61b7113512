#ifndef SERVICES_DOMAIN_STATE_H_
#define SERVICES_DOMAIN_STATE_H_

// The projection and the lookups every decider and view shares. A lookup that
// fails returns the status the API promises (NOT_FOUND naming the resource).

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "budget/internal/state.pb.h"
#include "budget/v1/common.pb.h"

namespace budget {

using State = internal::State;
using RoundState = internal::RoundState;

// What a decider knows besides the state: the time of the decision and who
// asks. Deciders read no clock and do no I/O of their own.
struct Context {
  absl::Time now;
  const v1::Principal* actor;
};

// What apply knows about the event besides its payload.
struct EventMeta {
  uint64_t position = 0;
  absl::Time recorded_at;
  absl::string_view actor;
};

// A round by name; NotFound or InvalidArgument (naming `field`).
absl::StatusOr<const RoundState*> RequireRound(const State& s, absl::string_view name,
                                               absl::string_view field);

// A proposal by name, with its round.
struct ProposalRef {
  const RoundState* round;
  const v1::Proposal* proposal;
};
absl::StatusOr<ProposalRef> RequireProposal(const State& s, absl::string_view name,
                                            absl::string_view field);

// A question by name ("rounds/{round}/questions/{id}"); it lives in its proposal.
absl::StatusOr<const v1::Question*> FindQuestion(const State& s, absl::string_view name);
v1::Question* MutableQuestion(State& s, absl::string_view name);

const v1::Committee* FindCommittee(const v1::Round& r, absl::string_view name);
const v1::Centre* FindCentre(const v1::Round& r, absl::string_view name);
const v1::Workplace* FindWorkplace(const v1::Round& r, absl::string_view name);

// Mutable lookups for appliers. The event was decided against the state, so
// a missing resource means a corrupt log; appliers then skip the event.
RoundState* MutableRound(State& s, absl::string_view round_name);
v1::Proposal* MutableProposal(State& s, absl::string_view proposal_name);

bool HasRole(const v1::Principal& p, v1::Role role);

// The proposal's effect for `year`, 0 for full implementation.
int64_t AmountFor(const v1::Proposal& p, int year);

}  // namespace budget

#endif  // SERVICES_DOMAIN_STATE_H_
