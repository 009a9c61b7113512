#ifndef SERVICES_DOMAIN_TASKS_H_
#define SERVICES_DOMAIN_TASKS_H_

// What a principal must do next (RoundService.ListMyTasks, issue 19 §5),
// computed from the projection and the clock, never stored: a task is there
// while it is not done and disappears once it is. Pure.

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "budget/v1/round_service.pb.h"
#include "services/domain/state.h"

namespace budget {

// The tasks of `who` in the round `r.round()` (NotFound when unknown) or,
// when empty, in every round not yet adopted (an adopted round is frozen and
// asks nothing of anyone). Per role:
//   hearing body, HMU  a response on each proposal of each open hearing it is
//                      invited to and has not answered (due: the deadline)
//   HMU                the April and August dialogue meetings with the
//                      council not recorded (the April one not waived; due:
//                      HMU_DIALOGUE_APRIL, BUDGET_SEMINAR)
//   committee          its remaining gap (shortfall - claims) while the claims
//                      deadline has not passed (due: CLAIMS_DEADLINE)
//   case worker        the unanswered questions on the proposals it submitted
//   coordinator        every unanswered question; every milestone not passed
//   council            the milestones of its own meetings not passed
// Sorted by due time (tasks without one last), then round and subject.
absl::StatusOr<v1::ListMyTasksResponse> ListMyTasks(const State& s, const v1::ListMyTasksRequest& r,
                                                    const v1::Principal& who, absl::Time now);

}  // namespace budget

#endif  // SERVICES_DOMAIN_TASKS_H_
