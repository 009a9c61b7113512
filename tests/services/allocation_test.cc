// Rules 1–5: claims, the pool, the council's selection. Each rule with its
// allowed and its refused case; every refusal leaves the log unchanged.
#include <thread>

#include "services/domain/timeline.h"
#include "services/domain/views.h"
#include "tests/services/harness.h"

namespace budget::testing {
namespace {

using ::testing::HasSubstr;

class AllocationTest : public Harness {
 protected:
  void SetUp() override {
    CreateStrategyRound();
    social_ = Submit("Sammenlægning af bofællesskaber", {kSocial}, 4'000'000);
    social2_ = Submit("Omlægning af støttetimer", {kSocial}, 7'000'000);
    children_ = Submit("Færre klasser", {kChildren}, 5'000'000);
    cross_ = Submit("Nedbringelse af sygefravær", {kSocial, kChildren}, 8'000'000);
    technical_ = Submit("Færre vejbump", {kTechnical}, 3'000'000);
  }

  Command Claim(const v1::Principal& who, const std::string& proposal,
                const std::string& committee) {
    return ClaimCommand(who, proposal, committee);
  }
  Command Release(const v1::Principal& who, const std::string& proposal) {
    v1::ReleaseClaimRequest r;
    r.set_proposal(proposal);
    r.set_reason("Dækker ikke længere udfordringen");
    return Make(who, &Command::mutable_release_claim, r);
  }
  Command Select(const std::string& proposal) {
    v1::SelectFromPoolRequest r;
    r.set_proposal(proposal);
    return Make(who_.finance_committee, &Command::mutable_select_from_pool, r);
  }
  Command Deselect(const std::string& proposal) {
    v1::DeselectFromPoolRequest r;
    r.set_proposal(proposal);
    return Make(who_.finance_committee, &Command::mutable_deselect_from_pool, r);
  }
  Command Approve() { return ApproveCommand(MakeDate(2023, 5, 24)); }
  Command ForceClaims(v1::GateMode mode) {
    return OverrideGateCommand(v1::GATE_CLAIMS, mode, "Udvalgene får en uge mere");
  }
  v1::Proposal Get(const std::string& name) {
    return Published().rounds().at("2024").proposals().at(
        std::string(name.substr(name.rfind('/') + 1)));
  }
  v1::Round Round() { return Published().rounds().at("2024").round(); }
  // Past the catalogue deadline: the committees choose (claims open).
  void ToClaims() { clock_.Set(CatalogueDeadline() + absl::Hours(1)); }
  void ForceSubmission(v1::GateMode mode) {
    Ok(OverrideGateCommand(v1::GATE_SUBMISSION, mode, "Et sent forslag"));
  }
  // Past the deadline and presentation: the pool formed, selection open.
  void ToSelection() {
    clock_.Set(ProposalsPresented() + absl::Hours(1));
    Tick();
  }
  void ExpectRule(const absl::Status& s, absl::string_view code) {
    google::rpc::PreconditionFailure pf = PreconditionOf(s);
    ASSERT_EQ(pf.violations_size(), 1) << s;
    EXPECT_EQ(pf.violations(0).type(), code);
  }

