// The Connect protocol over HTTP: unary JSON and proto, the error shape,
// deadlines, and what happens to requests that are not Connect calls.
#include <unistd.h>

#include <cstdlib>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "services/http/connect.h"
#include "services/http/http_server.h"
#include "tests/http/http_fixture.h"
#include "tests/testing/sockets.h"

namespace budget::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kCreateRound[] =
    R"({"requestId": "r1", "roundId": "2024", "municipality": "Næstved Kommune",
        "budgetYear": 2024})";

TEST_F(HttpTest, UnaryJsonMutationThenRead) {
  httplib::Result r =
      Post("budget.v1.RoundService/CreateRound", kCreateRound, v1::ROLE_COORDINATOR);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type"), http::kJsonContentType);
  EXPECT_EQ(Json(r)["round"]["name"], "rounds/2024") << r->body;
  EXPECT_EQ(Json(r)["logPosition"], std::to_string(Head())) << r->body;

  // The same request id again: the first answer, nothing written.
  const uint64_t head = Head();
  r = Post("budget.v1.RoundService/CreateRound", kCreateRound, v1::ROLE_COORDINATOR);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(Json(r)["deduplicated"], true) << r->body;
  EXPECT_EQ(Head(), head);

  r = Post("budget.v1.RoundService/GetRound", R"({"name": "rounds/2024"})", v1::ROLE_AUDITOR,
           "application/json; charset=utf-8", {{"Connect-Protocol-Version", "1"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Json(r)["municipality"], "Næstved Kommune");
  EXPECT_EQ(Json(r)["budgetYear"], 2024);
}

// Nagle's algorithm held each answer's body until the client acknowledged its
// headers, and clients delay that ACK: every other call over a kept-alive
// connection took 40 ms more. The server's end of a connection has it off.
TEST_F(HttpTest, AnswersAreNotHeldForTheClientsAck) {
  std::string answer;
  const int client = testing_util::Exchange(
      http_port_,
      "POST /budget.v1.RoundService/ListRounds HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
      &answer);
  ASSERT_GE(client, 0);
  EXPECT_THAT(answer, ::testing::StartsWith("HTTP/1.1 "));
  const int served = testing_util::ServerEndOf(client);
  EXPECT_GE(served, 0) << "the server's end of the connection is not in this process";
  EXPECT_TRUE(testing_util::NagleIsOff(served));
  close(client);
}

// A second budgetd on the same HTTP port fails to start, as on the gRPC
// port: with cpp-httplib's SO_REUSEPORT both listened, and the kernel split
// the connections between two servers of two data directories.
TEST_F(HttpTest, ASecondServerCannotTakeItsPort) {
  http::HttpOptions o;
  o.listen = absl::StrCat("127.0.0.1:", http_port_);
  absl::StatusOr<std::unique_ptr<http::HttpServer>> second = http::HttpServer::Start(
      o, grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials()), nullptr);
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(second.status().message(), HasSubstr("cannot listen for HTTP on " + o.listen));
  httplib::Result r = Post("budget.v1.RoundService/ListRounds", "{}", v1::ROLE_AUDITOR);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
}

// JSON answers go out uncompressed even when the client offers brotli:
// cpp-httplib's brotli runs at its slowest quality (seconds for a page of
// 500 proposals).
TEST_F(HttpTest, JsonAnswersAreNotCompressed) {
  http_->set_decompress(false);
  const httplib::Headers offer = {{"Accept-Encoding", "br, gzip, deflate"}};
  httplib::Result r = Post("budget.v1.RoundService/CreateRound", kCreateRound, v1::ROLE_COORDINATOR,
                           "application/json", offer);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_FALSE(r->has_header("Content-Encoding")) << r->get_header_value("Content-Encoding");
  EXPECT_EQ(Json(r)["round"]["name"], "rounds/2024") << r->body;
  // Errors too.
  r = Post("budget.v1.RoundService/CreateRound", "{}", v1::ROLE_COORDINATOR, "application/json",
           offer);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_FALSE(r->has_header("Content-Encoding")) << r->get_header_value("Content-Encoding");
  EXPECT_EQ(Json(r)["code"], "invalid_argument") << r->body;
}

// The HTTP layer buffers no more than the gRPC port would accept
// (--max_request_bytes, 2 MiB by default).
TEST_F(HttpTest, BodyOverTheRequestLimitIs413) {
  const uint64_t head = Head();
  const std::string big = R"({"requestId": ")" + std::string(2 << 20, 'x') + R"("})";
  httplib::Result r = Post("budget.v1.RoundService/CreateRound", big, v1::ROLE_COORDINATOR);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413) << r->body;
  EXPECT_EQ(Json(r)["code"], "resource_exhausted") << r->body;
  EXPECT_EQ(Head(), head);
}

