#include "clients/budgetctl/demo_tokens.h"

#include <cstdlib>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "clients/budgetctl/errors.h"

namespace budgetctl {
namespace {

std::map<std::string, std::string> ReadFile(const std::string& path, bool required) {
  std::map<std::string, std::string> values;
  std::ifstream in(path);
  if (!in) {
    if (required) throw UsageError(absl::StrCat("--tokens: cannot read ", path));
    return values;
  }
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    absl::string_view l = absl::StripAsciiWhitespace(line);
    if (l.empty() || l[0] == '#') continue;
    absl::ConsumePrefix(&l, "export ");
    const size_t eq = l.find('=');
    if (eq == absl::string_view::npos) {
      throw UsageError(absl::StrCat(path, ":", number, ": expected NAME=token"));
    }
    absl::string_view value = absl::StripAsciiWhitespace(l.substr(eq + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    values[std::string(absl::StripAsciiWhitespace(l.substr(0, eq)))] = std::string(value);
  }
  return values;
}

}  // namespace

std::map<std::string, std::string> ReadDemoTokens(const std::string& path, bool required,
                                                  const std::vector<std::string>& names) {
  const std::map<std::string, std::string> file = ReadFile(path, required);
  std::map<std::string, std::string> tokens;
  std::vector<std::string> missing;
  for (const std::string& name : names) {
    const char* env = std::getenv(name.c_str());
    if (env != nullptr && *env != '\0') {
      tokens[name] = env;
    } else if (auto it = file.find(name); it != file.end() && !it->second.empty()) {
      tokens[name] = it->second;
    } else {
      missing.push_back(name);
    }
  }
  if (!missing.empty()) {
    throw UsageError(absl::StrCat("no token for ", absl::StrJoin(missing, ", "), " in ", path,
                                  " or the environment (./run.sh writes .budget/demo-tokens)"));
  }
  return tokens;
}

}  // namespace budgetctl
