#ifndef TESTS_API_SERVER_FIXTURE_H_
#define TESTS_API_SERVER_FIXTURE_H_

// A real budgetd (in this process) on a free loopback port, with a token file
// holding one token per role, and a channel to it.

#include <map>
#include <memory>
#include <string>

#include "budget/v1/allocation_service.grpc.pb.h"
#include "budget/v1/audit_service.pb.h"
#include "budget/v1/proposal_service.grpc.pb.h"
#include "budget/v1/round_service.grpc.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "services/server/server.h"
#include "tests/testing/civil_time.h"
#include "tests/testing/temp_dir.h"

namespace budget::testing {

using testing_util::At;
using testing_util::AtDk;

// The token for each role; principals are "users/<role>", the committee one
// acts for socialudvalget, the hearing body for Enghaven.
std::string TokenFor(v1::Role role);
// Writes a token file for every role (plus extra lines) to `path`.
void WriteTokenFile(const std::string& path, const std::string& extra_lines = "");

class ServerTest : public ::testing::Test {
 protected:
  ServerTest();
  ~ServerTest() override;

  // Starts (or restarts) the server with `options` adjusted by the fixture
  // (data dir, token file, port 0, clock, no ticker).
  void StartServer(ServerOptions options = {});
  std::string Address() const { return absl::StrCat("127.0.0.1:", server_->port()); }

  // Creates rounds/2024 (Næstved Kommune, work started 2022-09-01) with the
  // committee socialudvalget, as the coordinator.
  void OpenRound2024();

  // A context carrying `role`'s bearer token.
  std::unique_ptr<grpc::ClientContext> As(v1::Role role);
  uint64_t Head() const { return server_->store()->head().position; }
  // The whole export (of rounds/2024, unless the log) as the auditor reads
  // it, as one string; the call must succeed.
  std::string ExportAll(v1::ExportKind kind, v1::ExportFormat format);

  testing_util::TempDir dir_;
  base::ManualClock clock_{absl::FromUnixSeconds(1'663'200'000)};  // 2022-09-15
  std::unique_ptr<Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::RoundService::Stub> rounds_;
  std::unique_ptr<v1::ProposalService::Stub> proposals_;
  std::unique_ptr<v1::CommitteeService::Stub> committees_;
  std::unique_ptr<v1::CouncilService::Stub> council_;
};

// The google.rpc.Status in a call's error details.
google::rpc::Status DetailsOf(const grpc::Status& s);
template <typename T>
bool UnpackDetail(const grpc::Status& s, T* out) {
  const google::rpc::Status details = DetailsOf(s);
  for (const auto& any : details.details()) {
    if (any.Is<T>()) return any.UnpackTo(out);
  }
  return false;
}

}  // namespace budget::testing

#endif  // TESTS_API_SERVER_FIXTURE_H_
