// ListMyTasks (issue 19 §5): what each principal must do next, with
// deadlines; a task disappears once done.
#include "services/domain/tasks.h"

#include "tests/services/harness.h"

namespace budget::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class TasksTest : public Harness {
 protected:
  void SetUp() override { CreateStrategyRound(); }

  std::vector<v1::Task> TasksOf(const v1::Principal& who, const std::string& round = kRound) {
    v1::ListMyTasksRequest r;
    r.set_round(round);
    auto out = processor_->Read(
        [&](const State& s, absl::Time now) { return ListMyTasks(s, r, who, now); });
    EXPECT_TRUE(out.ok()) << out.status();
    if (!out.ok()) return {};
    return {out->tasks().begin(), out->tasks().end()};
  }
  static std::vector<v1::TaskKind> Kinds(const std::vector<v1::Task>& tasks) {
    std::vector<v1::TaskKind> out;
    for (const v1::Task& t : tasks) out.push_back(t.kind());
    return out;
  }
  static std::vector<v1::MilestoneKind> Milestones(const std::vector<v1::Task>& tasks) {
    std::vector<v1::MilestoneKind> out;
    for (const v1::Task& t : tasks) out.push_back(t.milestone());
    return out;
  }

  std::string OpenHearing(const std::string& proposal, absl::Time deadline) {
    v1::OpenHearingRequest r;
    r.set_round(kRound);
    r.set_title("Forårets høring");
    r.add_proposals(proposal);
    auto* hmu = r.add_bodies();
    hmu->set_name("bodies/hmu");
    hmu->set_kind(v1::BODY_HMU);
    hmu->set_display_name("MED-Hovedudvalget");
    *r.mutable_deadline() = ToProto(deadline);
    return Ok(Make(who_.coordinator, &Command::mutable_open_hearing, r)).hearing().name();
  }
  Command Respond(const v1::Principal& who, const std::string& hearing, const std::string& proposal,
                  const std::string& body) {
    v1::SubmitResponseRequest r;
    r.set_hearing(hearing);
    r.set_proposal(proposal);
    r.set_body(body);
    r.set_stance(v1::STANCE_NO_COMMENT);
    r.set_text("Ingen bemærkninger");
    return Make(who, &Command::mutable_submit_response, r);
  }
};

TEST_F(TasksTest, ACommitteeSeesItsGapUntilItIsCoveredOrTheClaimsDeadlinePasses) {
  const std::string proposal = Submit("Færre pladser på forsorgshjemmet", {kSocial}, 6'000'000);
  const std::string second = Submit("Samlet visitation", {kSocial}, 4'000'000);
  std::vector<v1::Task> tasks = TasksOf(who_.social);
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0].kind(), v1::TASK_COVER_SHORTFALL);
  EXPECT_EQ(tasks[0].subject(), kSocial);
  EXPECT_EQ(tasks[0].amount_kr(), 10'000'000);
  // The claims deadline in Danish local time: 2023-04-30T22:00:00Z.
  EXPECT_EQ(FromProto(tasks[0].due()), At(2023, 4, 30, 22));
  // Teknik og Miljø has no shortfall, so nothing to do.
  EXPECT_THAT(TasksOf(who_.technical), IsEmpty());

  clock_.Set(CatalogueDeadline());
  Ok(ClaimCommand(who_.social, proposal, kSocial));
  tasks = TasksOf(who_.social);
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0].amount_kr(), 4'000'000);
  Ok(ClaimCommand(who_.social, second, kSocial));
  EXPECT_THAT(TasksOf(who_.social), IsEmpty());

  // The children's committee claimed nothing: its task stands until one
  // second before the deadline, then there is nothing it can do.
  clock_.Set(ClaimsDeadline() - absl::Seconds(1));
  EXPECT_THAT(Kinds(TasksOf(who_.children)), ElementsAre(v1::TASK_COVER_SHORTFALL));
  clock_.Set(ClaimsDeadline());
  EXPECT_THAT(TasksOf(who_.children), IsEmpty());
}

