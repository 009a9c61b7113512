// Property: whatever sequence of commands (accepted or refused) the writer
// saw, replaying the log into a fresh projection gives the same state, and
// the totals computed from it are the same.
#include <map>
#include <optional>
#include <random>

#include "services/core/replay.h"
#include "services/core/snapshots.h"
#include "services/domain/summary.h"
#include "tests/services/harness.h"

namespace budget::testing {
namespace {

class ReplayPropertyTest : public Harness, public ::testing::WithParamInterface<int> {};

TEST_P(ReplayPropertyTest, RandomCommandsReplayToTheSameProjection) {
  // Checkpoints every few events (as soon as half the round's entities
  // allow), each serializing only the proposals changed since the last:
  // every one must load to the live state at its position.
  processor_.reset();
  processor_ = *CommandProcessor::Start(store_.get(), {.clock = &clock_, .snapshot_interval = 5});
  CreateStrategyRound();
  std::map<uint64_t, State> live_at;
  std::mt19937 rng(GetParam());
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  const std::vector<std::string> committees = {kSocial, kChildren, kTechnical};
  const std::vector<const v1::Principal*> committee_people = {&who_.social, &who_.children,
                                                              &who_.technical};
  std::vector<std::string> proposals;
  int accepted = 0, refused = 0;
  for (int step = 0; step < 300; ++step) {
    clock_.Advance(absl::Hours(pick(48)));
    const std::string p = proposals.empty() ? "rounds/2024/proposals/P-0001"
                                            : proposals[pick(static_cast<int>(proposals.size()))];
    Command c;
    switch (pick(10)) {
      case 0:
      case 1: {
        v1::SubmitProposalRequest r;
        r.set_parent(kRound);
        std::vector<std::string> cs = {committees[pick(3)]};
        if (pick(3) == 0) cs.push_back(committees[(pick(2) + 1 + (cs[0] == kChildren)) % 3]);
        *r.mutable_content() =
            Content(absl::StrCat("Forslag ", step), cs, 100'000 * (1 + pick(50)));
        c = Make(who_.case_worker, &Command::mutable_submit_proposal, r);
        break;
      }
      case 2: {
        v1::AmendProposalRequest r;
        r.set_name(p);
        r.set_expected_version(1 + pick(3));
        r.mutable_content()->set_full_implementation_kr(100'000 * pick(80));
        r.mutable_content()->set_title(absl::StrCat("Ændret ", step));
        r.mutable_update_mask()->add_paths("full_implementation_kr");
        if (pick(2)) r.mutable_update_mask()->add_paths("title");
        c = Make(who_.case_worker, &Command::mutable_amend_proposal, r);
        break;
      }
      case 3: {
        v1::WithdrawProposalRequest r;
        r.set_name(p);
        r.set_reason("Tilfældig");
        c = Make(who_.case_worker, &Command::mutable_withdraw_proposal, r);
        break;
      }
      case 4: {
        int k = pick(3);
        v1::ClaimProposalRequest r;
        r.set_proposal(p);
        r.set_committee(committees[k]);
        c = Make(*committee_people[k], &Command::mutable_claim_proposal, r);
        break;
      }
      case 5: {
        v1::ReleaseClaimRequest r;
        r.set_proposal(p);
        c = Make(*committee_people[pick(3)], &Command::mutable_release_claim, r);
        break;
      }
      case 6: {
        v1::SelectFromPoolRequest r;
        r.set_proposal(p);
        c = Make(who_.finance_committee, &Command::mutable_select_from_pool, r);
        break;
      }
      case 7:
        c = MarkReadyCommand(p);
        break;
      case 8:
        c = PublishCommand();
        break;
      default:
        Tick();
        live_at[Head()] = Published();
        continue;
    }
    absl::StatusOr<v1::CommandResponse> r = Run(c);
    if (r.ok()) {
      ++accepted;
      if (r->has_proposal() && c.has_submit_proposal()) proposals.push_back(r->proposal().name());
    } else {
      ++refused;
    }
    live_at[Head()] = Published();
  }
  EXPECT_GT(accepted, 50);
  EXPECT_GT(refused, 10);

  State live = Published();
  State replayed;
  ASSERT_TRUE(ReplayInto(*store_, 1, UINT64_MAX, &replayed).ok());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(live, replayed));
  const absl::Time now = clock_.Now();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
      Summarize(live.rounds().at("2024"), now), Summarize(replayed.rounds().at("2024"), now)));
  EXPECT_TRUE(store_->VerifyChain().ok);

  Restart();  // the last checkpoint, at the head
  const std::vector<uint64_t> checkpoints = *store_->ListSnapshots("checkpoint");
  EXPECT_GE(checkpoints.size(), 3u);
  for (uint64_t position : checkpoints) {
    std::optional<State> loaded = LoadCheckpoint(*store_, position);
    ASSERT_TRUE(loaded.has_value()) << position;
    State replayed_to;
    ASSERT_TRUE(ReplayInto(*store_, 1, position, &replayed_to).ok());
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*loaded, replayed_to))
        << "the checkpoint at " << position;
    if (live_at.contains(position)) {
      EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*loaded, live_at.at(position)))
          << "the checkpoint at " << position;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, ReplayPropertyTest, ::testing::Values(1, 2, 3, 4, 5));

}  // namespace
}  // namespace budget::testing
