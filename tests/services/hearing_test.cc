// Rules 7–9: hearings before deciding, HMU's part, theme meetings.
#include "services/domain/hearings.h"
#include "services/domain/views.h"
#include "tests/services/harness.h"

namespace budget::testing {
namespace {

using ::testing::HasSubstr;

class HearingTest : public Harness {
 protected:
  void SetUp() override {
    CreateStrategyRound(Settings());
    v1::ProposalContent c =
        Content("Bofællesskabet Enghaven lægges sammen med Solbakken", {kSocial}, 3'000'000);
    c.add_workplaces(kEnghaven);
    c.add_centres(kHandicapCentre);
    proposal_ = Submit(c);
    enghaven_ = MakePrincipal("bodies/enghaven", v1::ROLE_HEARING_BODY, "", kEnghaven);
    user_group_ =
        MakePrincipal("bodies/brugerraad", v1::ROLE_HEARING_BODY, "", "bodies/brugerraad-handicap");
  }

  // The round's settings; the template's defaults unless a fixture says.
  virtual std::optional<v1::RoundSettings> Settings() { return std::nullopt; }

  std::string Open(absl::Time deadline, std::vector<std::string> proposals = {}) {
    return Ok(OpenCommand(who_.coordinator, deadline, std::move(proposals))).hearing().name();
  }
  Command OpenCommand(const v1::Principal& who, absl::Time deadline,
                      std::vector<std::string> proposals = {}, bool spring = true) {
    v1::OpenHearingRequest r;
    r.set_round(kRound);
    r.set_title("Forårets høring");
    r.set_spring(spring);
    if (proposals.empty()) proposals = {proposal_};
    for (auto& p : proposals) r.add_proposals(p);
    auto* hmu = r.add_bodies();
    hmu->set_name("bodies/hmu");
    hmu->set_kind(v1::BODY_HMU);
    hmu->set_display_name("MED-Hovedudvalget");
    auto* users = r.add_bodies();
    users->set_name("bodies/brugerraad-handicap");
    users->set_kind(v1::BODY_USER_GROUP);
    users->set_display_name("Brugerrådet for handicap");
    *r.mutable_deadline() = ToProto(deadline);
    return Make(who, &Command::mutable_open_hearing, r);
  }
  Command Respond(const v1::Principal& who, const std::string& hearing, const std::string& body,
                  v1::Stance stance, const std::string& text, bool amend = false) {
    v1::SubmitResponseRequest r;
    r.set_hearing(hearing);
    r.set_proposal(proposal_);
    r.set_body(body);
    r.set_stance(stance);
    r.set_text(text);
    return amend ? Make(who, &Command::mutable_amend_response, r)
                 : Make(who, &Command::mutable_submit_response, r);
  }
  Command Claim() {
    v1::ClaimProposalRequest r;
    r.set_proposal(proposal_);
    r.set_committee(kSocial);
    return Make(who_.social, &Command::mutable_claim_proposal, r);
  }
  v1::Proposal View() {
    v1::GetProposalRequest r;
    r.set_name(proposal_);
    return *processor_->Read(
        [&](const State& s, absl::Time now) { return GetProposal(s, r, now); });
  }
  // A hearing until `deadline` in which the workplace responded on version
  // 1; the proposal then amended to version 2.
  std::string HeardThenAmended(absl::Time deadline) {
    const std::string hearing = Open(deadline);
    Ok(Respond(enghaven_, hearing, kEnghaven, v1::STANCE_OBJECTS, "Svar på version 1"));
    v1::AmendProposalRequest a;
    a.set_name(proposal_);
    a.set_expected_version(1);
    a.mutable_content()->set_title("Enghaven og Solbakken deler ledelse");
    a.mutable_update_mask()->add_paths("title");
    Ok(Make(who_.case_worker, &Command::mutable_amend_proposal, a));
    return hearing;
  }
  Command DecideRehearing(const std::string& hearing, v1::RehearingDecision decision,
                          const std::string& reason) {
    v1::DecideRehearingRequest d;
    d.set_hearing(hearing);
    d.set_proposal(proposal_);
    d.set_decision(decision);
    d.set_reason(reason);
    return Make(who_.coordinator, &Command::mutable_decide_rehearing, d);
  }
  const v1::BodyHearingStatus* StatusFor(const v1::Proposal& p, absl::string_view body) {
    for (const auto& s : p.hearing_status()) {
      if (s.body() == body) return &s;
    }
    return nullptr;
  }

