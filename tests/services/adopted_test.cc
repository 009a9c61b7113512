// The budget as adopted (issue 19 §4): the readings' amendments change the
// adopted råderum, the adopted expansions and each committee's adopted claims,
// per year and at full implementation; the expansions are shown against the
// råderum they consume.
#include "services/domain/service_ceiling.h"
#include "services/domain/summary.h"
#include "tests/services/harness.h"

namespace budget::testing {
namespace {

constexpr int64_t kMio = 1'000'000;

class AdoptedTest : public Harness {
 protected:
  void SetUp() override {
    CreateStrategyRound();
    cross_ = Submit("Nedbringelse af sygefravær", {kSocial, kChildren}, 20 * kMio);
    own_ = Submit("Færre vikartimer", {kSocial}, 4 * kMio);
    Ok(ExpansionProcessCommand());
    clock_.Set(CatalogueDeadline());
    v1::ClaimProposalRequest claim;
    claim.set_proposal(own_);
    claim.set_committee(kSocial);
    Ok(Make(who_.social, &Command::mutable_claim_proposal, claim));
    approved_ = Expansion(kChildren, "Flere pædagoger", 5 * kMio);
    rejected_ = Expansion(kSocial, "Aktivitetstilbud for unge", 3 * kMio);
    clock_.Set(ProposalsPresented() + absl::Hours(1));
    Tick();
    v1::SelectFromPoolRequest select;
    select.set_proposal(cross_);
    Ok(Make(who_.finance_committee, &Command::mutable_select_from_pool, select));
    RecordMeeting(v1::MEETING_HMU_DIALOGUE_APRIL, MakeDate(2023, 4, 20));
    Ok(RecommendCommand(MakeDate(2023, 5, 24)));
    Ok(ApproveCommand(MakeDate(2023, 5, 24)));
    clock_.Set(At(2023, 6, 15));
    Decide(approved_, true);
    Decide(rejected_, false);
    clock_.Set(At(2023, 10, 10, 18));
  }

  std::string Expansion(const std::string& committee, const std::string& title, int64_t kr) {
    clock_.Set(At(2023, 4, 2));
    v1::RequestExpansionRequest r;
    r.set_round(kRound);
    r.set_title(title);
    r.set_description("Beskrivelse");
    r.set_committee(committee);
    const std::string name =
        Ok(Make(who_.council, &Command::mutable_request_expansion, r)).expansion().name();
    v1::CostExpansionRequest c;
    c.set_expansion(name);
    for (int y = 2024; y <= 2027; ++y) {
      auto* a = c.add_costs();
      a->set_year(y);
      a->set_amount_kr(kr);
    }
    c.set_full_implementation_kr(kr);
    c.set_assumptions("Lønniveau 2023");
    Ok(Make(who_.case_worker, &Command::mutable_cost_expansion, c));
    return name;
  }
  void Decide(const std::string& expansion, bool approve) {
    v1::DecideExpansionRequest r;
    r.set_expansion(expansion);
    r.set_approve(approve);
    r.set_reason("Besluttet");
    Ok(Make(who_.council, &Command::mutable_decide_expansion, r));
  }
  void Reading(v1::ReadingKind kind, v1::Date date, std::vector<v1::Amendment> amendments = {}) {
    v1::RecordReadingRequest r;
    r.set_round(kRound);
    r.set_kind(kind);
    *r.mutable_date() = date;
    r.set_outcome("Behandlet");
    for (auto& a : amendments) *r.add_amendments() = a;
    Ok(RecordReadingCommand(r));
  }
  static v1::Amendment Amend(const std::string& subject, int64_t kr) {
    v1::Amendment a;
    a.set_subject(subject);
    a.set_amount_kr(kr);
    a.set_description("Budgetforlig");
    return a;
  }
  v1::RoundSummary Summary() {
    return processor_->Read(
        [](const State& s, absl::Time now) { return Summarize(s.rounds().at("2024"), now); });
  }
  static const v1::CommitteeTotals& Committee(const v1::Totals& t, absl::string_view name) {
    for (const auto& c : t.committees()) {
      if (c.committee() == name) return c;
    }
    return v1::CommitteeTotals::default_instance();
  }

