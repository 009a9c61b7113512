// budgetctl round ..., summary, timeline: RoundService.
#include "budget/v1/round_service.grpc.pb.h"
#include "clients/budgetctl/enum_names.h"
#include "clients/budgetctl/parse.h"
#include "clients/budgetctl/resource_names.h"
#include "clients/budgetctl/rpc.h"
#include "clients/budgetctl/views.h"
#include "services/domain/names.h"

namespace budgetctl {
namespace {

namespace v1 = budget::v1;
using Stub = v1::RoundService::Stub;
using S = const std::string&;
using L = const std::vector<std::string>&;

// define-committee, define-centre, define-workplace: the round, the new
// unit's id and display name; the caller adds what else the unit has.
template <typename Req, typename Unit>
RequestCommand<Req> DefineUnit(Cli& cli, CLI::App* group, const std::string& kind,
                               const std::string& example,
                               Method<Stub, Req, v1::CommandResponse> method,
                               std::string* (Req::*id)(), Unit* (Req::*unit)()) {
  return Mutation(cli, group, "define-" + kind, "Adds a " + kind + " (coordinator)", method)
      .Flag("--round", kRoundHelp, [](Req& r, S v) { r.set_parent(RoundArg(v)); })
      .Arg("ID", "the " + kind + "'s id, [a-z0-9-]{1,63}", [id](Req& r, S v) { *(r.*id)() = v; })
      .Flag("--display-name", "e.g. " + example,
            [unit](Req& r, S v) { (r.*unit)()->set_display_name(v); });
}

void AddOrganisation(Cli& cli, CLI::App* group) {
  using Committee = v1::DefineCommitteeRequest;
  DefineUnit(cli, group, "committee", "Socialudvalget", &Stub::DefineCommittee,
             &Committee::mutable_committee_id, &Committee::mutable_committee)
      .Flag("--operating-frame", std::string("the operating frame (driftsramme): ") + kKronerHelp,
            [](auto& r, S v) { r.mutable_committee()->set_operating_frame_kr(ParseKroner(v)); })
      .List("--operating-frame-year",
            "the operating frame of one year of the period, where it differs from "
            "--operating-frame: YEAR=KRONER, e.g. 2025=1.180 mio (repeat)",
            [](auto& r, L values) {
              SetYearAmounts(values, r.mutable_committee()->mutable_operating_frames());
            })
      .Flag("--shortfall", std::string("the budget shortfall to cover: ") + kKronerHelp,
            [](auto& r, S v) { r.mutable_committee()->set_shortfall_kr(ParseKroner(v)); });

  using Centre = v1::DefineCentreRequest;
  DefineUnit(cli, group, "centre", "\"Center for Handicap og Psykiatri\"", &Stub::DefineCentre,
             &Centre::mutable_centre_id, &Centre::mutable_centre)
      .Flag("--committee", "the committee whose area it belongs to (id or name)",
            [](auto& r, S v) {
              r.mutable_centre()->set_committee(ChildArg(r.parent(), budget::kCommittees, v));
            })
      .Flag("--budget", std::string("the centre's budget: ") + kKronerHelp,
            [](auto& r, S v) { r.mutable_centre()->set_budget_kr(ParseKroner(v)); });

  using Workplace = v1::DefineWorkplaceRequest;
  DefineUnit(cli, group, "workplace", "\"Bofællesskabet Enghaven\"", &Stub::DefineWorkplace,
             &Workplace::mutable_workplace_id, &Workplace::mutable_workplace)
      .Flag("--centre", "the centre it belongs to (id or name)",
            [](auto& r, S v) {
              r.mutable_workplace()->set_centre(ChildArg(r.parent(), budget::kCentres, v));
            })
      .Flag("--committee", "the committee whose area it belongs to (id or name)", [](auto& r, S v) {
        r.mutable_workplace()->set_committee(ChildArg(r.parent(), budget::kCommittees, v));
      });
}

void AddTimeline(Cli& cli, CLI::App* group) {
  const std::string milestones = "the milestone: " + EnumChoices<v1::MilestoneKind>();
  Mutation(cli, group, "set-milestone", "Plans (or re-plans) a milestone (coordinator)",
           &Stub::SetMilestone)
      .Arg("ROUND", kRoundHelp, [](auto& r, S v) { r.set_round(RoundArg(v)); })
      .Arg("MILESTONE", milestones,
           [](auto& r, S v) { r.set_kind(ParseEnumAs<v1::MilestoneKind>(v)); })
      .Flag("--at", "when: RFC 3339 (2023-05-01T00:00:00Z), YYYY-MM-DD (00:00 UTC) or now",
            [](auto& r, S v) { *r.mutable_planned_at() = ParseInstant(v); });

  Mutation(cli, group, "reach-milestone", "Marks a milestone reached now (coordinator)",
           &Stub::ReachMilestone)
      .Arg("ROUND", kRoundHelp, [](auto& r, S v) { r.set_round(RoundArg(v)); })
      .Arg("MILESTONE", milestones,
           [](auto& r, S v) { r.set_kind(ParseEnumAs<v1::MilestoneKind>(v)); });

  Mutation(
      cli, group, "override-gate",
      "Opens or closes a phase whatever the milestones say, or returns it to them (coordinator)",
      &Stub::OverrideGate)
      .Arg("ROUND", kRoundHelp, [](auto& r, S v) { r.set_round(RoundArg(v)); })
      .Arg("GATE", "the phase: " + EnumChoices<v1::Gate>(),
           [](auto& r, S v) { r.set_gate(ParseEnumAs<v1::Gate>(v)); })
      .Arg("MODE", EnumChoices<v1::GateMode>(),
           [](auto& r, S v) { r.set_mode(ParseEnumAs<v1::GateMode>(v)); })
      .Flag("--reason", "why (recorded in the log)", [](auto& r, S v) { r.set_reason(v); });
}

}  // namespace

void AddRoundCommands(Cli& cli) {
  CLI::App* group = AddGroup(cli.app, "round", "Budget rounds: organisation, timeline, phases");

  Mutation(cli, group, "create", "Opens a budget round (coordinator)", &Stub::CreateRound)
      .Arg("ROUND_ID", "the new round's id, [a-z0-9-]{1,63}, e.g. 2024",
           [](auto& r, S v) { r.set_round_id(v); })
      .Flag("--municipality", "e.g. \"Næstved Kommune\"",
            [](auto& r, S v) { r.set_municipality(v); })
      .Flag("--budget-year", "2000..2100; the period is the four years from it",
            [](auto& r, S v) { r.set_budget_year(static_cast<int32_t>(ParseInteger(v, 0, 9999))); })
      .Flag("--catalogue-target", std::string("the catalogue to describe: ") + kKronerHelp,
            [](auto& r, S v) { r.mutable_targets()->set_catalogue_total_kr(ParseKroner(v)); })
      .Flag("--raaderum-target", std::string("the råderum to free: ") + kKronerHelp,
            [](auto& r, S v) { r.mutable_targets()->set_raaderum_kr(ParseKroner(v)); })
      .Flag(
          "--cross-cutting-share", "percent of the catalogue that must be cross-cutting, e.g. 40",
          [](auto& r, S v) { r.mutable_targets()->set_cross_cutting_share_bp(ParsePercentBp(v)); })
      .Flag("--centre-own-share", "percent of its budget each centre must find in its own centre",
            [](auto& r, S v) { r.mutable_targets()->set_centre_own_share_bp(ParsePercentBp(v)); })
      .Flag("--template", "the timeline to start from: " + EnumChoices<v1::RoundTemplate>(),
            [](auto& r, S v) { r.set_template_(ParseEnumAs<v1::RoundTemplate>(v)); });
  AddOrganisation(cli, group);
  AddTimeline(cli, group);

  Query(cli, group, "get", "Shows a round: targets, organisation, timeline", &Stub::GetRound,
        RenderRound)
      .Arg("ROUND", kRoundHelp, [](auto& r, S v) { r.set_name(RoundArg(v)); });
  Query(cli, group, "list", "Lists the rounds", &Stub::ListRounds, RenderRounds);

  Query(cli, cli.app, "summary", "The running totals of a round against its targets (rules 1-6)",
        &Stub::GetRoundSummary, RenderSummary)
      .Arg("ROUND", kRoundHelp, [](auto& r, S v) { r.set_round(RoundArg(v)); });
  Query(cli, cli.app, "tasks",
        "What you must do next, with deadlines: hearings to answer, questions, your committee's "
        "remaining gap, milestones, dialogue meetings",
        &Stub::ListMyTasks, RenderTasks)
      .Flag("--round", "only this round (default: every round not yet adopted)",
            [](auto& r, S v) { r.set_round(RoundArg(v)); });
  Query(cli, cli.app, "timeline",
        "The milestones, planned and reached, and the phases open or closed", &Stub::GetRound,
        RenderTimeline)
      .Arg("ROUND", kRoundHelp, [](auto& r, S v) { r.set_name(RoundArg(v)); });
}

}  // namespace budgetctl
