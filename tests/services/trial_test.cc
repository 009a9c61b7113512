// Trial actions (seeds 001, 002; rules 21–24) through the real writer and
// store: a trial's life from proposal to outcome, each rule's refusal
// (writing nothing), request ids, history, as-of and restarts.
#include "budget/v1/trial_service.pb.h"
#include "services/audit/processes_as_of.h"
#include "services/core/snapshots.h"
#include "services/domain/trials.h"
#include "tests/services/harness.h"

namespace budget::testing {
namespace {

constexpr char kProgramme[] = "programmes/proevehandlinger";
constexpr char kTrial1[] = "programmes/proevehandlinger/trials/T-0001";
constexpr char kPlejecenter[] = "workplaces/skaelskoer-plejecenter";
constexpr char kKorsoer[] = "workplaces/korsoer-plejecenter";

v1::DecisionMeeting Meeting(absl::string_view body, v1::Date date) {
  v1::DecisionMeeting m;
  m.set_body(std::string(body));
  *m.mutable_date() = date;
  m.set_reference("punkt 4");
  return m;
}

class TrialTest : public Harness {
 protected:
  void SetUp() override {
    // A budget round's proposal for a scaled trial's consequence to link to.
    CreateStrategyRound();
    proposal_ = Submit("Faste teams i hele ældreplejen", {kSocial}, 2'000'000);
    clock_.Set(At(2023, 1, 10));
    v1::CreateTrialProgrammeRequest r;
    r.set_programme_id("proevehandlinger");
    r.set_title("Prøvehandlinger 2023");
    // 001: "Indenfor nogle fastsatte kriterier"; "ansøgningsfrister".
    for (const auto& [id, text] : std::vector<std::pair<std::string, std::string>>{
             {"borgeren-foerst", "Sætter borgeren først"},
             {"inden-for-rammen", "Inden for de eksisterende rammer og ressourcer"}}) {
      v1::TrialCriterion* c = r.add_criteria();
      c->set_id(id);
      c->set_text(text);
    }
    *r.add_application_deadlines() = ToProto(At(2023, 3, 1));
    *r.add_application_deadlines() = ToProto(At(2023, 9, 1));
    Ok(Make(who_.coordinator, &Command::mutable_create_trial_programme, r));
  }

