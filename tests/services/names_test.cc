// Resource names: what a request may name, and the error it gets otherwise
// (INVALID_ARGUMENT naming the field, with an example of the right form).
#include "services/domain/names.h"

#include <string>

#include "gtest/gtest.h"

namespace budget {
namespace {

TEST(NamesTest, ARoundNameIsRoundsSlashId) {
  absl::StatusOr<std::string> id = ParseRoundName("rounds/2024", "parent");
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(*id, "2024");
}

TEST(NamesTest, AMalformedRoundNameIsRefusedNamingTheField) {
  for (const char* bad : {"", "rounds", "rounds/", "rounds/2024/", "round/2024", "/rounds/2024",
                          "rounds/2024/proposals/P-0001", "rounds//2024", "rounds/Ab"}) {
    absl::StatusOr<std::string> id = ParseRoundName(bad, "parent");
    ASSERT_FALSE(id.ok()) << bad;
    EXPECT_EQ(id.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(id.status().message().find("parent"), std::string::npos) << id.status();
    EXPECT_NE(id.status().message().find("expected a name like \"rounds/2024\""), std::string::npos)
        << id.status();
  }
}

TEST(NamesTest, AChildNameIsItsRoundAndIdInItsCollection) {
  absl::StatusOr<ChildRef> ref = ParseChildName("rounds/2024/proposals/P-0017", kProposals, "name");
  ASSERT_TRUE(ref.ok()) << ref.status();
  EXPECT_EQ(ref->round_id, "2024");
  EXPECT_EQ(ref->id, "P-0017");
  ref = ParseChildName("rounds/2024/committees/boern-og-unge", kCommittees, "committee");
  ASSERT_TRUE(ref.ok()) << ref.status();
  EXPECT_EQ(ref->id, "boern-og-unge");
}

TEST(NamesTest, AMalformedOrForeignChildNameIsRefusedNamingTheField) {
  for (const char* bad : {"", "rounds/2024", "rounds/2024/proposals", "rounds/2024/proposals/",
                          "rounds/2024/hearings/H-0001", "rounds/2024/proposals/P-0001/x",
                          "rounds//proposals/P-0001", "x/2024/proposals/P-0001"}) {
    absl::StatusOr<ChildRef> ref = ParseChildName(bad, kProposals, "proposal");
    ASSERT_FALSE(ref.ok()) << bad;
    EXPECT_EQ(ref.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(ref.status().message().find("proposal"), std::string::npos) << ref.status();
    EXPECT_NE(ref.status().message().find("rounds/2024/proposals/P-0001"), std::string::npos)
        << ref.status();
  }
}

}  // namespace
}  // namespace budget
