// Templates as data (issue 19 §5-6, issue 25 §4): Danish local time, the
// weekend rule, a missing time zone, and Slagelse's template beside
// Næstved's with its milestones, settings, economic targets and rule 12.
#include <map>

#include "services/domain/templates.h"
#include "services/domain/timeline.h"
#include "tests/services/harness.h"

namespace budget::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kSlagelse[] = "rounds/slagelse-2025";
constexpr char kSlagelseSocial[] = "rounds/slagelse-2025/committees/socialudvalget";

class TemplateTest : public Harness {
 protected:
  v1::Round CreateSlagelse(int budget_year = 2025) {
    clock_.Set(AtDk(budget_year - 2, 12, 1));
    v1::CreateRoundRequest r;
    r.set_round_id(absl::StrCat("slagelse-", budget_year));
    r.set_municipality("Slagelse Kommune");
    r.set_budget_year(budget_year);
    r.set_template_(v1::ROUND_TEMPLATE_SLAGELSE);
    return Ok(Make(who_.coordinator, &Command::mutable_create_round, r)).round();
  }
  static absl::Time Planned(const v1::Round& round, v1::MilestoneKind kind) {
    const v1::Milestone* m = FindMilestone(round, kind);
    return m == nullptr ? absl::InfinitePast() : FromProto(m->planned_at());
  }
  Command RequestExpansion() {
    v1::RequestExpansionRequest r;
    r.set_round(kSlagelse);
    r.set_committee(kSlagelseSocial);
    r.set_title("Flere pladser i aflastningen");
    return Make(who_.social, &Command::mutable_request_expansion, r);
  }
};

TEST_F(TemplateTest, AMissingTimeZoneIsAClearErrorNotUtc) {
  absl::StatusOr<absl::TimeZone> zone = LoadZone("Europe/Atlantis");
  ASSERT_FALSE(zone.ok());
  EXPECT_EQ(zone.status().code(), absl::StatusCode::kInternal);
  EXPECT_THAT(zone.status().message(), HasSubstr("Europe/Atlantis is not installed"));
  EXPECT_THAT(zone.status().message(), HasSubstr("tzdata"));
  ASSERT_TRUE(DanishTimeZone().ok());
  EXPECT_EQ(DanishTimeZone()->name(), "Europe/Copenhagen");
}

TEST_F(TemplateTest, SlagelseHasItsOwnMilestonesWithTheEarlyJuneDeadline) {
  const v1::Round round = CreateSlagelse();
  EXPECT_EQ(round.milestones_size(), 16);
  // 000 goal 12: "seneste frist for aflevering af politiske budgetforslag
  // primo juni": before 8 June, Danish time.
  EXPECT_EQ(Planned(round, v1::MILESTONE_POLITICAL_PROPOSALS_DEADLINE), AtDk(2024, 6, 8));
  EXPECT_EQ(Planned(round, v1::MILESTONE_POLITICAL_PROPOSALS_DEADLINE), At(2024, 6, 7, 22));
  EXPECT_EQ(Planned(round, v1::MILESTONE_WORK_STARTED), AtDk(2024, 1, 1));
  EXPECT_EQ(Planned(round, v1::MILESTONE_CLAIMS_DEADLINE), AtDk(2024, 5, 1));
  EXPECT_EQ(Planned(round, v1::MILESTONE_SECOND_READING_COUNCIL), AtDk(2024, 10, 10));
  // Næstved's theme meetings are not Slagelse's.
  EXPECT_EQ(FindMilestone(round, v1::MILESTONE_THEME_MEETING_NOVEMBER), nullptr);
}

TEST_F(TemplateTest, SlagelseHasNoSeedYearSoEveryYearGetsTheWeekendRule) {
  // 15 April 2023 is a Saturday: the dialogue meeting moves to Friday 14 April.
  const v1::Round round = CreateSlagelse(2024);
  EXPECT_EQ(Planned(round, v1::MILESTONE_HMU_DIALOGUE_APRIL), AtDk(2023, 4, 14));
  // A deadline does not move: Saturday 1 April 2023 stays.
  EXPECT_EQ(Planned(round, v1::MILESTONE_CATALOGUE_DEADLINE), AtDk(2023, 4, 1));
}

