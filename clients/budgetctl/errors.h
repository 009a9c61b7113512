#ifndef CLIENTS_BUDGETCTL_ERRORS_H_
#define CLIENTS_BUDGETCTL_ERRORS_H_

// budgetctl's exit codes and the one place that turns a failed call into a
// message on stderr and an exit code.

#include <stdexcept>
#include <string>

#include "grpcpp/support/status.h"

namespace budgetctl {

// The process exit codes; `budgetctl --help` and the README list them.
enum ExitCode : int {
  kOk = 0,
  kOtherError = 1,
  kInvalidInput = 2,  // INVALID_ARGUMENT, a usage or flag error, local validation
  kNotFound = 3,      // NOT_FOUND
  kRefused = 4,       // FAILED_PRECONDITION: a rule or a closed phase
  kConflict = 5,      // ABORTED, ALREADY_EXISTS
  kNotAllowed = 6,    // UNAUTHENTICATED, PERMISSION_DENIED
  kUnavailable = 7,   // UNAVAILABLE, DEADLINE_EXCEEDED
  kChainBroken = 8,   // audit verify: the log's hash chain does not hold
};

// The --help footer: one line per exit code.
extern const char kExitCodeHelp[];

// Bad input found before anything was sent: exit code 2. The message is
// complete ("--amount: expected whole kroner, got \"x\"").
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Anything else that stops a command locally (a file that cannot be
// written, ...): exit code 1.
class CommandError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The exit code of a failed call with `code` (kOk for OK).
ExitCode ExitCodeFor(grpc::StatusCode code);

// For a failed call: prints the server's message with a headline naming the
// kind of failure ("refused: rule 4 ..."), then every google.rpc detail
// (field violations, precondition violations, error info) one per line.
// `request_id`, when not empty, is named for retryable failures so a retry
// stays idempotent. Returns the exit code; 0 (and prints nothing) when ok.
int ReportStatus(const grpc::Status& status, const std::string& request_id = "");

}  // namespace budgetctl

#endif  // CLIENTS_BUDGETCTL_ERRORS_H_
