// ProposalBytes (snapshots.h): a checkpoint serializes again only the
// proposals that changed; what it writes reads back as the round itself.
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "services/core/snapshots.h"

namespace budget {
namespace {

RoundState Round(int proposals) {
  RoundState round;
  round.mutable_round()->set_name("rounds/2024");
  round.set_next_proposal_number(proposals + 1);
  (*round.mutable_hearings())["H-0001"].set_name("rounds/2024/hearings/H-0001");
  for (int i = 1; i <= proposals; ++i) {
    const std::string id = absl::StrCat("P-000", i);
    v1::Proposal& p = (*round.mutable_proposals())[id];
    p.set_name(absl::StrCat("rounds/2024/proposals/", id));
    p.mutable_content()->set_title(absl::StrCat("Forslag ", i, " – færre vikarer"));
    p.set_version(1);
  }
  return round;
}

// The bytes parse back to `round`.
void ExpectReadsBack(const std::string& bytes, const RoundState& round) {
  RoundState parsed;
  ASSERT_TRUE(parsed.ParseFromString(bytes));
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(parsed, round));
}

TEST(ProposalBytesTest, OnlyChangedProposalsAreSerializedAgain) {
  ProposalBytes cache;
  RoundState round = Round(3);
  std::string first;
  cache.AppendRound("2024", round, &first);
  EXPECT_EQ(cache.serialized(), 3u);
  ExpectReadsBack(first, round);

  // One proposal changes, and the round's own fields: one serialized again.
  (*round.mutable_proposals())["P-0002"].set_version(2);
  round.set_next_proposal_number(9);
  cache.Changed("2024", "P-0002");
  std::string second;
  cache.AppendRound("2024", round, &second);
  EXPECT_EQ(cache.serialized(), 4u);
  ExpectReadsBack(second, round);

  // A new one: only it.
  (*round.mutable_proposals())["P-0004"].set_name("rounds/2024/proposals/P-0004");
  cache.Changed("2024", "P-0004");
  std::string third;
  cache.AppendRound("2024", round, &third);
  EXPECT_EQ(cache.serialized(), 5u);
  ExpectReadsBack(third, round);

  // A change that names no proposal: all of them again.
  (*round.mutable_proposals())["P-0001"].set_selected(true);
  cache.Forget("2024");
  std::string fourth;
  cache.AppendRound("2024", round, &fourth);
  EXPECT_EQ(cache.serialized(), 9u);
  ExpectReadsBack(fourth, round);
}

TEST(ProposalBytesTest, ARoundNotKeptIsSerializedWholeNextTime) {
  ProposalBytes cache;
  const RoundState a = Round(2), b = Round(2);
  std::string out;
  cache.AppendRound("a", a, &out);
  cache.AppendRound("b", b, &out);
  EXPECT_EQ(cache.serialized(), 4u);
  cache.KeepOnly({"a"});
  out.clear();
  cache.AppendRound("a", a, &out);
  EXPECT_EQ(cache.serialized(), 4u);
  cache.AppendRound("b", b, &out);
  EXPECT_EQ(cache.serialized(), 6u);
}

}  // namespace
}  // namespace budget
