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
    "  7  unavailable (UNAVAILABLE, DEADLINE_EXCEEDED): retry with the same --request-id\n";

namespace {

const char* Headline(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "invalid input";
    case grpc::StatusCode::NOT_FOUND:
      return "not found";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "refused";
    case grpc::StatusCode::ABORTED:
      return "conflict (re-read and decide again)";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "conflict";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "not authenticated";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "not allowed";
    case grpc::StatusCode::UNAVAILABLE:
      return "unavailable";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "timed out";
    default:
      return "error";
  }
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

ExitCode ExitCodeFor(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return kOk;
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::OUT_OF_RANGE:
      return kInvalidInput;
    case grpc::StatusCode::NOT_FOUND:
      return kNotFound;
    case grpc::StatusCode::FAILED_PRECONDITION:
      return kRefused;
    case grpc::StatusCode::ABORTED:
    case grpc::StatusCode::ALREADY_EXISTS:
      return kConflict;
    case grpc::StatusCode::UNAUTHENTICATED:
    case grpc::StatusCode::PERMISSION_DENIED:
      return kNotAllowed;
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return kUnavailable;
    default:
      return kOtherError;
  }
}

int ReportStatus(const grpc::Status& status, const std::string& request_id) {
  if (status.ok()) return kOk;
  std::cerr << Headline(status.error_code()) << ": " << status.error_message() << "\n";
  PrintDetails(status.error_details(), status.error_message());
  const ExitCode code = ExitCodeFor(status.error_code());
  if (!request_id.empty() && (code == kUnavailable || code == kOtherError)) {
    std::cerr << "  the outcome is unknown: retry with --request-id " << request_id
              << " (a repeat is answered, not written twice)\n";
  }
  return code;
}

}  // namespace budgetctl
