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

// True when `message` or a message in it holds a field its schema does not
// define. Walks only the message-typed fields and builds no strings: the
// cheap test every request passes (the detailed report is the API's, for
// the few that fail it). Thread safety: as reading `message`.
bool HasUnknownFields(const google::protobuf::Message& message);

// Bytes that are equal exactly when two commands are the same request by the
// same principal, whatever their request ids. Works in place, without a copy
// of the request (a proposal's whole content): drops `command`'s unknown
// fields, which nothing reads, and leaves it otherwise as it was.
std::string Fingerprint(internal::Command* command);

}  // namespace budget

#endif  // SERVICES_DOMAIN_COMMAND_UTIL_H_