TEST_F(TasksTest, AHearingBodySeesEachUnansweredProposalUntilItResponds) {
  v1::ProposalContent c = Content("Enghaven og Solbakken lægges sammen", {kSocial}, 3'000'000);
  c.add_workplaces(kEnghaven);
  const std::string proposal = Submit(c);
  const std::string other = Submit("Færre kontrolbesøg", {kTechnical}, 500'000);
  const std::string hearing = OpenHearing(proposal, At(2022, 10, 15, 12));
  const v1::Principal enghaven =
      MakePrincipal("bodies/enghaven", v1::ROLE_HEARING_BODY, "", kEnghaven);

  std::vector<v1::Task> tasks = TasksOf(enghaven);
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0].kind(), v1::TASK_RESPOND_TO_HEARING);
  EXPECT_EQ(tasks[0].subject(), hearing);
  EXPECT_EQ(tasks[0].proposal(), proposal);
  EXPECT_EQ(FromProto(tasks[0].due()), At(2022, 10, 15, 12));
  // HMU is invited too; the other proposal is in no hearing.
  std::vector<std::string> hmu;
  for (const v1::Task& t : TasksOf(who_.hmu)) {
    if (t.kind() == v1::TASK_RESPOND_TO_HEARING) hmu.push_back(t.proposal());
  }
  EXPECT_THAT(hmu, ElementsAre(proposal));
  EXPECT_THAT(hmu, ::testing::Not(::testing::Contains(other)));

  Ok(Respond(enghaven, hearing, proposal, kEnghaven));
  EXPECT_THAT(TasksOf(enghaven), IsEmpty());
  // Past the deadline HMU can no longer respond: the task is gone.
  clock_.Set(At(2022, 10, 15, 12));
  EXPECT_THAT(Kinds(TasksOf(who_.hmu)),
              ::testing::Not(::testing::Contains(v1::TASK_RESPOND_TO_HEARING)));
}

TEST_F(TasksTest, HmuSeesItsDialogueMeetingsUntilTheyAreHeld) {
  std::vector<v1::Task> tasks = TasksOf(who_.hmu);
  ASSERT_EQ(tasks.size(), 2u);
  EXPECT_THAT(Kinds(tasks), ElementsAre(v1::TASK_DIALOGUE_MEETING, v1::TASK_DIALOGUE_MEETING));
  EXPECT_THAT(Milestones(tasks),
              ElementsAre(v1::MILESTONE_HMU_DIALOGUE_APRIL, v1::MILESTONE_BUDGET_SEMINAR));
  EXPECT_EQ(FromProto(tasks[0].due()), AtDk(2023, 4, 15));
  EXPECT_EQ(FromProto(tasks[1].due()), AtDk(2023, 8, 24));
  RecordMeeting(v1::MEETING_HMU_DIALOGUE_APRIL, MakeDate(2023, 4, 14));
  EXPECT_THAT(Milestones(TasksOf(who_.hmu)), ElementsAre(v1::MILESTONE_BUDGET_SEMINAR));
  RecordMeeting(v1::MEETING_HMU_DIALOGUE_AUGUST, MakeDate(2023, 8, 24));
  EXPECT_THAT(TasksOf(who_.hmu), IsEmpty());
}

TEST_F(TasksTest, QuestionsWaitForTheirAnswerWithTheSubmitterAndTheCoordinator) {
  const std::string proposal = Submit("Færre pladser på forsorgshjemmet", {kSocial}, 6'000'000);
  const std::string theme =
      RecordMeeting(v1::MEETING_THEME_NOVEMBER, MakeDate(2022, 11, 15), {proposal});
  v1::AskQuestionRequest q;
  q.set_proposal(proposal);
  q.set_meeting(theme);
  q.set_text("Hvor skal borgerne så bo?");
  const std::string question =
      Ok(Make(who_.council, &Command::mutable_ask_question, q)).question().name();

  std::vector<v1::Task> mine = TasksOf(who_.case_worker);
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].kind(), v1::TASK_ANSWER_QUESTION);
  EXPECT_EQ(mine[0].subject(), question);
  EXPECT_EQ(mine[0].proposal(), proposal);
  EXPECT_FALSE(mine[0].has_due());
  // Another case worker did not submit it.
  EXPECT_THAT(TasksOf(MakePrincipal("users/bo", v1::ROLE_CASE_WORKER)), IsEmpty());
  EXPECT_THAT(Kinds(TasksOf(who_.coordinator)), ::testing::Contains(v1::TASK_ANSWER_QUESTION));

  v1::AnswerQuestionRequest a;
  a.set_question(question);
  a.set_answer("I de nye bofællesskaber.");
  Ok(Make(who_.case_worker, &Command::mutable_answer_question, a));
  EXPECT_THAT(TasksOf(who_.case_worker), IsEmpty());
  EXPECT_THAT(Kinds(TasksOf(who_.coordinator)),
              ::testing::Not(::testing::Contains(v1::TASK_ANSWER_QUESTION)));
}

