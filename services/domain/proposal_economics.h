#ifndef SERVICES_DOMAIN_PROPOSAL_ECONOMICS_H_
#define SERVICES_DOMAIN_PROPOSAL_ECONOMICS_H_

// The economics of a proposal (issue 20 §1): signed recurring effects,
// one-off operating and capital costs, expenditure types, the price level,
// staff effects and attachments. Sign convention everywhere: a saving (and a
// staff reduction) is positive, an extra cost (and more staff) negative;
// one-off costs are costs, stated positive.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "budget/v1/proposal.pb.h"
#include "budget/v1/round.pb.h"
#include "budget/v1/summary.pb.h"
#include "services/domain/errors.h"

namespace budget {

inline constexpr int kMaxStaffEffects = 100;
inline constexpr int kMaxAttachments = 50;
inline constexpr size_t kMaxUriChars = 2'000;

// Shape checks of the economic fields of `c` named in `paths` (every field
// when empty, as ValidateContent), each bad field reported under `prefix`.
void ValidateEconomics(const v1::ProposalContent& c, const std::vector<std::string>& paths,
                       absl::string_view prefix, FieldErrors* e);

// What needs the round: every year (effects, one-off costs) inside the
// period, the price level not after it (INVALID_ARGUMENT naming the field),
// and every staff effect's workplace defined in the round (NOT_FOUND).
absl::Status CheckEconomicsAgainstRound(const v1::Round& round, const v1::ProposalContent& c);

// A 64-digit hex SHA-256.
bool IsSha256Hex(absl::string_view s);

// Adds the economics of the non-withdrawn proposal `p` to column `year`
// (0 = full implementation) of the summary: to the overall and cross-cutting
// figures, to its committee's when it concerns one committee alone, and (in
// the full-implementation column) its staff effects to their workplaces and
// those workplaces' committees. `t`'s committee rows must exist.
void AddProposalEconomics(const v1::Round& round, const v1::Proposal& p, int year, v1::Totals* t);

// The staff a proposal takes away at full implementation: the sum of its
// staff_effects, or staff_reduction_fte_hundredths without any.
int64_t FteReduction(const v1::ProposalContent& p);

}  // namespace budget

#endif  // SERVICES_DOMAIN_PROPOSAL_ECONOMICS_H_
