#ifndef SERVICES_DOMAIN_SERVICE_CEILING_H_
#define SERVICES_DOMAIN_SERVICE_CEILING_H_

// Goal 7 of Slagelse's economic policy (seed 000: "Servicerammen skal
// overholdes", new initiatives only with offsetting service savings) as a
// round's decisions meet it: per year, the service savings the round
// implements against the approved expansions. Pure.

#include "budget/v1/policy.pb.h"
#include "services/domain/state.h"

namespace budget {

// `year`'s service balance of `round` (a year of its period):
//   savings: each proposal claimed by a committee or approved in the
//     selection (not withdrawn) — its effect lines of that year whose type is
//     service or unstated, less its one-off service costs of that year;
//   expansions: each approved expansion's cost in that year (lines of type
//     service or unstated);
//   the readings' amendments, from the budget year on, as FillAdopted counts
//     them: on a proposal a saving, on an expansion a cost (an amendment
//     states no type: it reads as service).
// TARGET_MET when savings >= expansions, else TARGET_MISSED.
v1::ServiceBalance ServiceBalanceFor(const RoundState& round, int year);

}  // namespace budget

#endif  // SERVICES_DOMAIN_SERVICE_CEILING_H_
