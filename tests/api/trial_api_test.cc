// Trial actions through a real server: every role proposes, a rule's refusal
// carries its PreconditionFailure and writes nothing, a retry is answered
// from the record, the catalogue is searchable, and the trial's stream is
// its history in the audit log and as of any position.
#include "budget/v1/audit_service.grpc.pb.h"
#include "budget/v1/process_service.grpc.pb.h"
#include "budget/v1/trial_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "services/domain/time_util.h"
#include "tests/api/server_fixture.h"
#include "tests/api/trial_requests.h"

namespace budget::testing {
namespace {

class TrialApiTest : public ServerTest {
 protected:
  void SetUp() override {
    StartServer();
    trials_ = v1::TrialService::NewStub(channel_);
    v1::CommandResponse resp;
    grpc::Status s = trials_->CreateTrialProgramme(As(v1::ROLE_COORDINATOR).get(),
                                                   TrialProgrammeRequest(), &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  std::unique_ptr<v1::TrialService::Stub> trials_;
};

TEST_F(TrialApiTest, EveryRoleProposesAndTheCatalogueFindsIt) {
  int n = 0;
  for (v1::Role role : {v1::ROLE_CASE_WORKER, v1::ROLE_HEARING_BODY, v1::ROLE_HMU,
                        v1::ROLE_COMMITTEE, v1::ROLE_COUNCIL}) {
    v1::CommandResponse resp;
    ++n;
    grpc::Status s = trials_->ProposeTrial(
        As(role).get(), TrialProposalRequest(absl::StrCat("p", n), absl::StrCat("Idé ", n)), &resp);
    ASSERT_TRUE(s.ok()) << role << ": " << s.error_message();
    EXPECT_EQ(resp.trial().status(), v1::TRIAL_PROPOSED);
  }
  v1::ListTrialsRequest list;
  list.set_query("idé 3");
  v1::ListTrialsResponse found;
  ASSERT_TRUE(trials_->ListTrials(As(v1::ROLE_AUDITOR).get(), list, &found).ok());
  ASSERT_EQ(found.trials_size(), 1);
  EXPECT_EQ(found.trials(0).proposed_by(), "users/hmu");
}

TEST_F(TrialApiTest, ARuleRefusalNamesTheRuleAndWritesNothing) {
  v1::ProposeTrialRequest r = TrialProposalRequest("p1", "Idé");
  r.mutable_external_proposer()->set_kind(v1::EXTERNAL_PROPOSER_BUSINESS);
  r.mutable_external_proposer()->set_name("Korsør Værft");
  const uint64_t head = Head();
  v1::CommandResponse resp;
  grpc::Status s = trials_->ProposeTrial(As(v1::ROLE_CASE_WORKER).get(), r, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("rule 23"));
  google::rpc::PreconditionFailure failure;
  ASSERT_TRUE(UnpackDetail(s, &failure));
  EXPECT_EQ(failure.violations(0).type(), "RULE_23_EXTERNAL_VIA_COORDINATOR");
  EXPECT_EQ(Head(), head);
  // After the last deadline, rule 22.
  clock_.Set(At(2023, 1, 2));
  s = trials_->ProposeTrial(As(v1::ROLE_CASE_WORKER).get(), TrialProposalRequest("p2", "Sent"),
                            &resp);
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("rule 22 (application deadlines)"));
  EXPECT_EQ(Head(), head);
}

TEST_F(TrialApiTest, ARetryIsAnsweredFromTheRecord) {
  v1::CommandResponse first, again;
  ASSERT_TRUE(trials_
                  ->ProposeTrial(As(v1::ROLE_CASE_WORKER).get(),
                                 TrialProposalRequest("same", "Idé"), &first)
                  .ok());
  const uint64_t head = Head();
  ASSERT_TRUE(trials_
                  ->ProposeTrial(As(v1::ROLE_CASE_WORKER).get(),
                                 TrialProposalRequest("same", "Idé"), &again)
                  .ok());
  EXPECT_TRUE(again.deduplicated());
  EXPECT_EQ(again.trial().name(), first.trial().name());
  EXPECT_EQ(Head(), head);
}

TEST_F(TrialApiTest, TheTrialsStreamIsItsHistoryAndItsStateAsOfAnyPosition) {
  v1::CommandResponse proposed, decided;
  ASSERT_TRUE(trials_
                  ->ProposeTrial(As(v1::ROLE_CASE_WORKER).get(), TrialProposalRequest("p", "Idé"),
                                 &proposed)
                  .ok());
  v1::DecideTrialRequest d;
  d.set_request_id("d");
  d.set_trial(proposed.trial().name());
  d.set_run(false);
  d.mutable_meeting()->set_body("Direktionen");
  *d.mutable_meeting()->mutable_date() = MakeDate(2022, 10, 1);
  d.set_reason("Findes allerede");
  ASSERT_TRUE(trials_->DecideTrial(As(v1::ROLE_COUNCIL).get(), d, &decided).ok());

  v1::GetTrialRequest get;
  get.set_name(proposed.trial().name());
  v1::Trial trial;
  ASSERT_TRUE(trials_->GetTrial(As(v1::ROLE_HEARING_BODY).get(), get, &trial).ok());
  EXPECT_EQ(trial.status(), v1::TRIAL_NOT_RUN);
  ASSERT_EQ(trial.history_size(), 2);
  EXPECT_EQ(trial.history(1).actor(), "users/council");

  auto audit = v1::AuditService::NewStub(channel_);
  v1::ReadLogRequest read;
  read.set_stream(proposed.trial().name());
  v1::ReadLogResponse log;
  ASSERT_TRUE(audit->ReadLog(As(v1::ROLE_AUDITOR).get(), read, &log).ok());
  ASSERT_EQ(log.entries_size(), 2);
  EXPECT_EQ(log.entries(1).type(), "budget.v1.TrialDecided");

  auto processes = v1::ProcessAuditService::NewStub(channel_);
  v1::GetProcessesAsOfRequest asof;
  asof.set_position(proposed.log_position());
  v1::ProcessesState then;
  grpc::Status s = processes->GetProcessesAsOf(As(v1::ROLE_AUDITOR).get(), asof, &then);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(then.trials_size(), 1);
  EXPECT_EQ(then.trials(0).status(), v1::TRIAL_PROPOSED);
  asof.set_position(Head() + 1);
  EXPECT_EQ(processes->GetProcessesAsOf(As(v1::ROLE_AUDITOR).get(), asof, &then).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace budget::testing