TEST_F(HttpTest, UnaryProtoRoundTrip) {
  v1::CreateRoundRequest create;
  create.set_request_id("r1");
  create.set_round_id("2024");
  create.set_municipality("Næstved Kommune");
  create.set_budget_year(2024);
  httplib::Result r = Post("budget.v1.RoundService/CreateRound", create.SerializeAsString(),
                           v1::ROLE_COORDINATOR, "application/proto");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/proto");
  v1::CommandResponse response;
  ASSERT_TRUE(response.ParseFromString(r->body));
  EXPECT_EQ(response.round().budget_year(), 2024);
  EXPECT_EQ(response.log_position(), Head());
}

TEST_F(HttpTest, ErrorsCarryTheCodeTheMessageAndTheDetails) {
  const uint64_t head = Head();
  httplib::Result r = Post("budget.v1.RoundService/CreateRound", "{}", v1::ROLE_COORDINATOR);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->get_header_value("Content-Type"), http::kJsonContentType);
  const nlohmann::json error = Json(r);
  EXPECT_EQ(error["code"], "invalid_argument") << r->body;
  EXPECT_THAT(error["message"].get<std::string>(), HasSubstr("request_id"));
  ASSERT_TRUE(error["details"].is_array()) << r->body;
  const nlohmann::json& detail = error["details"][0];
  EXPECT_EQ(detail["type"], "google.rpc.BadRequest");
  EXPECT_FALSE(detail["value"].get<std::string>().empty());
  EXPECT_THAT(detail["debug"]["fieldViolations"].dump(), HasSubstr("request_id"));
  EXPECT_EQ(Head(), head);

  r = Post("budget.v1.RoundService/GetRound", R"({"name": "rounds/2024"})", std::nullopt);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(Json(r)["code"], "unauthenticated");

  r = Post("budget.v1.RoundService/CreateRound", kCreateRound, v1::ROLE_CASE_WORKER);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(Json(r)["code"], "permission_denied");

  r = Post("budget.v1.RoundService/GetRound", R"({"name": "rounds/1999"})", v1::ROLE_AUDITOR);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(Json(r)["code"], "not_found");
  EXPECT_EQ(Head(), head);
}

