#ifndef BUDGET_TESTS_API_RAW_CALL_H_
#define BUDGET_TESTS_API_RAW_CALL_H_

#include <chrono>
#include <string>
#include <utility>

#include "base/sync.h"
#include "grpcpp/generic/generic_stub.h"

namespace budget::testing {

// Calls the unary `method` with `bytes` exactly as given (unparsed, so a test
// can send what no generated stub would), with `token` as the bearer token
// when it is not empty. Blocks until the call ends (20 s deadline).
inline grpc::Status RawUnaryCall(grpc::GenericStub& stub, const std::string& method,
                                 const std::string& bytes, const std::string& token) {
  grpc::ClientContext ctx;
  if (!token.empty()) ctx.AddMetadata("authorization", "Bearer " + token);
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  grpc::Slice slice(bytes);
  grpc::ByteBuffer request(&slice, 1), response;
  base::Notification done;
  grpc::Status status;
  stub.UnaryCall(&ctx, method, grpc::StubOptions(), &request, &response, [&](grpc::Status s) {
    status = std::move(s);
    done.Notify();
  });
  done.WaitForNotification();
  return status;
}

}  // namespace budget::testing

#endif  // BUDGET_TESTS_API_RAW_CALL_H_
