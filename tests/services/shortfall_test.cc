// Claims serve a real shortfall (issue 19 §2, 004: "Forslagene bliver ikke
// udvalgsbehandlet, bortset fra i fagudvalg, der har budgetudfordringer";
// "Udvalgene vælger forslag til at dække budgetudfordringer"): rule 2 refuses
// a committee without a shortfall and a claim beyond it; the coordinator
// revises a shortfall before the deadline; the summary flags what is left.
#include "services/domain/summary.h"
#include "tests/services/harness.h"

namespace budget::testing {
namespace {

class ShortfallTest : public Harness {
 protected:
  // Socialudvalget's shortfall is 10 mio. kr.; Teknik- og Miljøudvalget has none.
  void SetUp() override { Start(std::nullopt); }
  void Start(std::optional<v1::RoundSettings> settings) {
    CreateStrategyRound(settings);
    four_ = Submit("Sammenlægning af bofællesskaber", {kSocial}, 4'000'000);
    seven_ = Submit("Omlægning af støttetimer", {kSocial}, 7'000'000);
    one_ = Submit("Færre vikartimer", {kSocial}, 1'000'000);
    road_ = Submit("Færre vejbump", {kTechnical}, 3'000'000);
    extra_ = Submit("Færre kørselsordninger", {kSocial}, 1'000'000);
    clock_.Set(CatalogueDeadline());
  }

  Command Claim(const v1::Principal& who, const std::string& proposal,
                const std::string& committee) {
    return ClaimCommand(who, proposal, committee);
  }
  Command Revise(const std::string& committee, int64_t kr, const std::string& reason) {
    v1::ReviseShortfallRequest r;
    r.set_committee(committee);
    r.set_shortfall_kr(kr);
    r.set_reason(reason);
    return Make(who_.coordinator, &Command::mutable_revise_shortfall, r);
  }
  v1::CommitteeTotals Totals(absl::string_view committee) {
    v1::RoundSummary s = processor_->Read(
        [](const State& st, absl::Time now) { return Summarize(st.rounds().at("2024"), now); });
    for (const auto& c : s.full_implementation().committees()) {
      if (c.committee() == committee) return c;
    }
    return {};
  }
  void ExpectRule2(const absl::Status& s) {
    google::rpc::PreconditionFailure pf = PreconditionOf(s);
    ASSERT_EQ(pf.violations_size(), 1) << s;
    EXPECT_EQ(pf.violations(0).type(), "RULE_2_COMMITTEE_PREFERENCE");
  }

