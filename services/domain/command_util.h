#ifndef SERVICES_DOMAIN_COMMAND_UTIL_H_
#define SERVICES_DOMAIN_COMMAND_UTIL_H_

#include <string>

#include "budget/internal/commands.pb.h"

namespace budget {

// The request inside a command (the set case of its oneof).
// REQUIRES: a case is set.
const google::protobuf::Message& RequestOf(const internal::Command& command);

// Every request has `string request_id = 1`.
const std::string& RequestIdOf(const internal::Command& command);

// "CreateRound", from the request's message name.
std::string CommandName(const internal::Command& command);

// Bytes that are equal exactly when two commands are the same request by the
// same principal, whatever their request ids. Works in place, without a copy
// of the request (a proposal's whole content), and leaves `command` as it
// was. Unknown fields would count: the API refuses every request that has
// any (ParseRequest), so no command reaches the writer with them, and the
// walk that dropped them here (a tenth of a submit's instructions,
// docs/performance.md) is gone; the bytes are those it gave.
std::string Fingerprint(internal::Command* command);

}  // namespace budget

#endif  // SERVICES_DOMAIN_COMMAND_UTIL_H_
