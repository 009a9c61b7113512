#include "tests/api/server_fixture.h"

#include <fstream>

#include "base/sha256.h"
#include "budget/v1/audit_service.grpc.pb.h"
#include "services/api/authenticator.h"
#include "services/domain/time_util.h"

namespace budget::testing {

std::string TokenFor(v1::Role role) {
  return absl::StrCat("token-of-", RoleName(role), "-0123456789");
}

void WriteTokenFile(const std::string& path, const std::string& extra_lines) {
  std::ofstream out(path);
  for (int r = v1::ROLE_CASE_WORKER; r <= v1::ROLE_FINANCE_COMMITTEE; ++r) {
    TokenEntry e;
    e.token_hash = base::Sha256(TokenFor(static_cast<v1::Role>(r)));
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

void ServerTest::OpenRound2024() {
  v1::CreateRoundRequest r;
  r.set_request_id("create");
  r.set_round_id("2024");
  r.set_municipality("Næstved Kommune");
  r.set_budget_year(2024);
  v1::CommandResponse resp;
  ASSERT_TRUE(rounds_->CreateRound(As(v1::ROLE_COORDINATOR).get(), r, &resp).ok());
  v1::SetMilestoneRequest m;
  m.set_round("rounds/2024");
  m.set_kind(v1::MILESTONE_WORK_STARTED);
  *m.mutable_planned_at() = ToProto(At(2022, 9, 1));
  m.set_request_id("ms");
  ASSERT_TRUE(rounds_->SetMilestone(As(v1::ROLE_COORDINATOR).get(), m, &resp).ok());
  v1::DefineCommitteeRequest c;
  c.set_request_id("committee");
  c.set_parent("rounds/2024");
  c.set_committee_id("socialudvalget");
  c.mutable_committee()->set_display_name("Socialudvalget");
  ASSERT_TRUE(rounds_->DefineCommittee(As(v1::ROLE_COORDINATOR).get(), c, &resp).ok());
}

std::string ServerTest::ExportAll(v1::ExportKind kind, v1::ExportFormat format) {
  v1::ExportRequest req;
  req.set_kind(kind);
  req.set_format(format);
  if (kind != v1::EXPORT_LOG) req.set_round("rounds/2024");
  auto ctx = As(v1::ROLE_AUDITOR);
  auto reader = v1::AuditService::NewStub(channel_)->Export(ctx.get(), req);
  std::string all;
  v1::ExportChunk chunk;
  while (reader->Read(&chunk)) all += chunk.data();
  grpc::Status status = reader->Finish();
  EXPECT_TRUE(status.ok()) << status.error_message();
  return all;
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
