// The economic policy as data (seed 000, goals 7–12): targets per year with
// bounds, key figures per period with their source, where a year and a
// round stand (met, at risk, missed), and the proposal meant to move a key
// figure.
#include <algorithm>

#include "budget/v1/policy_service.pb.h"
#include "services/domain/policies.h"
#include "tests/services/harness.h"

namespace budget::testing {
namespace {

constexpr char kPolicy[] = "policies/slagelse";

class PolicyTest : public Harness {
 protected:
  void SetUp() override {
    CreateStrategyRound();
    v1::DefinePolicyRequest r;
    r.set_policy_id("slagelse");
    r.set_municipality("Slagelse Kommune");
    r.set_title("Ressourcepolitik 2022");
    for (const auto& [id, title, unit] :
         std::vector<std::tuple<std::string, std::string, v1::FigureUnit>>{
             {"anlaeg-brutto", "Bruttoanlægsbudget", v1::FIGURE_UNIT_KR},
             {"gaeld", "Langfristet gæld", v1::FIGURE_UNIT_KR},
             {"sygefravaer", "Sygefravær", v1::FIGURE_UNIT_BASIS_POINTS}}) {
      v1::KeyFigure* k = r.add_key_figures();
      k->set_id(id);
      k->set_title(title);
      k->set_unit(unit);
    }
    Ok(Make(who_.coordinator, &Command::mutable_define_policy, r));
  }

  void Target(const std::string& id, const std::string& figure, int year,
              v1::TargetDirection direction, std::optional<int64_t> min, int64_t margin = 0) {
    v1::SetPolicyTargetRequest r;
    r.set_policy(kPolicy);
    v1::PolicyTarget* t = r.mutable_target();
    t->set_id(id);
    t->set_title(id);
    t->set_goal_number(8);
    t->set_key_figure(figure);
    t->set_year(year);
    t->set_direction(direction);
    if (min.has_value()) {
      t->set_has_minimum(true);
      t->set_minimum(*min);
    }
    t->set_at_risk_margin(margin);
    Ok(Make(who_.coordinator, &Command::mutable_set_policy_target, r));
  }

  uint64_t Record(const std::string& figure, int year, v1::FigureKind kind, int64_t value) {
    v1::RecordKeyFigureRequest r;
    r.set_policy(kPolicy);
    r.set_key_figure(figure);
    r.set_year(year);
    r.set_kind(kind);
    r.set_value(value);
    r.set_source(kind == v1::FIGURE_KIND_ACTUAL ? "Regnskab" : "Budget, 2. behandling");
    return Ok(Make(who_.case_worker, &Command::mutable_record_key_figure, r)).log_position();
  }