  static v1::ProposeTrialRequest Proposal(absl::string_view title) {
    v1::ProposeTrialRequest r;
    r.set_programme(kProgramme);
    v1::TrialContent* c = r.mutable_content();
    c->set_title(std::string(title));
    c->set_description("Faste teams omkring hver beboer");
    c->add_workplaces(kPlejecenter);
    c->set_why("Færre skift, lavere sygefravær");
    c->add_criteria_met("borgeren-foerst");
    c->set_duration_months(6);
    c->set_resources_kr(150'000);
    v1::SuccessMeasure* m = c->add_success_measures();
    m->set_id("sygefravaer");
    m->set_description("Sygefraværet falder");
    m->set_indicator("sygefravær i %");
    m->set_target("under 6 %");
    m = c->add_success_measures();
    m->set_id("trivsel");
    m->set_description("Beboerne trives");
    m->set_indicator("trivselsmåling");
    m->set_target("mindst 4 af 5");
    return r;
  }

  std::string Propose(absl::string_view title = "Faste teams") {
    return Ok(Make(who_.case_worker, &Command::mutable_propose_trial, Proposal(title)))
        .trial()
        .name();
  }

  void Decide(const std::string& trial) {
    v1::DecideTrialRequest r;
    r.set_trial(trial);
    r.set_run(true);
    *r.mutable_meeting() = Meeting("Direktionen", MakeDate(2023, 3, 15));
    *r.mutable_start() = MakeDate(2023, 4, 1);
    *r.mutable_end() = MakeDate(2023, 10, 1);
    Ok(Make(who_.coordinator, &Command::mutable_decide_trial, r));
  }

  static v1::EvaluateTrialRequest Evaluation(const std::string& trial) {
    v1::EvaluateTrialRequest r;
    r.set_trial(trial);
    *r.mutable_date() = MakeDate(2023, 10, 15);
    for (const char* id : {"sygefravaer", "trivsel"}) {
      v1::MeasureResult* m = r.add_results();
      m->set_measure(id);
      m->set_result("opnået");
      m->set_met(true);
    }
    return r;
  }

  Command Conclude(const std::string& trial, v1::TrialOutcomeKind kind) {
    v1::ConcludeTrialRequest r;
    r.set_trial(trial);
    r.mutable_outcome()->set_kind(kind);
    if (kind == v1::TRIAL_OUTCOME_SCALE) r.mutable_outcome()->add_scale_to(kKorsoer);
    *r.mutable_outcome()->mutable_meeting() =
        Meeting("Social- og Seniorudvalget", MakeDate(2023, 11, 1));
    return Make(who_.council, &Command::mutable_conclude_trial, r);
  }

  std::string proposal_;

  v1::Trial Get(const std::string& name) {
    v1::GetTrialRequest r;
    r.set_name(name);
    return *GetTrial(Published(), r, clock_.Now());
  }
};

TEST_F(TrialTest, FromProposalToScaleWithItsHistory) {
  const std::string trial = Propose();
  EXPECT_EQ(trial, kTrial1);
  EXPECT_EQ(Get(trial).status(), v1::TRIAL_PROPOSED);
  // Proposed for the first deadline not yet passed.
  EXPECT_EQ(FromProto(Get(trial).application_deadline()), At(2023, 3, 1));
  clock_.Set(At(2023, 3, 15));
  Decide(trial);
  const uint64_t running = Head();
  v1::ReportTrialStatusRequest report;
  report.set_trial(trial);
  *report.mutable_date() = MakeDate(2023, 6, 1);
  report.set_text("Teams er etableret");
  Ok(Make(who_.case_worker, &Command::mutable_report_trial_status, report));
  Ok(Make(who_.case_worker, &Command::mutable_evaluate_trial, Evaluation(trial)));

  // The budget consequence goes to a budget round's proposal: linked, not copied.
  const std::string proposal = proposal_;
  Command scale = Conclude(trial, v1::TRIAL_OUTCOME_SCALE);
  scale.mutable_conclude_trial()->mutable_outcome()->set_budget_link(proposal);
  v1::CommandResponse scaled = Ok(scale);
  EXPECT_EQ(scaled.trial().status(), v1::TRIAL_SCALED);
  EXPECT_THAT(scaled.trial().budget_links(), ::testing::ElementsAre(proposal));

  const v1::Trial t = Get(trial);
  ASSERT_EQ(t.history_size(), 5);
  EXPECT_EQ(t.history(0).event(), "budget.v1.TrialProposed");
  EXPECT_EQ(t.history(0).actor(), "users/anna");
  EXPECT_THAT(t.history(1).summary(), ::testing::HasSubstr("decided by Direktionen on 2023-03-15"));
  EXPECT_EQ(t.history(3).summary(), "evaluated: 2 of 2 success measures met");
  EXPECT_EQ(t.history(4).event(), "budget.v1.TrialConcluded");

  // As of the decision, the trial was running and had no reports.
  v1::GetProcessesAsOfRequest asof;
  asof.set_position(running);
  absl::StatusOr<v1::ProcessesState> then = ProcessesAsOf(*store_, asof);
  ASSERT_TRUE(then.ok()) << then.status();
  ASSERT_EQ(then->trials_size(), 1);
  EXPECT_EQ(then->trials(0).status(), v1::TRIAL_RUNNING);
  EXPECT_EQ(then->trials(0).reports_size(), 0);
  EXPECT_EQ(then->programmes(0).name(), kProgramme);

  // Replayed from zero, and from the checkpoint a clean stop writes: the same.
  const State before = Published();
  Restart(/*from_zero=*/true);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(Published(), before));
  Restart();
  Restart();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(Published(), before));
  const SnapshotReport snapshots = VerifySnapshots(*store_);
  EXPECT_TRUE(snapshots.ok) << snapshots.problem;
}

TEST_F(TrialTest, Rule21CriteriaOutsideTheProgrammeAreRefused) {
  v1::ProposeTrialRequest r = Proposal("Uden kriterier");
  r.mutable_content()->add_criteria_met("hurtigere-sagsbehandling");
  absl::Status s =
      Refusal(Make(who_.case_worker, &Command::mutable_propose_trial, r),
              absl::StatusCode::kFailedPrecondition, "rule 21 (trials within set criteria)");
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "RULE_21_TRIAL_CRITERIA");
}