TEST_F(HttpTest, ConnectTimeoutMsMustBeAPositiveInteger) {
  for (const char* bad : {"abc", "-5", "0", "12345678901"}) {
    httplib::Result r = Post("budget.v1.RoundService/ListRounds", "{}", v1::ROLE_AUDITOR,
                             "application/json", {{"Connect-Timeout-Ms", bad}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << bad;
    EXPECT_THAT(Json(r)["message"].get<std::string>(), HasSubstr("Connect-Timeout-Ms"));
  }
  httplib::Result r = Post("budget.v1.RoundService/ListRounds", "{}", v1::ROLE_AUDITOR,
                           "application/json", {{"Connect-Timeout-Ms", "5000"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
}

std::string Query(const std::string& json) {
  return "?encoding=json&message=" + httplib::detail::encode_query_param(json);
}

TEST_F(HttpTest, ReadsAnswerGetWithAnETag) {
  ASSERT_EQ(Post("budget.v1.RoundService/CreateRound", kCreateRound, v1::ROLE_COORDINATOR)->status,
            200);
  const httplib::Headers auth = {{"Authorization", "Bearer " + TokenFor(v1::ROLE_AUDITOR)}};
  const std::string path = "/budget.v1.RoundService/GetRound" + Query(R"({"name": "rounds/2024"})");
  httplib::Result r = http_->Get(path.c_str(), auth);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Json(r)["budgetYear"], 2024);
  const std::string etag = r->get_header_value("ETag");
  EXPECT_FALSE(etag.empty());
  EXPECT_EQ(r->get_header_value("Cache-Control"), "private, no-cache");

  // Unchanged: 304 and no body. Changed: a new tag.
  httplib::Headers again = auth;
  again.emplace("If-None-Match", etag);
  r = http_->Get(path.c_str(), again);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 304);
  EXPECT_TRUE(r->body.empty());
  ASSERT_EQ(Post("budget.v1.RoundService/DefineCommittee",
                 R"({"requestId": "c1", "parent": "rounds/2024", "committeeId": "socialudvalget",
                     "committee": {"displayName": "Socialudvalget"}})",
                 v1::ROLE_COORDINATOR)
                ->status,
            200);
  r = http_->Get(path.c_str(), again);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->get_header_value("ETag"), etag);

  // The binary form, base64 in the query.
  v1::GetRoundRequest get;
  get.set_name("rounds/2024");
  r = http_->Get(
      ("/budget.v1.RoundService/GetRound?encoding=proto&base64=1&message=" +
       httplib::detail::encode_query_param(absl::WebSafeBase64Escape(get.SerializeAsString())))
          .c_str(),
      auth);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  v1::Round round;
  ASSERT_TRUE(round.ParseFromString(r->body));
  EXPECT_EQ(round.committees_size(), 1);
}

