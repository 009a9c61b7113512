// The README's authorization matrix says what the code enforces.
#include <fstream>
#include <sstream>

#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"
#include "services/api/authorization.h"

namespace budget {
namespace {

TEST(ReadmeTest, AuthorizationMatrixMatchesTheTable) {
  std::ifstream in(std::string(BUDGET_SOURCE_DIR) + "/README.md");
  ASSERT_TRUE(in) << "README.md not found";
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  const size_t begin = text.find("<!-- authorization-matrix:begin -->");
  const size_t end = text.find("<!-- authorization-matrix:end -->");
  ASSERT_NE(begin, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  std::map<std::string, std::vector<bool>> rows;
  for (absl::string_view line : absl::StrSplit(text.substr(begin, end - begin), '\n')) {
    if (!absl::ConsumePrefix(&line, "| ") || absl::StartsWith(line, "RPC") ||
        absl::StartsWith(line, "-")) {
      continue;
    }
    std::vector<std::string> cells = absl::StrSplit(line, '|');
    ASSERT_GE(cells.size(), 9u) << line;
    std::vector<bool> allowed;
    for (size_t i = 1; i <= 8; ++i) allowed.push_back(absl::StripAsciiWhitespace(cells[i]) == "✓");
    rows[std::string(absl::StripAsciiWhitespace(cells[0]))] = allowed;
  }
  EXPECT_EQ(rows.size(), Permissions().size());
  for (const Permission& p : Permissions()) {
    auto it = rows.find(std::string(p.method));
    ASSERT_NE(it, rows.end()) << p.method << " is missing from the README matrix";
    for (int r = v1::ROLE_CASE_WORKER; r <= v1::ROLE_ADMINISTRATOR; ++r) {
      const bool may = p.roles.empty() || std::find(p.roles.begin(), p.roles.end(),
                                                    static_cast<v1::Role>(r)) != p.roles.end();
      EXPECT_EQ(it->second[r - 1], may) << p.method << " role " << r;
    }
  }
}

}  // namespace
}  // namespace budget
