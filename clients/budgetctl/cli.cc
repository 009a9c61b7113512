#include "clients/budgetctl/cli.h"

namespace budgetctl {

Cli::Cli(CLI::App* app) : app(app) {
  app->add_flag("--json", json, "print one JSON document (the proto JSON mapping) for scripts");
  connection.Register(app);
}

}  // namespace budgetctl
