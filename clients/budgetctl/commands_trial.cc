// budgetctl trial ...: TrialService (seeds 001, 002; rules 21–24), and
// budgetctl processes as-of: ProcessAuditService.
#include <vector>

#include "absl/strings/str_split.h"
#include "budget/v1/process_service.grpc.pb.h"
#include "budget/v1/trial_service.grpc.pb.h"
#include "clients/budgetctl/command_args.h"
#include "clients/budgetctl/enum_names.h"
#include "clients/budgetctl/parse.h"
#include "clients/budgetctl/process_args.h"
#include "clients/budgetctl/rpc.h"
#include "clients/budgetctl/views_process.h"

namespace budgetctl {

namespace v1 = budget::v1;
using S = const std::string&;
using L = const std::vector<std::string>&;

namespace {

const char kTrialHelp[] = "the trial, e.g. programmes/proevehandlinger/trials/T-0001";
const char kProgrammeHelp[] = "the programme, e.g. proevehandlinger or programmes/proevehandlinger";

std::string ProgrammeArg(S v) { return ProcessName("programmes", v); }
std::string WorkplaceArg(S v) { return ProcessName("workplaces", v); }

// "ID=TEXT", e.g. "borgeren-foerst=Sætter borgeren først".
std::pair<std::string, std::string> KeyValue(S v, absl::string_view what) {
  const size_t eq = v.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw UsageError(absl::StrCat("expected ", what, ", got \"", v, "\""));
  }
  return {v.substr(0, eq), v.substr(eq + 1)};
}

template <typename Req>
void AddTerms(RequestCommand<Req>& c) {
  c.List("--criterion", "a criterion trials must meet: ID=TEXT (repeat)",
         [](auto& r, L values) {
           r.clear_criteria();
           for (S v : values) {
             auto [id, text] = KeyValue(v, "ID=TEXT");
             v1::TrialCriterion* criterion = r.add_criteria();
             criterion->set_id(id);
             criterion->set_text(text);
           }
         })
      .List("--deadline", "an application deadline, e.g. 2025-03-01 (repeat, ascending)",
            [](auto& r, L values) {
              r.clear_application_deadlines();
              for (S v : values) *r.add_application_deadlines() = ParseInstant(v);
            });
}

// --body, --date, --reference: who decided, at which meeting.
template <typename Req>
void AddMeeting(RequestCommand<Req>& c, v1::DecisionMeeting* (*meeting)(Req&)) {
  c.Flag("--body", "who decided, e.g. Direktionen or Social- og Seniorudvalget",
         [meeting](auto& r, S v) { meeting(r)->set_body(v); })
      .Flag("--date", "the meeting's day, YYYY-MM-DD",
            [meeting](auto& r, S v) { *meeting(r)->mutable_date() = ParseDate(v); })
      .Flag("--reference", "the agenda item or minutes",
            [meeting](auto& r, S v) { meeting(r)->set_reference(v); });
}

void AddTrialMutations(Cli& cli, CLI::App* group) {
  using Stub = v1::TrialService::Stub;
  auto create = Mutation(cli, group, "programme-create",
                         "Sets up a trial programme with criteria and application deadlines "
                         "(coordinator)",
                         &Stub::CreateTrialProgramme);
  create.Arg("ID", "[a-z0-9-]{1,63}", [](auto& r, S v) { r.set_programme_id(v); })
      .Flag("--title", "1..200 characters", [](auto& r, S v) { r.set_title(v); });
  AddTerms(create);

  auto amend = Mutation(cli, group, "programme-amend",
                        "Replaces a programme's criteria and deadlines (coordinator)",
                        &Stub::AmendTrialProgramme);
  amend.Arg("PROGRAMME", kProgrammeHelp, [](auto& r, S v) { r.set_programme(ProgrammeArg(v)); })
      .Flag("--expected-version", "the version you read",
            [](auto& r, S v) { r.set_expected_version(ParseInteger(v, 1, 1'000'000)); });
  AddTerms(amend);

  Mutation(cli, group, "propose",
           "Proposes a trial before an application deadline (every role; a coordinator "
           "registers one for a citizen, business or association)",
           &Stub::ProposeTrial)
      .Flag("--programme", kProgrammeHelp, [](auto& r, S v) { r.set_programme(ProgrammeArg(v)); })
      .Flag("--title", "what, 1..200 characters",
            [](auto& r, S v) { r.mutable_content()->set_title(v); })
      .Flag("--description", "what, in full; @FILE reads a file",
            [](auto& r, S v) { r.mutable_content()->set_description(ParseText(v)); })
      .List("--workplace", "where: a workplace id (repeat)",
            [](auto& r, L values) {
              for (S v : values) r.mutable_content()->add_workplaces(WorkplaceArg(v));
            })
      .Flag("--why", "why; @FILE reads a file",
            [](auto& r, S v) { r.mutable_content()->set_why(ParseText(v)); })
      .List("--criterion", "the id of a programme criterion it meets (repeat)",
            [](auto& r, L values) {
              for (S v : values) r.mutable_content()->add_criteria_met(v);
            })
      .Flag("--months", "duration, 1..60 months",
            [](auto& r, S v) { r.mutable_content()->set_duration_months(ParseInteger(v, 1, 60)); })
      .Flag("--resources-kr", std::string("resources for the whole trial: ") + kKronerHelp,
            [](auto& r, S v) { r.mutable_content()->set_resources_kr(ParseKroner(v)); })
      .Flag("--resources", "what else it needs",
            [](auto& r, S v) { r.mutable_content()->set_resources(v); })
      .List("--measure", "how success is measured: ID|DESCRIPTION|INDICATOR|TARGET (repeat)",
            [](auto& r, L values) {
              for (S v : values) {
                std::vector<std::string> parts = absl::StrSplit(v, '|');
                if (parts.size() != 4) {
                  throw UsageError(
                      absl::StrCat("expected ID|DESCRIPTION|INDICATOR|TARGET, got \"", v, "\""));
                }
                v1::SuccessMeasure* m = r.mutable_content()->add_success_measures();
                m->set_id(parts[0]);
                m->set_description(parts[1]);
                m->set_indicator(parts[2]);
                m->set_target(parts[3]);
              }
            })
      .Flag("--for",
            "registers it for someone outside: KIND=NAME, KIND citizen, business or "
            "association (coordinator)",
            [](auto& r, S v) {
              auto [kind, name] = KeyValue(v, "KIND=NAME");
              r.mutable_external_proposer()->set_kind(ParseEnumAs<v1::ExternalProposerKind>(kind));
              r.mutable_external_proposer()->set_name(name);
            });

  auto decide = Mutation(cli, group, "decide",
                         "The decision to run a trial (--start, --end) or not (--reason), with "
                         "who decided at which meeting (coordinator, committee, council)",
                         &Stub::DecideTrial);
  decide.Arg("TRIAL", kTrialHelp, [](auto& r, S v) { r.set_trial(v); })
      .Switch("--run", "run it", [](auto& r) { r.set_run(true); })
      .Flag("--start", "the first day, YYYY-MM-DD",
            [](auto& r, S v) { *r.mutable_start() = ParseDate(v); })
      .Flag("--end", "the last day, YYYY-MM-DD",
            [](auto& r, S v) { *r.mutable_end() = ParseDate(v); })
      .Flag("--reason", "why it is not run", [](auto& r, S v) { r.set_reason(v); });
  AddMeeting<v1::DecideTrialRequest>(decide,
                                     [](v1::DecideTrialRequest& r) { return r.mutable_meeting(); });

  Mutation(cli, group, "report", "A status report while the trial runs", &Stub::ReportTrialStatus)
      .Arg("TRIAL", kTrialHelp, [](auto& r, S v) { r.set_trial(v); })
      .Flag("--date", "YYYY-MM-DD", [](auto& r, S v) { *r.mutable_date() = ParseDate(v); })
      .Flag("--text", "the report; @FILE reads a file",
            [](auto& r, S v) { r.set_text(ParseText(v)); });

  Mutation(cli, group, "evaluate",
           "The evaluation against every success measure (rule 24) (case worker, coordinator)",
           &Stub::EvaluateTrial)
      .Arg("TRIAL", kTrialHelp, [](auto& r, S v) { r.set_trial(v); })
      .Flag("--date", "YYYY-MM-DD", [](auto& r, S v) { *r.mutable_date() = ParseDate(v); })
      .List("--result", "one per measure: ID=met:TEXT or ID=not-met:TEXT (repeat)",
            [](auto& r, L values) {
              for (S v : values) {
                auto [id, rest] = KeyValue(v, "ID=met:TEXT");
                const size_t colon = rest.find(':');
                const std::string verdict = rest.substr(0, colon);
                if (colon == std::string::npos || (verdict != "met" && verdict != "not-met")) {
                  throw UsageError(
                      absl::StrCat("expected ID=met:TEXT or ID=not-met:TEXT, got \"", v, "\""));
                }
                v1::MeasureResult* m = r.add_results();
                m->set_measure(id);
                m->set_met(verdict == "met");
                m->set_result(rest.substr(colon + 1));
              }
            })
      .Flag("--summary", "@FILE reads a file", [](auto& r, S v) { r.set_summary(ParseText(v)); });

  auto conclude = Mutation(cli, group, "conclude",
                           "The outcome after the evaluation: scale, adjust-and-extend or discard "
                           "(with --learning) (coordinator, committee, council)",
                           &Stub::ConcludeTrial);
  conclude.Arg("TRIAL", kTrialHelp, [](auto& r, S v) { r.set_trial(v); })
      .Flag(
          "--outcome", EnumChoices<v1::TrialOutcomeKind>(),
          [](auto& r, S v) { r.mutable_outcome()->set_kind(ParseEnumAs<v1::TrialOutcomeKind>(v)); })
      .List("--scale-to", "scale: a workplace it is scaled to (repeat)",
            [](auto& r, L values) {
              for (S v : values) r.mutable_outcome()->add_scale_to(WorkplaceArg(v));
            })
      .Flag("--budget-link", "scale: the round's proposal or expansion carrying the consequence",
            [](auto& r, S v) { r.mutable_outcome()->set_budget_link(v); })
      .Flag("--new-end", "adjust-and-extend: YYYY-MM-DD",
            [](auto& r, S v) { *r.mutable_outcome()->mutable_new_end() = ParseDate(v); })
      .Flag("--adjustments", "adjust-and-extend: what changes",
            [](auto& r, S v) { r.mutable_outcome()->set_adjustments(ParseText(v)); })
      .Flag("--learning", "what was learned (required to discard); @FILE reads a file",
            [](auto& r, S v) { r.mutable_outcome()->set_learning(ParseText(v)); });
  AddMeeting<v1::ConcludeTrialRequest>(
      conclude, [](v1::ConcludeTrialRequest& r) { return r.mutable_outcome()->mutable_meeting(); });

  Mutation(cli, group, "link",
           "Links a scaled trial to the proposal or expansion that carries its consequence",
           &Stub::LinkTrialBudget)
      .Arg("TRIAL", kTrialHelp, [](auto& r, S v) { r.set_trial(v); })
      .Arg("BUDGET_ITEM", "e.g. rounds/2025/proposals/P-0003",
           [](auto& r, S v) { r.set_budget_link(v); });
}

}  // namespace

