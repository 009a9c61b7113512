#include "clients/budgetctl/errors.h"

#include <iostream>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace budgetctl {

const char kExitCodeHelp[] =
    "Exit codes:\n"
    "  0  ok\n"
    "  1  other error\n"
    "  2  invalid input (INVALID_ARGUMENT, a usage or flag error, local validation)\n"
    "  3  not found (NOT_FOUND)\n"
    "  4  refused by a rule or a closed phase (FAILED_PRECONDITION)\n"
    "  5  conflict (ABORTED, ALREADY_EXISTS)\n"
    "  6  not allowed (UNAUTHENTICATED, PERMISSION_DENIED)\n"
    "  7  unavailable (UNAVAILABLE, DEADLINE_EXCEEDED): retry with the same --request-id\n"
    "  8  audit verify: the hash chain is broken or a snapshot does not match the log (the data "
    "was altered)\n";

namespace {

// What each status code means to a user of budgetctl: the words that head
// the message and the exit code. Codes not listed: "error", exit code 1.
struct Meaning {
  grpc::StatusCode code;
  const char* headline;
  ExitCode exit_code;
};

constexpr Meaning kMeanings[] = {
    {grpc::StatusCode::OK, "ok", kOk},
    {grpc::StatusCode::INVALID_ARGUMENT, "invalid input", kInvalidInput},
    {grpc::StatusCode::OUT_OF_RANGE, "invalid input", kInvalidInput},
    {grpc::StatusCode::NOT_FOUND, "not found", kNotFound},
    {grpc::StatusCode::FAILED_PRECONDITION, "refused", kRefused},
    {grpc::StatusCode::ABORTED, "conflict (re-read and decide again)", kConflict},
    {grpc::StatusCode::ALREADY_EXISTS, "conflict", kConflict},
    {grpc::StatusCode::UNAUTHENTICATED, "not authenticated", kNotAllowed},
    {grpc::StatusCode::PERMISSION_DENIED, "not allowed", kNotAllowed},
    {grpc::StatusCode::UNAVAILABLE, "unavailable", kUnavailable},
    {grpc::StatusCode::DEADLINE_EXCEEDED, "timed out", kUnavailable},
};

Meaning MeaningOf(grpc::StatusCode code) {
  for (const Meaning& m : kMeanings) {
    if (m.code == code) return m;
  }
  return {code, "error", kOtherError};
}

// Prints each google.rpc detail the server attached, indented under the headline.
void PrintDetails(const std::string& serialized, const std::string& message) {
  google::rpc::Status status;
  if (serialized.empty() || !status.ParseFromString(serialized)) return;
  for (const google::protobuf::Any& any : status.details()) {
    google::rpc::BadRequest bad;
    google::rpc::PreconditionFailure pre;
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&bad)) {
      for (const auto& v : bad.field_violations()) {
        std::cerr << "  " << v.field() << ": " << v.description() << "\n";
      }
    } else if (any.UnpackTo(&pre)) {
      for (const auto& v : pre.violations()) {
        std::cerr << "  " << v.type() << " (" << v.subject() << ")";
        // The description usually is the message itself; say it once.
        if (v.description() != message) std::cerr << ": " << v.description();
        std::cerr << "\n";
      }
    } else if (any.UnpackTo(&info)) {
      std::cerr << "  " << info.reason();
      for (const auto& [key, value] : info.metadata()) std::cerr << " " << key << "=" << value;
      std::cerr << "\n";
    }
  }
}

}  // namespace

ExitCode ExitCodeFor(grpc::StatusCode code) { return MeaningOf(code).exit_code; }

int ReportStatus(const grpc::Status& status, const std::string& request_id) {
  if (status.ok()) return kOk;
  std::cerr << MeaningOf(status.error_code()).headline << ": " << status.error_message() << "\n";
  PrintDetails(status.error_details(), status.error_message());
  const ExitCode code = ExitCodeFor(status.error_code());
  if (!request_id.empty() && (code == kUnavailable || code == kOtherError)) {
    std::cerr << "  the outcome is unknown: retry with --request-id " << request_id
              << " (a repeat is answered, not written twice)\n";
  }
  return code;
}

}  // namespace budgetctl
