#ifndef SERVICES_DOMAIN_ADOPTED_H_
#define SERVICES_DOMAIN_ADOPTED_H_

// The budget as adopted (issue 19 §4; 004: the adopted budget is what the 2nd
// reading decides, amendments included): the approved råderum and the approved
// expansions after every amendment recorded at the readings.

#include <cstdint>

#include "budget/v1/adoption.pb.h"
#include "budget/v1/summary.pb.h"
#include "services/domain/state.h"

namespace budget {

// An expansion's cost in `year` (0 = full implementation): its costing for
// that year, or for full implementation its full-implementation figure.
int64_t ExpansionCostFor(const v1::Expansion& x, int year);

// Fills the adopted figures of `t` (a column of the summary for `year`, whose
// approved_kr and committees are already filled): every reading's amendments,
// in the order recorded, change the figure of their subject. An amendment's
// amount_kr is the yearly effect on the budget (negative for a cost) from the
// budget year on, so it counts in every column: on a claimed proposal it
// changes its committee's adopted claims, on any other proposal the adopted
// råderum, on an expansion (approved or not: a budget agreement can add one
// the committees rejected) the adopted cost of its committee's expansions.
void FillAdopted(const RoundState& round, int year, v1::Totals* t);

}  // namespace budget

#endif  // SERVICES_DOMAIN_ADOPTED_H_