  std::string proposal_;
  v1::Principal enghaven_, user_group_;
};

TEST_F(HearingTest, Rule7ClaimRefusedUntilTheWorkplaceIsHeard_ThenAllowedAfterItsResponse) {
  clock_.Set(CatalogueDeadline());  // the committees choose from April
  absl::Status s = Refusal(Claim(), absl::StatusCode::kFailedPrecondition,
                           "rule 7 (hear before deciding): Expected " + std::string(kEnghaven) +
                               " to be heard before the case is handled, but it was never invited");
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "RULE_7_HEAR_BEFORE_DECIDING");
  std::string hearing = Open(At(2023, 4, 15));
  // The workplace was invited automatically, with HMU and the user group.
  v1::Proposal p = View();
  ASSERT_EQ(p.hearing_status_size(), 3);
  EXPECT_EQ(StatusFor(p, kEnghaven)->state(), v1::BODY_INVITED);
  EXPECT_EQ(StatusFor(p, kEnghaven)->kind(), v1::BODY_WORKPLACE);
  Refused(Claim(), absl::StatusCode::kFailedPrecondition,
          "has not responded and no hearing deadline it was invited to has passed");
  Ok(Respond(enghaven_, hearing, kEnghaven, v1::STANCE_OBJECTS,
             "Vi frygter for beboernes trivsel."));
  EXPECT_EQ(StatusFor(View(), kEnghaven)->state(), v1::BODY_RESPONDED);
  EXPECT_EQ(StatusFor(View(), kEnghaven)->stance(), v1::STANCE_OBJECTS);
  Ok(Claim());
}

TEST_F(HearingTest, Rule7HeardOnceTheDeadlinePassed_OneSecondBeforeAndAfter) {
  const absl::Time deadline = At(2023, 4, 15, 12);
  Open(deadline);
  clock_.Set(deadline - absl::Seconds(1));
  Refused(Claim(), absl::StatusCode::kFailedPrecondition, "rule 7");
  clock_.Set(deadline);
  EXPECT_EQ(StatusFor(View(), kEnghaven)->state(), v1::BODY_DEADLINE_PASSED);
  Ok(Claim());
}

Command SelectCommand(const v1::Principal& council, const std::string& proposal,
                      const std::string& not_heard_reason = "") {
  v1::SelectFromPoolRequest r;
  r.set_proposal(proposal);
  r.set_not_heard_reason(not_heard_reason);
  return Make(council, &Command::mutable_select_from_pool, r);
}

// 004's setting (SELECTION_HEARING_FLAGGED): the council may select before
// the workplace is heard, with its reason, and the proposal shows it.
TEST_F(HearingTest, Rule7ForTheCouncilsSelectionIsAVisibleFlagWithAReason) {
  clock_.Set(ProposalsPresented() + absl::Hours(1));
  Tick();
  absl::Status s = Refusal(SelectCommand(who_.finance_committee, proposal_),
                           absl::StatusCode::kFailedPrecondition,
                           "rule 7 (hear before deciding): Expected every workplace to be heard, "
                           "or the council's reason (not_heard_reason) for selecting before, but " +
                               std::string(kEnghaven) + " is not heard");
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "RULE_7_HEAR_BEFORE_DECIDING");
  Ok(SelectCommand(who_.finance_committee, proposal_,
                   "Høringen når ikke at slutte før 1. behandling"));
  v1::Proposal p = View();
  EXPECT_TRUE(p.selected());
  EXPECT_THAT(p.not_heard().workplaces(), ::testing::ElementsAre(kEnghaven));
  EXPECT_EQ(p.not_heard().reason(), "Høringen når ikke at slutte før 1. behandling");
  // Deselected, the flag goes; selected again once heard, there is none.
  v1::DeselectFromPoolRequest d;
  d.set_proposal(proposal_);
  Ok(Make(who_.finance_committee, &Command::mutable_deselect_from_pool, d));
  EXPECT_FALSE(View().has_not_heard());
  const std::string hearing = Open(ProposalsPresented() + absl::Hours(48));
  Ok(Respond(enghaven_, hearing, kEnghaven, v1::STANCE_OBJECTS, "Vi er imod"));
  Ok(SelectCommand(who_.finance_committee, proposal_));
  EXPECT_FALSE(View().has_not_heard());
}

