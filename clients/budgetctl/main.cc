// budgetctl: the command-line client of budgetd. One subcommand per RPC,
// tables for people, --json for scripts, and exit codes that say what kind
// of failure happened (errors.h).

#include <iostream>

#include "CLI/CLI.hpp"
#include "clients/budgetctl/cli.h"
#include "clients/budgetctl/errors.h"
#include "clients/budgetctl/terminal.h"

int main(int argc, char** argv) {
  using namespace budgetctl;
  CLI::App app("budgetctl: records a municipal budget round in budgetd, and shows it.",
               "budgetctl");
  app.footer(std::string("\nConnection settings come from the flag, else the environment, else the "
                         "config file.\n\n") +
             kExitCodeHelp);
  app.fallthrough();  // global flags may follow the subcommand
  app.require_subcommand(1);
  Cli cli(&app);
  AddRoundCommands(cli);
  AddProposalCommands(cli);
  AddSuggestionCommands(cli);
  AddAllocationCommands(cli);
  AddHearingCommands(cli);
  AddMeetingCommands(cli);
  AddExpansionCommands(cli);
  AddAdoptionCommands(cli);
  AddAuditCommands(cli);
  AddExportCommand(cli);
  AddWatchCommand(cli);
  AddAdminCommands(cli);
  AddDemoCommands(cli);
  AddSignInCommands(cli);
  AddTrialCommands(cli);
  AddAgreementAndDialogueCommands(cli);
  AddPolicyCommands(cli);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Help is a "parse error" that exits 0; every real one is a usage error.
    return app.exit(e) == 0 ? kOk : kInvalidInput;
  }
  ProtectTerminal(cli.json);
  try {
    return cli.action ? cli.action() : kInvalidInput;
  } catch (const UsageError& e) {
    std::cerr << "invalid input: " << e.what() << "\n";
    return kInvalidInput;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kOtherError;
  }
}
