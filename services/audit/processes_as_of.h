#ifndef SERVICES_AUDIT_PROCESSES_AS_OF_H_
#define SERVICES_AUDIT_PROCESSES_AS_OF_H_

// The processes beside the rounds (trial actions, agreements, dialogue,
// economic policy) as they stood at a log position or a time. Reads the
// event store; writes nothing. Thread-safe.

#include "absl/status/statusor.h"
#include "budget/v1/process_service.pb.h"
#include "eventstore/event_store.h"

namespace budget {

// The newest checkpoint at or before the position plus the events after it.
// INVALID_ARGUMENT naming `position` when both or neither of position and
// time are given, or the position is past the head.
absl::StatusOr<v1::ProcessesState> ProcessesAsOf(const eventstore::EventStore& store,
                                                 const v1::GetProcessesAsOfRequest& request);

}  // namespace budget

#endif  // SERVICES_AUDIT_PROCESSES_AS_OF_H_
