#ifndef SERVICES_DOMAIN_POLICIES_H_
#define SERVICES_DOMAIN_POLICIES_H_

// The economic policy (seed 000, goals 7–12): lookups the deciders and
// appliers share, and the reads of PolicyService. Pure.

#include "absl/status/statusor.h"
#include "budget/v1/policy_service.pb.h"
#include "budget/v1/process_service.pb.h"
#include "services/domain/state.h"
#include "services/domain/validate.h"

namespace budget {

inline constexpr absl::string_view kPolicies = "policies";

// A policy by name ("policies/{id}"); NotFound or InvalidArgument naming `field`.
absl::StatusOr<const v1::EconomicPolicy*> RequirePolicy(const State& s, absl::string_view name,
                                                        absl::string_view field);
// For appliers: null when missing.
v1::EconomicPolicy* MutablePolicy(State& s, absl::string_view name);

// Adds every bad field of `t` to `e`, named under `prefix` ("target.year").
void CheckPolicyTarget(FieldErrors* e, absl::string_view prefix, const v1::PolicyTarget& t);

const v1::KeyFigure* FindKeyFigure(const v1::EconomicPolicy& p, absl::string_view id);

// One target judged on the values of `p`: the target's year's latest actual,
// else its latest budget; against the bounds (at risk within the margin) or
// against the year before (falling, rising).
v1::TargetStanding Judge(const v1::EconomicPolicy& p, const v1::PolicyTarget& target);

absl::StatusOr<v1::EconomicPolicy> GetPolicy(const State& s, const v1::GetPolicyRequest& r,
                                             absl::Time now);
absl::StatusOr<v1::PolicyStanding> GetPolicyStanding(const State& s,
                                                     const v1::GetPolicyStandingRequest& r,
                                                     absl::Time now);

// Adds every policy of `s` to `out`.
void AddPolicies(const State& s, v1::ProcessesState* out);

}  // namespace budget

#endif  // SERVICES_DOMAIN_POLICIES_H_
