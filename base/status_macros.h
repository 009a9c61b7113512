#ifndef BASE_STATUS_MACROS_H_
#define BASE_STATUS_MACROS_H_

// Early returns on error, in Abseil's style, for functions that return
// absl::Status or absl::StatusOr<T>:
//
//   RETURN_IF_ERROR(RequireGate(round, v1::GATE_CLAIMS, now, name));
//   ASSIGN_OR_RETURN(const RoundState* round, RequireRound(s, r.parent(), "parent"));
//   ASSIGN_OR_RETURN(ProposalRef ref, RequireProposal(s, r.name(), "name"));
//
// Each evaluates its expression once; the error status is returned as it is.

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define RETURN_IF_ERROR(expr)                                           \
  do {                                                                  \
    if (::absl::Status budget_status_ = (expr); !budget_status_.ok()) { \
      return budget_status_;                                            \
    }                                                                   \
  } while (false)

// `lhs` is a declaration ("const T* x") or an existing lvalue; a type with a
// comma needs parentheses around it.
#define ASSIGN_OR_RETURN(lhs, expr) \
  BUDGET_ASSIGN_OR_RETURN_IMPL(BUDGET_STATUS_CONCAT(budget_statusor_, __LINE__), lhs, expr)

#define BUDGET_ASSIGN_OR_RETURN_IMPL(statusor, lhs, expr)  \
  auto statusor = (expr);                                  \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = *std::move(statusor)

#define BUDGET_STATUS_CONCAT_INNER(a, b) a##b
#define BUDGET_STATUS_CONCAT(a, b) BUDGET_STATUS_CONCAT_INNER(a, b)

#endif  // BASE_STATUS_MACROS_H_
