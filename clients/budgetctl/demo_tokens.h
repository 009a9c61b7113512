#ifndef CLIENTS_BUDGETCTL_DEMO_TOKENS_H_
#define CLIENTS_BUDGETCTL_DEMO_TOKENS_H_

// The bearer tokens the demo acts with, one per role, from the file
// ./run.sh writes (.budget/demo-tokens: NAME=token lines, the names of
// scripts/start-server.sh) or the environment.

#include <map>
#include <string>
#include <vector>

namespace budgetctl {

// Reads `path` (the config file's format: NAME=token lines, '#' comments,
// quotes allowed). A variable of the same name in the environment overrides
// the file. A missing file is an error only when `required` (the user named
// it). Returns the token of every name in `names`; throws UsageError naming
// the file and the names it lacks.
std::map<std::string, std::string> ReadDemoTokens(const std::string& path, bool required,
                                                  const std::vector<std::string>& names);

}  // namespace budgetctl

#endif  // CLIENTS_BUDGETCTL_DEMO_TOKENS_H_