// Slagelse's setting (003 "skal altid høres"): the selection waits for the hearing.
class RequiredHearingTest : public HearingTest {
 protected:
  std::optional<v1::RoundSettings> Settings() override {
    v1::RoundSettings s;
    s.set_selection_hearing(v1::SELECTION_HEARING_REQUIRED);
    return s;
  }
};

TEST_F(RequiredHearingTest, Rule7BindsTheCouncilsSelectionWhateverTheReason) {
  clock_.Set(ProposalsPresented() + absl::Hours(1));
  Tick();
  Refused(SelectCommand(who_.finance_committee, proposal_, "Vi har travlt"),
          absl::StatusCode::kFailedPrecondition,
          "rule 7 (hear before deciding): Expected " + std::string(kEnghaven) +
              " to be heard before the case is handled");
}

// 004: "Den traditionelle høringsproces, hvor udvalgene hører relevante
// parter i løbet af forårets budgetproces gennemføres uændret".
TEST_F(HearingTest, ACommitteeOpensTheSpringHearingOfItsOwnProposalsOnly) {
  const std::string cross = Submit("Fælles kørselsordning", {kSocial, kChildren}, 1'000'000);
  Refused(OpenCommand(who_.children, At(2023, 4, 15)), absl::StatusCode::kPermissionDenied,
          "users/bu may not open a hearing on " + proposal_ + ": it is not within " +
              std::string(kChildren) + "'s own area");
  Refused(OpenCommand(who_.social, At(2023, 4, 15), {cross}), absl::StatusCode::kPermissionDenied,
          "is not within");
  Refused(OpenCommand(who_.social, At(2023, 4, 15), {}, /*spring=*/false),
          absl::StatusCode::kPermissionDenied, "may open only the spring hearing");
  v1::CommandResponse opened = Ok(OpenCommand(who_.social, At(2023, 4, 15)));
  EXPECT_EQ(opened.hearing().opened_by(), "users/soc");
  EXPECT_TRUE(opened.hearing().spring());
}

TEST_F(HearingTest, ResponsesAreRefusedAfterTheDeadlineAndAfterClosing) {
  const absl::Time deadline = At(2022, 10, 15, 12);
  std::string hearing = Open(deadline);
  clock_.Set(deadline);
  absl::Status s =
      Refusal(Respond(enghaven_, hearing, kEnghaven, v1::STANCE_SUPPORTS, "Sent svar"),
              absl::StatusCode::kFailedPrecondition,
              "Expected a response before the deadline, but the deadline 2022-10-15 12:00:00 UTC "
              "has passed");
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "HEARING_DEADLINE");

  clock_.Set(At(2022, 11, 1));
  std::string second = Open(At(2022, 12, 1));
  v1::CloseHearingRequest close;
  close.set_hearing(second);
  close.set_reason("Forslaget er omformuleret");
  v1::CommandResponse closed = Ok(Make(who_.coordinator, &Command::mutable_close_hearing, close));
  EXPECT_EQ(closed.hearing().state(), v1::HEARING_CLOSED);
  Refused(Respond(enghaven_, second, kEnghaven, v1::STANCE_SUPPORTS, "Svar"),
          absl::StatusCode::kFailedPrecondition,
          "was closed on 2022-11-01 00:00:00 UTC: Forslaget er omformuleret");
  Refused(Make(who_.coordinator, &Command::mutable_close_hearing, close),
          absl::StatusCode::kFailedPrecondition, "already closed");
}

