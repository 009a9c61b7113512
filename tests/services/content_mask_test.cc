#include "services/domain/content_mask.h"

#include "gtest/gtest.h"

namespace budget {
namespace {

google::protobuf::RepeatedPtrField<std::string> Paths(std::initializer_list<const char*> names) {
  google::protobuf::RepeatedPtrField<std::string> out;
  for (const char* n : names) out.Add(n);
  return out;
}

v1::ProposalContent Existing() {
  v1::ProposalContent c;
  c.set_title("Gammel titel");
  c.add_committees("rounds/2024/committees/a");
  c.add_committees("rounds/2024/committees/b");
  c.set_full_implementation_kr(500'000);
  c.mutable_implementation_start()->set_year(2024);
  return c;
}

TEST(MergeContentTest, ReplacesNamedFieldsOnly) {
  v1::ProposalContent to = Existing();
  v1::ProposalContent from;
  from.set_title("Ny titel");
  from.set_full_implementation_kr(1);  // not named: must not arrive
  MergeContent(from, Paths({"title"}), &to);
  EXPECT_EQ(to.title(), "Ny titel");
  EXPECT_EQ(to.full_implementation_kr(), 500'000);
  EXPECT_EQ(to.committees_size(), 2);
}

TEST(MergeContentTest, RepeatedFieldsAreReplacedNotAppended) {
  v1::ProposalContent to = Existing();
  v1::ProposalContent from;
  from.add_committees("rounds/2024/committees/c");
  MergeContent(from, Paths({"committees"}), &to);
  ASSERT_EQ(to.committees_size(), 1);
  EXPECT_EQ(to.committees(0), "rounds/2024/committees/c");
}

TEST(MergeContentTest, NamedFieldUnsetInSourceIsCleared) {
  v1::ProposalContent to = Existing();
  MergeContent(v1::ProposalContent(), Paths({"implementation_start", "full_implementation_kr"}),
               &to);
  EXPECT_FALSE(to.has_implementation_start());
  EXPECT_EQ(to.full_implementation_kr(), 0);
  EXPECT_EQ(to.title(), "Gammel titel");
}

TEST(MergeContentTest, APathNamedTwiceCountsOnce) {
  v1::ProposalContent to = Existing();
  v1::ProposalContent from;
  from.set_title("Ny titel");
  MergeContent(from, Paths({"title", "title", "title", "title"}), &to);
  EXPECT_EQ(to.title(), "Ny titel");
}

TEST(MergeContentTest, UnknownPathsAreIgnored) {
  v1::ProposalContent to = Existing();
  MergeContent(v1::ProposalContent(), Paths({"no_such_field"}), &to);
  EXPECT_EQ(to.SerializeAsString(), Existing().SerializeAsString());
}

}  // namespace
}  // namespace budget
