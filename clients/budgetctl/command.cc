#include "clients/budgetctl/command.h"

#include "CLI/CLI.hpp"

namespace budgetctl {

CLI::App* AddSubcommand(CLI::App* group, const std::string& name, const std::string& help) {
  return group->add_subcommand(name, help);
}

CLI::Option* AddValueOption(CLI::App* app, const std::string& names, std::string* value,
                            const std::string& help, bool required) {
  CLI::Option* option = app->add_option(names, *value, help);
  return required ? option->required() : option;
}

CLI::Option* AddListOption(CLI::App* app, const std::string& names,
                           std::vector<std::string>* values, const std::string& help,
                           char delimiter) {
  CLI::Option* option = app->add_option(names, *values, help);
  if (delimiter != '\0') option->delimiter(delimiter);
  return option;
}

CLI::Option* AddSwitchOption(CLI::App* app, const std::string& names, const std::string& help) {
  return app->add_flag(names, help);
}

std::string OptionName(const CLI::Option* option) { return option->get_name(); }

bool OptionGiven(const CLI::Option* option) { return option->count() > 0; }

void OnParsed(CLI::App* app, std::function<void()> callback) { app->callback(std::move(callback)); }

}  // namespace budgetctl
