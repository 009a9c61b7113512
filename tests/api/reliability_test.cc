// Online backup while writing, a full disk through the whole server, and
// the metrics listener under idle connections.
#include <unistd.h>

#include <thread>

#include "absl/strings/str_cat.h"
#include "budget/v1/admin_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "httplib.h"
#include "services/common/metrics.h"
#include "services/domain/time_util.h"
#include "services/server/metrics_http.h"
#include "tests/api/server_fixture.h"
#include "tests/testing/faulty_fs.h"
#include "tests/testing/sockets.h"

namespace budget::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class ReliabilityTest : public ServerTest {
 protected:
  grpc::Status Submit(const std::string& id, v1::CommandResponse* resp) {
    v1::SubmitProposalRequest r;
    r.set_request_id(id);
    r.set_parent("rounds/2024");
    r.mutable_content()->set_title("Forslag " + id);
    r.mutable_content()->set_category(v1::CATEGORY_CONSUMPTION);
    r.mutable_content()->add_committees("rounds/2024/committees/socialudvalget");
    *r.mutable_content()->mutable_implementation_start() = MakeDate(2024, 1, 1);
    r.mutable_content()->set_submitter_kind(v1::SUBMITTER_ADMINISTRATION);
    return proposals_->SubmitProposal(As(v1::ROLE_CASE_WORKER).get(), r, resp);
  }
};

TEST_F(ReliabilityTest, IdleConnectionsDoNotStarveTheHealthCheck) {
  StartServer();
  std::vector<int> idle;
  // Connections that never send a byte.
  for (int i = 0; i < 20; ++i)
    idle.push_back(testing_util::ConnectLoopback(server_->metrics_port()));
  absl::SleepFor(absl::Milliseconds(100));  // accepted and waited on before the check
  httplib::Client client("127.0.0.1", server_->metrics_port());
  client.set_read_timeout(30);
  const absl::Time start = absl::Now();
  httplib::Result res = client.Get("/healthz");
  const absl::Duration took = absl::Now() - start;
  for (int fd : idle) ::close(fd);
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
  // Idle connections are dropped after 2 s and there are workers to spare;
  // the library's 5 s timeouts and 8 workers made this check wait 10 s.
  EXPECT_LT(took, absl::Seconds(2));
}

// A scrape's answer is its headers and then its body: with Nagle's algorithm
// on, the body waited 40 ms for the scraper's delayed ACK.
TEST_F(ReliabilityTest, MetricsAnswersAreNotHeldForTheClientsAck) {
  StartServer();
  std::string answer;
  const int client = testing_util::Exchange(
      server_->metrics_port(), "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", &answer);
  ASSERT_GE(client, 0);
  EXPECT_THAT(answer, ::testing::StartsWith("HTTP/1.1 200"));
  const int served = testing_util::ServerEndOf(client);
  EXPECT_GE(served, 0) << "the server's end of the connection is not in this process";
  EXPECT_TRUE(testing_util::NagleIsOff(served));
  ::close(client);
}

// cpp-httplib's SO_REUSEPORT let a second process listen on the metrics
// port, and scrapes then reached either server.
TEST_F(ReliabilityTest, ASecondServerCannotTakeTheMetricsPort) {
  StartServer();
  const std::string listen = absl::StrCat("127.0.0.1:", server_->metrics_port());
  Metrics metrics;
  absl::StatusOr<std::unique_ptr<MetricsHttp>> second = MetricsHttp::Start(listen, &metrics);
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(second.status().message(), HasSubstr("cannot listen for metrics on " + listen));
}

TEST_F(ReliabilityTest, MetricsBoundBeyondLoopbackAreWarnedAbout) {
  ::testing::internal::CaptureStderr();
  StartServer();
  EXPECT_THAT(::testing::internal::GetCapturedStderr(),
              Not(HasSubstr("event=metrics_beyond_loopback")));
  ServerOptions o;
  o.metrics_listen = "0.0.0.0:0";
  ::testing::internal::CaptureStderr();
  StartServer(o);
  EXPECT_THAT(::testing::internal::GetCapturedStderr(),
              HasSubstr("event=metrics_beyond_loopback listen=0.0.0.0:0"));
}