TEST_F(TrialTest, Rule22NoProposalAfterTheLastApplicationDeadline) {
  clock_.Set(At(2023, 9, 2));
  absl::Status s = Refusal(
      Make(who_.case_worker, &Command::mutable_propose_trial, Proposal("Sent")),
      absl::StatusCode::kFailedPrecondition, "the last one (2023-09-01 00:00:00 UTC) has passed");
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "RULE_22_APPLICATION_DEADLINE");
  // The coordinator sets the next deadline; then it can be proposed.
  v1::AmendTrialProgrammeRequest amend;
  amend.set_programme(kProgramme);
  amend.set_expected_version(1);
  *amend.mutable_criteria() =
      Published().processes().programmes().at("proevehandlinger").programme().criteria();
  *amend.add_application_deadlines() = ToProto(At(2024, 3, 1));
  EXPECT_EQ(Ok(Make(who_.coordinator, &Command::mutable_amend_trial_programme, amend))
                .trial_programme()
                .version(),
            2);
  EXPECT_EQ(FromProto(Get(Propose("Nu")).application_deadline()), At(2024, 3, 1));
  // A stale version is ABORTED.
  Refused(Make(who_.coordinator, &Command::mutable_amend_trial_programme, amend),
          absl::StatusCode::kAborted, "");
}

TEST_F(TrialTest, Rule23CitizensAndBusinessesProposeThroughACoordinator) {
  v1::ProposeTrialRequest r = Proposal("Borgerforslag: frivillige i haven");
  r.mutable_external_proposer()->set_kind(v1::EXTERNAL_PROPOSER_CITIZEN);
  r.mutable_external_proposer()->set_name("Grethe Hansen");
  absl::Status s = Refusal(Make(who_.case_worker, &Command::mutable_propose_trial, r),
                           absl::StatusCode::kFailedPrecondition, "rule 23");
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "RULE_23_EXTERNAL_VIA_COORDINATOR");
  const v1::Trial t = Ok(Make(who_.coordinator, &Command::mutable_propose_trial, r)).trial();
  EXPECT_EQ(t.external_proposer().name(), "Grethe Hansen");
  EXPECT_EQ(t.proposed_by(), "users/cko");
}

TEST_F(TrialTest, Rule24EvaluatedAgainstEveryOwnMeasureBeforeAnOutcome) {
  const std::string trial = Propose();
  clock_.Set(At(2023, 3, 15));
  Decide(trial);
  absl::Status s = Refusal(Conclude(trial, v1::TRIAL_OUTCOME_SCALE),
                           absl::StatusCode::kFailedPrecondition, "rule 24");
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "RULE_24_EVALUATE_BEFORE_OUTCOME");
  v1::EvaluateTrialRequest partial = Evaluation(trial);
  partial.mutable_results()->RemoveLast();
  Refused(Make(who_.case_worker, &Command::mutable_evaluate_trial, partial),
          absl::StatusCode::kFailedPrecondition, "\"trivsel\" has none");
  Ok(Make(who_.case_worker, &Command::mutable_evaluate_trial, Evaluation(trial)));
  // Adjust and extend: running again, to be evaluated again before the next outcome.
  Command extend = Conclude(trial, v1::TRIAL_OUTCOME_ADJUST_AND_EXTEND);
  *extend.mutable_conclude_trial()->mutable_outcome()->mutable_new_end() = MakeDate(2024, 4, 1);
  extend.mutable_conclude_trial()->mutable_outcome()->set_adjustments("Også aftenvagter");
  EXPECT_EQ(Ok(extend).trial().status(), v1::TRIAL_RUNNING);
  EXPECT_EQ(Get(trial).end().year(), 2024);
  Refused(Conclude(trial, v1::TRIAL_OUTCOME_SCALE), absl::StatusCode::kFailedPrecondition,
          "rule 24");
}