TEST_F(TasksTest, TheCoordinatorSeesEveryMilestoneNotPassedAndTheCouncilItsMeetings) {
  // On 2022-09-15 the strategy is decided and the work started: 17 to go.
  std::vector<v1::Task> coordinator = TasksOf(who_.coordinator);
  ASSERT_EQ(coordinator.size(), 17u);
  EXPECT_EQ(coordinator[0].milestone(), v1::MILESTONE_CROSS_CUTTING_DISCUSSION);
  EXPECT_EQ(FromProto(coordinator[0].due()), AtDk(2022, 11, 1));
  EXPECT_EQ(coordinator.back().milestone(), v1::MILESTONE_SECOND_READING_COUNCIL);

  // Byrådet's meetings, and ØK's.
  std::vector<v1::Task> council = TasksOf(who_.council);
  EXPECT_THAT(Milestones(council),
              ElementsAre(v1::MILESTONE_THEME_MEETING_NOVEMBER,
                          v1::MILESTONE_THEME_MEETING_FEBRUARY, v1::MILESTONE_HMU_DIALOGUE_APRIL,
                          v1::MILESTONE_SELECTION_APPROVED, v1::MILESTONE_FIRST_READING_COUNCIL,
                          v1::MILESTONE_BUDGET_SEMINAR, v1::MILESTONE_SECOND_READING_COUNCIL));
  EXPECT_THAT(
      Milestones(TasksOf(who_.finance_committee)),
      ElementsAre(v1::MILESTONE_EXPANSION_PROCESS_DECIDED, v1::MILESTONE_SELECTION_APPROVED,
                  v1::MILESTONE_LAW_PROGRAMME, v1::MILESTONE_FIRST_READING_FINANCE_COMMITTEE,
                  v1::MILESTONE_SECOND_READING_FINANCE_COMMITTEE));

  // Done: reached early, or its time passed.
  v1::ReachMilestoneRequest reach;
  reach.set_round(kRound);
  reach.set_kind(v1::MILESTONE_CROSS_CUTTING_DISCUSSION);
  Ok(Make(who_.coordinator, &Command::mutable_reach_milestone, reach));
  EXPECT_EQ(TasksOf(who_.coordinator).size(), 16u);
  clock_.Set(AtDk(2022, 11, 15) - absl::Seconds(1));
  EXPECT_EQ(TasksOf(who_.council).size(), 7u);
  clock_.Set(AtDk(2022, 11, 15));
  EXPECT_EQ(TasksOf(who_.council).size(), 6u);
}

TEST_F(TasksTest, AnAuditorHasNoTasksAndAnUnknownRoundIsNotFound) {
  EXPECT_THAT(TasksOf(who_.auditor), IsEmpty());
  v1::ListMyTasksRequest r;
  r.set_round("rounds/1999");
  auto out = processor_->Read(
      [&](const State& s, absl::Time now) { return ListMyTasks(s, r, who_.social, now); });
  EXPECT_EQ(out.status().code(), absl::StatusCode::kNotFound);
  // Without a round: every round not adopted.
  EXPECT_EQ(TasksOf(who_.coordinator, "").size(), 17u);
}

}  // namespace
}  // namespace budget::testing
