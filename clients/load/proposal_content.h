#ifndef CLIENTS_LOAD_PROPOSAL_CONTENT_H_
#define CLIENTS_LOAD_PROPOSAL_CONTENT_H_

// What the load's case worker writes: proposals shaped like the real
// catalogue's, so the server validates, stores and projects as much as it
// would in a real round.

#include <cstdint>
#include <random>
#include <string>

#include "budget/v1/proposal.pb.h"

namespace budget_load {

// The budget year of the load round; the effects cover it and the three after.
inline constexpr int kLoadBudgetYear = 2024;

// A single-committee proposal for `committee` (its resource name): a title
// and texts, a category, a full-implementation saving with one effect per
// year of the period, implementation from 1 January of the budget year, put
// forward by the administration. `tag` (unique in the run) ends its title.
budget::v1::ProposalContent NewProposalContent(const std::string& committee, const std::string& tag,
                                               std::mt19937_64& rng);

// A new full-implementation saving for an amendment, in the same range.
int64_t NewFullImplementationKr(std::mt19937_64& rng);

}  // namespace budget_load

#endif  // CLIENTS_LOAD_PROPOSAL_CONTENT_H_
