// The economics of a proposal (issue 20 §1): signed effects, one-off and
// capital costs, expenditure types, price level, staff effects, attachments,
// and their totals in the summary.
#include "services/domain/summary.h"
#include "services/domain/validate.h"
#include "services/domain/views.h"
#include "tests/services/harness.h"

namespace budget::testing {
namespace {

constexpr char kHolme[] = "rounds/2024/workplaces/holme-skole";
constexpr char kSha[] = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

v1::YearAmount Line(int year, int64_t kr, v1::ExpenditureType type) {
  v1::YearAmount a;
  a.set_year(year);
  a.set_amount_kr(kr);
  a.set_expenditure_type(type);
  return a;
}

v1::StaffEffect Staff(absl::string_view workplace, absl::string_view group, int64_t hundredths,
                      v1::StaffChangeMode mode) {
  v1::StaffEffect s;
  s.set_workplace(std::string(workplace));
  s.set_staff_group(std::string(group));
  s.set_fte_reduction_hundredths(hundredths);
  s.set_mode(mode);
  return s;
}

// Merging two residential units: a capital investment and a one-off
// operating cost in 2024, an extra transfer cost in 2024, savings from 2025,
// 2.5 FTE fewer by attrition.
v1::ProposalContent Merger() {
  v1::ProposalContent c = Content("Sammenlægning af bofællesskaber", {kSocial}, 3'000'000);
  c.clear_effects();
  *c.add_effects() = Line(2024, 1'000'000, v1::EXPENDITURE_SERVICE);
  *c.add_effects() = Line(2024, -200'000, v1::EXPENDITURE_TRANSFER);
  for (int y = 2025; y <= 2027; ++y) *c.add_effects() = Line(y, 3'000'000, v1::EXPENDITURE_SERVICE);
  *c.add_one_off_costs() = Line(2024, 4'000'000, v1::EXPENDITURE_CAPITAL);
  *c.add_one_off_costs() = Line(2024, 500'000, v1::EXPENDITURE_SERVICE);
  c.set_price_level_year(2024);
  c.set_staff_consequences("2,5 årsværk færre ved naturlig afgang.");
  *c.add_staff_effects() =
      Staff(kEnghaven, "social- og sundhedsassistenter", 250, v1::STAFF_ATTRITION);
  v1::Attachment* a = c.add_attachments();
  a->set_uri("https://esdh.naestved.dk/sag/23-4711/dok/1");
  a->set_title("Business case");
  a->set_sha256(kSha);
  a->set_size_bytes(48'213);
  return c;
}

class EconomicsTest : public Harness {
 protected:
  void SetUp() override { CreateStrategyRound(); }
};

TEST_F(EconomicsTest, AProposalCarriesSignedEffectsCostsStaffAndAttachments) {
  const std::string name = Submit(Merger());
  Restart(/*from_zero=*/true);
  const v1::ProposalContent c = Get(name).content();
  EXPECT_EQ(c.effects(1).amount_kr(), -200'000);
  EXPECT_EQ(c.effects(1).expenditure_type(), v1::EXPENDITURE_TRANSFER);
  EXPECT_EQ(c.one_off_costs(0).expenditure_type(), v1::EXPENDITURE_CAPITAL);
  EXPECT_EQ(c.price_level_year(), 2024);
  EXPECT_EQ(c.staff_effects(0).mode(), v1::STAFF_ATTRITION);
  EXPECT_EQ(c.attachments(0).sha256(), kSha);
}

TEST_F(EconomicsTest, AnExtraCostIsANegativeEffect) {
  v1::ProposalContent c = Content("Koster mere end det sparer", {kSocial}, -kMaxAmountKr);
  c.mutable_effects(0)->set_amount_kr(-kMaxAmountKr);
  Submit(c);
  c.set_full_implementation_kr(-kMaxAmountKr - 1);
  c.mutable_effects(0)->set_amount_kr(-kMaxAmountKr - 1);
  absl::Status s =
      Refusal(SubmitCommand(c), absl::StatusCode::kInvalidArgument, "(a saving positive)");
  EXPECT_THAT(BadRequestOf(s), HasViolation("content.full_implementation_kr"));
  EXPECT_THAT(BadRequestOf(s), HasViolation("content.effects[0].amount_kr"));
}

TEST_F(EconomicsTest, EveryBadEconomicFieldIsNamed) {
  v1::ProposalContent c = Merger();
  c.mutable_effects(0)->set_expenditure_type(static_cast<v1::ExpenditureType>(9));
  *c.add_effects() = Line(2025, 1, v1::EXPENDITURE_SERVICE);  // repeats 2025 service
  c.add_one_off_costs()->set_year(2025);                      // no type
  *c.add_one_off_costs() = Line(2026, -1, v1::EXPENDITURE_CAPITAL);
  c.set_price_level_year(-3);
  c.mutable_staff_effects(0)->clear_workplace();
  *c.add_staff_effects() = Staff(kHolme, "", 0, v1::STAFF_CHANGE_MODE_UNSPECIFIED);
  *c.add_staff_effects() = Staff(kHolme, "lærere", -100, v1::STAFF_DISMISSAL);
  c.mutable_attachments(0)->set_sha256("9f86d0");
  v1::Attachment* bad = c.add_attachments();
  bad->set_uri("sag 23-4711");
  bad->set_sha256(absl::StrCat(std::string(63, 'a'), "g"));
  bad->set_size_bytes(-1);
  absl::Status s =
      Refusal(SubmitCommand(c), absl::StatusCode::kInvalidArgument, "content.effects[0]");
  google::rpc::BadRequest br = BadRequestOf(s);
  for (const char* field :
       {"content.effects[0].expenditure_type", "content.effects[5].year",
        "content.one_off_costs[2].expenditure_type", "content.one_off_costs[3].amount_kr",
        "content.price_level_year", "content.staff_effects[0].workplace",
        "content.staff_effects[1].staff_group", "content.staff_effects[1].fte_reduction_hundredths",
        "content.staff_effects[1].mode", "content.staff_effects[2].mode",
        "content.attachments[0].sha256", "content.attachments[1].uri",
        "content.attachments[1].title", "content.attachments[1].sha256",
        "content.attachments[1].size_bytes"}) {
    EXPECT_THAT(br, HasViolation(field));
  }
  EXPECT_EQ(br.field_violations_size(), 15) << br.DebugString();
}

TEST_F(EconomicsTest, YearsWorkplacesAndPriceLevelAreCheckedAgainstTheRound) {
  v1::ProposalContent c = Merger();
  c.mutable_one_off_costs(1)->set_year(2023);
  c.set_price_level_year(2028);
  absl::Status s = Refusal(SubmitCommand(c), absl::StatusCode::kInvalidArgument,
                           "must lie in the period 2024..2027, got 2023");
  EXPECT_THAT(BadRequestOf(s), HasViolation("content.one_off_costs[1].year"));
  EXPECT_THAT(BadRequestOf(s), HasViolation("content.price_level_year"));
  c = Merger();
  c.mutable_staff_effects(0)->set_workplace("rounds/2024/workplaces/ingen");
  Refused(SubmitCommand(c), absl::StatusCode::kNotFound, "workplace rounds/2024/workplaces/ingen");
}

TEST_F(EconomicsTest, AmendReplacesStaffEffectsAndValidatesOnlyTheMaskedFields) {
  const std::string name = Submit(Merger());
  v1::AmendProposalRequest r;
  r.set_name(name);
  r.set_expected_version(1);
  *r.mutable_content()->add_staff_effects() =
      Staff(kEnghaven, "pædagoger", 100, v1::STAFF_DISMISSAL);
  r.mutable_content()->set_title("");  // not in the mask: ignored
  r.mutable_update_mask()->add_paths("staff_effects");
  Ok(Make(who_.case_worker, &Command::mutable_amend_proposal, r));
  const v1::Proposal p = Get(name);
  ASSERT_EQ(p.content().staff_effects_size(), 1);
  EXPECT_EQ(p.content().staff_effects(0).staff_group(), "pædagoger");
  EXPECT_EQ(p.content().attachments_size(), 1);

  r.set_expected_version(2);
  r.mutable_content()->mutable_staff_effects(0)->set_mode(v1::STAFF_RECRUITMENT);
  absl::Status s = Refusal(Make(who_.case_worker, &Command::mutable_amend_proposal, r),
                           absl::StatusCode::kInvalidArgument,
                           "must be STAFF_ATTRITION or STAFF_DISMISSAL for a reduction");
  EXPECT_THAT(BadRequestOf(s), HasViolation("content.staff_effects[0].mode"));
}

TEST_F(EconomicsTest, SummaryShowsGrossOneOffCapitalNetAndFte) {
  Submit(Merger());
  // Cross-cutting, without staff detail: its 1.5 FTE count overall, at no workplace.
  Submit(Content("Sygefravær", {kSocial, kChildren}, 2'000'000));
  // Another committee's, with a recruitment at Holme Skole.
  v1::ProposalContent school = Content("Holdundervisning", {kChildren}, 1'000'000);
  *school.add_staff_effects() = Staff(kHolme, "lærere", -50, v1::STAFF_RECRUITMENT);
  *school.add_staff_effects() = Staff(kEnghaven, "pædagoger", 100, v1::STAFF_DISMISSAL);
  Submit(school);
  // Withdrawn: counts nowhere.
  const std::string gone = Submit(Merger());
  v1::WithdrawProposalRequest w;
  w.set_name(gone);
  w.set_reason("dublet");
  Ok(Make(who_.case_worker, &Command::mutable_withdraw_proposal, w));

  const v1::RoundSummary s = Summary();
  const v1::Totals& full = s.full_implementation();
  EXPECT_EQ(full.economics().gross_savings_kr(), 6'000'000);
  EXPECT_EQ(full.economics().one_off_operating_kr(), 500'000);
  EXPECT_EQ(full.economics().capital_kr(), 4'000'000);
  EXPECT_EQ(full.economics().net_kr(), 6'000'000);
  EXPECT_EQ(full.economics().fte_reduction_hundredths(), 250 + 150 + 50);
  EXPECT_EQ(full.cross_cutting_economics().gross_savings_kr(), 2'000'000);
  EXPECT_EQ(full.cross_cutting_economics().fte_reduction_hundredths(), 150);

  const v1::Economics& social = Committee(full, kSocial).economics();
  EXPECT_EQ(social.gross_savings_kr(), 3'000'000);
  EXPECT_EQ(social.capital_kr(), 4'000'000);
  // Enghaven belongs to Socialudvalget: 2.5 by attrition + 1 by dismissal.
  EXPECT_EQ(social.fte_reduction_hundredths(), 350);
  EXPECT_EQ(Committee(full, kChildren).economics().fte_reduction_hundredths(), -50);

  ASSERT_EQ(full.workplaces_size(), 2);
  const v1::WorkplaceStaff& enghaven = full.workplaces(0);
  EXPECT_EQ(enghaven.workplace(), kEnghaven);
  EXPECT_EQ(enghaven.display_name(), "Bofællesskabet Enghaven");
  EXPECT_EQ(enghaven.committee(), kSocial);
  EXPECT_EQ(enghaven.fte_reduction_hundredths(), 350);
  EXPECT_EQ(enghaven.by_attrition_hundredths(), 250);
  EXPECT_EQ(enghaven.by_dismissal_hundredths(), 100);
  EXPECT_EQ(full.workplaces(1).recruitment_hundredths(), 50);

  // 2024: the merger saves 1 mio. on services, costs 0.2 mio. in transfers
  // and 4.5 mio. once; the others save their yearly amounts.
  const v1::Totals& y2024 = s.by_year(0);
  EXPECT_EQ(y2024.year(), 2024);
  EXPECT_EQ(y2024.economics().gross_savings_kr(), 800'000 + 2'000'000 + 1'000'000);
  EXPECT_EQ(y2024.economics().net_kr(), 3'800'000 - 4'500'000);
  EXPECT_EQ(Committee(y2024, kSocial).economics().net_kr(), 800'000 - 4'500'000);
  EXPECT_EQ(y2024.catalogue_kr(), 3'800'000);
  EXPECT_EQ(y2024.economics().fte_reduction_hundredths(), 0);
  EXPECT_TRUE(y2024.workplaces().empty());
  const v1::Totals& y2025 = s.by_year(1);
  EXPECT_EQ(y2025.economics().capital_kr(), 0);
  EXPECT_EQ(y2025.economics().net_kr(), 6'000'000);
}

}  // namespace
}  // namespace budget::testing