  std::string social_, social2_, children_, cross_, technical_;
};

TEST_F(AllocationTest, Rule1ExclusiveUse_ClaimedProposalCannotBeClaimedAgainOrSelected) {
  ToClaims();
  v1::CommandResponse r = Ok(Claim(who_.social, social_, kSocial));
  EXPECT_EQ(r.proposal().status(), v1::PROPOSAL_CLAIMED);
  EXPECT_EQ(r.proposal().claim().committee(), kSocial);
  EXPECT_EQ(r.proposal().claim().claimed_by(), "users/soc");
  absl::Status s =
      Refusal(Claim(who_.social, social_, kSocial), absl::StatusCode::kFailedPrecondition,
              "rule 1 (exclusive use): Expected a proposal free for a committee's "
              "shortfall, but it is already claimed by " +
                  std::string(kSocial));
  ExpectRule(s, "RULE_1_EXCLUSIVE_USE");

  ToSelection();
  EXPECT_FALSE(Get(social_).in_pool());
  s = Refusal(Select(social_), absl::StatusCode::kFailedPrecondition, "rule 1 (exclusive use)");
  ExpectRule(s, "RULE_1_EXCLUSIVE_USE");
}

TEST_F(AllocationTest, Rule1ExclusiveUse_WithdrawnOrSelectedCannotBeClaimed) {
  v1::WithdrawProposalRequest w;
  w.set_name(social2_);
  w.set_reason("Trukket");
  Ok(Make(who_.case_worker, &Command::mutable_withdraw_proposal, w));
  ToClaims();
  Refused(Claim(who_.social, social2_, kSocial), absl::StatusCode::kFailedPrecondition,
          "rule 1 (exclusive use): Expected a proposal free for a committee's shortfall, but it "
          "was withdrawn");

  ToSelection();
  Ok(Select(technical_));
  Ok(ForceClaims(v1::GATE_MODE_FORCED_OPEN));
  Refused(Claim(who_.technical, technical_, kTechnical), absl::StatusCode::kFailedPrecondition,
          "is selected by the council");
}

TEST_F(AllocationTest, Rule2CommitteesChooseFirst) {
  ToClaims();
  Ok(Claim(who_.social, social_, kSocial));
  // The council cannot pick before the committees have chosen.
  v1::OverrideGateRequest open;
  open.set_round(kRound);
  open.set_gate(v1::GATE_SELECTION);
  open.set_mode(v1::GATE_MODE_FORCED_OPEN);
  open.set_reason("Tidlig udvælgelse");
  Ok(Make(who_.coordinator, &Command::mutable_override_gate, open));
  absl::Status s =
      Refusal(Select(children_), absl::StatusCode::kFailedPrecondition,
              "rule 2 (committee preference): Expected the committees to have chosen first");
  ExpectRule(s, "RULE_2_COMMITTEE_PREFERENCE");
  // Once claims close, what the committees did not claim forms the pool.
  clock_.Set(ClaimsDeadline());
  Tick();
  v1::Round round = Round();
  ASSERT_TRUE(round.has_pool());
  EXPECT_THAT(round.pool().proposals(),
              ::testing::ElementsAre(social2_, children_, cross_, technical_));
  EXPECT_EQ(round.pool().total_at_formation_kr(), 23'000'000);
  EXPECT_THAT(round.pool().cause(),
              HasSubstr("MILESTONE_CLAIMS_DEADLINE passed on 2023-04-30 22:00:00 UTC"));
  EXPECT_EQ(Get(social_).status(), v1::PROPOSAL_CLAIMED);
  EXPECT_EQ(Get(children_).status(), v1::PROPOSAL_IN_POOL);
  Ok(Select(children_));
}

TEST_F(AllocationTest, Rule3OwnAreaOnly) {
  ToClaims();
  absl::Status s =
      Refusal(Claim(who_.social, cross_, kSocial), absl::StatusCode::kFailedPrecondition,
              "rule 3 (own area only): Expected a proposal within " + std::string(kSocial) +
                  "'s own area, but it is cross-cutting (2 committees)");
  ExpectRule(s, "RULE_3_OWN_AREA_ONLY");
  Refused(Claim(who_.social, children_, kSocial), absl::StatusCode::kFailedPrecondition,
          "but it belongs to " + std::string(kChildren));
  Ok(Claim(who_.children, children_, kChildren));
  // A claimed proposal cannot be amended out of the committee's area, even
  // when the coordinator reopens the catalogue.
  ForceSubmission(v1::GATE_MODE_FORCED_OPEN);
  v1::AmendProposalRequest a;
  a.set_name(children_);
  a.set_expected_version(1);
  a.mutable_content()->add_committees(kChildren);
  a.mutable_content()->add_committees(kTechnical);
  a.mutable_update_mask()->add_paths("committees");
  Refused(Make(who_.case_worker, &Command::mutable_amend_proposal, a),
          absl::StatusCode::kFailedPrecondition, "rule 3 (own area only)");
}

TEST_F(AllocationTest, ACommitteeActsOnlyForItself) {
  ToClaims();
  Refused(Claim(who_.children, social_, kSocial), absl::StatusCode::kPermissionDenied,
          "users/bu may not act for " + std::string(kSocial));
  Ok(Claim(who_.social, social_, kSocial));
  Refused(Release(who_.children, social_), absl::StatusCode::kPermissionDenied, "may not act for");
  Ok(Release(who_.social, social_));
  EXPECT_FALSE(Get(social_).has_claim());
  EXPECT_EQ(Get(social_).status(), v1::PROPOSAL_SUBMITTED);
}

TEST_F(AllocationTest, Rule4ClaimsDeadlineOneSecondBeforeAndAfter) {
  clock_.Set(ClaimsDeadline() - absl::Seconds(1));
  Ok(Claim(who_.social, social_, kSocial));
  clock_.Set(ClaimsDeadline());
  absl::Status s =
      Refusal(Claim(who_.social, social2_, kSocial), absl::StatusCode::kFailedPrecondition,
              "rule 4 (claims deadline): Expected claims to be settled before the claims "
              "deadline, but the claims phase (GATE_CLAIMS) is closed since "
              "MILESTONE_CLAIMS_DEADLINE passed on 2023-04-30 22:00:00 UTC");
  ExpectRule(s, "RULE_4_CLAIMS_DEADLINE");
  // Releases too.
  Refused(Release(who_.social, social_), absl::StatusCode::kFailedPrecondition,
          "rule 4 (claims deadline)");
}

TEST_F(AllocationTest, Rule5CouncilSelectsFromThePoolAndCommitteesKeepOff) {
  ToSelection();
  v1::CommandResponse r = Ok(Select(cross_));
  EXPECT_EQ(r.proposal().status(), v1::PROPOSAL_SELECTED);
  // Committees do not handle pool proposals, even if claims are reopened.
  Ok(ForceClaims(v1::GATE_MODE_FORCED_OPEN));
  absl::Status s =
      Refusal(Claim(who_.social, social2_, kSocial), absl::StatusCode::kFailedPrecondition,
              "rule 5 (council selects from the pool): Expected a proposal outside the "
              "cross-cutting pool");
  ExpectRule(s, "RULE_5_COUNCIL_SELECTS_FROM_POOL");
  Refused(Release(who_.social, social2_), absl::StatusCode::kFailedPrecondition, "rule 5");
  // A proposal submitted after the pool formed is not in it.
  Ok(ForceClaims(v1::GATE_MODE_AUTOMATIC));
  ForceSubmission(v1::GATE_MODE_FORCED_OPEN);
  std::string late = Submit("Sent forslag", {kTechnical}, 1'000'000);
  s = Refusal(Select(late), absl::StatusCode::kFailedPrecondition,
              "rule 5 (council selects from the pool): Expected a proposal from the pool");
}

TEST_F(AllocationTest, ApprovalDecidesEveryPoolProposalAndFreezesTheSelection) {
  ToClaims();
  Ok(Claim(who_.social, social_, kSocial));
  ToSelection();
  Ok(Select(cross_));
  Ok(Select(technical_));
  Ok(Deselect(technical_));
  Refused(Deselect(technical_), absl::StatusCode::kFailedPrecondition, "not selected");
  Ok(Select(children_));
  RecordMeeting(v1::MEETING_HMU_DIALOGUE_APRIL, MakeDate(2023, 4, 20));
  Ok(RecommendCommand(MakeDate(2023, 5, 24)));
  v1::CommandResponse r = Ok(Approve());
  EXPECT_EQ(r.round().selection_approval().approved_count(), 2);
  EXPECT_EQ(r.round().selection_approval().rejected_count(), 2);
  EXPECT_TRUE(FindMilestone(r.round(), v1::MILESTONE_SELECTION_APPROVED)->has_reached_at());
  EXPECT_EQ(Get(cross_).status(), v1::PROPOSAL_APPROVED);
  EXPECT_EQ(Get(children_).status(), v1::PROPOSAL_APPROVED);
  EXPECT_EQ(Get(technical_).status(), v1::PROPOSAL_REJECTED);
  EXPECT_EQ(Get(social2_).status(), v1::PROPOSAL_REJECTED);
  EXPECT_EQ(Get(social_).status(), v1::PROPOSAL_CLAIMED);
  EXPECT_EQ(Get(cross_).decision().meeting_date().day(), 24);
  Refused(Select(technical_), absl::StatusCode::kFailedPrecondition,
          "it was approved on 2023-05-24 and is frozen");
  Refused(Deselect(cross_), absl::StatusCode::kFailedPrecondition, "frozen");
  Refused(Approve(), absl::StatusCode::kFailedPrecondition, "frozen");
}

// 004 "ØK/byrådet udvælger og godkender": ØK recommends, Byrådet approves the
// recommendation; two events by two roles, each with its meeting.
TEST_F(AllocationTest, OekRecommendsAndByraadetApprovesTheRecommendation) {
  ToClaims();
  Ok(Claim(who_.social, social_, kSocial));
  ToSelection();
  Ok(Select(cross_));
  Ok(Select(children_));
  RecordMeeting(v1::MEETING_HMU_DIALOGUE_APRIL, MakeDate(2023, 4, 20));
  // Byrådet approves nothing ØK has not recommended.
  absl::Status s = Refusal(Approve(), absl::StatusCode::kFailedPrecondition,
                           "Expected ØK's recommendation before Byrådet approves");
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "NOT_RECOMMENDED");
  v1::CommandResponse recommended = Ok(RecommendCommand(MakeDate(2023, 5, 24)));
  const v1::SelectionRecommendation& m = recommended.round().selection_recommendation();
  EXPECT_EQ(m.recommended_by(), "users/oek");
  EXPECT_EQ(m.agenda_item(), "ØK, punkt 4: Omprioriteringsforslag");
  EXPECT_THAT(m.proposals(), ::testing::UnorderedElementsAre(cross_, children_));
  EXPECT_FALSE(recommended.round().has_selection_approval());
  // The recommendation freezes ØK's selection; it recommends once.
  s = Refusal(Select(technical_), absl::StatusCode::kFailedPrecondition,
              "ØK recommended it on 2023-05-24");
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "SELECTION_RECOMMENDED");
  Refused(Deselect(cross_), absl::StatusCode::kFailedPrecondition, "ØK recommended it");
  Refused(RecommendCommand(MakeDate(2023, 5, 25)), absl::StatusCode::kFailedPrecondition,
          "ØK recommended it");
  // Byrådet meets on or after ØK.
  s = Refusal(ApproveCommand(MakeDate(2023, 5, 23)), absl::StatusCode::kFailedPrecondition,
              "on or after ØK's of 2023-05-24, but it is 2023-05-23");
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "MEETING_BEFORE_RECOMMENDATION");
  v1::CommandResponse approved = Ok(ApproveCommand(MakeDate(2023, 5, 31)));
  const v1::SelectionApproval& a = approved.round().selection_approval();
  EXPECT_EQ(a.approved_by(), "users/byraad");
  EXPECT_EQ(a.agenda_item(), "Byrådet, punkt 9: Omprioriteringsforslag");
  EXPECT_EQ(a.approved_count(), 2);
  EXPECT_EQ(Get(cross_).status(), v1::PROPOSAL_APPROVED);
  EXPECT_EQ(Get(technical_).status(), v1::PROPOSAL_REJECTED);
  EXPECT_EQ(Get(cross_).decision().meeting_date().day(), 31);
}

