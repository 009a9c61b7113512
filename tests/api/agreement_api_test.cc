// Development agreements and dialogue through a real server: each party
// signs for itself, rule 32's refusal carries its PreconditionFailure and
// writes nothing, a retry is answered from the record, and the year's
// dialogue shows the workplaces without a meeting.
#include "budget/v1/agreement_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "services/domain/time_util.h"
#include "tests/api/server_fixture.h"

namespace budget::testing {
namespace {

// The fixture's hearing body answers for Enghaven, its committee for socialudvalget.
constexpr char kEnghaven[] = "workplaces/bofaellesskab-enghaven";

class AgreementApiTest : public ServerTest {
 protected:
  void SetUp() override {
    StartServer();
    agreements_ = v1::AgreementService::NewStub(channel_);
    dialogue_ = v1::DialogueService::NewStub(channel_);
  }

  std::unique_ptr<v1::AgreementService::Stub> agreements_;
  std::unique_ptr<v1::DialogueService::Stub> dialogue_;
};

TEST_F(AgreementApiTest, SignedByBothThenFollowedUp) {
  v1::DraftAgreementRequest draft;
  draft.set_request_id("draft");
  draft.set_committee("committees/socialudvalget");
  draft.set_workplace(kEnghaven);
  draft.set_title("Udviklingsaftale Enghaven");
  v1::AgreementGoal* g = draft.mutable_terms()->add_goals();
  g->set_id("trivsel");
  g->set_title("Beboerne trives");
  g->set_indicator("trivselsmåling");
  g->set_target("4 af 5");
  draft.mutable_terms()->set_first_year(2022);
  draft.mutable_terms()->set_last_year(2023);
  v1::CommandResponse drafted, again;
  ASSERT_TRUE(agreements_->DraftAgreement(As(v1::ROLE_HEARING_BODY).get(), draft, &drafted).ok());
  ASSERT_TRUE(agreements_->DraftAgreement(As(v1::ROLE_HEARING_BODY).get(), draft, &again).ok());
  EXPECT_TRUE(again.deduplicated());
  const std::string name = drafted.agreement().name();

  v1::FollowUpGoalRequest follow;
  follow.set_request_id("follow");
  follow.set_agreement(name);
  follow.set_year(2022);
  follow.set_goal("trivsel");
  follow.set_reported_value("4,2");
  v1::CommandResponse resp;
  const uint64_t head = Head();
  grpc::Status s = agreements_->FollowUpGoal(As(v1::ROLE_COMMITTEE).get(), follow, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  google::rpc::PreconditionFailure failure;
  ASSERT_TRUE(UnpackDetail(s, &failure));
  EXPECT_EQ(failure.violations(0).type(), "RULE_32_SIGNED_BY_BOTH");
  EXPECT_EQ(Head(), head);

  for (auto [role, party] : {std::pair{v1::ROLE_COMMITTEE, v1::AGREEMENT_PARTY_COMMITTEE},
                             std::pair{v1::ROLE_HEARING_BODY, v1::AGREEMENT_PARTY_WORKPLACE}}) {
    v1::SignAgreementRequest sign;
    sign.set_request_id(absl::StrCat("sign-", party));
    sign.set_agreement(name);
    sign.set_party(party);
    sign.set_version(1);
    *sign.mutable_date() = MakeDate(2022, 10, 1);
    s = agreements_->SignAgreement(As(role).get(), sign, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  EXPECT_EQ(resp.agreement().status(), v1::AGREEMENT_IN_FORCE);
  follow.set_request_id("follow-2");
  ASSERT_TRUE(agreements_->FollowUpGoal(As(v1::ROLE_COMMITTEE).get(), follow, &resp).ok());
  EXPECT_EQ(resp.agreement().follow_ups(0).reported_by(), "users/committee");
}

TEST_F(AgreementApiTest, TheYearShowsWhoHadNoMeeting) {
  v1::PlanDialogueMeetingsRequest plan;
  plan.set_request_id("plan");
  plan.set_committee("committees/socialudvalget");
  plan.set_year(2022);
  plan.add_workplaces(kEnghaven);
  plan.add_workplaces("workplaces/skovboernehuset");
  v1::CommandResponse resp;
  ASSERT_TRUE(dialogue_->PlanDialogueMeetings(As(v1::ROLE_COORDINATOR).get(), plan, &resp).ok());
  v1::RecordDialogueMeetingRequest held;
  held.set_request_id("held");
  held.set_meeting(resp.dialogue_meeting().name());
  *held.mutable_date() = MakeDate(2022, 11, 2);
  held.set_place("Enghaven");
  held.set_at_workplace(true);
  held.add_participants("Socialudvalget");
  held.set_presenter("Virksomhedslederen");
  ASSERT_TRUE(dialogue_->RecordDialogueMeeting(As(v1::ROLE_COORDINATOR).get(), held, &resp).ok());
  v1::GetDialogueYearRequest year;
  year.set_committee("committees/socialudvalget");
  year.set_year(2022);
  v1::DialogueYear answer;
  ASSERT_TRUE(dialogue_->GetDialogueYear(As(v1::ROLE_AUDITOR).get(), year, &answer).ok());
  EXPECT_THAT(answer.workplaces_without_meeting(),
              ::testing::ElementsAre("workplaces/skovboernehuset"));
}

}  // namespace
}  // namespace budget::testing
