// Seed 004's process through a real server (issue 19): the catalogue deadline,
// claims that serve a real shortfall. Every refusal names its field or rule
// and leaves the log where it was.
#include "budget/v1/adoption_service.grpc.pb.h"
#include "budget/v1/hearing_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "services/domain/time_util.h"
#include "tests/api/server_fixture.h"

namespace budget::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kSocial[] = "rounds/2024/committees/socialudvalget";

class ProcessApiTest : public ServerTest {
 protected:
  void SetUp() override {
    StartServer();
    clock_.Set(At(2022, 9, 15));
    v1::CreateRoundRequest r;
    r.set_request_id("create");
    r.set_round_id("2024");
    r.set_municipality("Næstved Kommune");
    r.set_budget_year(2024);
    r.set_template_(v1::ROUND_TEMPLATE_STRATEGY_2024);
    v1::CommandResponse resp;
    ASSERT_TRUE(rounds_->CreateRound(As(v1::ROLE_COORDINATOR).get(), r, &resp).ok());
    v1::DefineCommitteeRequest c;
    c.set_request_id("committee");
    c.set_parent("rounds/2024");
    c.set_committee_id("socialudvalget");
    c.mutable_committee()->set_display_name("Socialudvalget");
    c.mutable_committee()->set_shortfall_kr(10'000'000);
    ASSERT_TRUE(rounds_->DefineCommittee(As(v1::ROLE_COORDINATOR).get(), c, &resp).ok());
  }

  std::string Submit(const std::string& title, int64_t kr) {
    v1::SubmitProposalRequest r;
    r.set_request_id("submit-" + title);
    r.set_parent("rounds/2024");
    r.mutable_content()->set_title(title);
    r.mutable_content()->set_category(v1::CATEGORY_VACANCIES);
    r.mutable_content()->add_committees(kSocial);
    r.mutable_content()->set_full_implementation_kr(kr);
    *r.mutable_content()->mutable_implementation_start() = MakeDate(2024, 1, 1);
    r.mutable_content()->set_submitter_kind(v1::SUBMITTER_ADMINISTRATION);
    r.mutable_content()->set_citizen_consequences("Længere ventetid.");
    v1::CommandResponse resp;
    grpc::Status s = proposals_->SubmitProposal(As(v1::ROLE_CASE_WORKER).get(), r, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    // Claims take only ready proposals (issue 20 §2).
    v1::MarkProposalReadyRequest ready;
    ready.set_request_id("ready-" + title);
    ready.set_name(resp.proposal().name());
    ready.set_capacity(v1::APPROVER_STEERING_GROUP);
    s = proposals_->MarkProposalReady(As(v1::ROLE_COORDINATOR).get(), ready, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.proposal().name();
  }

  grpc::Status Amend(const std::string& name, const std::string& id, const std::string& path) {
    v1::AmendProposalRequest r;
    r.set_request_id(id);
    r.set_name(name);
    r.set_expected_version(1);
    r.mutable_content()->set_title("Nyt navn");
    r.mutable_content()->set_full_implementation_kr(1);
    r.mutable_update_mask()->add_paths(path);
    v1::CommandResponse resp;
    return proposals_->AmendProposal(As(v1::ROLE_CASE_WORKER).get(), r, &resp);
  }
};

TEST_F(ProcessApiTest, AfterTheCatalogueDeadlineOnlyTextFieldsAreAmendable) {
  const std::string name = Submit("Vakancer", 2'000'000);
  clock_.Set(At(2023, 4, 1));
  const uint64_t head = Head();
  grpc::Status s = Amend(name, "amend-amount", "full_implementation_kr");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("Expected content.full_implementation_kr to be "
                                           "amendable, but the amounts and organisational fields"));
  google::rpc::PreconditionFailure pf;
  ASSERT_TRUE(UnpackDetail(s, &pf));
  EXPECT_EQ(pf.violations(0).type(), "GATE_SUBMISSION");
  EXPECT_EQ(Head(), head);
  s = Amend(name, "amend-title", "title");
  EXPECT_TRUE(s.ok()) << s.error_message();
}

TEST_F(ProcessApiTest, ClaimsStopOnceTheShortfallIsCoveredAndOnlyTheCoordinatorRevisesIt) {
  const std::string big = Submit("Stor", 12'000'000);
  const std::string small = Submit("Lille", 1'000'000);
  clock_.Set(At(2023, 4, 1));
  // Rule 7: the workplace-free proposals need no hearing; a claim per proposal.
  auto claim = [&](const std::string& proposal, const std::string& id) {
    v1::ClaimProposalRequest r;
    r.set_request_id(id);
    r.set_proposal(proposal);
    r.set_committee(kSocial);
    v1::CommandResponse resp;
    return committees_->ClaimProposal(As(v1::ROLE_COMMITTEE).get(), r, &resp);
  };
  grpc::Status s = claim(big, "claim-big");
  ASSERT_TRUE(s.ok()) << s.error_message();
  const uint64_t head = Head();
  s = claim(small, "claim-small");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("rule 2 (committee preference)"));
  google::rpc::PreconditionFailure pf;
  ASSERT_TRUE(UnpackDetail(s, &pf));
  EXPECT_EQ(pf.violations(0).type(), "RULE_2_COMMITTEE_PREFERENCE");
  EXPECT_EQ(Head(), head);

