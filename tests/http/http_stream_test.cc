// Server streams over the Connect protocol: enveloped messages, the
// end-of-stream message, deadlines, and a client hanging up.
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "base/sync.h"
#include "gmock/gmock.h"
#include "services/http/connect.h"
#include "tests/http/http_fixture.h"

namespace budget::testing {
namespace {

constexpr char kCreateRound[] =
    R"({"requestId": "r1", "roundId": "2024", "municipality": "Næstved Kommune",
        "budgetYear": 2024})";

uint64_t PositionOf(const HttpTest::Frame& frame) {
  return std::stoull(nlohmann::json::parse(frame.payload)["position"].get<std::string>());
}

TEST_F(HttpTest, SubscribeCatchesUpGoesLiveAndEndsAtTheDeadline) {
  ASSERT_EQ(Post("budget.v1.RoundService/CreateRound", kCreateRound, v1::ROLE_COORDINATOR)->status,
            200);
  const uint64_t caught_up_at = Head();
  base::Notification caught_up;
  std::vector<uint64_t> positions;
  std::thread writer([&] {
    caught_up.WaitForNotification();
    EXPECT_EQ(Post("budget.v1.RoundService/DefineCommittee",
                   R"({"requestId": "c1", "parent": "rounds/2024",
                       "committeeId": "socialudvalget",
                       "committee": {"displayName": "Socialudvalget"}})",
                   v1::ROLE_COORDINATOR)
                  ->status,
              200);
  });
  const absl::Time start = absl::Now();
  StreamResult r = Stream("budget.v1.AuditService/Subscribe", R"({"fromPosition": "1"})",
                          v1::ROLE_AUDITOR, {{"Connect-Timeout-Ms", "2500"}}, [&](const Frame& f) {
                            if (f.flags != 0) return true;
                            positions.push_back(PositionOf(f));
                            if (positions.back() == caught_up_at) caught_up.Notify();
                            return true;
                          });
  writer.join();
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(2500));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/connect+json");
  // Every event once, in order: the catch-up, then the live one(s).
  ASSERT_FALSE(positions.empty());
  for (size_t i = 0; i < positions.size(); ++i) EXPECT_EQ(positions[i], i + 1);
  EXPECT_EQ(positions.back(), Head());
  EXPECT_GT(Head(), caught_up_at);
  // The end: the deadline, as the end-of-stream message's error.
  ASSERT_FALSE(r.frames.empty());
  EXPECT_EQ(r.frames.back().flags, http::kFlagEndStream);
  EXPECT_EQ(nlohmann::json::parse(r.frames.back().payload)["error"]["code"], "deadline_exceeded")
      << r.frames.back().payload;
}

TEST_F(HttpTest, ExportEndsWithAnEmptyEndOfStreamMessage) {
  ASSERT_EQ(Post("budget.v1.RoundService/CreateRound", kCreateRound, v1::ROLE_COORDINATOR)->status,
            200);
  StreamResult r =
      Stream("budget.v1.AuditService/Export",
             R"({"kind": "EXPORT_LOG", "format": "EXPORT_JSON_LINES"})", v1::ROLE_AUDITOR);
  EXPECT_EQ(r.status, 200);
  ASSERT_GE(r.frames.size(), 2u);
  EXPECT_EQ(r.frames.front().flags, 0);
  EXPECT_EQ(r.frames.back().flags, http::kFlagEndStream);
  EXPECT_EQ(r.frames.back().payload, "{}");
}

TEST_F(HttpTest, StreamErrorsEndTheStreamWithTheirDetails) {
  StreamResult r =
      Stream("budget.v1.AuditService/Export", R"({"kind": "EXPORT_LOG"})", v1::ROLE_CASE_WORKER);
  EXPECT_EQ(r.status, 200);
  ASSERT_EQ(r.frames.size(), 1u);
  EXPECT_EQ(r.frames[0].flags, http::kFlagEndStream);
  EXPECT_EQ(nlohmann::json::parse(r.frames[0].payload)["error"]["code"], "permission_denied");
}

// budget_subscribers: the live feeds the gRPC side has open.
int Subscribers(const Server& server) {
  for (absl::string_view line : absl::StrSplit(server.metrics().Render(), '\n')) {
    if (absl::ConsumePrefix(&line, "budget_subscribers ")) return std::stoi(std::string(line));
  }
  return -1;
}

TEST_F(HttpTest, AClientThatHangsUpFreesItsStream) {
  ASSERT_EQ(Post("budget.v1.RoundService/CreateRound", kCreateRound, v1::ROLE_COORDINATOR)->status,
            200);
  const uint64_t head = Head();
  bool saw_one = false;
  Stream("budget.v1.AuditService/Subscribe", "{}", v1::ROLE_AUDITOR, {}, [&](const Frame&) {
    EXPECT_EQ(Subscribers(*server_), 1);
    saw_one = true;
    return false;  // hang up, with the feed idle at the head
  });
  ASSERT_TRUE(saw_one);
  // Nothing more is written, so only noticing the closed socket frees it.
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (Subscribers(*server_) != 0 && absl::Now() < deadline)
    absl::SleepFor(absl::Milliseconds(20));
  EXPECT_EQ(Subscribers(*server_), 0);
  EXPECT_EQ(Head(), head);
}

}  // namespace
}  // namespace budget::testing