TEST_F(HearingTest, ABodyRespondsOnceForItselfAndAmendsKeepingEveryVersion) {
  std::string hearing = Open(At(2022, 10, 15));
  Refused(Respond(user_group_, hearing, kEnghaven, v1::STANCE_SUPPORTS, "Vi svarer for Enghaven"),
          absl::StatusCode::kPermissionDenied, "a body responds only for itself");
  Refused(Respond(enghaven_, hearing, "bodies/ukendt", v1::STANCE_SUPPORTS, "Ikke inviteret"),
          absl::StatusCode::kFailedPrecondition, "bodies/ukendt was not invited");
  Ok(Respond(enghaven_, hearing, kEnghaven, v1::STANCE_OBJECTS, "Første svar"));
  Refused(Respond(enghaven_, hearing, kEnghaven, v1::STANCE_OBJECTS, "Igen"),
          absl::StatusCode::kAlreadyExists, "amend it with AmendResponse");
  Refused(
      Respond(user_group_, hearing, "bodies/brugerraad-handicap", v1::STANCE_SUPPORTS, "x", true),
      absl::StatusCode::kFailedPrecondition, "to amend, but there is none");
  v1::CommandResponse amended =
      Ok(Respond(enghaven_, hearing, kEnghaven, v1::STANCE_NO_COMMENT, "", /*amend=*/true));
  ASSERT_EQ(amended.hearing().responses_size(), 1);
  const v1::Response& r = amended.hearing().responses(0);
  ASSERT_EQ(r.versions_size(), 2);
  EXPECT_EQ(r.versions(0).text(), "Første svar");
  EXPECT_EQ(r.versions(0).stance(), v1::STANCE_OBJECTS);
  EXPECT_EQ(r.versions(1).version(), 2);
  EXPECT_EQ(r.versions(1).stance(), v1::STANCE_NO_COMMENT);
  EXPECT_EQ(r.versions(1).submitted_by(), "bodies/enghaven");
  // HMU responds as bodies/hmu; the coordinator may record a paper response.
  Ok(Respond(who_.hmu, hearing, "bodies/hmu", v1::STANCE_SUPPORTS, "HMU bakker op"));
  Ok(Respond(who_.coordinator, hearing, "bodies/brugerraad-handicap", v1::STANCE_OBJECTS,
             "Brev modtaget"));
  Refused(Respond(enghaven_, hearing, kEnghaven, v1::STANCE_UNSPECIFIED, "Uden holdning", true),
          absl::StatusCode::kInvalidArgument, "invalid stance");
}

TEST_F(HearingTest, AmendingAfterTheHearingMarksItAsConcerningAnOlderVersion) {
  std::string hearing = Open(At(2022, 10, 15));
  Ok(Respond(enghaven_, hearing, kEnghaven, v1::STANCE_OBJECTS, "Svar på version 1"));
  EXPECT_FALSE(StatusFor(View(), kEnghaven)->concerns_older_version());
  v1::AmendProposalRequest a;
  a.set_name(proposal_);
  a.set_expected_version(1);
  a.mutable_content()->set_full_implementation_kr(2'000'000);
  a.mutable_update_mask()->add_paths("full_implementation_kr");
  Ok(Make(who_.case_worker, &Command::mutable_amend_proposal, a));
  const v1::Proposal p = View();
  EXPECT_TRUE(StatusFor(p, kEnghaven)->concerns_older_version());
  EXPECT_EQ(StatusFor(p, kEnghaven)->heard_on_version(), 1);

  Ok(DecideRehearing(hearing, v1::REHEARING_NOT_NEEDED,
                     "Kun beløbet er justeret; konsekvenserne er de samme"));
  EXPECT_FALSE(StatusFor(View(), kEnghaven)->concerns_older_version());
  EXPECT_EQ(StatusFor(View(), kEnghaven)->rehearing(), v1::REHEARING_NOT_NEEDED);

  Ok(DecideRehearing(hearing, v1::REHEARING_NEEDED, "Ny vurdering"));
  EXPECT_EQ(StatusFor(View(), kEnghaven)->rehearing(), v1::REHEARING_NEEDED);
}

