// budgetctl policy ...: PolicyService (seed 000, goals 7–12).
#include "budget/v1/policy_service.grpc.pb.h"
#include "clients/budgetctl/command_args.h"
#include "clients/budgetctl/enum_names.h"
#include "clients/budgetctl/parse.h"
#include "clients/budgetctl/process_args.h"
#include "clients/budgetctl/rpc.h"
#include "clients/budgetctl/views_process.h"

namespace budgetctl {

namespace v1 = budget::v1;
using S = const std::string&;

namespace {
const char kPolicyHelp[] = "the policy, e.g. slagelse or policies/slagelse";
std::string PolicyArg(S v) { return ProcessName("policies", v); }
constexpr int64_t kFigureLimit = 1'000'000'000'000'000;
}  // namespace

void AddPolicyCommands(Cli& cli) {
  using Stub = v1::PolicyService::Stub;
  CLI::App* group = AddGroup(cli.app, "policy",
                             "The economic policy: targets per year, key figures, standing (000)");
  Mutation(cli, group, "define",
           "Defines a policy and its key figures (--from-json for the key figures; coordinator)",
           &Stub::DefinePolicy)
      .Arg("ID", "[a-z0-9-]{1,63}", [](auto& r, S v) { r.set_policy_id(v); })
      .Flag("--municipality", "e.g. Slagelse Kommune", [](auto& r, S v) { r.set_municipality(v); })
      .Flag("--title", "1..200 characters", [](auto& r, S v) { r.set_title(v); });
  Mutation(cli, group, "target", "Sets a target for a year (--from-json; coordinator)",
           &Stub::SetPolicyTarget)
      .Arg("POLICY", kPolicyHelp, [](auto& r, S v) { r.set_policy(PolicyArg(v)); });
  Mutation(cli, group, "figure",
           "Records a key figure's actual or budgeted value for a period, with its source",
           &Stub::RecordKeyFigure)
      .Arg("POLICY", kPolicyHelp, [](auto& r, S v) { r.set_policy(PolicyArg(v)); })
      .Flag("--key-figure", "the key figure's id", [](auto& r, S v) { r.set_key_figure(v); })
      .Flag("--year", "the year", [](auto& r, S v) { r.set_year(ParseInteger(v, 2000, 2100)); })
      .Flag("--period", "inside the year, e.g. 2024-Q2 (default: the year)",
            [](auto& r, S v) { r.set_period(v); })
      .Flag("--kind", EnumChoices<v1::FigureKind>(),
            [](auto& r, S v) { r.set_kind(ParseEnumAs<v1::FigureKind>(v)); })
      .Flag("--value", "a whole number in the key figure's unit (kroner, basis points, ...)",
            [](auto& r, S v) { r.set_value(ParseInteger(v, -kFigureLimit, kFigureLimit)); })
      .Flag("--source", "where the number comes from", [](auto& r, S v) { r.set_source(v); });
  Mutation(cli, group, "link", "Names the key figure a round's proposal is meant to move",
           &Stub::LinkProposalToKeyFigure)
      .Arg("POLICY", kPolicyHelp, [](auto& r, S v) { r.set_policy(PolicyArg(v)); })
      .Flag("--key-figure", "the key figure's id", [](auto& r, S v) { r.set_key_figure(v); })
      .Flag("--proposal", "e.g. rounds/2024/proposals/P-0004",
            [](auto& r, S v) { r.set_proposal(v); });
  Query(cli, group, "get", "Shows a policy: key figures, targets, figures recorded",
        &Stub::GetPolicy, RenderPolicy)
      .Arg("POLICY", kPolicyHelp, [](auto& r, S v) { r.set_name(PolicyArg(v)); });
  Query(cli, group, "standing",
        "Where a year, or a round's budget year, stands against each target",
        &Stub::GetPolicyStanding, RenderPolicyStanding)
      .Arg("POLICY", kPolicyHelp, [](auto& r, S v) { r.set_policy(PolicyArg(v)); })
      .Flag("--year", "the year", [](auto& r, S v) { r.set_year(ParseInteger(v, 2000, 2100)); })
      .Flag("--round", kRoundHelp, [](auto& r, S v) { r.set_round(RoundArg(v)); });
}

}  // namespace budgetctl