TEST_F(TrialTest, ADiscardedTrialKeepsItsLearningAndStaysInTheCatalogue) {
  const std::string trial = Propose("Selvbetjening i borgerservice");
  Propose("Faste teams");
  clock_.Set(At(2023, 3, 15));
  Decide(trial);
  Ok(Make(who_.case_worker, &Command::mutable_evaluate_trial, Evaluation(trial)));
  // "smid væk" keeps what was learned: discarding without it is refused.
  Refused(Conclude(trial, v1::TRIAL_OUTCOME_DISCARD), absl::StatusCode::kInvalidArgument,
          "outcome.learning");
  Command discard = Conclude(trial, v1::TRIAL_OUTCOME_DISCARD);
  discard.mutable_conclude_trial()->mutable_outcome()->set_learning(
      "Borgerne ville hellere ringe; kioskerne stod ubrugte");
  EXPECT_EQ(Ok(discard).trial().status(), v1::TRIAL_DISCARDED);
  // Searchable, the discarded one included, by its learning too.
  v1::ListTrialsRequest list;
  list.set_query("KIOSKERNE ubrugte");
  absl::StatusOr<v1::ListTrialsResponse> found = ListTrials(Published(), list, clock_.Now());
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->trials_size(), 1);
  EXPECT_EQ(found->trials(0).name(), trial);
  list.Clear();
  list.set_status(v1::TRIAL_PROPOSED);
  EXPECT_EQ(ListTrials(Published(), list, clock_.Now())->trials_size(), 1);
  list.Clear();
  list.set_workplace(kPlejecenter);
  EXPECT_EQ(ListTrials(Published(), list, clock_.Now())->trials_size(), 2);
  // A concluded trial takes no second outcome.
  Command again = Conclude(trial, v1::TRIAL_OUTCOME_DISCARD);
  again.mutable_conclude_trial()->mutable_outcome()->set_learning("Igen");
  Refused(again, absl::StatusCode::kFailedPrecondition, "TRIAL_DISCARDED");
}

TEST_F(TrialTest, ARetryReturnsTheFirstAnswerAndWritesNothing) {
  v1::ProposeTrialRequest r = Proposal("Faste teams");
  r.set_request_id("trial-1");
  const v1::CommandResponse first = Ok(Make(who_.case_worker, &Command::mutable_propose_trial, r));
  const uint64_t head = Head();
  const v1::CommandResponse again = Ok(Make(who_.case_worker, &Command::mutable_propose_trial, r));
  EXPECT_TRUE(again.deduplicated());
  EXPECT_EQ(again.trial().name(), first.trial().name());
  EXPECT_EQ(Head(), head);
}

TEST_F(TrialTest, OnlyARunningTrialReportsAndOnlyAProposedOneIsDecided) {
  const std::string trial = Propose();
  v1::ReportTrialStatusRequest report;
  report.set_trial(trial);
  *report.mutable_date() = MakeDate(2023, 2, 1);
  report.set_text("Endnu ikke i gang");
  Refused(Make(who_.case_worker, &Command::mutable_report_trial_status, report),
          absl::StatusCode::kFailedPrecondition, "Expected a running trial");
  v1::DecideTrialRequest no;
  no.set_trial(trial);
  *no.mutable_meeting() = Meeting("Direktionen", MakeDate(2023, 3, 15));
  no.set_reason("Dækket af en anden prøvehandling");
  EXPECT_EQ(Ok(Make(who_.council, &Command::mutable_decide_trial, no)).trial().status(),
            v1::TRIAL_NOT_RUN);
  Refused(Make(who_.council, &Command::mutable_decide_trial, no),
          absl::StatusCode::kFailedPrecondition, "Expected a trial awaiting decision");
  v1::LinkTrialBudgetRequest link;
  link.set_trial(trial);
  link.set_budget_link("rounds/2024/proposals/P-0001");
  Refused(Make(who_.coordinator, &Command::mutable_link_trial_budget, link),
          absl::StatusCode::kFailedPrecondition, "Expected a scaled trial");
}

}  // namespace
}  // namespace budget::testing