TEST_F(HearingTest, Rule7ARecordedRehearingBlocksHandlingUntilAResponseOnTheCurrentVersion) {
  clock_.Set(CatalogueDeadline());
  const absl::Time deadline = At(2023, 4, 15);
  const std::string hearing = HeardThenAmended(deadline);
  Ok(DecideRehearing(hearing, v1::REHEARING_NEEDED,
                     "Et andet forslag end det, Enghaven svarede på"));
  absl::Status s = Refusal(Claim(), absl::StatusCode::kFailedPrecondition,
                           "rule 7 (hear before deciding): Expected " + std::string(kEnghaven) +
                               " to be heard again on version 2 before the case is handled");
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "RULE_7_HEAR_BEFORE_DECIDING");
  // The deadline of the hearing on version 1 passing is no hearing on version 2.
  clock_.Set(deadline);
  Refused(Claim(), absl::StatusCode::kFailedPrecondition, "heard again on version 2");
  // A new hearing, and the workplace's response on the current version.
  std::string again = Open(At(2023, 4, 25));
  Refused(Claim(), absl::StatusCode::kFailedPrecondition, "heard again on version 2");
  Ok(Respond(enghaven_, again, kEnghaven, v1::STANCE_OBJECTS, "Svar på version 2"));
  Ok(Claim());
}

TEST_F(HearingTest, Rule7ARehearingNeededThenNotNeededNoLongerBlocks) {
  clock_.Set(CatalogueDeadline());
  const std::string hearing = HeardThenAmended(At(2023, 4, 15));
  Ok(DecideRehearing(hearing, v1::REHEARING_NEEDED, "Ny vurdering"));
  Refused(Claim(), absl::StatusCode::kFailedPrecondition, "heard again on version 2");
  // The coordinator's later decision replaces the earlier one.
  Ok(DecideRehearing(hearing, v1::REHEARING_NOT_NEEDED, "Beløbet alene er ændret"));
  Ok(Claim());
}

TEST_F(HearingTest, OpeningValidatesDeadlineProposalsAndBodies) {
  v1::OpenHearingRequest r;
  r.set_round(kRound);
  r.set_title("Høring");
  r.add_proposals(proposal_);
  *r.mutable_deadline() = ToProto(clock_.Now() - absl::Hours(1));
  Refused(Make(who_.coordinator, &Command::mutable_open_hearing, r),
          absl::StatusCode::kInvalidArgument, "invalid deadline: must be after now");
  *r.mutable_deadline() = ToProto(clock_.Now() + absl::Hours(1));
  auto* body = r.add_bodies();
  body->set_name("hmu");
  body->set_kind(v1::BODY_HMU);
  Refused(Make(who_.coordinator, &Command::mutable_open_hearing, r),
          absl::StatusCode::kInvalidArgument, "invalid bodies[0].name");
  body->set_name("rounds/2024/workplaces/ukendt");
  body->set_kind(v1::BODY_WORKPLACE);
  Refused(Make(who_.coordinator, &Command::mutable_open_hearing, r), absl::StatusCode::kNotFound,
          "workplace rounds/2024/workplaces/ukendt");
  r.clear_bodies();
  r.set_proposals(0, "rounds/2024/proposals/P-0099");
  Refused(Make(who_.coordinator, &Command::mutable_open_hearing, r), absl::StatusCode::kNotFound,
          "P-0099");
}

TEST_F(HearingTest, ListHearingsShowsStateAndFiltersByProposal) {
  std::string other = Submit("Andet forslag", {kChildren}, 1'000'000);
  Open(At(2022, 10, 1));
  Open(At(2022, 12, 1), {other});
  clock_.Set(At(2022, 10, 2));
  v1::ListHearingsRequest r;
  r.set_round(kRound);
  auto all =
      processor_->Read([&](const State& s, absl::Time now) { return ListHearings(s, r, now); });
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->hearings_size(), 2);
  EXPECT_EQ(all->hearings(0).state(), v1::HEARING_DEADLINE_PASSED);
  EXPECT_EQ(all->hearings(1).state(), v1::HEARING_OPEN);
  r.set_proposal(other);
  auto filtered =
      processor_->Read([&](const State& s, absl::Time now) { return ListHearings(s, r, now); });
  ASSERT_EQ(filtered->hearings_size(), 1);
  EXPECT_EQ(filtered->hearings(0).name(), "rounds/2024/hearings/H-0002");
}

