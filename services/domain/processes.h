#ifndef SERVICES_DOMAIN_PROCESSES_H_
#define SERVICES_DOMAIN_PROCESSES_H_

// The processes beside the budget rounds (seeds 000–003) as a whole: what
// ProcessAuditService.GetProcessesAsOf shows, and the answer to their
// commands. Pure.

#include "budget/v1/mutation.pb.h"
#include "budget/v1/process_service.pb.h"
#include "services/domain/decide.h"
#include "services/domain/state.h"

namespace budget {

// Every programme, trial, agreement, meeting and policy of `s`, in name order.
v1::ProcessesState ProcessesView(const State& s);

// Sets `out`'s resource to the process resource `subject` names, when it
// exists. REQUIRES: subject.kind is one of the processes' kinds.
void ProcessResponse(const State& s, const Subject& subject, v1::CommandResponse* out);

}  // namespace budget

#endif  // SERVICES_DOMAIN_PROCESSES_H_
