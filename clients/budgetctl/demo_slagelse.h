#ifndef CLIENTS_BUDGETCTL_DEMO_SLAGELSE_H_
#define CLIENTS_BUDGETCTL_DEMO_SLAGELSE_H_

#include "clients/budgetctl/cli.h"
#include "clients/budgetctl/cli_fwd.h"

namespace budgetctl {

// Adds `demo slagelse` to the demo group: a year (2024) of Slagelse Kommune's
// processes beside the budget round — the economic policy's targets and key
// figures (000), trial actions (001, 002), development agreements and
// dialogue meetings (003) — from clients/budgetctl/demo_slagelse.json,
// played through the public API on the server's demo clock.
void AddSlagelseDemo(Cli& cli, CLI::App* group);

}  // namespace budgetctl

#endif  // CLIENTS_BUDGETCTL_DEMO_SLAGELSE_H_
