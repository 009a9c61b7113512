// The catalogue's lifecycle through a real server (issue 20 §2): the outside
// roles (public, employee) reach only what names them, see the published
// catalogue without personal data, and employees' suggestions come back to
// their submitter. Every refusal leaves the log where it was.
#include "absl/strings/match.h"
#include "budget/v1/hearing_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "services/domain/time_util.h"
#include "services/tokens/token_file.h"
#include "tests/api/server_fixture.h"

namespace budget::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kSocial[] = "rounds/2024/committees/socialudvalget";

class LifecycleApiTest : public ServerTest {
 protected:
  void SetUp() override {
    StartServer();
    OpenRound2024();
  }

  std::string Submit(const std::string& title) {
    v1::SubmitProposalRequest r;
    r.set_request_id("submit-" + std::to_string(++submitted_));
    r.set_parent("rounds/2024");
    r.mutable_content()->set_title(title);
    r.mutable_content()->set_category(v1::CATEGORY_VACANCIES);
    r.mutable_content()->add_committees(kSocial);
    r.mutable_content()->set_full_implementation_kr(1'000'000);
    *r.mutable_content()->mutable_implementation_start() = MakeDate(2024, 1, 1);
    r.mutable_content()->set_submitter_kind(v1::SUBMITTER_ADMINISTRATION);
    r.mutable_content()->set_citizen_consequences("Længere ventetid.");
    v1::CommandResponse resp;
    grpc::Status s = proposals_->SubmitProposal(As(v1::ROLE_CASE_WORKER).get(), r, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.proposal().name();
  }
  grpc::Status MarkReady(v1::Role as, const std::string& name) {
    v1::MarkProposalReadyRequest r;
    r.set_request_id("ready-" + name + RoleName(as));
    r.set_name(name);
    r.set_capacity(v1::APPROVER_STEERING_GROUP);
    v1::CommandResponse resp;
    return proposals_->MarkProposalReady(As(as).get(), r, &resp);
  }
  grpc::Status Publish() {
    v1::PublishCatalogueRequest r;
    r.set_request_id("publish");
    r.set_round("rounds/2024");
    v1::CommandResponse resp;
    return proposals_->PublishCatalogue(As(v1::ROLE_COORDINATOR).get(), r, &resp);
  }
  int submitted_ = 0;

  v1::ListProposalsResponse List(v1::Role as) {
    v1::ListProposalsRequest r;
    r.set_parent("rounds/2024");
    v1::ListProposalsResponse out;
    grpc::Status s = proposals_->ListProposals(As(as).get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }
};

TEST_F(LifecycleApiTest, OnlyTheCoordinatorMarksReadyAndPublishes) {
  const std::string p = Submit("Færre vikarer");
  uint64_t head = Head();
  for (v1::Role r :
       {v1::ROLE_CASE_WORKER, v1::ROLE_COMMITTEE, v1::ROLE_PUBLIC, v1::ROLE_EMPLOYEE}) {
    EXPECT_EQ(MarkReady(r, p).error_code(), grpc::StatusCode::PERMISSION_DENIED) << RoleName(r);
  }
  EXPECT_EQ(Head(), head);
  // Nothing ready: nothing to publish, nothing written.
  grpc::Status s = Publish();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  google::rpc::PreconditionFailure pf;
  ASSERT_TRUE(UnpackDetail(s, &pf));
  EXPECT_EQ(pf.violations(0).type(), "NOTHING_TO_PUBLISH");
  EXPECT_EQ(Head(), head);
  ASSERT_TRUE(MarkReady(v1::ROLE_COORDINATOR, p).ok());
  ASSERT_TRUE(Publish().ok());
}

TEST_F(LifecycleApiTest, ThePublicSeesThePublishedCatalogueWithoutNames) {
  const std::string published = Submit("Offentligt forslag");
  const std::string draft = Submit("Hemmelig kladde");
  ASSERT_TRUE(MarkReady(v1::ROLE_COORDINATOR, published).ok());
  EXPECT_EQ(List(v1::ROLE_PUBLIC).proposals_size(), 0);     // not published yet
  EXPECT_EQ(List(v1::ROLE_COMMITTEE).proposals_size(), 1);  // ready, not the draft
  EXPECT_EQ(List(v1::ROLE_CASE_WORKER).proposals_size(), 2);
  ASSERT_TRUE(Publish().ok());

  v1::ListProposalsResponse list = List(v1::ROLE_PUBLIC);
  ASSERT_EQ(list.proposals_size(), 1);
  EXPECT_EQ(list.proposals(0).name(), published);
  v1::GetRoundRequest gr;
  gr.set_name("rounds/2024");
  v1::Round round;
  ASSERT_TRUE(rounds_->GetRound(As(v1::ROLE_PUBLIC).get(), gr, &round).ok());
  v1::GetRoundSummaryRequest sr;
  sr.set_round("rounds/2024");
  v1::RoundSummary summary;
  ASSERT_TRUE(rounds_->GetRoundSummary(As(v1::ROLE_EMPLOYEE).get(), sr, &summary).ok());
  EXPECT_EQ(summary.full_implementation().catalogue_kr(), 1'000'000);
  const std::string seen =
      list.SerializeAsString() + round.SerializeAsString() + summary.SerializeAsString();
  EXPECT_FALSE(absl::StrContains(seen, "users/")) << "a principal's name is visible";
  EXPECT_FALSE(absl::StrContains(seen, "Hemmelig kladde"));

  v1::GetProposalRequest get;
  get.set_name(draft);
  v1::Proposal p;
  EXPECT_EQ(proposals_->GetProposal(As(v1::ROLE_PUBLIC).get(), get, &p).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // The reads that do not name the outside roles refuse them.
  v1::ListHearingsRequest hearings;
  hearings.set_round("rounds/2024");
  v1::ListHearingsResponse h;
  auto hearing_stub = v1::HearingService::NewStub(channel_);
  grpc::Status s = hearing_stub->ListHearings(As(v1::ROLE_PUBLIC).get(), hearings, &h);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(s.error_message(), HasSubstr("ListHearings needs the role case_worker"));
}

TEST_F(LifecycleApiTest, AnEmployeeSuggestsAndSeesTheOutcome) {
  v1::SubmitSuggestionRequest r;
  r.set_request_id("idea");
  r.set_parent("rounds/2024");
  r.set_title("Fælles vagtplan");
  r.set_description("Én vagtplan for to bofællesskaber.");
  v1::CommandResponse resp;
  const uint64_t head = Head();
  EXPECT_EQ(proposals_->SubmitSuggestion(As(v1::ROLE_CASE_WORKER).get(), r, &resp).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Head(), head);
  ASSERT_TRUE(proposals_->SubmitSuggestion(As(v1::ROLE_EMPLOYEE).get(), r, &resp).ok());
  const std::string name = resp.suggestion().name();

  v1::ScreenSuggestionRequest screen;
  screen.set_request_id("decline");
  screen.set_name(name);
  screen.set_outcome(v1::SUGGESTION_DECLINED);
  screen.set_reason("Indgår allerede i forslag P-0001.");
  EXPECT_EQ(proposals_->ScreenSuggestion(As(v1::ROLE_EMPLOYEE).get(), screen, &resp).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(proposals_->ScreenSuggestion(As(v1::ROLE_COORDINATOR).get(), screen, &resp).ok());

  v1::ListSuggestionsRequest list;
  list.set_parent("rounds/2024");
  v1::ListSuggestionsResponse mine;
  ASSERT_TRUE(proposals_->ListSuggestions(As(v1::ROLE_EMPLOYEE).get(), list, &mine).ok());
  ASSERT_EQ(mine.suggestions_size(), 1);
  EXPECT_EQ(mine.suggestions(0).status(), v1::SUGGESTION_DECLINED);
  EXPECT_EQ(mine.suggestions(0).decline_reason(), "Indgår allerede i forslag P-0001.");
  EXPECT_EQ(proposals_->ListSuggestions(As(v1::ROLE_PUBLIC).get(), list, &mine).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace budget::testing