  std::string four_, seven_, one_, road_, extra_;
};

TEST_F(ShortfallTest, Rule2ACommitteeWithoutAShortfallCannotClaim) {
  absl::Status s =
      Refusal(Claim(who_.technical, road_, kTechnical), absl::StatusCode::kFailedPrecondition,
              "rule 2 (committee preference): Expected a committee with a budget "
              "shortfall to cover (004: only committees with budget challenges handle "
              "the proposals), but " +
                  std::string(kTechnical) + " has none");
  ExpectRule2(s);
}

TEST_F(ShortfallTest, Rule2TheClaimThatCoversTheShortfallIsAllowedTheNextIsNot) {
  Ok(Claim(who_.social, four_, kSocial));   // 4 of 10 mio.
  Ok(Claim(who_.social, seven_, kSocial));  // 11 of 10: crosses, allowed
  absl::Status s = Refusal(Claim(who_.social, one_, kSocial), absl::StatusCode::kFailedPrecondition,
                           "rule 2 (committee preference): Expected " + std::string(kSocial) +
                               "'s shortfall to be uncovered, but its claims (11000000 kr.) "
                               "already cover its shortfall (10000000 kr.); what is left goes "
                               "to the council's pool");
  ExpectRule2(s);
  // Releasing one reopens the gap.
  v1::ReleaseClaimRequest release;
  release.set_proposal(seven_);
  Ok(Make(who_.social, &Command::mutable_release_claim, release));
  Ok(Claim(who_.social, one_, kSocial));
}

// The setting: how far over its shortfall a committee may go.
class ShortfallMarginTest : public ShortfallTest {
 protected:
  void SetUp() override {
    v1::RoundSettings settings;
    settings.set_claim_margin_kr(2'000'000);
    Start(settings);
  }
};

TEST_F(ShortfallMarginTest, Rule2TheRoundsClaimMarginLetsACommitteeGoFurther) {
  Ok(Claim(who_.social, seven_, kSocial));  // 7 of 10 + 2 mio.
  Ok(Claim(who_.social, four_, kSocial));   // 11 of 12: still under the line
  Ok(Claim(who_.social, one_, kSocial));    // 12: crosses it, allowed
  Refused(Claim(who_.social, extra_, kSocial), absl::StatusCode::kFailedPrecondition,
          "already cover its shortfall (10000000 kr.) plus the round's claim margin (2000000 kr.)");
}

TEST_F(ShortfallTest, TheCoordinatorRevisesAShortfallBeforeTheClaimsDeadline) {
  clock_.Set(ClaimsDeadline() - absl::Seconds(1));
  const uint64_t before = Head();
  v1::CommandResponse r = Ok(Revise(kSocial, 3'000'000, "Ny prognose for botilbud"));
  EXPECT_EQ(Head(), before + 1);
  const v1::Committee* social = FindCommittee(r.round(), kSocial);
  ASSERT_NE(social, nullptr);
  EXPECT_EQ(social->shortfall_kr(), 3'000'000);
  Ok(Claim(who_.social, four_, kSocial));  // 4 of 3 mio.: covered
  Refused(Claim(who_.social, one_, kSocial), absl::StatusCode::kFailedPrecondition,
          "already cover its shortfall (3000000 kr.)");
  // A revision from nothing lets a committee claim.
  Ok(Revise(kTechnical, 2'000'000, "Vintertjenesten er underbudgetteret"));
  Ok(Claim(who_.technical, road_, kTechnical));

  clock_.Set(ClaimsDeadline());
  absl::Status s =
      Refusal(Revise(kSocial, 5'000'000, "For sent"), absl::StatusCode::kFailedPrecondition,
              "rule 4 (claims deadline): Expected the shortfall to be revised before the claims "
              "deadline, but MILESTONE_CLAIMS_DEADLINE passed on 2023-04-30 22:00:00 UTC");
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "RULE_4_CLAIMS_DEADLINE");
}

TEST_F(ShortfallTest, ARevisionNamesItsBadFields) {
  absl::Status s = Refusal(Revise("rounds/2024/udvalg/x", -1, ""),
                           absl::StatusCode::kInvalidArgument, "invalid committee");
  EXPECT_THAT(BadRequestOf(s), HasViolation("committee"));
  EXPECT_THAT(BadRequestOf(s), HasViolation("shortfall_kr"));
  EXPECT_THAT(BadRequestOf(s), HasViolation("reason"));
  Refused(Revise("rounds/2024/committees/ukendt", 1, "Ny prognose"), absl::StatusCode::kNotFound,
          "committee rounds/2024/committees/ukendt");
}

TEST_F(ShortfallTest, AfterTheDeadlineTheSummaryFlagsUncoveredShortfalls) {
  Ok(Claim(who_.social, four_, kSocial));
  EXPECT_FALSE(Totals(kSocial).shortfall_uncovered());  // still time to claim
  clock_.Set(ClaimsDeadline());
  Tick();
  EXPECT_EQ(Totals(kSocial).remaining_gap_kr(), 6'000'000);
  EXPECT_TRUE(Totals(kSocial).shortfall_uncovered());
  EXPECT_FALSE(Totals(kTechnical).shortfall_uncovered());  // none to cover
}

}  // namespace
}  // namespace budget::testing
