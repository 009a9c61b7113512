#ifndef SERVICES_DOMAIN_SHORTFALL_H_
#define SERVICES_DOMAIN_SHORTFALL_H_

// Claims serve a real shortfall (004: "Forslagene bliver ikke udvalgsbehandlet,
// bortset fra i fagudvalg, der har budgetudfordringer"; "Udvalgene vælger
// forslag til at dække budgetudfordringer").

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/domain/state.h"

namespace budget {

// The full-implementation total of the non-withdrawn proposals `committee`
// (a resource name) holds.
int64_t ClaimedKr(const RoundState& round, absl::string_view committee);

// OK when `committee` may claim one more proposal: it has a shortfall, and its
// claims do not yet reach the shortfall plus the round's claim margin
// (RoundSettings.claim_margin_kr), so the claim that crosses the line is
// allowed and the next one is not. Otherwise a rule 2 violation naming the
// committee, its shortfall and its claims.
absl::Status RequireShortfallToCover(const RoundState& round, const v1::Committee& committee,
                                     absl::string_view subject);

}  // namespace budget

#endif  // SERVICES_DOMAIN_SHORTFALL_H_
