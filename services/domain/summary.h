#ifndef SERVICES_DOMAIN_SUMMARY_H_
#define SERVICES_DOMAIN_SUMMARY_H_

// The running totals of a round (rules 1–6). Every total in the service comes
// from this one function.

#include "absl/status/statusor.h"
#include "budget/v1/summary.pb.h"
#include "services/domain/state.h"

namespace budget {

v1::RoundSummary Summarize(const RoundState& round, absl::Time now);

absl::StatusOr<v1::RoundSummary> GetRoundSummary(const State& s,
                                                 const v1::GetRoundSummaryRequest& r,
                                                 absl::Time now);

}  // namespace budget

#endif  // SERVICES_DOMAIN_SUMMARY_H_
