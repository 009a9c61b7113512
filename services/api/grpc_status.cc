#include "services/api/grpc_status.h"

#include <atomic>

#include "absl/strings/str_cat.h"
#include "google/rpc/status.pb.h"
#include "services/common/log.h"

namespace budget {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  std::string message(status.message());
  const absl::StatusCode code = status.code();
  if (code == absl::StatusCode::kInternal || code == absl::StatusCode::kDataLoss ||
      code == absl::StatusCode::kUnknown) {
    static std::atomic<uint64_t> next_ref{1};
    const uint64_t ref = next_ref++;
    log::Error("internal_error", {{"ref", absl::StrCat(ref)}, {"status", status.ToString()}});
    message = absl::StrCat("internal error (reference ", ref, " in the server log)");
  }
  google::rpc::Status detail;
  detail.set_code(static_cast<int>(code));
  detail.set_message(message);
  status.ForEachPayload([&](absl::string_view type_url, const absl::Cord& payload) {
    auto* any = detail.add_details();
    any->set_type_url(std::string(type_url));
    any->set_value(std::string(payload));
  });
  return grpc::Status(static_cast<grpc::StatusCode>(code), message, detail.SerializeAsString());
}

}  // namespace budget
