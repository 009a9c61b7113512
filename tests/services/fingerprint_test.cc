// A request's fingerprint (command_util.h): what a request record keeps to
// tell a retry from a reused request id. Records written by earlier builds
// must still match, so the bytes are fixed: the command with its request id
// cleared, serialized deterministically (the API refuses unknown fields
// before a command is made, refusal_test.cc).
#include "gtest/gtest.h"
#include "services/domain/command_util.h"

namespace budget {
namespace {

internal::Command Submit(const std::string& request_id) {
  internal::Command c;
  c.mutable_actor()->set_name("users/anna");
  v1::SubmitProposalRequest* r = c.mutable_submit_proposal();
  r->set_request_id(request_id);
  r->set_parent("rounds/2024");
  r->mutable_content()->set_title("Færre vikarer");
  r->mutable_content()->set_full_implementation_kr(1'000'000);
  return c;
}

TEST(FingerprintTest, TheBytesAreTheCommandWithoutItsRequestId) {
  internal::Command c = Submit("r-1");
  internal::Command expected = Submit("");
  std::string bytes;
  ASSERT_TRUE(expected.SerializeToString(&bytes));
  EXPECT_EQ(Fingerprint(&c), bytes);
  // The command keeps its request id.
  EXPECT_EQ(c.submit_proposal().request_id(), "r-1");
  internal::Command other = Submit("r-2");
  EXPECT_EQ(Fingerprint(&other), bytes);
  other.mutable_submit_proposal()->mutable_content()->set_title("Andet");
  EXPECT_NE(Fingerprint(&other), bytes);
}

}  // namespace
}  // namespace budget