TEST_F(AllocationTest, TheSelectionMilestoneIsByraadetsApprovalNotTheCoordinators) {
  v1::ReachMilestoneRequest r;
  r.set_round(kRound);
  r.set_kind(v1::MILESTONE_SELECTION_APPROVED);
  absl::Status s = Refusal(Make(who_.coordinator, &Command::mutable_reach_milestone, r),
                           absl::StatusCode::kFailedPrecondition,
                           "is reached by Byrådet's approval of ØK's recommendation");
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "REACHED_BY_DECISION");
  r.set_kind(v1::MILESTONE_EXPANSION_PROCESS_DECIDED);
  Refused(Make(who_.coordinator, &Command::mutable_reach_milestone, r),
          absl::StatusCode::kFailedPrecondition, "ØK's decision (DecideExpansionProcess)");
  r.set_kind(v1::MILESTONE_CROSS_CUTTING_DISCUSSION);
  Ok(Make(who_.coordinator, &Command::mutable_reach_milestone, r));
}

TEST_F(AllocationTest, SelectionGateClosesAtTheFirstReading) {
  ToSelection();
  clock_.Set(FirstReadingFinance() - absl::Seconds(1));
  Ok(Select(cross_));
  clock_.Set(FirstReadingFinance());
  Refused(Select(children_), absl::StatusCode::kFailedPrecondition, "GATE_SELECTION");
}

