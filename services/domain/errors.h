#ifndef SERVICES_DOMAIN_ERRORS_H_
#define SERVICES_DOMAIN_ERRORS_H_

// The domain's refusals as absl::Status, with google.rpc details attached as
// status payloads (type URL -> serialized message). The gRPC layer turns the
// payloads into the grpc-status-details-bin trailer in one place.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/domain/rules.h"

namespace budget {

inline constexpr absl::string_view kBadRequestType = "type.googleapis.com/google.rpc.BadRequest";
inline constexpr absl::string_view kPreconditionFailureType =
    "type.googleapis.com/google.rpc.PreconditionFailure";
inline constexpr absl::string_view kErrorInfoType = "type.googleapis.com/google.rpc.ErrorInfo";

// Collects every bad field of a request, so the caller learns all of them at once.
class FieldErrors {
 public:
  // `field` is a path in the request ("content.effects[2].amount_kr").
  void Add(absl::string_view field, absl::string_view description);
  bool empty() const { return violations_.empty(); }
  // OK when empty; otherwise InvalidArgument "invalid <field>: <why>; ..." with
  // a google.rpc.BadRequest listing each violation.
  absl::Status ToStatus() const;

 private:
  std::vector<std::pair<std::string, std::string>> violations_;
};

// One bad field.
absl::Status InvalidField(absl::string_view field, absl::string_view description);

// A process rule forbids the command now: FailedPrecondition
// "rule N (title): <description>" with a PreconditionFailure of type RULE_N_...
absl::Status RuleViolation(Rule rule, absl::string_view subject, absl::string_view description);

// Some other precondition (a closed gate, a withdrawn proposal, an adopted
// round): FailedPrecondition with a PreconditionFailure of `type`.
absl::Status PreconditionFailed(absl::string_view type, absl::string_view subject,
                                absl::string_view description);

// NotFound "<what> <name> does not exist", with ErrorInfo{reason: NOT_FOUND, resource}.
absl::Status NotFound(absl::string_view what, absl::string_view name);

// AlreadyExists "<what> <name> already exists", with ErrorInfo{reason:
// ALREADY_EXISTS, resource: name}.
absl::Status AlreadyExists(absl::string_view what, absl::string_view name);

// AlreadyExists: the caller used `request_id` before for a different request;
// ErrorInfo{reason: REQUEST_ID_REUSED, request_id}.
absl::Status RequestIdReused(absl::string_view request_id);

// Aborted: the edit was based on `expected` but the resource is at `actual`;
// ErrorInfo{reason: STALE_VERSION, resource, expected_version, current_version}.
absl::Status StaleVersion(absl::string_view name, int64_t expected, int64_t actual);

// PermissionDenied naming the role(s) that would be allowed; ErrorInfo{reason:
// ROLE_REQUIRED, action, required_roles}.
absl::Status RoleRequired(absl::string_view action, absl::string_view required);

// Client input echoed in a message: at most 60 characters, non-printables escaped.
std::string Abbreviate(absl::string_view s);

}  // namespace budget

#endif  // SERVICES_DOMAIN_ERRORS_H_
