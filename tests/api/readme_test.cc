// The README's authorization matrix is the one AuthorizationMatrix()
// generates from the RPCs' (budget.v1.access) options: on a change of an
// option, paste the expected block this test prints into README.md.
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"
#include "services/api/authorization.h"

namespace budget {
namespace {

TEST(ReadmeTest, AuthorizationMatrixIsGeneratedFromTheOptions) {
  std::ifstream in(BUDGET_SOURCE_DIR "/README.md");
  ASSERT_TRUE(in) << "README.md not found";
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  const std::string begin_marker = "<!-- authorization-matrix:begin -->\n";
  const size_t begin = text.find(begin_marker);
  const size_t end = text.find("<!-- authorization-matrix:end -->");
  ASSERT_NE(begin, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  const std::string block =
      text.substr(begin + begin_marker.size(), end - begin - begin_marker.size());
  EXPECT_EQ(block, AuthorizationMatrix()) << "README.md's matrix should read:\n"
                                          << AuthorizationMatrix();
}

TEST(ReadmeTest, EveryRpcCarriesItsAccessOption) {
  EXPECT_TRUE(VerifyPermissions().ok()) << VerifyPermissions();
}

}  // namespace
}  // namespace budget