  v1::ReviseShortfallRequest revise;
  revise.set_request_id("revise");
  revise.set_committee(kSocial);
  revise.set_shortfall_kr(14'000'000);
  revise.set_reason("Ny prognose for botilbud");
  v1::CommandResponse resp;
  s = rounds_->ReviseShortfall(As(v1::ROLE_COMMITTEE).get(), revise, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Head(), head);
  s = rounds_->ReviseShortfall(As(v1::ROLE_COORDINATOR).get(), revise, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(claim(small, "claim-small-again").ok());
}

// 004 "ØK/byrådet udvælger og godkender" over the wire: ØK selects and
// recommends at its meeting, Byrådet approves at its own; neither does the
// other's part, and each refusal writes nothing.
TEST_F(ProcessApiTest, OekRecommendsAndByraadetApprovesEachByItsOwnRole) {
  const std::string proposal = Submit("Indkob", 3'000'000);
  clock_.Set(AtDk(2023, 5, 8) + absl::Hours(1));  // the pool is formed, selection open
  v1::CommandResponse resp;
  v1::SelectFromPoolRequest select;
  select.set_request_id("select");
  select.set_proposal(proposal);
  const uint64_t before = Head();
  grpc::Status s = council_->SelectFromPool(As(v1::ROLE_COUNCIL).get(), select, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(s.error_message(), HasSubstr("needs the role finance_committee"));
  EXPECT_EQ(Head(), before);
  s = council_->SelectFromPool(As(v1::ROLE_FINANCE_COMMITTEE).get(), select, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();

  auto meetings = v1::MeetingService::NewStub(channel_);
  v1::WaiveRequirementRequest waive;
  waive.set_request_id("waive");
  waive.set_round("rounds/2024");
  waive.set_requirement(v1::REQUIREMENT_HMU_DIALOGUE_APRIL);
  waive.set_reason("Mødet blev aflyst; HMU er hørt skriftligt");
  ASSERT_TRUE(meetings->WaiveRequirement(As(v1::ROLE_COUNCIL).get(), waive, &resp).ok());

  v1::ApproveSelectionRequest approve;
  approve.set_request_id("approve");
  approve.set_round("rounds/2024");
  *approve.mutable_meeting_date() = MakeDate(2023, 5, 31);
  approve.set_agenda_item("Byrådet, punkt 9");
  const uint64_t head = Head();
  s = council_->ApproveSelection(As(v1::ROLE_COUNCIL).get(), approve, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  google::rpc::PreconditionFailure pf;
  ASSERT_TRUE(UnpackDetail(s, &pf));
  EXPECT_EQ(pf.violations(0).type(), "NOT_RECOMMENDED");
  EXPECT_EQ(Head(), head);

  v1::RecommendSelectionRequest recommend;
  recommend.set_request_id("recommend");
  recommend.set_round("rounds/2024");
  *recommend.mutable_meeting_date() = MakeDate(2023, 5, 24);
  recommend.set_agenda_item("ØK, punkt 4");
  s = council_->RecommendSelection(As(v1::ROLE_COUNCIL).get(), recommend, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  s = council_->RecommendSelection(As(v1::ROLE_FINANCE_COMMITTEE).get(), recommend, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(resp.round().selection_recommendation().recommended_by(), "users/finance_committee");
  s = council_->ApproveSelection(As(v1::ROLE_FINANCE_COMMITTEE).get(), approve, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  s = council_->ApproveSelection(As(v1::ROLE_COUNCIL).get(), approve, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(resp.round().selection_approval().approved_by(), "users/council");
  EXPECT_EQ(resp.round().selection_approval().approved_count(), 1);
}

// 004 §2 c over the wire: the assessment is the administration's, the
// decision ØK's, in August: one second before 1 August (Danish time) refused,
// at it allowed.
TEST_F(ProcessApiTest, TheLawCompensationIsAssessedThenDecidedByOekInAugust) {
  auto adoption = v1::AdoptionService::NewStub(channel_);
  v1::RecordFrameCorrectionRequest record;
  record.set_request_id("record");
  record.set_committee(kSocial);
  record.set_kind(v1::CORRECTION_C_LAW_AND_CIRCULAR);
  record.set_law("L 32 2022/23, ny ældrelov");
  auto* a = record.add_amounts();
  a->set_year(2024);
  a->set_amount_kr(4'600'000);
  record.set_reason("DUT over 3 mio. kr.");
  v1::CommandResponse resp;
  ASSERT_TRUE(adoption->RecordFrameCorrection(As(v1::ROLE_COORDINATOR).get(), record, &resp).ok());
  const std::string name = resp.correction().name();
  EXPECT_EQ(resp.correction().state(), v1::CORRECTION_AWAITING_ASSESSMENT);
  v1::AssessFrameCorrectionRequest assess;
  assess.set_request_id("assess");
  assess.set_correction(name);
  auto* y = assess.add_assessed_amounts();
  y->set_year(2024);
  y->set_amount_kr(4'114'000);
  assess.set_basis("34 forløb à 121.000 kr.");
  EXPECT_EQ(
      adoption->AssessFrameCorrection(As(v1::ROLE_COMMITTEE).get(), assess, &resp).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(adoption->AssessFrameCorrection(As(v1::ROLE_CASE_WORKER).get(), assess, &resp).ok());
  v1::DecideFrameCorrectionRequest decide;
  decide.set_request_id("decide");
  decide.set_correction(name);
  decide.set_approve(true);
  decide.set_reason("ØK 29. august");
  clock_.Set(AtDk(2023, 8, 1) - absl::Seconds(1));
  const uint64_t head = Head();
  grpc::Status s =
      adoption->DecideFrameCorrection(As(v1::ROLE_FINANCE_COMMITTEE).get(), decide, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("GATE_LAW_COMPENSATION"));
  EXPECT_EQ(Head(), head);
  clock_.Set(AtDk(2023, 8, 1));
  s = adoption->DecideFrameCorrection(As(v1::ROLE_COUNCIL).get(), decide, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  s = adoption->DecideFrameCorrection(As(v1::ROLE_FINANCE_COMMITTEE).get(), decide, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(resp.correction().state(), v1::CORRECTION_APPLIED);
  EXPECT_EQ(resp.correction().decided_by(), "users/finance_committee");
}

}  // namespace
}  // namespace budget::testing
