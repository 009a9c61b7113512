// Seed 004's process through a real server (issue 19): the catalogue deadline,
// claims that serve a real shortfall. Every refusal names its field or rule
// and leaves the log where it was.
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

}  // namespace
}  // namespace budget::testing