TEST_F(TemplateTest, SlagelseSettingsAreRule7As003StatesItAndTheTargetsOf000) {
  const v1::Round round = CreateSlagelse();
  EXPECT_EQ(round.settings().selection_hearing(), v1::SELECTION_HEARING_REQUIRED);
  EXPECT_EQ(round.settings().claim_margin_kr(), 0);
  // 2025-28: goal 8's måltal for 2025 and 2026, goal 9 every year, goal 10's
  // måltal then 300-400 mio. kr., goal 11 rising then 2.000-2.500 kr.
  std::map<std::pair<std::string, int>, v1::PolicyTarget> targets;
  for (const v1::PolicyTarget& t : round.settings().economic_targets()) {
    targets[{t.id(), t.year()}] = t;
  }
  auto target = [&](const std::string& id, int year) { return targets[{id, year}]; };
  EXPECT_EQ(targets.size(), 14u);
  EXPECT_EQ(target("anlaeg", 2025).minimum(), 125'000'000);
  EXPECT_EQ(target("anlaeg", 2025).goal_number(), 8);
  EXPECT_EQ(target("anlaeg", 2025).key_figure(), "anlaeg-brutto");
  EXPECT_EQ(targets.count(std::make_pair(std::string("anlaeg"), 2027)), 0u);
  EXPECT_EQ(target("gaeld", 2028).direction(), v1::TARGET_FALLING);
  EXPECT_EQ(target("overskud", 2025).minimum(), 200'000'000);
  EXPECT_EQ(target("overskud", 2026).minimum(), 225'000'000);
  EXPECT_EQ(target("overskud", 2027).minimum(), 300'000'000);
  EXPECT_EQ(target("overskud", 2027).maximum(), 400'000'000);
  EXPECT_EQ(target("likviditet", 2026).direction(), v1::TARGET_RISING);
  EXPECT_EQ(target("likviditet", 2028).minimum(), 2000);
  EXPECT_EQ(target("likviditet", 2028).maximum(), 2500);
}

TEST_F(TemplateTest, NaestvedKeepsItsOwnSettings) {
  CreateStrategyRound();
  const State state = Published();
  const v1::Round& round = state.rounds().at("2024").round();
  EXPECT_EQ(round.settings().selection_hearing(), v1::SELECTION_HEARING_FLAGGED);
  EXPECT_EQ(round.settings().economic_targets_size(), 0);
}

TEST_F(TemplateTest, ABadEconomicTargetInTheSettingsIsNamed) {
  v1::CreateRoundRequest r;
  r.set_round_id("slagelse-2025");
  r.set_municipality("Slagelse Kommune");
  r.set_budget_year(2025);
  r.set_template_(v1::ROUND_TEMPLATE_SLAGELSE);
  v1::PolicyTarget* t = r.mutable_settings()->add_economic_targets();
  t->set_id("anlaeg");
  t->set_title("Anlæg");
  t->set_key_figure("anlaeg-brutto");
  t->set_year(2025);
  t->set_direction(v1::TARGET_WITHIN_BOUNDS);
  absl::Status s = Refusal(Make(who_.coordinator, &Command::mutable_create_round, r),
                           absl::StatusCode::kInvalidArgument, "settings.economic_targets[0]");
  EXPECT_THAT(BadRequestOf(s), HasViolation("settings.economic_targets[0].minimum"));
}

TEST_F(TemplateTest, Rule12PoliticalProposalsAreDueEarlyJune_OneSecondBeforeAndAfter) {
  CreateSlagelse();
  v1::DefineCommitteeRequest d;
  d.set_parent(kSlagelse);
  d.set_committee_id("socialudvalget");
  d.mutable_committee()->set_display_name("Socialudvalget");
  Ok(Make(who_.coordinator, &Command::mutable_define_committee, d));
  v1::DecideExpansionProcessRequest process;
  process.set_round(kSlagelse);
  *process.mutable_meeting_date() = MakeDate(2024, 3, 1);
  process.set_agenda_item("punkt 5");
  Ok(Make(who_.finance_committee, &Command::mutable_decide_expansion_process, process));
  clock_.Set(AtDk(2024, 6, 8) - absl::Seconds(1));
  Ok(RequestExpansion());
  clock_.Set(AtDk(2024, 6, 8));
  absl::Status s =
      Refusal(RequestExpansion(), absl::StatusCode::kFailedPrecondition,
              "rule 12 (political proposals deadline): Expected political budget proposals before "
              "their deadline, but MILESTONE_POLITICAL_PROPOSALS_DEADLINE passed on 2024-06-07 "
              "22:00:00 UTC");
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "RULE_12_POLITICAL_PROPOSALS_DEADLINE");
}

}  // namespace
}  // namespace budget::testing
