#ifndef CLIENTS_BUDGETCTL_PROPOSAL_IMPORT_H_
#define CLIENTS_BUDGETCTL_PROPOSAL_IMPORT_H_

#include "clients/budgetctl/cli.h"

namespace budgetctl {

// budgetctl proposal import FILE.csv --round R: checks every row first and
// submits nothing unless all are valid (or --skip-invalid); each row's
// request id is derived from the round and the row's content and number, so
// running the same import again writes nothing twice.
void AddImportCommand(Cli& cli, CLI::App* group);

}  // namespace budgetctl

#endif  // CLIENTS_BUDGETCTL_PROPOSAL_IMPORT_H_
