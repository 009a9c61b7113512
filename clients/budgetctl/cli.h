#ifndef CLIENTS_BUDGETCTL_CLI_H_
#define CLIENTS_BUDGETCTL_CLI_H_

// What every command shares: the global flags and, once the command line is
// parsed, the action of the chosen subcommand.

#include <functional>

#include "clients/budgetctl/cli_fwd.h"
#include "clients/budgetctl/connection.h"

namespace budgetctl {

struct Cli {
  // Adds the global flags (--json and the connection flags) to `app`.
  explicit Cli(CLI::App* app);

  // A session per the connection flags, environment and config file.
  Session Connect() const { return Session(connection.Resolve()); }

  CLI::App* app;
  ConnectionFlags connection;
  // --json: one JSON document (the proto JSON mapping) on stdout.
  bool json = false;
  // Set by the chosen subcommand's parse callback; returns the exit code.
  std::function<int()> action;
};

// A group of subcommands ("round", "proposal", ...) under `parent`; using
// it without one of its subcommands is a usage error.
CLI::App* AddGroup(CLI::App* parent, const std::string& name, const std::string& help);

// Each adds one group of subcommands (commands_*.cc).
void AddRoundCommands(Cli& cli);
void AddProposalCommands(Cli& cli);
void AddSuggestionCommands(Cli& cli);
void AddAllocationCommands(Cli& cli);
void AddHearingCommands(Cli& cli);
void AddMeetingCommands(Cli& cli);
void AddAdminCommands(Cli& cli);
void AddExpansionCommands(Cli& cli);
void AddAdoptionCommands(Cli& cli);
void AddAuditCommands(Cli& cli);
void AddExportCommand(Cli& cli);
void AddWatchCommand(Cli& cli);
void AddDemoCommands(Cli& cli);
void AddSignInCommands(Cli& cli);
// The processes beside the rounds (commands_trial.cc, ...).
void AddTrialCommands(Cli& cli);
void AddAgreementAndDialogueCommands(Cli& cli);
void AddPolicyCommands(Cli& cli);

}  // namespace budgetctl

#endif  // CLIENTS_BUDGETCTL_CLI_H_
