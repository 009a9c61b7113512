#ifndef CLIENTS_LOAD_IDENTITY_H_
#define CLIENTS_LOAD_IDENTITY_H_

// As whom budget-load acts: the demo roles' bearer tokens, from the NAME=token
// file ./run.sh writes (.budget/demo-tokens) or the environment.

#include <string>

#include "clients/load/mix.h"

namespace budget_load {

// Bearer tokens; empty for a role the run does not need.
struct Identity {
  std::string case_worker;  // BUDGET_TOKEN_CASE_WORKER: submits and amends
  std::string social;       // BUDGET_TOKEN_SOCIAL: claims for socialudvalget
  std::string auditor;      // BUDGET_TOKEN_AUDITOR: reads
  std::string coordinator;  // BUDGET_TOKEN_COORDINATOR: --setup
};

// The tokens `mix` and `setup` need: the case worker for submit and amend
// (and for the warm-up submissions), the committee for claim, the auditor for
// get, list and the check of the round, the coordinator for --setup; noop needs
// none. Each from the environment variable of its name, else `path`. A missing
// file is an error only when `path_given`. Throws budgetctl::UsageError naming
// what is missing.
Identity ReadIdentity(const std::string& path, bool path_given, const Mix& mix, bool setup);

}  // namespace budget_load

#endif  // CLIENTS_LOAD_IDENTITY_H_
