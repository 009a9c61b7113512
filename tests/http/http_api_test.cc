// The Connect protocol over HTTP: unary JSON and proto, the error shape,
// deadlines, and what happens to requests that are not Connect calls.
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

}  // namespace
}  // namespace budget::testing