TEST_F(AllocationTest, PoolIsFixedByItsEvent) {
  clock_.Set(ClaimsDeadline());
  Tick();
  const uint64_t after_pool = Head();
  Tick();  // nothing more is due
  EXPECT_EQ(Head(), after_pool);
  const v1::Round formed = Round();
  std::vector<std::string> members(formed.pool().proposals().begin(),
                                   formed.pool().proposals().end());
  // Withdrawing a member (the coordinator reopened the catalogue) keeps it
  // listed (the event fixed the content) but out of the totals and out of
  // reach of the council.
  ForceSubmission(v1::GATE_MODE_FORCED_OPEN);
  v1::WithdrawProposalRequest w;
  w.set_name(technical_);
  w.set_reason("Trukket efter høring");
  Ok(Make(who_.case_worker, &Command::mutable_withdraw_proposal, w));
  std::string late = Submit("Efter puljen", {kTechnical}, 2'000'000);
  EXPECT_THAT(Round().pool().proposals(), ::testing::ElementsAreArray(members));
  EXPECT_FALSE(Get(late).in_pool());
  EXPECT_EQ(Get(late).status(), v1::PROPOSAL_SUBMITTED);
  Restart(/*from_zero=*/true);
  EXPECT_THAT(Round().pool().proposals(), ::testing::ElementsAreArray(members));
  ToSelection();
  Refused(Select(technical_), absl::StatusCode::kFailedPrecondition, "withdrawn");
}

