// budgetctl proposal ...: ProposalService.
#include "budget/v1/proposal_service.grpc.pb.h"
#include "clients/budgetctl/content_flags.h"
#include "clients/budgetctl/parse.h"
#include "clients/budgetctl/proposal_import.h"
#include "clients/budgetctl/rpc.h"
#include "clients/budgetctl/views.h"

namespace budgetctl {

namespace v1 = budget::v1;
using Stub = v1::ProposalService::Stub;
using S = const std::string&;

void AddProposalCommands(Cli& cli) {
  CLI::App* group = AddGroup(cli.app, "proposal", "The catalogue of reprioritisation proposals");

  auto submit = Mutation(cli, group, "submit",
                         "Adds a proposal to the catalogue while the submission phase is open "
                         "(case worker, coordinator, HMU)",
                         &Stub::SubmitProposal);
  submit.Flag("--round", kRoundHelp, [](auto& r, S v) { r.set_parent(RoundArg(v)); });
  AddContentFlags(submit);

  auto amend = Mutation(cli, group, "amend",
                        "Changes the fields given, if the proposal is still at --expected-version",
                        &Stub::AmendProposal);
  amend
      .Arg("PROPOSAL", "the proposal, e.g. rounds/2024/proposals/P-0001",
           [](auto& r, S v) { r.set_name(v); })
      .Flag("--expected-version", "the version the change is based on (proposal get shows it)",
            [](auto& r, S v) { r.set_expected_version(ParseInteger(v, 1, INT64_MAX)); });
  AddContentFlags(amend);

  Mutation(cli, group, "withdraw",
           "Takes a proposal out of the catalogue while the submission phase is open",
           &Stub::WithdrawProposal)
      .Arg("PROPOSAL", "the proposal, e.g. rounds/2024/proposals/P-0001",
           [](auto& r, S v) { r.set_name(v); })
      .Flag("--reason", "why (1..2000 characters)", [](auto& r, S v) { r.set_reason(v); });

  Query(cli, group, "get", "Shows a proposal with its hearings and questions", &Stub::GetProposal,
        RenderProposal)
      .Arg("PROPOSAL", "the proposal, e.g. rounds/2024/proposals/P-0001",
           [](auto& r, S v) { r.set_name(v); });

  Query(cli, group, "list", "Lists the proposals of a round", &Stub::ListProposals, RenderProposals)
      .Flag("--round", kRoundHelp, [](auto& r, S v) { r.set_parent(RoundArg(v)); })
      .Flag("--committee", "only those concerning this committee (id or name)",
            [](auto& r, S v) { r.set_committee(ChildArg(r.parent(), budget::kCommittees, v)); })
      .Flag("--category", "only this category: " + EnumChoices<v1::ProposalCategory>(),
            [](auto& r, S v) { r.set_category(ParseEnumAs<v1::ProposalCategory>(v)); })
      .Flag("--status", "only this status: " + EnumChoices<v1::ProposalStatus>(),
            [](auto& r, S v) { r.set_status(ParseEnumAs<v1::ProposalStatus>(v)); })
      .Flag("--cross-cutting", "yes: only cross-cutting proposals; no: only single-committee ones",
            [](auto& r, S v) { r.set_cross_cutting(ParseBool(v)); });

  Mutation(cli, group, "mark-ready",
           "Marks a draft ready for the catalogue as a centre head or the steering group, while "
           "the submission phase is open (coordinator)",
           &Stub::MarkProposalReady)
      .Arg("PROPOSAL", "the proposal, e.g. rounds/2024/proposals/P-0001",
           [](auto& r, S v) { r.set_name(v); })
      .Flag("--as", "in which capacity: " + EnumChoices<v1::ApproverCapacity>(),
            [](auto& r, S v) { r.set_capacity(ParseEnumAs<v1::ApproverCapacity>(v)); })
      .Flag("--centre", "for centre-head: the centre (id or name)",
            [](auto& r, S v) { r.set_centre(ChildArg(RoundOf(r.name()), budget::kCentres, v)); })
      .Flag("--expected-version", "the version approved (default: the current one)",
            [](auto& r, S v) { r.set_expected_version(ParseInteger(v, 1, INT64_MAX)); });

  Mutation(cli, group, "publish",
           "Publishes every ready proposal of the round: the public sees them (coordinator)",
           &Stub::PublishCatalogue)
      .Flag("--round", kRoundHelp, [](auto& r, S v) { r.set_round(RoundArg(v)); });

  AddImportCommand(cli, group);
}

void AddSuggestionCommands(Cli& cli) {
  CLI::App* group =
      AddGroup(cli.app, "suggestion", "Employees' suggestions and their screening (004)");

  Mutation(cli, group, "submit",
           "Puts an idea in the screening queue while the submission phase is open (employee)",
           &Stub::SubmitSuggestion)
      .Flag("--round", kRoundHelp, [](auto& r, S v) { r.set_parent(RoundArg(v)); })
      .Flag("--title", "1..200 characters", [](auto& r, S v) { r.set_title(v); })
      .Flag("--description", "1..20000 characters", [](auto& r, S v) { r.set_description(v); })
      .Flag("--estimated-effect", "the yearly effect you expect, kroner (saving positive)",
            [](auto& r, S v) { r.set_estimated_effect_kr(ParseKroner(v)); });

  auto screen = Mutation(cli, group, "screen",
                         "Accepts a suggestion into a draft proposal (with its content flags) or "
                         "declines it with --reason (coordinator)",
                         &Stub::ScreenSuggestion);
  screen
      .Arg("SUGGESTION", "the suggestion, e.g. rounds/2024/suggestions/S-0001",
           [](auto& r, S v) { r.set_name(v); })
      .Flag("--outcome", "accepted or declined",
            [](auto& r, S v) { r.set_outcome(ParseEnumAs<v1::SuggestionStatus>(v)); })
      .Flag("--reason", "why it is declined (1..2000 characters)",
            [](auto& r, S v) { r.set_reason(v); });
  AddContentFlags(screen);

  Query(cli, group, "list",
        "The screening queue and its outcomes; an employee sees its own suggestions",
        &Stub::ListSuggestions, RenderSuggestions)
      .Flag("--round", kRoundHelp, [](auto& r, S v) { r.set_parent(RoundArg(v)); })
      .Flag("--status", "only this status: " + EnumChoices<v1::SuggestionStatus>(),
            [](auto& r, S v) { r.set_status(ParseEnumAs<v1::SuggestionStatus>(v)); });
}

}  // namespace budgetctl
