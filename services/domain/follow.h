#ifndef SERVICES_DOMAIN_FOLLOW_H_
#define SERVICES_DOMAIN_FOLLOW_H_

// Who follows what in the live feed (AuditService.Subscribe, issue 19 §5),
// decided here and nowhere else (docs/audit.md "Who follows what"). Pure.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "budget/v1/audit_service.pb.h"
#include "services/domain/state.h"

namespace budget {

// The feed a caller was granted.
struct FeedScope {
  // Every event (of `round`, when set).
  bool full_log = false;
  v1::Principal who;
  // "rounds/{round}" or empty.
  std::string round;
};

// Whether `who` may read the whole log: auditors, the coordinator and
// administrators.
bool ReadsFullLog(const v1::Principal& who);

// The feed `who` asked for with `r`: SUBSCRIBE_SCOPE_FULL_LOG needs
// ReadsFullLog (PermissionDenied otherwise, naming the roles that may);
// unspecified is the full log for those roles and the followed events for
// everyone else. InvalidArgument for a malformed round.
absl::StatusOr<FeedScope> DecideFeedScope(const v1::Principal& who, const v1::SubscribeRequest& r);

// Whether the feed shows an event of `stream`, judged on the state now (a
// proposal's events are followed while the committee holds it, with the
// history before). What each role follows:
//   committee    the proposals it holds (their claims, amendments, hearings)
//   case worker, HMU  the proposals they submitted
//   hearing body, HMU the hearings they are invited to
//   council      the rounds themselves and the proposals in the pool
//   auditor, coordinator, administrator  everything
bool Shows(const FeedScope& scope, const State& s, absl::string_view stream);

}  // namespace budget

#endif  // SERVICES_DOMAIN_FOLLOW_H_
