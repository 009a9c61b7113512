// GetRoundSummary against a hand-computed example built from seed 004's
// figures: a 110 mio. catalogue, two ~10 mio. shortfalls covered by claims, a
// 90 mio. pool and a 45 mio. råderum.
#include "services/domain/summary.h"

#include "tests/services/harness.h"

namespace budget::testing {
namespace {

constexpr int64_t kMio = 1'000'000;

class SummaryTest : public Harness {
 protected:
  void SetUp() override { CreateStrategyRound(); }

  std::string SubmitPhased(absl::string_view title, std::vector<std::string> committees,
                           int64_t full, int64_t first_year, absl::string_view centre = "") {
    v1::ProposalContent c = Content(title, std::move(committees), full);
    c.mutable_effects(0)->set_amount_kr(first_year);
    if (!centre.empty()) c.add_centres(std::string(centre));
    return Submit(c);
  }
  void Claim(const v1::Principal& who, const std::string& p, const std::string& committee) {
    v1::ClaimProposalRequest r;
    r.set_proposal(p);
    r.set_committee(committee);
    Ok(Make(who, &Command::mutable_claim_proposal, r));
  }
  void Select(const std::string& p) {
    v1::SelectFromPoolRequest r;
    r.set_proposal(p);
    Ok(Make(who_.finance_committee, &Command::mutable_select_from_pool, r));
  }
};

TEST_F(SummaryTest, Seed004Example) {
  // Single-committee proposals: 6 + 4 + 5 (social), 7 + 3 + 5 (children), 10 (technical).
  std::string s1 =
      SubmitPhased("Bofællesskaber lægges sammen", {kSocial}, 6 * kMio, 6 * kMio, kHandicapCentre);
  std::string s2 =
      SubmitPhased("Gruppeforløb i stedet for individuelle", {kSocial}, 4 * kMio, 4 * kMio);
  SubmitPhased("Væresteder samles", {kSocial}, 5 * kMio, 5 * kMio);
  std::string b1 =
      SubmitPhased("Skoler med få elever", {kChildren}, 7 * kMio, 7 * kMio, kSchoolCentre);
  std::string b2 = SubmitPhased("Virtuel lektiehjælp", {kChildren}, 3 * kMio, 3 * kMio);
  SubmitPhased("Ungetilbud samles", {kChildren}, 5 * kMio, 5 * kMio);
  std::string t1 = SubmitPhased("Smartere forbrug i driften", {kTechnical}, 10 * kMio, 10 * kMio);
  // Cross-cutting: 20 + 15 + 20 + 15 = 70; vacancies phase in over 2024.
  std::string x1 = SubmitPhased("Nedbringelse af sygefravær", {kSocial, kChildren, kTechnical},
                                20 * kMio, 20 * kMio);
  std::string x2 = SubmitPhased("Højere brug af indkøbsaftaler", {kSocial, kChildren, kTechnical},
                                15 * kMio, 15 * kMio);
  SubmitPhased("Potentiale ved vakante stillinger", {kSocial, kChildren}, 20 * kMio, 10 * kMio);
  SubmitPhased("Digitalisering af sagsbehandling", {kChildren, kTechnical}, 15 * kMio, 15 * kMio);

  clock_.Set(CatalogueDeadline());
  Claim(who_.social, s1, kSocial);
  Claim(who_.social, s2, kSocial);
  Claim(who_.children, b1, kChildren);
  Claim(who_.children, b2, kChildren);
  clock_.Set(ProposalsPresented());
  Tick();
  Select(x1);
  Select(x2);
  Select(t1);
  RecordMeeting(v1::MEETING_HMU_DIALOGUE_APRIL, MakeDate(2023, 4, 20));
  Ok(RecommendCommand(MakeDate(2023, 5, 24)));
  Ok(ApproveCommand(MakeDate(2023, 5, 24)));

  v1::RoundSummary s = Summary();
  const v1::Totals& full = s.full_implementation();
  EXPECT_EQ(full.year(), 0);
  EXPECT_EQ(full.catalogue_kr(), 110 * kMio);
  EXPECT_EQ(full.catalogue_target_kr(), 110 * kMio);
  EXPECT_EQ(full.catalogue_remaining_kr(), 0);
  EXPECT_EQ(full.cross_cutting_kr(), 70 * kMio);
  EXPECT_EQ(full.cross_cutting_share_bp(), 6363);  // 70/110, rounded down
  EXPECT_EQ(full.cross_cutting_target_bp(), 3000);
  EXPECT_EQ(full.claimed_kr(), 20 * kMio);
  EXPECT_EQ(full.pool_kr(), 90 * kMio);
  EXPECT_EQ(full.selected_kr(), 45 * kMio);
  EXPECT_EQ(full.approved_kr(), 45 * kMio);
  EXPECT_EQ(full.raaderum_target_kr(), 45 * kMio);
  EXPECT_EQ(full.raaderum_remaining_kr(), 0);
  EXPECT_EQ(Committee(full, kSocial).shortfall_kr(), 10 * kMio);
  EXPECT_EQ(Committee(full, kSocial).claimed_kr(), 10 * kMio);
  EXPECT_EQ(Committee(full, kSocial).remaining_gap_kr(), 0);
  EXPECT_EQ(Committee(full, kChildren).remaining_gap_kr(), 0);
  EXPECT_EQ(Committee(full, kTechnical).claimed_kr(), 0);
  ASSERT_EQ(full.centres_size(), 3);
  EXPECT_EQ(full.centres(0).own_target_kr(), 6 * kMio);  // 1 % of 600 mio.
  EXPECT_EQ(full.centres(0).own_proposals_kr(), 6 * kMio);
  EXPECT_EQ(full.centres(1).own_target_kr(), 9 * kMio);  // 1 % of 900 mio.
  EXPECT_EQ(full.centres(1).remaining_kr(), 2 * kMio);
  EXPECT_EQ(s.proposal_count(), 11);
  EXPECT_TRUE(s.pool_formed());
  EXPECT_TRUE(s.selection_approved());

  // The same summary per year: 2024 lacks half of the vacancies proposal.
  ASSERT_EQ(s.by_year_size(), 4);
  EXPECT_EQ(s.by_year(0).year(), 2024);
  EXPECT_EQ(s.by_year(0).catalogue_kr(), 100 * kMio);
  EXPECT_EQ(s.by_year(0).pool_kr(), 80 * kMio);
  EXPECT_EQ(s.by_year(0).approved_kr(), 45 * kMio);
  EXPECT_EQ(s.by_year(1).year(), 2025);
  EXPECT_EQ(s.by_year(1).catalogue_kr(), 110 * kMio);
}

// Rule 6: targets compare full implementation; a one-off saving (nothing at
// full implementation) does not top the catalogue up.
TEST_F(SummaryTest, Rule6OneOffSavingsDoNotCountTowardsTheTargets) {
  SubmitPhased("Varig besparelse", {kSocial}, 5 * kMio, 5 * kMio);
  v1::ProposalContent one_off = Content("Engangsbesparelse: udskudt vedligehold", {kTechnical}, 0);
  one_off.mutable_effects(0)->set_amount_kr(3 * kMio);
  Submit(one_off);
  v1::RoundSummary s = Summary();
  EXPECT_EQ(s.full_implementation().catalogue_kr(), 5 * kMio);
  EXPECT_EQ(s.full_implementation().catalogue_remaining_kr(), 105 * kMio);
  EXPECT_EQ(s.by_year(0).catalogue_kr(), 8 * kMio);  // shown in its year only
}

// 004 §1: what is submitted after the committees chose (only under a reopened
// submission phase) can be neither claimed nor selected; the summary shows it
// apart instead of counting it in the catalogue.
TEST_F(SummaryTest, UnallocatableProposalsAreShownApart) {
  SubmitPhased("I kataloget", {kTechnical}, 4 * kMio, 4 * kMio);
  clock_.Set(ProposalsPresented());
  Tick();
  Ok(OverrideGateCommand(v1::GATE_SUBMISSION, v1::GATE_MODE_FORCED_OPEN,
                         "Et forslag kom for sent"));
  const std::string late = SubmitPhased("For sent", {kTechnical}, 2 * kMio, 2 * kMio);
  const v1::Totals full = Summary().full_implementation();
  EXPECT_EQ(full.catalogue_kr(), 4 * kMio);
  EXPECT_EQ(full.pool_kr(), 4 * kMio);
  EXPECT_EQ(full.unallocatable_kr(), 2 * kMio);
  EXPECT_THAT(full.unallocatable(), ::testing::ElementsAre(late));
}

TEST_F(SummaryTest, UnknownRoundIsNotFound) {
  v1::GetRoundSummaryRequest r;
  r.set_round("rounds/1999");
  auto s = processor_->Read(
      [&](const State& st, absl::Time now) { return GetRoundSummary(st, r, now); });
  EXPECT_TRUE(absl::IsNotFound(s.status()));
}

}  // namespace
}  // namespace budget::testing