  std::string cross_, own_, approved_, rejected_;
};

TEST_F(AdoptedTest, WithoutAmendmentsTheAdoptedFiguresAreTheApprovedOnes) {
  const v1::Totals full = Summary().full_implementation();
  EXPECT_EQ(full.approved_kr(), 20 * kMio);
  EXPECT_EQ(full.adopted_raaderum_kr(), 20 * kMio);
  EXPECT_EQ(full.approved_expansions_kr(), 5 * kMio);
  EXPECT_EQ(full.adopted_expansions_kr(), 5 * kMio);
  EXPECT_EQ(full.raaderum_balance_kr(), 15 * kMio);
  EXPECT_EQ(Committee(full, kSocial).adopted_claimed_kr(), 4 * kMio);
}

TEST_F(AdoptedTest, ReadingAmendmentsChangeTheAdoptedColumns) {
  Reading(v1::READING_FIRST_FINANCE_COMMITTEE, MakeDate(2023, 8, 11));
  Reading(v1::READING_FIRST_COUNCIL, MakeDate(2023, 8, 19));
  // ØK's 2nd reading: the råderum proposal is cut by 1 mio., the claimed one
  // by 0,5 mio., and the budget agreement adds half of the rejected expansion.
  Reading(v1::READING_SECOND_FINANCE_COMMITTEE, MakeDate(2023, 10, 2),
          {Amend(cross_, -1 * kMio), Amend(own_, -kMio / 2), Amend(rejected_, -3 * kMio / 2)});
  Reading(v1::READING_SECOND_COUNCIL, MakeDate(2023, 10, 10), {Amend(approved_, kMio)});
  const v1::RoundSummary s = Summary();
  for (const v1::Totals* t : {&s.full_implementation(), &s.by_year(0), &s.by_year(3)}) {
    SCOPED_TRACE(t->year());
    EXPECT_EQ(t->approved_kr(), 20 * kMio);  // as approved in May
    EXPECT_EQ(t->adopted_raaderum_kr(), 19 * kMio);
    EXPECT_EQ(t->adopted_raaderum_remaining_kr(), 26 * kMio);  // against the 45 mio. target
    EXPECT_EQ(t->approved_expansions_kr(), 5 * kMio);
    EXPECT_EQ(t->adopted_expansions_kr(), 5'500'000);  // 5 - 1 + 1,5
    EXPECT_EQ(t->raaderum_balance_kr(), 13'500'000);
    EXPECT_EQ(Committee(*t, kSocial).claimed_kr(), 4 * kMio);
    EXPECT_EQ(Committee(*t, kSocial).adopted_claimed_kr(), 3'500'000);
    EXPECT_EQ(Committee(*t, kSocial).adopted_expansions_kr(), 1'500'000);
    EXPECT_EQ(Committee(*t, kChildren).adopted_expansions_kr(), 4 * kMio);
  }
}

TEST_F(AdoptedTest, Goal7TheServiceCeilingHoldsWhileServiceSavingsOffsetTheNewInitiatives) {
  // 000 goal 7: "Servicerammen skal overholdes". The round implements the
  // claimed 4 mio. and the approved 20 mio. a year; the approved expansion
  // costs 5 mio. (the rejected one nothing).
  auto balance = [&](int year) {
    return processor_->Read([year](const State& s, absl::Time) {
      return ServiceBalanceFor(s.rounds().at("2024"), year);
    });
  };
  for (int year : {2024, 2027}) {
    const v1::ServiceBalance b = balance(year);
    EXPECT_EQ(b.savings_kr(), 24 * kMio) << year;
    EXPECT_EQ(b.expansions_kr(), 5 * kMio) << year;
    EXPECT_EQ(b.balance_kr(), 19 * kMio) << year;
    EXPECT_EQ(b.status(), v1::TARGET_MET) << year;
  }
  // The budget agreement at the 2nd reading adds the rejected expansion at
  // 30 mio. and cuts the approved proposal by 1 mio.: the ceiling breaks.
  Reading(v1::READING_FIRST_FINANCE_COMMITTEE, MakeDate(2023, 8, 11));
  Reading(v1::READING_FIRST_COUNCIL, MakeDate(2023, 8, 19));
  Reading(v1::READING_SECOND_FINANCE_COMMITTEE, MakeDate(2023, 10, 2),
          {Amend(rejected_, -30 * kMio), Amend(cross_, -1 * kMio)});
  const v1::ServiceBalance b = balance(2025);
  EXPECT_EQ(b.savings_kr(), 23 * kMio);
  EXPECT_EQ(b.expansions_kr(), 35 * kMio);
  EXPECT_EQ(b.balance_kr(), -12 * kMio);
  EXPECT_EQ(b.status(), v1::TARGET_MISSED);
  EXPECT_EQ(b.explanation(),
            "new initiatives of 35000000 kr. exceed the service savings of 23000000 kr. by "
            "12000000 kr.");
}

TEST(ServiceCeilingTest, OnlyServiceLinesCountAndOneOffServiceCostsReduceTheSaving) {
  RoundState rs;
  rs.mutable_round()->set_budget_year(2024);
  v1::Proposal& p = (*rs.mutable_proposals())["P-0001"];
  p.set_name("rounds/2024/proposals/P-0001");
  p.mutable_claim()->set_committee("rounds/2024/committees/socialudvalget");
  auto line = [](auto* lines, int64_t kr, std::optional<v1::ExpenditureType> type) {
    v1::YearAmount* a = lines->Add();
    a->set_year(2024);
    a->set_amount_kr(kr);
    if (type.has_value()) a->set_expenditure_type(*type);
  };
  line(p.mutable_content()->mutable_effects(), 3'000'000, v1::EXPENDITURE_SERVICE);
  line(p.mutable_content()->mutable_effects(), 2'000'000, v1::EXPENDITURE_TRANSFER);
  line(p.mutable_content()->mutable_effects(), 500'000, std::nullopt);  // untyped reads as service
  line(p.mutable_content()->mutable_one_off_costs(), 1'000'000, v1::EXPENDITURE_SERVICE);
  line(p.mutable_content()->mutable_one_off_costs(), 9'000'000, v1::EXPENDITURE_CAPITAL);
  v1::Proposal& unused = (*rs.mutable_proposals())["P-0002"];  // in the catalogue, not decided
  line(unused.mutable_content()->mutable_effects(), 7'000'000, v1::EXPENDITURE_SERVICE);
  v1::Expansion& x = (*rs.mutable_expansions())["E-0001"];
  x.set_status(v1::EXPANSION_APPROVED);
  line(x.mutable_costs(), 2'500'000, std::nullopt);
  const v1::ServiceBalance b = ServiceBalanceFor(rs, 2024);
  EXPECT_EQ(b.savings_kr(), 2'500'000);  // 3 + 0,5 - 1
  EXPECT_EQ(b.expansions_kr(), 2'500'000);
  EXPECT_EQ(b.balance_kr(), 0);
  EXPECT_EQ(b.status(), v1::TARGET_MET);  // not negative: the ceiling holds
  EXPECT_EQ(ServiceBalanceFor(rs, 2025).savings_kr(), 0);
}

}  // namespace
}  // namespace budget::testing
