#ifndef SERVICES_API_AUTHORIZATION_H_
#define SERVICES_API_AUTHORIZATION_H_

// Who may call what: read once from the `(budget.v1.access)` option each RPC
// carries in its .proto (proto/budget/v1/options.proto). Finer rules that
// depend on the command's content (a committee claims only for itself, a
// body answers only for itself, rule 10's political bodies) are the domain's.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "budget/v1/common.pb.h"
#include "google/protobuf/descriptor.h"

namespace budget {

struct Permission {
  // The RPC's method name, e.g. "CreateRound" (unique across the API).
  std::string method;
  const google::protobuf::MethodDescriptor* descriptor;
  // Empty: every authenticated principal of the organisation's roles (reads).
  std::vector<v1::Role> roles;
  // Outside roles (ROLE_PUBLIC, ROLE_EMPLOYEE) that may call it too when
  // `roles` is empty.
  std::vector<v1::Role> outside_roles;
  // Needs no credentials at all (what a client must know to sign in).
  bool open = false;
  // Recorded through the single writer as the Command field of the same name.
  bool mutation = false;
};

// The services the server offers, in the README's order.
const std::vector<const google::protobuf::ServiceDescriptor*>& ApiServices();

// Every RPC of ApiServices(), with its access option.
const std::vector<Permission>& Permissions();

// OK when every RPC carries the access option and method names are unique;
// otherwise INTERNAL naming each fault. The server does not start without it.
absl::Status VerifyPermissions();

// The permission of `method`; null when there is no such RPC.
const Permission* FindPermission(absl::string_view method);

// True when `method` needs no credentials (Permission::open).
bool IsOpen(absl::string_view method);

// OK when one of the principal's roles may call `method`; PERMISSION_DENIED
// naming the role(s) that would be needed otherwise, with the ErrorInfo of
// AttachAccessInfo (reason ROLE_REQUIRED); an RPC not in the table is denied.
absl::Status Authorize(const v1::Principal& principal, absl::string_view method);

// Attaches a google.rpc.ErrorInfo to a refusal by the access rules:
// {reason, domain: "budget.v1", metadata: {method, required_roles}}, the
// roles by their token-file names joined with "," ("any" for every
// authenticated principal).
void AttachAccessInfo(absl::Status* s, absl::string_view reason, absl::string_view method);

// The README's role × RPC matrix (Markdown rows between its markers),
// generated from Permissions().
std::string AuthorizationMatrix();

}  // namespace budget

#endif  // SERVICES_API_AUTHORIZATION_H_