TEST_F(HearingTest, Rule8HmuIsInformedSubmitsAndMeetsTheCouncilInApril) {
  v1::InformBodyRequest inform;
  inform.set_round(kRound);
  inform.set_body("bodies/hmu");
  inform.set_what("Budgetstrategi 2024 og kommissorium for omprioriteringer");
  Ok(Make(who_.coordinator, &Command::mutable_inform_body, inform));
  v1::ProposalContent c = Content("Fælles vikarkorps", {kSocial, kChildren}, 2'000'000);
  c.set_submitter_kind(v1::SUBMITTER_HMU);
  v1::SubmitProposalRequest submit;
  submit.set_parent(kRound);
  *submit.mutable_content() = c;
  Ok(Make(who_.hmu, &Command::mutable_submit_proposal, submit));

  clock_.Set(ProposalsPresented() + absl::Hours(1));
  Tick();
  absl::Status s =
      Refusal(RecommendCommand(MakeDate(2023, 5, 24)), absl::StatusCode::kFailedPrecondition,
              "rule 8 (HMU takes part): Expected the April dialogue meeting");
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "RULE_8_HMU_TAKES_PART");
  RecordMeeting(v1::MEETING_HMU_DIALOGUE_APRIL, MakeDate(2023, 4, 20));
  Ok(RecommendCommand(MakeDate(2023, 5, 24)));
  Ok(ApproveCommand(MakeDate(2023, 5, 31)));

  v1::ListMeetingsRequest list;
  list.set_round(kRound);
  auto meetings = processor_->Read(
      [&](const State& st, absl::Time now) { return ListMeetings(st, list, now); });
  ASSERT_EQ(meetings->informed_size(), 1);
  EXPECT_EQ(meetings->informed(0).body(), "bodies/hmu");
  EXPECT_EQ(meetings->meetings(0).kind(), v1::MEETING_HMU_DIALOGUE_APRIL);
}

TEST_F(HearingTest, Rule8OnlyTheCouncilWaivesItsAprilMeetingWithAReason) {
  clock_.Set(ProposalsPresented() + absl::Hours(1));
  Tick();
  v1::WaiveRequirementRequest w;
  w.set_round(kRound);
  w.set_requirement(v1::REQUIREMENT_HMU_DIALOGUE_APRIL);
  w.set_reason("Mødet blev aflyst; HMU er hørt skriftligt");
  absl::Status s = Refusal(Make(who_.coordinator, &Command::mutable_waive_requirement, w),
                           absl::StatusCode::kFailedPrecondition,
                           "rule 8 (HMU takes part): Expected the council to decide on its own "
                           "dialogue meeting with HMU");
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "RULE_8_HMU_TAKES_PART");
  Ok(Make(who_.council, &Command::mutable_waive_requirement, w));
  Ok(RecommendCommand(MakeDate(2023, 5, 24)));
}

