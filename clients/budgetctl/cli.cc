#include "clients/budgetctl/cli.h"

#include "CLI/CLI.hpp"

namespace budgetctl {

Cli::Cli(CLI::App* app) : app(app) {
  app->add_flag("--json", json, "print one JSON document (the proto JSON mapping) for scripts");
  connection.Register(app);
}

CLI::App* AddGroup(CLI::App* parent, const std::string& name, const std::string& help) {
  CLI::App* group = parent->add_subcommand(name, help);
  group->require_subcommand(1);
  return group;
}

}  // namespace budgetctl
