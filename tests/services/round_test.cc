// RoundService through the single writer: rounds, organisation, timeline, gates.
#include "services/domain/timeline.h"
#include "services/domain/views.h"
#include "tests/services/harness.h"

namespace budget::testing {
namespace {

using ::testing::HasSubstr;

class RoundTest : public Harness {
 protected:
  v1::Round GetRound() {
    v1::GetRoundRequest r;
    r.set_name(kRound);
    auto round = processor_->Read(
        [&](const State& s, absl::Time now) { return budget::GetRound(s, r, now); });
    EXPECT_TRUE(round.ok()) << round.status();
    return round.ok() ? *round : v1::Round();
  }
  // Round "naestved-{year}" from STRATEGY_2024.
  v1::CommandResponse CreateNaestved(int year) {
    v1::CreateRoundRequest r;
    r.set_round_id(absl::StrCat("naestved-", year));
    r.set_municipality("Næstved Kommune");
    r.set_budget_year(year);
    r.set_template_(v1::ROUND_TEMPLATE_STRATEGY_2024);
    return Ok(Make(who_.coordinator, &Command::mutable_create_round, r));
  }
  // The round's gate as readers see it; the write path's IsGateOpen must agree.
  bool GateOpen(v1::Gate gate) {
    const v1::Round round = GetRound();
    for (const auto& g : round.gates()) {
      if (g.gate() != gate) continue;
      EXPECT_EQ(IsGateOpen(round, gate, clock_.Now()), g.open()) << v1::Gate_Name(gate);
      return g.open();
    }
    return false;
  }
};

TEST_F(RoundTest, CreateRoundWithStrategy2024FillsTheSeedTimeline) {
  CreateStrategyRound();
  v1::Round round = GetRound();
  EXPECT_EQ(round.municipality(), "Næstved Kommune");
  EXPECT_EQ(round.period_first_year(), 2024);
  EXPECT_EQ(round.period_last_year(), 2027);
  EXPECT_EQ(round.targets().catalogue_total_kr(), 110'000'000);
  EXPECT_EQ(round.targets().raaderum_kr(), 45'000'000);
  EXPECT_EQ(round.committees_size(), 3);
  EXPECT_EQ(round.committees(0).shortfall_kr(), 10'000'000);
  EXPECT_EQ(round.centres_size(), 3);
  EXPECT_EQ(round.workplaces_size(), 2);
  EXPECT_EQ(round.created_by(), "users/cko");
  ASSERT_EQ(round.milestones_size(), 19);
  // Slagelse's early-June deadline (000, goal 12) is not Næstved's.
  EXPECT_EQ(FindMilestone(round, v1::MILESTONE_POLITICAL_PROPOSALS_DEADLINE), nullptr);
  // The template's default settings are recorded with the round.
  EXPECT_EQ(round.settings().claim_margin_kr(), 0);
  auto planned = [&](v1::MilestoneKind k) {
    return FromProto(FindMilestone(round, k)->planned_at());
  };
  // 004 "Budgetseminar, 1. og 2. behandling" and "Grov tidsplan", at the
  // start of the day in Danish local time.
  EXPECT_EQ(planned(v1::MILESTONE_FIRST_READING_FINANCE_COMMITTEE), AtDk(2023, 8, 11));
  EXPECT_EQ(planned(v1::MILESTONE_FIRST_READING_COUNCIL), AtDk(2023, 8, 19));
  EXPECT_EQ(planned(v1::MILESTONE_BUDGET_SEMINAR), AtDk(2023, 8, 24));
  EXPECT_EQ(planned(v1::MILESTONE_SECOND_READING_FINANCE_COMMITTEE), AtDk(2023, 10, 2));
  EXPECT_EQ(planned(v1::MILESTONE_SECOND_READING_COUNCIL), AtDk(2023, 10, 10));
  EXPECT_EQ(planned(v1::MILESTONE_CATALOGUE_DEADLINE), AtDk(2023, 4, 1));
  EXPECT_EQ(planned(v1::MILESTONE_CLAIMS_DEADLINE), AtDk(2023, 5, 1));
  EXPECT_EQ(planned(v1::MILESTONE_WORK_STARTED), AtDk(2022, 9, 1));
  EXPECT_EQ(planned(v1::MILESTONE_THEME_MEETING_NOVEMBER), AtDk(2022, 11, 15));
  EXPECT_EQ(planned(v1::MILESTONE_THEME_MEETING_FEBRUARY), AtDk(2023, 2, 15));
}

TEST_F(RoundTest, TemplateMilestonesArePlannedInDanishLocalTime) {
  CreateStrategyRound();
  v1::Round round = GetRound();
  auto planned = [&](v1::MilestoneKind k) {
    return FromProto(FindMilestone(round, k)->planned_at());
  };
  // "April" ends at midnight in Denmark: summer time, UTC+2.
  EXPECT_EQ(planned(v1::MILESTONE_CLAIMS_DEADLINE), At(2023, 4, 30, 22));
  EXPECT_EQ(planned(v1::MILESTONE_CATALOGUE_DEADLINE), At(2023, 3, 31, 22));
  // Winter time, UTC+1.
  EXPECT_EQ(planned(v1::MILESTONE_THEME_MEETING_NOVEMBER), At(2022, 11, 14, 23));
}

TEST_F(RoundTest, TheSeedYearKeepsTheSeedDatesEvenOnASaturday) {
  CreateStrategyRound();
  v1::Round round = GetRound();
  // 004: "i Byrådet d. 19. august" 2023, a Saturday, kept as written.
  EXPECT_EQ(absl::GetWeekday(absl::CivilDay(2023, 8, 19)), absl::Weekday::saturday);
  EXPECT_EQ(FromProto(FindMilestone(round, v1::MILESTONE_FIRST_READING_COUNCIL)->planned_at()),
            AtDk(2023, 8, 19));
}

TEST_F(RoundTest, AnotherYearMovesWeekendMeetingsToTheFridayBefore) {
  v1::CommandResponse resp = CreateNaestved(2025);
  auto planned = [&](v1::MilestoneKind k) {
    return FromProto(FindMilestone(resp.round(), k)->planned_at());
  };
  // Sunday 11 August 2024 -> Friday 9 August; Saturday 24 August -> Friday 23.
  EXPECT_EQ(planned(v1::MILESTONE_FIRST_READING_FINANCE_COMMITTEE), AtDk(2024, 8, 9));
  EXPECT_EQ(planned(v1::MILESTONE_BUDGET_SEMINAR), AtDk(2024, 8, 23));
  // A weekday meeting stays (Monday 19 August 2024).
  EXPECT_EQ(planned(v1::MILESTONE_FIRST_READING_COUNCIL), AtDk(2024, 8, 19));
  // A deadline is no meeting: Sunday 1 September 2024 stays.
  EXPECT_EQ(planned(v1::MILESTONE_EXPANSION_DECISIONS_CLOSE), AtDk(2024, 9, 1));
}

TEST_F(RoundTest, TemplateShiftsToTheBudgetYear) {
  v1::CommandResponse resp = CreateNaestved(2026);
  const v1::Milestone* m = FindMilestone(resp.round(), v1::MILESTONE_SECOND_READING_COUNCIL);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(FromProto(m->planned_at()), AtDk(2025, 10, 10));
  EXPECT_EQ(resp.round().name(), "rounds/naestved-2026");
  EXPECT_EQ(resp.event_count(), 20);
}

TEST_F(RoundTest, DuplicateRoundIsAlreadyExists) {
  CreateStrategyRound();
  v1::CreateRoundRequest r;
  r.set_round_id("2024");
  r.set_municipality("Slagelse Kommune");
  r.set_budget_year(2024);
  Refused(Make(who_.coordinator, &Command::mutable_create_round, r),
          absl::StatusCode::kAlreadyExists, "round rounds/2024 already exists");
}

TEST_F(RoundTest, InvalidCreateRoundNamesEveryBadField) {
  v1::CreateRoundRequest r;
  r.set_round_id("Budget 2024");
  r.set_budget_year(1999);
  r.mutable_targets()->set_catalogue_total_kr(-1);
  r.mutable_targets()->set_cross_cutting_share_bp(10001);
  absl::Status s = Refusal(Make(who_.coordinator, &Command::mutable_create_round, r),
                           absl::StatusCode::kInvalidArgument, "invalid round_id");
  google::rpc::BadRequest bad = BadRequestOf(s);
  EXPECT_THAT(bad, HasViolation("round_id"));
  EXPECT_THAT(bad, HasViolation("municipality"));
  EXPECT_THAT(bad, HasViolation("budget_year"));
  EXPECT_THAT(bad, HasViolation("targets.catalogue_total_kr"));
  EXPECT_THAT(bad, HasViolation("targets.cross_cutting_share_bp"));
}

TEST_F(RoundTest, MissingRequestIdIsInvalid) {
  v1::CreateRoundRequest r;
  r.set_round_id("2024");
  r.set_municipality("Næstved Kommune");
  r.set_budget_year(2024);
  Command c;
  *c.mutable_actor() = who_.coordinator;
  *c.mutable_create_round() = r;
  absl::Status s =
      Refusal(c, absl::StatusCode::kInvalidArgument, "invalid request_id: is required");
  EXPECT_THAT(BadRequestOf(s), HasViolation("request_id"));
}

TEST_F(RoundTest, OrganisationMustReferToKnownUnitsOnce) {
  CreateStrategyRound();
  v1::DefineCommitteeRequest again;
  again.set_parent(kRound);
  again.set_committee_id("socialudvalget");
  again.mutable_committee()->set_display_name("Socialudvalget");
  Refused(Make(who_.coordinator, &Command::mutable_define_committee, again),
          absl::StatusCode::kAlreadyExists,
          "committee rounds/2024/committees/socialudvalget already exists");

  v1::DefineWorkplaceRequest w;
  w.set_parent(kRound);
  w.set_workplace_id("ny-skole");
  w.mutable_workplace()->set_display_name("Ny Skole");
  w.mutable_workplace()->set_centre(kSchoolCentre);
  w.mutable_workplace()->set_committee("rounds/2024/committees/kulturudvalget");
  Refused(Make(who_.coordinator, &Command::mutable_define_workplace, w),
          absl::StatusCode::kNotFound,
          "committee rounds/2024/committees/kulturudvalget (in rounds/2024) does not exist");

  v1::DefineCommitteeRequest elsewhere;
  elsewhere.set_parent("rounds/2030");
  elsewhere.set_committee_id("x");
  elsewhere.mutable_committee()->set_display_name("X");
  Refused(Make(who_.coordinator, &Command::mutable_define_committee, elsewhere),
          absl::StatusCode::kNotFound, "round rounds/2030 does not exist");

  v1::DefineCentreRequest bad_name;
  bad_name.set_parent("round/2024");
  bad_name.set_centre_id("x");
  bad_name.mutable_centre()->set_display_name("X");
  absl::Status s = Refusal(Make(who_.coordinator, &Command::mutable_define_centre, bad_name),
                           absl::StatusCode::kInvalidArgument, "invalid parent");
  EXPECT_THAT(BadRequestOf(s), HasViolation("parent"));
}

TEST_F(RoundTest, GatesFollowMilestonesAndTheClock) {
  CreateStrategyRound();
  clock_.Set(WorkStarted() - absl::Seconds(1));
  EXPECT_FALSE(GateOpen(v1::GATE_SUBMISSION));
  clock_.Set(WorkStarted());
  EXPECT_TRUE(GateOpen(v1::GATE_SUBMISSION));
  EXPECT_FALSE(GateOpen(v1::GATE_CLAIMS));
  EXPECT_FALSE(GateOpen(v1::GATE_SELECTION));
  // 004 §1: the catalogue is finished by April; then the committees choose.
  clock_.Set(CatalogueDeadline() - absl::Seconds(1));
  EXPECT_TRUE(GateOpen(v1::GATE_SUBMISSION));
  EXPECT_FALSE(GateOpen(v1::GATE_CLAIMS));
  clock_.Set(CatalogueDeadline());
  EXPECT_FALSE(GateOpen(v1::GATE_SUBMISSION));
  EXPECT_TRUE(GateOpen(v1::GATE_CLAIMS));
  clock_.Set(ClaimsDeadline());
  EXPECT_FALSE(GateOpen(v1::GATE_CLAIMS));
  clock_.Set(ProposalsPresented());
  EXPECT_TRUE(GateOpen(v1::GATE_SELECTION));
}

TEST_F(RoundTest, ReachingAMilestoneEarlyMovesTheGate) {
  CreateStrategyRound();
  v1::ReachMilestoneRequest r;
  r.set_round(kRound);
  r.set_kind(v1::MILESTONE_CATALOGUE_DEADLINE);
  v1::CommandResponse resp = Ok(Make(who_.coordinator, &Command::mutable_reach_milestone, r));
  const v1::Milestone* m = FindMilestone(resp.round(), v1::MILESTONE_CATALOGUE_DEADLINE);
  EXPECT_EQ(FromProto(m->reached_at()), clock_.Now());
  EXPECT_EQ(m->reached_by(), "users/cko");
  EXPECT_FALSE(GateOpen(v1::GATE_SUBMISSION));
  EXPECT_TRUE(GateOpen(v1::GATE_CLAIMS));
  Refused(Make(who_.coordinator, &Command::mutable_reach_milestone, r),
          absl::StatusCode::kFailedPrecondition, "users/cko marked it reached on 2022-09-15");
}

TEST_F(RoundTest, SetMilestoneReplansUntilReached) {
  CreateStrategyRound();
  v1::SetMilestoneRequest r;
  r.set_round(kRound);
  r.set_kind(v1::MILESTONE_CLAIMS_DEADLINE);
  *r.mutable_planned_at() = ToProto(At(2023, 4, 20));
  Ok(Make(who_.coordinator, &Command::mutable_set_milestone, r));
  clock_.Set(At(2023, 4, 20));
  EXPECT_FALSE(GateOpen(v1::GATE_CLAIMS));

  v1::SetMilestoneRequest missing_time;
  missing_time.set_round(kRound);
  missing_time.set_kind(v1::MILESTONE_CLAIMS_DEADLINE);
  absl::Status s = Refusal(Make(who_.coordinator, &Command::mutable_set_milestone, missing_time),
                           absl::StatusCode::kInvalidArgument, "invalid planned_at: is required");
  v1::SetMilestoneRequest bad_kind = r;
  bad_kind.set_kind(static_cast<v1::MilestoneKind>(99));
  s = Refusal(Make(who_.coordinator, &Command::mutable_set_milestone, bad_kind),
              absl::StatusCode::kInvalidArgument, "invalid kind: has unknown value 99");
}

TEST_F(RoundTest, OverrideGateOpensAndClosesWithAReason) {
  CreateStrategyRound();
  v1::OverrideGateRequest r;
  r.set_round(kRound);
  r.set_gate(v1::GATE_SUBMISSION);
  r.set_mode(v1::GATE_MODE_FORCED_CLOSED);
  r.set_reason("Kataloget er færdigt før tid");
  Ok(Make(who_.coordinator, &Command::mutable_override_gate, r));
  EXPECT_FALSE(GateOpen(v1::GATE_SUBMISSION));
  const v1::Round round = GetRound();
  for (const auto& g : round.gates()) {
    if (g.gate() == v1::GATE_SUBMISSION) {
      EXPECT_THAT(g.explanation(), HasSubstr("forced closed by users/cko"));
      EXPECT_THAT(g.explanation(), HasSubstr("Kataloget er færdigt før tid"));
    }
  }
  r.set_mode(v1::GATE_MODE_AUTOMATIC);
  Ok(Make(who_.coordinator, &Command::mutable_override_gate, r));
  EXPECT_TRUE(GateOpen(v1::GATE_SUBMISSION));

  r.set_reason("");
  Refused(Make(who_.coordinator, &Command::mutable_override_gate, r),
          absl::StatusCode::kInvalidArgument, "invalid reason: is required");
}

TEST_F(RoundTest, ListRoundsPaginates) {
  for (int i = 0; i < 5; ++i) {
    v1::CreateRoundRequest r;
    r.set_round_id(absl::StrCat("r", i));
    r.set_municipality("Slagelse Kommune");
    r.set_budget_year(2024 + i);
    Ok(Make(who_.coordinator, &Command::mutable_create_round, r));
  }
  std::vector<std::string> seen;
  v1::ListRoundsRequest req;
  req.set_page_size(2);
  for (int pages = 0; pages < 10; ++pages) {
    auto page =
        processor_->Read([&](const State& s, absl::Time now) { return ListRounds(s, req, now); });
    ASSERT_TRUE(page.ok());
    for (const auto& r : page->rounds()) seen.push_back(r.name());
    if (page->next_page_token().empty()) break;
    req.set_page_token(page->next_page_token());
  }
  EXPECT_THAT(seen, ::testing::ElementsAre("rounds/r0", "rounds/r1", "rounds/r2", "rounds/r3",
                                           "rounds/r4"));

  req.set_page_token("garbage");
  auto bad =
      processor_->Read([&](const State& s, absl::Time now) { return ListRounds(s, req, now); });
  EXPECT_TRUE(absl::IsInvalidArgument(bad.status()));
}

TEST_F(RoundTest, StateSurvivesRestart) {
  CreateStrategyRound();
  Submit("Sammenlægning af værksteder", {kSocial}, 2'000'000);
  State before = Published();
  Restart(/*from_zero=*/true);
  State after = Published();
  EXPECT_EQ(before.SerializeAsString().size(), after.SerializeAsString().size());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(before, after));
}

}  // namespace
}  // namespace budget::testing
