// The Connect protocol over HTTP: unary JSON and proto, the error shape,
// deadlines, and what happens to requests that are not Connect calls.
#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "tests/http/http_fixture.h"

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
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
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
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
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

TEST_F(HttpTest, NoCorsHeadersWhenNoOriginIsListed) {
  httplib::Result r = Post("budget.v1.RoundService/ListRounds", "{}", v1::ROLE_AUDITOR,
                           "application/json", {{"Origin", "https://budget.example"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_FALSE(r->has_header("Access-Control-Allow-Origin"));
  EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff");
}

}  // namespace
}  // namespace budget::testing
