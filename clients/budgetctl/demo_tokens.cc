#include "clients/budgetctl/demo_tokens.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/budgetctl/config_file.h"
#include "clients/budgetctl/errors.h"

namespace budgetctl {

std::map<std::string, std::string> ReadDemoTokens(const std::string& path, bool required,
                                                  const std::vector<std::string>& names) {
  const std::map<std::string, std::string> file =
      ReadKeyValueFile(path, "the token file", required);
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
