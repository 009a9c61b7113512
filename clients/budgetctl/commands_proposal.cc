// budgetctl proposal ...: ProposalService.
#include "budget/v1/proposal_service.grpc.pb.h"
#include "clients/budgetctl/content_flags.h"
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

  AddImportCommand(cli, group);
}

}  // namespace budgetctl
