// Hostile or broken HTTP: each gets a clear 4xx with a Connect error body,
// writes nothing, and leaves the server serving.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "absl/strings/match.h"
#include "base/sync.h"
#include "gmock/gmock.h"
#include "services/http/connect.h"
#include "services/http/http_server.h"
#include "tests/http/http_fixture.h"

namespace budget::testing {
namespace {

using ::testing::HasSubstr;

// The HTTP layer on its own, with small limits, in front of the fixture's
// gRPC port.
class HostileHttpTest : public HttpTest {
 protected:
  void SetUp() override {
    HttpTest::SetUp();
    http::HttpOptions o;
    o.listen = "127.0.0.1:0";
    o.max_body_bytes = 64 << 10;
    o.read_timeout = absl::Seconds(1);
    o.max_streams = 1;
    absl::StatusOr<std::unique_ptr<http::HttpServer>> s = http::HttpServer::Start(
        o, grpc::CreateChannel(Address(), grpc::InsecureChannelCredentials()), nullptr);
    ASSERT_TRUE(s.ok()) << s.status();
    small_ = std::move(*s);
    UseHttpPort(small_->port());
    head_ = Head();
  }
  void TearDown() override {
    // Refused: nothing written; and the server still answers.
    EXPECT_EQ(Head(), head_);
    httplib::Result r = Post("budget.v1.RoundService/ListRounds", "{}", v1::ROLE_AUDITOR);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
  }
  void ExpectError(const httplib::Result& r, int status, const std::string& code,
                   const std::string& message) {
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, status) << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), http::kJsonContentType);
    EXPECT_EQ(Json(r)["code"], code) << r->body;
    EXPECT_THAT(Json(r)["message"].get<std::string>(), HasSubstr(message)) << r->body;
  }

  std::unique_ptr<http::HttpServer> small_;
  uint64_t head_ = 0;
};

TEST_F(HostileHttpTest, OversizedBody) {
  const std::string big = R"({"requestId": ")" + std::string(100 << 10, 'x') + R"("})";
  ExpectError(Post("budget.v1.RoundService/CreateRound", big, v1::ROLE_COORDINATOR), 413,
              "resource_exhausted", "larger");
}

TEST_F(HostileHttpTest, WrongContentType) {
  ExpectError(Post("budget.v1.RoundService/ListRounds", "{}", v1::ROLE_AUDITOR, "text/plain"), 415,
              "unimplemented", "application/json");
  // A unary content type on a stream, and the other way round.
  ExpectError(Post("budget.v1.AuditService/Subscribe", "{}", v1::ROLE_AUDITOR), 415,
              "unimplemented", "application/connect+json");
  ExpectError(Post("budget.v1.RoundService/ListRounds", http::Envelope(0, "{}"), v1::ROLE_AUDITOR,
                   "application/connect+json"),
              415, "unimplemented", "application/json");
}

TEST_F(HostileHttpTest, TruncatedEnvelope) {
  const std::string whole = http::Envelope(0, R"({"fromPosition": "1"})");
  for (const std::string& body :
       {whole.substr(0, 3), whole.substr(0, whole.size() - 1), whole + http::Envelope(0, "{}")}) {
    ExpectError(Post("budget.v1.AuditService/Subscribe", body, v1::ROLE_AUDITOR,
                     "application/connect+json"),
                400, "invalid_argument", "envelope");
  }
  ExpectError(Post("budget.v1.AuditService/Subscribe", whole.substr(0, 3), v1::ROLE_AUDITOR,
                   "application/connect+json"),
              400, "invalid_argument", "truncated");
}

TEST_F(HostileHttpTest, InvalidJsonAndUnknownFields) {
  ExpectError(Post("budget.v1.RoundService/CreateRound", R"({"requestId": )", v1::ROLE_COORDINATOR),
              400, "invalid_argument", "budget.v1.CreateRoundRequest");
  ExpectError(Post("budget.v1.RoundService/CreateRound", R"({"requestId": "r", "bogus": 1})",
                   v1::ROLE_COORDINATOR),
              400, "invalid_argument", "bogus");
  ExpectError(
      Post("budget.v1.RoundService/CreateRound", R"({"budgetYear": "soon"})", v1::ROLE_COORDINATOR),
      400, "invalid_argument", "budget.v1.CreateRoundRequest");
  ExpectError(Post("budget.v1.RoundService/CreateRound", "\x0a\xff\xff", v1::ROLE_COORDINATOR,
                   "application/proto"),
              400, "invalid_argument", "binary");
}

TEST_F(HostileHttpTest, PathsOutsideBudgetV1) {
  for (const char* path : {"grpc.health.v1.Health/Check",
                           "grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
                           "budget.internal.Nothing/Call", "budget.v1.RoundService/NoSuchMethod",
                           "budget.v1.NoService/GetRound", "budget.v1.RoundService"}) {
    httplib::Result r = Post(path, "{}", v1::ROLE_ADMINISTRATOR);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 404) << path;
    EXPECT_EQ(Json(r)["code"], "unimplemented") << path << ": " << r->body;
  }
}

// A raw TCP connection to `port` on loopback.
int Connect(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

TEST_F(HostileHttpTest, SlowHeadersAreCutOff) {
  // Several slow clients send half a request each and stall...
  std::vector<int> slow;
  for (int i = 0; i < 4; ++i) {
    const int fd = Connect(small_->port());
    ASSERT_GE(fd, 0);
    const std::string partial = "POST /budget.v1.RoundService/ListRounds HTTP/1.1\r\nHost: x\r\n";
    ASSERT_EQ(write(fd, partial.data(), partial.size()), static_cast<ssize_t>(partial.size()));
    slow.push_back(fd);
  }
  // ...while others are served...
  httplib::Result r = Post("budget.v1.RoundService/ListRounds", "{}", v1::ROLE_AUDITOR);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  // ...and after the read timeout each gets a 400 and its connection closed.
  const absl::Time start = absl::Now();
  for (int fd : slow) {
    std::string answer;
    char buf[4096];
    // The whole answer (the connection may stay open for the next request).
    for (ssize_t n; !absl::StrContains(answer, "}") && (n = read(fd, buf, sizeof(buf))) > 0;) {
      answer.append(buf, n);
    }
    close(fd);
    EXPECT_THAT(answer, HasSubstr("HTTP/1.1 400")) << answer;
    EXPECT_THAT(answer, HasSubstr("invalid_argument"));
  }
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
}

TEST_F(HostileHttpTest, StreamsBeyondTheCapAreRefused) {
  std::thread first([&] {
    Stream("budget.v1.AuditService/Subscribe", "{}", v1::ROLE_AUDITOR,
           {{"Connect-Timeout-Ms", "10000"}}, nullptr);
  });
  // The first stream holds the only place until its deadline or hang-up.
  const absl::Time deadline = absl::Now() + absl::Seconds(5);
  while (small_->active_streams() == 0 && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  ASSERT_EQ(small_->active_streams(), 1);
  StreamResult second = Stream("budget.v1.AuditService/Subscribe", "{}", v1::ROLE_AUDITOR);
  EXPECT_EQ(second.status, 429);
  EXPECT_THAT(second.body, HasSubstr("resource_exhausted"));
  small_.reset();  // stopping ends the first stream
  first.join();
  UseHttpPort(server_->http_port());
}

}  // namespace
}  // namespace budget::testing
