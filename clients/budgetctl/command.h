#ifndef CLIENTS_BUDGETCTL_COMMAND_H_
#define CLIENTS_BUDGETCTL_COMMAND_H_

// A subcommand that fills one request message from its arguments:
//
//   RequestCommand<v1::GetRoundRequest>(cli, round, "get", "Shows a round")
//       .Arg("ROUND", "the round", [](auto& r, const std::string& v) { r.set_name(RoundArg(v)); })
//       .Then([](v1::GetRoundRequest& r) { ...; return kOk; });
//
// At run time the request is built in a fixed order: --from-json (when the
// command has it), then every argument and flag given, in the order they
// were declared, so flags override the file and a later flag may read what
// an earlier one set (the round of a name). A setter throws UsageError for a
// bad value; it is reported with the flag's name (exit code 2).

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "clients/budgetctl/cli.h"
#include "clients/budgetctl/cli_fwd.h"
#include "clients/budgetctl/errors.h"
#include "clients/budgetctl/output.h"

namespace budgetctl {

// Help texts many flags share.
inline constexpr char kRoundHelp[] = "the round, e.g. 2024 or rounds/2024";
inline constexpr char kKronerHelp[] = "whole kroner, e.g. 110000000, 110.000.000 or \"110 mio\"";

// The CLI11 calls a RequestCommand makes (command.cc; see cli_fwd.h).
CLI::App* AddSubcommand(CLI::App* group, const std::string& name, const std::string& help);
// An option with one value, stored in `*value`; `required` for an argument.
CLI::Option* AddValueOption(CLI::App* app, const std::string& names, std::string* value,
                            const std::string& help, bool required = false);
// A repeatable option; with a `delimiter` ('\0': none) one value may hold several.
CLI::Option* AddListOption(CLI::App* app, const std::string& names,
                           std::vector<std::string>* values, const std::string& help,
                           char delimiter);
CLI::Option* AddSwitchOption(CLI::App* app, const std::string& names, const std::string& help);
// The option's name as the user writes it ("--title", "ROUND").
std::string OptionName(const CLI::Option* option);
// True when the command line gave the option.
bool OptionGiven(const CLI::Option* option);
// Runs `callback` when `app` is the subcommand parsed.
void OnParsed(CLI::App* app, std::function<void()> callback);

template <typename Req>
class RequestCommand {
 public:
  using Setter = std::function<void(Req&, const std::string&)>;
  using ListSetter = std::function<void(Req&, const std::vector<std::string>&)>;

  RequestCommand(Cli& cli, CLI::App* group, const std::string& name, const std::string& help)
      : cli_(&cli), app_(AddSubcommand(group, name, help)), state_(std::make_shared<State>()) {}

  // A required positional argument.
  RequestCommand& Arg(const std::string& name, const std::string& help, Setter set) {
    std::string& value = state_->values.emplace_back();
    Bind(AddValueOption(app_, name, &value, help, /*required=*/true), name,
         [set, &value](Req& r) { set(r, value); });
    return *this;
  }

  // An optional flag with one value, e.g. "--title".
  RequestCommand& Flag(const std::string& names, const std::string& help, Setter set) {
    std::string& value = state_->values.emplace_back();
    CLI::Option* option = AddValueOption(app_, names, &value, help);
    Bind(option, OptionName(option), [set, &value](Req& r) { set(r, value); });
    return *this;
  }

  // A repeatable flag; with a `delimiter` one value may also hold several
  // ("--committee a,b").
  RequestCommand& List(const std::string& names, const std::string& help, ListSetter set,
                       char delimiter = '\0') {
    std::vector<std::string>& values = state_->lists.emplace_back();
    CLI::Option* option = AddListOption(app_, names, &values, help, delimiter);
    Bind(option, OptionName(option), [set, &values](Req& r) { set(r, values); });
    return *this;
  }

  // A flag without a value, e.g. "--spring".
  RequestCommand& Switch(const std::string& names, const std::string& help,
                         std::function<void(Req&)> set) {
    CLI::Option* option = AddSwitchOption(app_, names, help);
    Bind(option, OptionName(option), std::move(set));
    return *this;
  }

  // --from-json FILE: the request in the proto JSON mapping, read before
  // the flags.
  RequestCommand& JsonInput() {
    state_->json_option = AddValueOption(
        app_, "--from-json", &state_->json_file,
        "read the request from FILE (proto JSON mapping of the request); flags override it");
    return *this;
  }

  // What the command does with the built request; returns the exit code.
  void Then(std::function<int(Req&)> run) {
    OnParsed(app_, [cli = cli_, state = state_, run]() {
      cli->action = [state, run]() {
        Req request = Build(*state);
        return run(request);
      };
    });
  }

  CLI::App* app() const { return app_; }

 private:
  struct Binding {
    CLI::Option* option;
    std::string name;
    std::function<void(Req&)> apply;
  };
  // Kept alive by the parse callback; deques keep the bound strings in place.
  struct State {
    std::deque<std::string> values;
    std::deque<std::vector<std::string>> lists;
    std::vector<Binding> bindings;
    std::string json_file;
    CLI::Option* json_option = nullptr;
  };

  void Bind(CLI::Option* option, const std::string& name, std::function<void(Req&)> apply) {
    state_->bindings.push_back({option, name, std::move(apply)});
  }

  static Req Build(const State& state) {
    Req request;
    if (state.json_option != nullptr && OptionGiven(state.json_option)) {
      ReadJsonFile(state.json_file, &request);
    }
    for (const Binding& b : state.bindings) {
      if (!OptionGiven(b.option)) continue;
      try {
        b.apply(request);
      } catch (const UsageError& e) {
        throw UsageError(b.name + ": " + e.what());
      }
    }
    return request;
  }

  Cli* cli_;
  CLI::App* app_;
  std::shared_ptr<State> state_;
};

}  // namespace budgetctl

#endif  // CLIENTS_BUDGETCTL_COMMAND_H_