void AddTrialCommands(Cli& cli) {
  using Stub = v1::TrialService::Stub;
  CLI::App* group = AddGroup(cli.app, "trial",
                             "Trial actions (prøvehandlinger): propose, decide, evaluate, then "
                             "scale or discard");
  AddTrialMutations(cli, group);
  Query(cli, group, "programme", "Shows a programme: criteria and application deadlines",
        &Stub::GetTrialProgramme, RenderTrialProgramme)
      .Arg("PROGRAMME", kProgrammeHelp, [](auto& r, S v) { r.set_name(ProgrammeArg(v)); });
  Query(cli, group, "get", "Shows a trial with its history", &Stub::GetTrial, RenderTrial)
      .Arg("TRIAL", kTrialHelp, [](auto& r, S v) { r.set_name(v); });
  Query(cli, group, "list",
        "The catalogue of trials, discarded ones included; --query searches the text",
        &Stub::ListTrials, RenderTrials)
      .Flag("--programme", kProgrammeHelp, [](auto& r, S v) { r.set_programme(ProgrammeArg(v)); })
      .Flag("--query", "words that must all occur", [](auto& r, S v) { r.set_query(v); })
      .Flag("--status", EnumChoices<v1::TrialStatus>(),
            [](auto& r, S v) { r.set_status(ParseEnumAs<v1::TrialStatus>(v)); })
      .Flag("--workplace", "at or scaled to this workplace",
            [](auto& r, S v) { r.set_workplace(WorkplaceArg(v)); });

  CLI::App* processes = AddGroup(cli.app, "processes",
                                 "The processes beside the rounds: trials, agreements, dialogue, "
                                 "economic policy");
  Query(cli, processes, "as-of", "Every process as it stood at a log position or a time",
        &v1::ProcessAuditService::Stub::GetProcessesAsOf, RenderProcesses)
      .Flag("--position", "a log position",
            [](auto& r, S v) { r.set_position(ParseInteger(v, 1, INT64_MAX)); })
      .Flag("--time", "an instant, e.g. 2025-06-01",
            [](auto& r, S v) { *r.mutable_time() = ParseInstant(v); });
}

}  // namespace budgetctl