  v1::PolicyStanding Standing(int year, const std::string& round = "") {
    v1::GetPolicyStandingRequest r;
    r.set_policy(kPolicy);
    if (round.empty()) {
      r.set_year(year);
    } else {
      r.set_round(round);
    }
    absl::StatusOr<v1::PolicyStanding> s = GetPolicyStanding(Published(), r, clock_.Now());
    EXPECT_TRUE(s.ok()) << s.status();
    return *s;
  }
};

TEST_F(PolicyTest, TargetsAreMetAtRiskOrMissedOnTheLatestFigures) {
  // 000 goal 8: "100 mio. kr. i 2023, 100 mio. kr. i 2024"; at risk within 5 mio.
  Target("anlaeg", "anlaeg-brutto", 2024, v1::TARGET_WITHIN_BOUNDS, 100'000'000, 5'000'000);
  // 000 goal 9: "Den langfristede gæld bør have en faldende profil".
  Target("gaeld", "gaeld", 2024, v1::TARGET_FALLING, std::nullopt);
  EXPECT_EQ(Standing(2024).targets(0).status(), v1::TARGET_NO_DATA);
  Record("anlaeg-brutto", 2024, v1::FIGURE_KIND_BUDGET, 120'000'000);
  EXPECT_EQ(Standing(2024).targets(0).status(), v1::TARGET_MET);
  EXPECT_EQ(Standing(2024).targets(0).basis(), v1::FIGURE_KIND_BUDGET);
  // The actual, when there is one, is what counts.
  Record("anlaeg-brutto", 2024, v1::FIGURE_KIND_ACTUAL, 103'000'000);
  EXPECT_EQ(Standing(2024).targets(0).status(), v1::TARGET_AT_RISK);
  Record("anlaeg-brutto", 2024, v1::FIGURE_KIND_ACTUAL, 96'000'000);
  const v1::PolicyStanding s = Standing(0, kRound);  // the round's budget year, 2024
  EXPECT_EQ(s.year(), 2024);
  EXPECT_EQ(s.targets(0).status(), v1::TARGET_MISSED);
  EXPECT_EQ(s.targets(0).value(), 96'000'000);
  EXPECT_EQ(s.targets(1).status(), v1::TARGET_NO_DATA);
  Record("gaeld", 2023, v1::FIGURE_KIND_ACTUAL, 2'100'000'000);
  Record("gaeld", 2024, v1::FIGURE_KIND_BUDGET, 2'050'000'000);
  EXPECT_EQ(Standing(2024).targets(1).status(), v1::TARGET_MET);
  // Each figure is an event with its source.
  v1::GetPolicyRequest get;
  get.set_name(kPolicy);
  const v1::EconomicPolicy p = *GetPolicy(Published(), get, clock_.Now());
  ASSERT_EQ(p.values_size(), 5);
  EXPECT_EQ(p.values(0).source(), "Budget, 2. behandling");
  EXPECT_EQ(p.values(0).recorded_by(), "users/anna");
  EXPECT_EQ(p.values(0).period(), "2024");
}

TEST_F(PolicyTest, ARoundShowsItsTemplatesTargetsAndTheServiceCeilingBesideThePolicys) {
  // A round on Slagelse's template carries 000's targets for its period
  // (goal 8: capital at least 125 mio. kr. in 2025); the policy's figures
  // judge them, and a target the policy sets itself wins.
  clock_.Set(AtDk(2023, 12, 1));
  v1::CreateRoundRequest create;
  create.set_round_id("slagelse-2025");
  create.set_municipality("Slagelse Kommune");
  create.set_budget_year(2025);
  create.set_template_(v1::ROUND_TEMPLATE_SLAGELSE);
  Ok(Make(who_.coordinator, &Command::mutable_create_round, create));
  Record("anlaeg-brutto", 2025, v1::FIGURE_KIND_BUDGET, 130'000'000);
  auto anlaeg = [](const v1::PolicyStanding& s) {
    for (const v1::TargetStanding& t : s.targets()) {
      if (t.target().id() == "anlaeg") return t;
    }
    return v1::TargetStanding();
  };
  v1::PolicyStanding s = Standing(0, "rounds/slagelse-2025");
  EXPECT_EQ(s.year(), 2025);
  EXPECT_EQ(anlaeg(s).set_by(), "rounds/slagelse-2025");
  EXPECT_EQ(anlaeg(s).target().minimum(), 125'000'000);
  EXPECT_EQ(anlaeg(s).status(), v1::TARGET_MET);
  // Goal 7 for each year of the period: nothing decided yet, so nothing to offset.
  ASSERT_EQ(s.service_ceiling_size(), 4);
  EXPECT_EQ(s.service_ceiling(0).year(), 2025);
  EXPECT_EQ(s.service_ceiling(3).year(), 2028);
  EXPECT_EQ(s.service_ceiling(0).status(), v1::TARGET_MET);
  // The year alone shows the policy's targets only, and no round's ceiling.
  EXPECT_EQ(Standing(2025).targets_size(), 0);
  EXPECT_EQ(Standing(2025).service_ceiling_size(), 0);

  Target("anlaeg", "anlaeg-brutto", 2025, v1::TARGET_WITHIN_BOUNDS, 140'000'000);
  s = Standing(0, "rounds/slagelse-2025");
  EXPECT_EQ(anlaeg(s).set_by(), kPolicy);
  EXPECT_EQ(anlaeg(s).status(), v1::TARGET_MISSED);
  EXPECT_EQ(std::count_if(s.targets().begin(), s.targets().end(),
                          [](const v1::TargetStanding& t) { return t.target().id() == "anlaeg"; }),
            1);
}

TEST_F(PolicyTest, AProposalNamesTheKeyFigureItShouldMove) {
  const std::string proposal = Submit("Nærværsprojekt: lavere sygefravær", {kSocial}, 1'000'000);
  v1::LinkProposalToKeyFigureRequest r;
  r.set_policy(kPolicy);
  r.set_key_figure("sygefravaer");
  r.set_proposal(proposal);
  Ok(Make(who_.case_worker, &Command::mutable_link_proposal_to_key_figure, r));
  Refused(Make(who_.case_worker, &Command::mutable_link_proposal_to_key_figure, r),
          absl::StatusCode::kAlreadyExists, "");
  r.set_key_figure("ukendt");
  const uint64_t head = Head();
  Refused(Make(who_.case_worker, &Command::mutable_link_proposal_to_key_figure, r),
          absl::StatusCode::kNotFound, "key figure");
  EXPECT_EQ(Head(), head);
  const v1::PolicyStanding s = Standing(0, kRound);
  ASSERT_EQ(s.links_size(), 1);
  EXPECT_EQ(s.links(0).proposal(), proposal);
}

TEST_F(PolicyTest, AFigureWithoutItsSourceIsRefused) {
  v1::RecordKeyFigureRequest r;
  r.set_policy(kPolicy);
  r.set_key_figure("gaeld");
  r.set_year(2024);
  r.set_kind(v1::FIGURE_KIND_ACTUAL);
  r.set_value(1);
  Refused(Make(who_.case_worker, &Command::mutable_record_key_figure, r),
          absl::StatusCode::kInvalidArgument, "source");
}

}  // namespace
}  // namespace budget::testing