TEST_F(ReliabilityTest, OnlineBackupWhileWritingRestoresToItsReportedHead) {
  StartServer();
  OpenRound2024();
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; !stop.load(); ++i) {
        v1::CommandResponse resp;
        if (Submit(absl::StrCat("w", w, "-", i), &resp).ok()) written++;
      }
    });
  }
  while (written.load() < 100) absl::SleepFor(absl::Milliseconds(5));
  auto admin = v1::AdminService::NewStub(channel_);
  v1::BackupRequest req;
  req.set_dir(dir_.Sub("backup"));
  v1::BackupResponse backup;
  grpc::Status s = admin->Backup(As(v1::ROLE_ADMINISTRATOR).get(), req, &backup);
  while (written.load() < 200) absl::SleepFor(absl::Milliseconds(5));
  stop = true;
  for (auto& t : writers) t.join();
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_GT(backup.position(), 100u);
  EXPECT_LT(backup.position(), Head());  // writes went on during and after it
  // Refused when the directory exists.
  EXPECT_EQ(admin->Backup(As(v1::ROLE_ADMINISTRATOR).get(), req, &backup).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);

  // A server restored from the backup starts at the reported head, chain intact.
  ServerOptions restored;
  restored.data_dir = req.dir();
  restored.token_file = dir_.Sub("tokens");
  restored.listen = "127.0.0.1:0";
  restored.metrics_listen = "";
  restored.tick_interval = absl::ZeroDuration();
  restored.clock = &clock_;
  auto server = Server::Start(restored);
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_EQ((*server)->store()->head().position, backup.position());
  EXPECT_EQ(base::HashToHex((*server)->store()->head().hash), backup.head_hash());
  EXPECT_TRUE((*server)->store()->VerifyChain().ok);
}

TEST_F(ReliabilityTest, AFullDiskRefusesWritesKeepsReadsAndLosesNothingAcknowledged) {
  testing_util::FaultyEnv faulty;
  ServerOptions o;
  o.env = faulty.env.get();
  StartServer(o);
  OpenRound2024();
  std::vector<std::string> acknowledged;
  for (int i = 0; i < 20; ++i) {
    v1::CommandResponse resp;
    ASSERT_TRUE(Submit(absl::StrCat("before-", i), &resp).ok());
    acknowledged.push_back(resp.proposal().name());
  }
  const uint64_t head = Head();
  faulty.fs->set_fail_writes(true);
  v1::CommandResponse resp;
  grpc::Status s = Submit("during", &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(s.error_message(), HasSubstr("stopped accepting writes"));
  // Space comes back, but the store does not guess: still refused until restart.
  faulty.fs->set_fail_writes(false);
  EXPECT_EQ(Submit("after", &resp).error_code(), grpc::StatusCode::UNAVAILABLE);
  // Reads keep working, and show only what was acknowledged.
  v1::ListProposalsRequest list;
  list.set_parent("rounds/2024");
  v1::ListProposalsResponse listed;
  ASSERT_TRUE(proposals_->ListProposals(As(v1::ROLE_AUDITOR).get(), list, &listed).ok());
  EXPECT_EQ(listed.proposals_size(), 20);
  // A restart recovers with everything acknowledged intact.
  StartServer(o);
  EXPECT_EQ(Head(), head);
  EXPECT_TRUE(server_->store()->VerifyChain().ok);
  ASSERT_TRUE(proposals_->ListProposals(As(v1::ROLE_AUDITOR).get(), list, &listed).ok());
  ASSERT_EQ(listed.proposals_size(), 20);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(listed.proposals(i).name(), acknowledged[i]);
  EXPECT_TRUE(Submit("after-restart", &resp).ok());
  channel_.reset();
  server_.reset();  // before `faulty`, whose file system it uses
}

}  // namespace
}  // namespace budget::testing
