#include "base/aead.h"

#include "gtest/gtest.h"

namespace base {
namespace {

TEST(AeadTest, OpensWhatItSealedOnlyWithTheSameKeyAndSubject) {
  const std::string key = NewAeadKey();
  ASSERT_EQ(key.size(), kAeadKeyBytes);
  absl::StatusOr<std::string> sealed = AeadSeal(key, "Mette Hansen: imod", "subjects/42");
  ASSERT_TRUE(sealed.ok()) << sealed.status();
  EXPECT_EQ(sealed->find("Mette"), std::string::npos);
  EXPECT_EQ(*AeadOpen(key, *sealed, "subjects/42"), "Mette Hansen: imod");
  // Sealing twice gives other bytes (a fresh nonce).
  EXPECT_NE(*AeadSeal(key, "Mette Hansen: imod", "subjects/42"), *sealed);

  EXPECT_TRUE(absl::IsDataLoss(AeadOpen(NewAeadKey(), *sealed, "subjects/42").status()));
  EXPECT_TRUE(absl::IsDataLoss(AeadOpen(key, *sealed, "subjects/43").status()));
  std::string flipped = *sealed;
  flipped[14] ^= 1;
  EXPECT_TRUE(absl::IsDataLoss(AeadOpen(key, flipped, "subjects/42").status()));
  EXPECT_TRUE(absl::IsDataLoss(AeadOpen(key, "short", "subjects/42").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(AeadSeal("short key", "x", "").status()));
  EXPECT_EQ(*AeadOpen(key, *AeadSeal(key, "", ""), ""), "");
}

}  // namespace
}  // namespace base