// 004: theme meetings in November and February, the dialogue with HMU in
// April (before the selection) and August.
TEST_F(HearingTest, MeetingsAreDatedWithinTheirWindows) {
  auto record = [&](v1::MeetingKind kind, v1::Date date) {
    v1::RecordMeetingRequest r;
    r.set_round(kRound);
    r.set_kind(kind);
    *r.mutable_date() = date;
    return Make(who_.coordinator, &Command::mutable_record_meeting, r);
  };
  absl::Status s = Refusal(record(v1::MEETING_THEME_NOVEMBER, MakeDate(2023, 11, 15)),
                           absl::StatusCode::kFailedPrecondition,
                           "rule 9 (theme meetings): Expected MEETING_THEME_NOVEMBER in 2022-11 "
                           "(004's timetable for budget 2024), but it is dated 2023-11-15");
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "RULE_9_THEME_MEETINGS");
  Refused(record(v1::MEETING_HMU_DIALOGUE_APRIL, MakeDate(2023, 5, 2)),
          absl::StatusCode::kFailedPrecondition,
          "rule 8 (HMU takes part): Expected MEETING_HMU_DIALOGUE_APRIL in 2023-04");
  Refused(record(v1::MEETING_HMU_DIALOGUE_AUGUST, MakeDate(2023, 9, 1)),
          absl::StatusCode::kFailedPrecondition, "in 2023-08");
  Ok(record(v1::MEETING_THEME_NOVEMBER, MakeDate(2022, 11, 30)));
  Ok(record(v1::MEETING_HMU_DIALOGUE_APRIL, MakeDate(2023, 4, 1)));
  // Once the selection is approved, an April dialogue comes too late.
  clock_.Set(ProposalsPresented() + absl::Hours(1));
  Tick();
  Ok(RecommendCommand(MakeDate(2023, 5, 24)));
  Refused(record(v1::MEETING_HMU_DIALOGUE_APRIL, MakeDate(2023, 4, 28)),
          absl::StatusCode::kFailedPrecondition,
          "Expected the April dialogue with HMU before the selection, but ØK recommended the "
          "selection on 2023-05-24");
}

TEST_F(HearingTest, Rule9QuestionsComeFromThemeMeetingsAndAnswersJoinTheProposal) {
  std::string other = Submit("Færre kontrolbesøg", {kTechnical}, 500'000);
  std::string theme =
      RecordMeeting(v1::MEETING_THEME_NOVEMBER, MakeDate(2022, 11, 15), {proposal_});
  std::string dialogue =
      RecordMeeting(v1::MEETING_HMU_DIALOGUE_APRIL, MakeDate(2023, 4, 20), {proposal_});
  auto ask = [&](const std::string& proposal, const std::string& meeting) {
    v1::AskQuestionRequest q;
    q.set_proposal(proposal);
    q.set_meeting(meeting);
    q.set_text("Hvad betyder forslaget for beboernes pårørende?");
    return Make(who_.council, &Command::mutable_ask_question, q);
  };
  absl::Status s = Refusal(ask(other, theme), absl::StatusCode::kFailedPrecondition,
                           "rule 9 (theme meetings): Expected a proposal shown at " + theme);
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "RULE_9_THEME_MEETINGS");
  Refused(ask(proposal_, dialogue), absl::StatusCode::kFailedPrecondition,
          "Expected a question from a theme meeting");
  v1::CommandResponse asked = Ok(ask(proposal_, theme));
  const std::string question = asked.question().name();
  EXPECT_EQ(question, "rounds/2024/questions/Q-0001");

  v1::AnswerQuestionRequest a;
  a.set_question(question);
  a.set_answer("Pårørende inddrages i en overgangsplan.");
  v1::CommandResponse answered = Ok(Make(who_.case_worker, &Command::mutable_answer_question, a));
  EXPECT_EQ(answered.question().answered_by(), "users/anna");
  Refused(Make(who_.case_worker, &Command::mutable_answer_question, a),
          absl::StatusCode::kFailedPrecondition, "answered it on");
  v1::Proposal p = View();
  ASSERT_EQ(p.questions_size(), 1);
  EXPECT_EQ(p.questions(0).answer(), "Pårørende inddrages i en overgangsplan.");
  EXPECT_EQ(p.questions(0).asked_by(), "users/byraad");
}

TEST_F(HearingTest, HearingsMeetingsAndQuestionsReplayToTheSameState) {
  std::string hearing = Open(At(2022, 10, 15));
  Ok(Respond(enghaven_, hearing, kEnghaven, v1::STANCE_OBJECTS, "Svar"));
  std::string theme =
      RecordMeeting(v1::MEETING_THEME_NOVEMBER, MakeDate(2022, 11, 15), {proposal_});
  v1::AskQuestionRequest q;
  q.set_proposal(proposal_);
  q.set_meeting(theme);
  q.set_text("Spørgsmål");
  Ok(Make(who_.council, &Command::mutable_ask_question, q));
  State before = Published();
  Restart(/*from_zero=*/true);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(before, Published()));
}

}  // namespace
}  // namespace budget::testing