TEST_F(HttpTest, MutationsRefuseGet) {
  const uint64_t head = Head();
  httplib::Result r =
      http_->Get(("/budget.v1.RoundService/CreateRound" + Query(kCreateRound)).c_str(),
                 httplib::Headers{{"Authorization", "Bearer " + TokenFor(v1::ROLE_COORDINATOR)}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 405);
  EXPECT_EQ(r->get_header_value("Allow"), "POST");
  EXPECT_EQ(Head(), head);
  r = http_->Get("/budget.v1.RoundService/GetRound?message=%7B%7D",
                 httplib::Headers{{"Authorization", "Bearer " + TokenFor(v1::ROLE_AUDITOR)}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_THAT(Json(r)["message"].get<std::string>(), HasSubstr("encoding"));
}

class HttpCorsTest : public HttpTest {
 protected:
  void SetUp() override {
    ServerOptions o;
    o.http_cors_origins = {"https://budget.example"};
    StartHttp(o);
  }
};

TEST_F(HttpCorsTest, OnlyTheListedOriginMayCall) {
  httplib::Result r = http_->Options(
      "/budget.v1.RoundService/ListRounds",
      httplib::Headers{{"Origin", "https://budget.example"},
                       {"Access-Control-Request-Method", "POST"},
                       {"Access-Control-Request-Headers", "authorization, content-type"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 204);
  EXPECT_EQ(r->get_header_value("Access-Control-Allow-Origin"), "https://budget.example");
  EXPECT_THAT(r->get_header_value("Access-Control-Allow-Headers"), HasSubstr("Authorization"));
  EXPECT_EQ(r->get_header_value("Access-Control-Allow-Credentials"), "");

  r = http_->Options("/budget.v1.RoundService/ListRounds",
                     httplib::Headers{{"Origin", "https://evil.example"},
                                      {"Access-Control-Request-Method", "POST"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_FALSE(r->has_header("Access-Control-Allow-Origin"));

  r = Post("budget.v1.RoundService/ListRounds", "{}", v1::ROLE_AUDITOR, "application/json",
           {{"Origin", "https://budget.example"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Access-Control-Allow-Origin"), "https://budget.example");
  r = Post("budget.v1.RoundService/ListRounds", "{}", v1::ROLE_AUDITOR, "application/json",
           {{"Origin", "https://evil.example"}});
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->has_header("Access-Control-Allow-Origin"));
}

TEST_F(HttpTest, CorsOriginsMustBeOrigins) {
  for (const char* bad : {"*", "https://*.example", "https://budget.example/", "budget.example",
                          "https://budget.example/app", "https://"}) {
    http::HttpOptions o;
    o.listen = "127.0.0.1:0";
    o.cors_origins = {bad};
    absl::StatusOr<std::unique_ptr<http::HttpServer>> s =
        http::HttpServer::Start(o, channel_, nullptr);
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_THAT(s.status().message(), HasSubstr("--http_cors_origin")) << bad;
  }
  http::HttpOptions o;
  o.listen = "127.0.0.1:0";
  o.cors_origins = {"https://budget.example.dk", "http://127.0.0.1:5173"};
  EXPECT_TRUE(http::HttpServer::Start(o, channel_, nullptr).ok());
}

TEST_F(HttpTest, NoCorsHeadersWhenNoOriginIsListed) {
  httplib::Result r = Post("budget.v1.RoundService/ListRounds", "{}", v1::ROLE_AUDITOR,
                           "application/json", {{"Origin", "https://budget.example"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_FALSE(r->has_header("Access-Control-Allow-Origin"));
  EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff");
}

TEST_F(HttpTest, CallsAreCountedByProtocol) {
  ASSERT_EQ(Post("budget.v1.RoundService/ListRounds", "{}", v1::ROLE_AUDITOR)->status, 200);
  const std::string page = server_->metrics().Render();
  EXPECT_THAT(page, HasSubstr("budget_http_requests_total{procedure=\"budget.v1.RoundService/"
                              "ListRounds\",code=\"ok\"} 1"));
  // The one path: the gRPC side counted the same call.
  EXPECT_THAT(page, HasSubstr("budget_requests_total{rpc=\"ListRounds\",code=\"OK\"} 1"));
}

TEST_F(HttpTest, PlaintextOnlyOnLoopback) {
  ServerOptions o;
  o.data_dir = dir_.Sub("other");
  o.token_file = dir_.Sub("tokens");
  o.listen = "127.0.0.1:0";
  o.metrics_listen = "";
  o.http_listen = "0.0.0.0:0";
  absl::StatusOr<std::unique_ptr<Server>> s = Server::Start(o);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.status().message(), HasSubstr("plaintext HTTP"));
  o.http_listen = "";
  o.web_root = dir_.Sub("web");
  s = Server::Start(o);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.status().message(), HasSubstr("--web_root needs --http_listen"));
}

class HttpsTest : public HttpTest {
 protected:
  void SetUp() override {
    const std::string cmd = absl::StrCat(
        "cd ", dir_.path(),
        " && openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 2 "
        "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null");
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    ServerOptions o;
    o.tls_cert = dir_.Sub("cert.pem");
    o.tls_key = dir_.Sub("key.pem");
    StartHttp(o);
  }
};

TEST_F(HttpsTest, TheHttpPortTakesTheGrpcPortsCertificate) {
  httplib::SSLClient https("127.0.0.1", server_->http_port());
  https.set_ca_cert_path(dir_.Sub("cert.pem").c_str());
  https.enable_server_certificate_verification(true);
  httplib::Result r = https.Post("/budget.v1.RoundService/ListRounds",
                                 {{"Authorization", "Bearer " + TokenFor(v1::ROLE_AUDITOR)}}, "{}",
                                 "application/json");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200) << r->body;
  // Plaintext on the HTTPS port gets no answer.
  EXPECT_FALSE(Post("budget.v1.RoundService/ListRounds", "{}", v1::ROLE_AUDITOR));
}

}  // namespace
}  // namespace budget::testing
