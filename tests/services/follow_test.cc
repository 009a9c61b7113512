// Who follows what in the live feed (issue 19 §5): one decision, per role,
// and the refusal of the full log to a committee.
#include "services/domain/follow.h"

#include "tests/services/harness.h"

namespace budget::testing {
namespace {

using ::testing::HasSubstr;

class FollowTest : public Harness {
 protected:
  void SetUp() override {
    CreateStrategyRound();
    claimed_ = Submit("Færre pladser på forsorgshjemmet", {kSocial}, 6'000'000);
    other_ = Submit("Færre kontrolbesøg", {kTechnical}, 500'000);
    v1::OpenHearingRequest h;
    h.set_round(kRound);
    h.set_title("Høring");
    h.add_proposals(other_);
    auto* hmu = h.add_bodies();
    hmu->set_name("bodies/hmu");
    hmu->set_kind(v1::BODY_HMU);
    hmu->set_display_name("MED-Hovedudvalget");
    *h.mutable_deadline() = ToProto(At(2023, 3, 1));
    hearing_ = Ok(Make(who_.coordinator, &Command::mutable_open_hearing, h)).hearing().name();
    clock_.Set(CatalogueDeadline());
    Ok(ClaimCommand(who_.social, claimed_, kSocial));
  }

  // What `who`'s feed (unspecified scope) shows of each stream.
  std::vector<std::string> Shown(const v1::Principal& who, const std::string& round = "") {
    v1::SubscribeRequest r;
    r.set_round(round);
    absl::StatusOr<FeedScope> scope = DecideFeedScope(who, r);
    EXPECT_TRUE(scope.ok()) << scope.status();
    std::vector<std::string> out;
    const State s = Published();
    for (const std::string& stream : {std::string(kRound), claimed_, other_, hearing_}) {
      if (scope.ok() && Shows(*scope, s, stream)) out.push_back(stream);
    }
    return out;
  }

  std::string claimed_, other_, hearing_;
};

TEST_F(FollowTest, ACommitteeFollowsTheProposalsItHolds) {
  EXPECT_THAT(Shown(who_.social), ::testing::ElementsAre(claimed_));
  EXPECT_THAT(Shown(who_.children), ::testing::IsEmpty());
  // After a release it no longer holds it.
  v1::ReleaseClaimRequest r;
  r.set_proposal(claimed_);
  Ok(Make(who_.social, &Command::mutable_release_claim, r));
  EXPECT_THAT(Shown(who_.social), ::testing::IsEmpty());
}

TEST_F(FollowTest, ACaseWorkerFollowsWhatItSubmittedAndABodyItsHearings) {
  EXPECT_THAT(Shown(who_.case_worker), ::testing::ElementsAre(claimed_, other_));
  EXPECT_THAT(Shown(MakePrincipal("users/bo", v1::ROLE_CASE_WORKER)), ::testing::IsEmpty());
  EXPECT_THAT(Shown(who_.hmu), ::testing::ElementsAre(hearing_));
  const v1::Principal enghaven =
      MakePrincipal("bodies/enghaven", v1::ROLE_HEARING_BODY, "", kEnghaven);
  EXPECT_THAT(Shown(enghaven), ::testing::IsEmpty());
}

TEST_F(FollowTest, TheCouncilFollowsTheRoundAndThePool) {
  EXPECT_THAT(Shown(who_.council), ::testing::ElementsAre(kRound));
  clock_.Set(ClaimsDeadline());
  Tick();  // the pool forms with the unclaimed proposal
  EXPECT_THAT(Shown(who_.council), ::testing::ElementsAre(kRound, other_));
}

TEST_F(FollowTest, TheFullLogRolesSeeEverythingOfTheRoundTheyAskFor) {
  EXPECT_THAT(Shown(who_.auditor), ::testing::ElementsAre(kRound, claimed_, other_, hearing_));
  EXPECT_EQ(Shown(who_.coordinator).size(), 4u);
  EXPECT_THAT(Shown(who_.auditor, "rounds/2030"), ::testing::IsEmpty());
}

TEST_F(FollowTest, ACommitteeAskingForTheFullLogIsRefused) {
  v1::SubscribeRequest r;
  r.set_scope(v1::SUBSCRIBE_SCOPE_FULL_LOG);
  absl::StatusOr<FeedScope> scope = DecideFeedScope(who_.social, r);
  ASSERT_EQ(scope.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(scope.status().message(),
              HasSubstr("users/soc may not read the full log: it is for auditors, the "
                        "coordinator and administrators"));
  // Following is what it may do; the full-log roles may ask for either.
  r.set_scope(v1::SUBSCRIBE_SCOPE_FOLLOWED);
  ASSERT_TRUE(DecideFeedScope(who_.social, r).ok());
  EXPECT_FALSE(DecideFeedScope(who_.social, r)->full_log);
  r.set_scope(v1::SUBSCRIBE_SCOPE_FULL_LOG);
  EXPECT_TRUE(DecideFeedScope(who_.auditor, r)->full_log);
  r.set_round("round/2024");
  EXPECT_EQ(DecideFeedScope(who_.auditor, r).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace budget::testing
