#ifndef SERVICES_API_AUTHORIZATION_H_
#define SERVICES_API_AUTHORIZATION_H_

// Who may call what: the role × RPC table, in one place. Finer rules that
// depend on the command's content (a committee claims only for itself, a
// body answers only for itself, rule 10's political bodies) are the domain's.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "budget/v1/common.pb.h"

namespace budget {

struct Permission {
  // The RPC's method name, e.g. "CreateRound" (unique across the API).
  absl::string_view method;
  // Empty: every authenticated principal (reads).
  std::vector<v1::Role> roles;
  // Needs no credentials at all (what a client must know to sign in).
  bool open = false;
};

// Every RPC the server offers, with the roles allowed to call it.
const std::vector<Permission>& Permissions();

// True when `method` needs no credentials (Permission::open).
bool IsOpen(absl::string_view method);

// OK when one of the principal's roles may call `method`; PERMISSION_DENIED
// naming the role(s) that would be needed otherwise (and for an RPC missing
// from the table: deny by default).
absl::Status Authorize(const v1::Principal& principal, absl::string_view method);

}  // namespace budget

#endif  // SERVICES_API_AUTHORIZATION_H_
