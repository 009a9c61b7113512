// budgetctl committee ... and council ...: CommitteeService and CouncilService
// (rules 1-5).
#include "budget/v1/allocation_service.grpc.pb.h"
#include "clients/budgetctl/command_args.h"
#include "clients/budgetctl/parse.h"
#include "clients/budgetctl/resource_names.h"
#include "clients/budgetctl/rpc.h"
#include "services/domain/names.h"

namespace budgetctl {

namespace v1 = budget::v1;
using S = const std::string&;

namespace {
const char kProposalHelp[] = "the proposal, e.g. rounds/2024/proposals/P-0001";
}  // namespace

void AddAllocationCommands(Cli& cli) {
  using Committee = v1::CommitteeService::Stub;
  CLI::App* committee =
      AddGroup(cli.app, "committee", "A standing committee covering its shortfall");
  Mutation(
      cli, committee, "claim",
      "Claims a proposal of the committee's own area while the claims phase is open (committee)",
      &Committee::ClaimProposal)
      .Arg("PROPOSAL", kProposalHelp, [](auto& r, S v) { r.set_proposal(v); })
      .Flag("--committee", "the claiming committee (id or name)", [](auto& r, S v) {
        r.set_committee(ChildArg(RoundOf(r.proposal()), budget::kCommittees, v));
      });
  Mutation(cli, committee, "release",
           "Gives a claimed proposal back before the claims deadline (committee)",
           &Committee::ReleaseClaim)
      .Arg("PROPOSAL", kProposalHelp, [](auto& r, S v) { r.set_proposal(v); })
      .Flag("--reason", "why (up to 2000 characters)", [](auto& r, S v) { r.set_reason(v); });

  using Council = v1::CouncilService::Stub;
  CLI::App* council =
      AddGroup(cli.app, "council", "ØK selects from the pool and recommends; Byrådet approves");
  Mutation(cli, council, "select", "Puts a pool proposal into ØK's selection (finance committee)",
           &Council::SelectFromPool)
      .Arg("PROPOSAL", kProposalHelp, [](auto& r, S v) { r.set_proposal(v); })
      .Flag("--not-heard-reason",
            "why select it before every workplace is heard (rounds whose selection_hearing is "
            "FLAGGED; the proposal then shows it as not heard)",
            [](auto& r, S v) { r.set_not_heard_reason(v); });
  Mutation(cli, council, "deselect",
           "Takes a proposal out of the selection, before ØK recommends it (finance committee)",
           &Council::DeselectFromPool)
      .Arg("PROPOSAL", kProposalHelp, [](auto& r, S v) { r.set_proposal(v); });
  MeetingArgs(Mutation(cli, council, "recommend",
                       "ØK recommends its selection to Byrådet; the selection is then frozen "
                       "(finance committee)",
                       &Council::RecommendSelection),
              "ØK's meeting");
  MeetingArgs(Mutation(cli, council, "approve",
                       "Byrådet approves ØK's recommendation: the recommended pool proposals "
                       "approved, the rest rejected (council)",
                       &Council::ApproveSelection),
              "Byrådet's meeting");
}

}  // namespace budgetctl
