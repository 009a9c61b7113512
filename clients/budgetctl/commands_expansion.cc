// budgetctl expansion ...: ExpansionService (rule 10).
#include "budget/v1/adoption_service.grpc.pb.h"
#include "clients/budgetctl/command_args.h"
#include "clients/budgetctl/rpc.h"
#include "clients/budgetctl/views.h"

namespace budgetctl {

namespace v1 = budget::v1;
using S = const std::string&;
using L = const std::vector<std::string>&;

namespace {
const char kExpansionHelp[] = "the expansion, e.g. rounds/2024/expansions/E-0001";
}  // namespace

void AddExpansionCommands(Cli& cli) {
  using Stub = v1::ExpansionService::Stub;
  CLI::App* group =
      AddGroup(cli.app, "expansion", "Expansions: new activities costed on request (rule 10)");

  Mutation(cli, group, "request",
           "Asks for a new activity to be costed, while requests are open (council; a committee "
           "for its own area; the administration is refused by rule 10)",
           &Stub::RequestExpansion)
      .Flag("--round", kRoundHelp, [](auto& r, S v) { r.set_round(RoundArg(v)); })
      .Flag("--title", "1..200 characters", [](auto& r, S v) { r.set_title(v); })
      .Flag("--description", "up to 20,000 characters; @FILE reads a file",
            [](auto& r, S v) { r.set_description(ParseText(v)); })
      .Flag("--committee", "the committee whose area it belongs to (id or name)",
            [](auto& r, S v) { r.set_committee(ChildArg(r.round(), budget::kCommittees, v)); });

  Mutation(cli, group, "cost",
           "Records (or revises, until the seminar) the administration's costing (case worker, "
           "coordinator)",
           &Stub::CostExpansion)
      .Arg("EXPANSION", kExpansionHelp, [](auto& r, S v) { r.set_expansion(v); })
      .List("--cost", "the cost in one year of the period: YEAR=KRONER, e.g. 2024=3 mio (repeat)",
            [](auto& r, L values) { SetYearAmounts(values, r.mutable_costs()); })
      .Flag("--full-implementation",
            std::string("the yearly cost at full implementation: ") + kKronerHelp,
            [](auto& r, S v) { r.set_full_implementation_kr(ParseKroner(v)); })
      .Flag("--assumptions", "how it was computed, 1..20,000 characters; @FILE reads a file",
            [](auto& r, S v) { r.set_assumptions(ParseText(v)); });

  MeetingArgs(Mutation(cli, group, "process",
                       "ØK decides the expansion process: the frame per committee, an overall "
                       "cap and the topics; requests open then (finance committee)",
                       &Stub::DecideExpansionProcess),
              "ØK's meeting")
      .List("--frame",
            "a committee's frame: COMMITTEE=KRONER, the committee's id or name, e.g. "
            "socialudvalget=5 mio (repeat)",
            [](auto& r, L values) {
              r.clear_frames();
              for (const std::string& v : values) {
                const size_t eq = v.find('=');
                if (eq == std::string::npos) {
                  throw UsageError(
                      absl::StrCat("expected COMMITTEE=KRONER, e.g. "
                                   "socialudvalget=5 mio, got \"",
                                   v, "\""));
                }
                v1::CommitteeFrame* f = r.add_frames();
                f->set_committee(ChildArg(r.round(), budget::kCommittees, v.substr(0, eq)));
                f->set_frame_kr(ParseKroner(v.substr(eq + 1)));
              }
            })
      .Flag("--cap", std::string("the overall cap on approved expansions: ") + kKronerHelp,
            [](auto& r, S v) { r.set_cap_kr(ParseKroner(v)); })
      .List("--topic", "a topic ØK asks proposals on, 1..200 characters (repeat)",
            [](auto& r, L values) {
              r.clear_topics();
              for (const std::string& v : values) r.add_topics(v);
            });

  auto frame = Mutation(cli, group, "set-frame",
                        "Changes the frame of a committee's expansions after ØK's decision; not "
                        "binding, the summary flags a committee over it (finance committee)",
                        &Stub::SetExpansionFrame);
  CommitteeArgs(frame).Flag("--frame", std::string("the frame: ") + kKronerHelp,
                            [](auto& r, S v) { r.set_frame_kr(ParseKroner(v)); });

  auto decide = Mutation(cli, group, "decide",
                         "The political decision on a costed expansion, while decisions are open "
                         "(June-August) (council)",
                         &Stub::DecideExpansion);
  decide.Arg("EXPANSION", kExpansionHelp, [](auto& r, S v) { r.set_expansion(v); });
  DecisionArgs(decide, "why (up to 2000 characters)");

  Query(cli, group, "get", "Shows an expansion: the request, its costing and the decision",
        &Stub::GetExpansion, RenderExpansion)
      .Arg("EXPANSION", kExpansionHelp, [](auto& r, S v) { r.set_name(v); });

  Query(cli, group, "list", "Lists a round's expansions", &Stub::ListExpansions, RenderExpansions)
      .Flag("--round", kRoundHelp, [](auto& r, S v) { r.set_round(RoundArg(v)); })
      .Flag("--committee", "only this committee's (id or name)",
            [](auto& r, S v) { r.set_committee(ChildArg(r.round(), budget::kCommittees, v)); });
}

}  // namespace budgetctl
