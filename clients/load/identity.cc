#include "clients/load/identity.h"

#include <map>
#include <vector>

#include "clients/budgetctl/demo_tokens.h"

namespace budget_load {

Identity ReadIdentity(const std::string& path, bool path_given, const Mix& mix, bool setup) {
  struct Need {
    const char* name;
    std::string Identity::*token;
    bool needed;
  };
  const bool reads_round = setup || mix.UsesRound();
  const std::vector<Need> needs = {
      {"BUDGET_TOKEN_CASE_WORKER", &Identity::case_worker,
       mix.Includes(Op::kSubmit) || mix.NeedsProposals()},
      {"BUDGET_TOKEN_SOCIAL", &Identity::social, mix.Includes(Op::kClaim)},
      {"BUDGET_TOKEN_AUDITOR", &Identity::auditor, reads_round},
      // Claims take proposals the coordinator marked ready.
      {"BUDGET_TOKEN_COORDINATOR", &Identity::coordinator, setup || mix.Includes(Op::kClaim)},
  };
  std::vector<std::string> names;
  for (const Need& need : needs) {
    if (need.needed) names.push_back(need.name);
  }
  Identity identity;
  if (names.empty()) return identity;
  const std::map<std::string, std::string> tokens =
      budgetctl::ReadDemoTokens(path, path_given, names);
  for (const Need& need : needs) {
    if (need.needed) identity.*need.token = tokens.at(need.name);
  }
  return identity;
}

}  // namespace budget_load
