#include "tests/api/server_fixture.h"

#include <fstream>

#include "eventstore/sha256.h"
#include "services/api/authenticator.h"

namespace budget::testing {

std::string TokenFor(v1::Role role) { return absl::StrCat("token-of-", RoleName(role), "-0123456789"); }

void WriteTokenFile(const std::string& path, const std::string& extra_lines) {
  std::ofstream out(path);
  for (int r = v1::ROLE_CASE_WORKER; r <= v1::ROLE_ADMINISTRATOR; ++r) {
    TokenEntry e;
    e.token_hash = eventstore::Sha256(TokenFor(static_cast<v1::Role>(r)));
    e.principal.set_name(absl::StrCat("users/", RoleName(static_cast<v1::Role>(r))));
    e.principal.add_roles(static_cast<v1::Role>(r));
    if (r == v1::ROLE_COMMITTEE) e.principal.set_committee("socialudvalget");
    if (r == v1::ROLE_HEARING_BODY) {
      e.principal.set_body("rounds/2024/workplaces/bofaellesskab-enghaven");
    }
    out << FormatTokenLine(e) << "\n";
  }
  out << extra_lines;
}

ServerTest::ServerTest() { WriteTokenFile(dir_.Sub("tokens")); }

ServerTest::~ServerTest() {
  rounds_.reset();
  channel_.reset();
  server_.reset();
}

void ServerTest::StartServer(ServerOptions o) {
  server_.reset();
  o.data_dir = dir_.Sub("data");
  if (o.token_file.empty() && !o.insecure_dev) o.token_file = dir_.Sub("tokens");
  o.listen = "127.0.0.1:0";
  if (o.metrics_listen == ServerOptions().metrics_listen) o.metrics_listen = "127.0.0.1:0";
  if (!o.demo_clock_start.has_value()) o.clock = &clock_;
  o.tick_interval = absl::ZeroDuration();
  absl::StatusOr<std::unique_ptr<Server>> s = Server::Start(o);
  ASSERT_TRUE(s.ok()) << s.status();
  server_ = std::move(*s);
  if (o.tls_cert.empty()) {
    channel_ = grpc::CreateChannel(Address(), grpc::InsecureChannelCredentials());
  }
  if (channel_ != nullptr) {
    rounds_ = v1::RoundService::NewStub(channel_);
    proposals_ = v1::ProposalService::NewStub(channel_);
    committees_ = v1::CommitteeService::NewStub(channel_);
    council_ = v1::CouncilService::NewStub(channel_);
  }
}

std::unique_ptr<grpc::ClientContext> ServerTest::As(v1::Role role) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->AddMetadata("authorization", "Bearer " + TokenFor(role));
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  return ctx;
}

google::rpc::Status DetailsOf(const grpc::Status& s) {
  google::rpc::Status out;
  out.ParseFromString(s.error_details());
  return out;
}

}  // namespace budget::testing