TEST_F(AllocationTest, PoolFormsWithTheFirstCommandAfterTheDeadlineEvenWithoutATick) {
  clock_.Set(ProposalsPresented());
  EXPECT_FALSE(Round().has_pool());
  Ok(Select(cross_));
  EXPECT_TRUE(Round().has_pool());
  EXPECT_EQ(Get(cross_).status(), v1::PROPOSAL_SELECTED);
}

TEST_F(AllocationTest, ARefusedCommandAfterTheDeadlineWritesNotEvenThePool) {
  clock_.Set(ClaimsDeadline());
  Refused(Claim(who_.social, social_, kSocial), absl::StatusCode::kFailedPrecondition, "rule 4");
  EXPECT_FALSE(Round().has_pool());
  Tick();
  EXPECT_TRUE(Round().has_pool());
}

TEST_F(AllocationTest, ClosingClaimsEarlyFormsThePool) {
  clock_.Set(At(2023, 3, 1));
  Ok(ForceClaims(v1::GATE_MODE_FORCED_CLOSED));
  Tick();
  ASSERT_TRUE(Round().has_pool());
  EXPECT_THAT(Round().pool().cause(), HasSubstr("closed by users/cko: Udvalgene får en uge mere"));
}

TEST_F(AllocationTest, TwoCommitteeSecretariesRacingForOneProposal_ExactlyOneWins) {
  v1::Principal second = MakePrincipal("users/soc2", v1::ROLE_COMMITTEE, "socialudvalget");
  std::atomic<int> won{0}, lost{0};
  ToClaims();
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      absl::StatusOr<v1::CommandResponse> r =
          Run(Claim(i % 2 ? who_.social : second, social_, kSocial));
      if (r.ok()) {
        won++;
      } else {
        EXPECT_THAT(std::string(r.status().message()), HasSubstr("rule 1"));
        lost++;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(lost.load(), 7);
}

}  // namespace
}  // namespace budget::testing
