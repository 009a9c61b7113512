#include "clients/budgetctl/demo_slagelse.h"

#include <iostream>
#include <sstream>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "budget/v1/agreement_service.grpc.pb.h"
#include "budget/v1/audit_service.grpc.pb.h"
#include "budget/v1/policy_service.grpc.pb.h"
#include "budget/v1/round_service.grpc.pb.h"
#include "budget/v1/trial_service.grpc.pb.h"
#include "clients/budgetctl/demo_runner.h"
#include "clients/budgetctl/demo_tokens.h"
#include "clients/budgetctl/output.h"
#include "clients/budgetctl/parse.h"
#include "clients/budgetctl/table.h"
#include "nlohmann/json.hpp"

namespace budgetctl {
namespace demo {
// demo_slagelse.json, embedded at build time (embed_demo_data.cmake).
extern const char kSlagelseDemoJson[];
}  // namespace demo

namespace {

namespace v1 = budget::v1;
using demo::Role;
using demo::Runner;
using nlohmann::json;
using Trials = v1::TrialService::Stub;
using Agreements = v1::AgreementService::Stub;
using Dialogue = v1::DialogueService::Stub;
using Policies = v1::PolicyService::Stub;

struct Flags {
  std::string tokens = ".budget/demo-tokens";
  bool verbose = false;
};

// The demo's budget round: it marks a run (a second run is answered from
// the request records) and is the round the policy's standing is shown for.
constexpr char kRoundId[] = "slagelse-2025";

const json& Data() {
  static const json* const data = new json(json::parse(demo::kSlagelseDemoJson));
  return *data;
}

std::string S(const json& j) { return j.get<std::string>(); }

// An enum value by its full name ("FIGURE_UNIT_KR").
template <typename E>
E EnumValue(const json& j) {
  const auto* value = google::protobuf::GetEnumDescriptor<E>()->FindValueByName(S(j));
  if (value == nullptr) throw CommandError(absl::StrCat("demo data: unknown value ", S(j)));
  return static_cast<E>(value->number());
}

v1::DecisionMeeting Meeting(const std::string& body, const std::string& date,
                            const std::string& reference) {
  v1::DecisionMeeting m;
  m.set_body(body);
  *m.mutable_date() = ParseDate(date);
  m.set_reference(reference);
  return m;
}

void PlayPolicy(Runner& run, const json& p) {
  const std::string policy = absl::StrCat("policies/", S(p["id"]));
  run.Remember("policy", policy);
  v1::DefinePolicyRequest define;
  define.set_policy_id(S(p["id"]));
  define.set_municipality(S(p["municipality"]));
  define.set_title(S(p["title"]));
  for (const json& k : p["key_figures"]) {
    v1::KeyFigure* figure = define.add_key_figures();
    figure->set_id(S(k["id"]));
    figure->set_title(S(k["title"]));
    figure->set_unit(EnumValue<v1::FigureUnit>(k["unit"]));
  }
  run.Do(Role::kCoordinator, &Policies::DefinePolicy, define, "the economic policy");
  for (const json& t : p["targets"]) {
    v1::SetPolicyTargetRequest r;
    r.set_policy(policy);
    v1::PolicyTarget* target = r.mutable_target();
    target->set_id(S(t["id"]));
    target->set_title(S(t["title"]));
    target->set_goal_number(t["goal"].get<int>());
    target->set_key_figure(S(t["key_figure"]));
    target->set_year(t["year"].get<int>());
    target->set_direction(EnumValue<v1::TargetDirection>(t["direction"]));
    if (t.contains("minimum")) {
      target->set_has_minimum(true);
      target->set_minimum(t["minimum"].get<int64_t>());
    }
    if (t.contains("maximum")) {
      target->set_has_maximum(true);
      target->set_maximum(t["maximum"].get<int64_t>());
    }
    target->set_at_risk_margin(t.value("margin", int64_t{0}));
    run.Do(Role::kCoordinator, &Policies::SetPolicyTarget, r, S(t["title"]));
  }
}

// The figures the data dates on `day` (YYYY-MM-DD).
void RecordFigures(Runner& run, const std::string& day) {
  for (const json& f : Data()["policy"]["figures"]) {
    if (S(f["at"]) != day) continue;
    v1::RecordKeyFigureRequest r;
    r.set_policy(run.Name("policy"));
    r.set_key_figure(S(f["key_figure"]));
    r.set_year(f["year"].get<int>());
    r.set_kind(EnumValue<v1::FigureKind>(f["kind"]));
    r.set_value(f["value"].get<int64_t>());
    r.set_source(S(f["source"]));
    run.Do(Role::kCaseWorker, &Policies::RecordKeyFigure, r, S(f["key_figure"]));
  }
}

void CreateProgramme(Runner& run, const json& p) {
  v1::CreateTrialProgrammeRequest r;
  r.set_programme_id(S(p["id"]));
  r.set_title(S(p["title"]));
  for (const json& c : p["criteria"]) {
    v1::TrialCriterion* criterion = r.add_criteria();
    criterion->set_id(S(c["id"]));
    criterion->set_text(S(c["text"]));
  }
  for (const json& d : p["deadlines"]) *r.add_application_deadlines() = ParseInstant(S(d));
  run.Remember("programme", absl::StrCat("programmes/", S(p["id"])));
  run.Do(Role::kCoordinator, &Trials::CreateTrialProgramme, r, S(p["title"]));
}

Role ProposerRole(const std::string& proposer) {
  if (proposer == "workplace") return Role::kWorkplace;
  if (proposer == "council") return Role::kCouncil;
  if (proposer == "citizen") return Role::kCoordinator;  // registered for the citizen (rule 23)
  return Role::kCaseWorker;
}

void ProposeTrials(Runner& run) {
  for (const json& t : Data()["trials"]) {
    v1::ProposeTrialRequest r;
    r.set_programme(run.Name("programme"));
    v1::TrialContent* c = r.mutable_content();
    c->set_title(S(t["title"]));
    c->set_description(S(t["title"]));
    c->add_workplaces(absl::StrCat("workplaces/", S(t["workplace"])));
    c->set_why("Bedre velfærd til borgerne");
    for (const json& id : t["criteria"]) c->add_criteria_met(S(id));
    c->set_duration_months(t["months"].get<int>());
    c->set_resources_kr(t["resources_kr"].get<int64_t>());
    const json& m = t["measure"];
    v1::SuccessMeasure* measure = c->add_success_measures();
    measure->set_id(S(m[0]));
    measure->set_description(S(m[1]));
    measure->set_indicator(S(m[2]));
    measure->set_target(S(m[3]));
    if (S(t["proposer"]) == "citizen") {
      r.mutable_external_proposer()->set_kind(v1::EXTERNAL_PROPOSER_CITIZEN);
      r.mutable_external_proposer()->set_name(S(t["citizen"]));
    }
    const v1::CommandResponse done =
        run.Do(ProposerRole(S(t["proposer"])), &Trials::ProposeTrial, r, S(t["title"]));
    run.Remember(S(t["key"]), done.trial().name());
  }
}

void DecideTrials(Runner& run) {
  for (const json& t : Data()["trials"]) {
    v1::DecideTrialRequest r;
    r.set_trial(run.Name(S(t["key"])));
    r.set_run(true);
    *r.mutable_meeting() = Meeting("Direktionen", "2024-03-12", "Prøvehandlinger, punkt 3");
    *r.mutable_start() = ParseDate("2024-04-01");
    *r.mutable_end() = ParseDate("2024-09-30");
    run.Do(Role::kCoordinator, &Trials::DecideTrial, r, "decided to run");
  }
}

void ReportTrials(Runner& run) {
  for (const json& t : Data()["trials"]) {
    v1::ReportTrialStatusRequest r;
    r.set_trial(run.Name(S(t["key"])));
    *r.mutable_date() = ParseDate("2024-06-03");
    r.set_text("Halvvejs: i gang som planlagt");
    run.Do(Role::kCaseWorker, &Trials::ReportTrialStatus, r, "status report");
  }
}

// Evaluates and concludes each trial with an outcome in the data.
void ConcludeTrials(Runner& run) {
  for (const json& t : Data()["trials"]) {
    const std::string outcome = S(t["outcome"]);
    if (outcome.empty()) continue;
    const std::string trial = run.Name(S(t["key"]));
    v1::EvaluateTrialRequest e;
    e.set_trial(trial);
    *e.mutable_date() = ParseDate("2024-10-01");
    v1::MeasureResult* result = e.add_results();
    result->set_measure(S(t["measure"][0]));
    result->set_met(t["met"].get<bool>());
    result->set_result(t["met"].get<bool>() ? "opnået" : "ikke opnået");
    run.Do(Role::kCaseWorker, &Trials::EvaluateTrial, e, "evaluated");
    v1::ConcludeTrialRequest c;
    c.set_trial(trial);
    v1::TrialOutcome* o = c.mutable_outcome();
    *o->mutable_meeting() = Meeting("Social- og Seniorudvalget", "2024-10-08", "punkt 5");
    o->set_learning(S(t["learning"]));
    if (outcome == "scale") {
      o->set_kind(v1::TRIAL_OUTCOME_SCALE);
      for (const json& w : t["scale_to"]) o->add_scale_to(absl::StrCat("workplaces/", S(w)));
    } else if (outcome == "discard") {
      o->set_kind(v1::TRIAL_OUTCOME_DISCARD);
    } else {
      o->set_kind(v1::TRIAL_OUTCOME_ADJUST_AND_EXTEND);
      *o->mutable_new_end() = ParseDate("2025-03-31");
      o->set_adjustments("Også for 4.-6. klasse");
    }
    run.Do(Role::kSocial, &Trials::ConcludeTrial, c, outcome);
  }
}

v1::AgreementTerms Terms(const json& a, bool revised) {
  v1::AgreementTerms t;
  for (const json& g : a["goals"]) {
    v1::AgreementGoal* goal = t.add_goals();
    goal->set_id(S(g[0]));
    goal->set_title(S(g[1]));
    goal->set_indicator(S(g[2]));
    goal->set_target(S(g[3]));
  }
  if (revised && !S(a["revised_target"]).empty()) {
    t.mutable_goals(0)->set_target(S(a["revised_target"]));
  }
  t.add_shared_goals("Ressourcepolitik mål 2: Reduceret sygefravær");
  t.set_first_year(2024);
  t.set_last_year(2025);
  return t;
}

// Drafts, revises (a version with its diff) and signs both agreements.
void MakeAgreements(Runner& run) {
  int n = 0;
  for (const json& a : Data()["agreements"]) {
    const std::string key = absl::StrCat("A", ++n);
    v1::DraftAgreementRequest d;
    d.set_committee("committees/socialudvalget");
    d.set_workplace(absl::StrCat("workplaces/", S(a["workplace"])));
    d.set_title(S(a["title"]));
    *d.mutable_terms() = Terms(a, false);
    const std::string name =
        run.Do(Role::kCoordinator, &Agreements::DraftAgreement, d, S(a["title"]))
            .agreement()
            .name();
    run.Remember(key, name);
    int64_t version = 1;
    if (!S(a["revised_target"]).empty()) {
      v1::ReviseAgreementRequest r;
      r.set_agreement(name);
      r.set_expected_version(1);
      *r.mutable_terms() = Terms(a, true);
      run.Do(Role::kSocial, &Agreements::ReviseAgreement, r, "revised");
      version = 2;
    }
    for (const v1::AgreementParty party :
         {v1::AGREEMENT_PARTY_COMMITTEE, v1::AGREEMENT_PARTY_WORKPLACE}) {
      v1::SignAgreementRequest s;
      s.set_agreement(name);
      s.set_party(party);
      s.set_version(version);
      *s.mutable_date() = ParseDate("2024-02-15");
      // The demo's workplace token acts for Enghaven; other workplaces sign
      // on paper, recorded by the coordinator.
      const Role role = party == v1::AGREEMENT_PARTY_COMMITTEE          ? Role::kSocial
                        : S(a["workplace"]) == "bofaellesskab-enghaven" ? Role::kWorkplace
                                                                        : Role::kCoordinator;
      run.Do(role, &Agreements::SignAgreement, s, "signed");
    }
  }
}

void FollowUpAgreements(Runner& run) {
  int n = 0;
  for (const json& a : Data()["agreements"]) {
    v1::FollowUpGoalRequest f;
    f.set_agreement(run.Name(absl::StrCat("A", ++n)));
    f.set_year(2024);
    f.set_goal(S(a["follow_up"][0]));
    f.set_reported_value(S(a["follow_up"][1]));
    f.set_met(a["follow_up"][2].get<bool>());
    f.set_comment("Årlig opfølgning");
    run.Do(Role::kSocial, &Agreements::FollowUpGoal, f, "yearly follow-up");
  }
}

void PlanDialogue(Runner& run) {
  const json& d = Data()["dialogue"];
  v1::PlanDialogueMeetingsRequest r;
  r.set_committee(absl::StrCat("committees/", S(d["committee"])));
  r.set_year(2024);
  for (const json& w : d["workplaces"]) r.add_workplaces(absl::StrCat("workplaces/", S(w)));
  const std::string first =
      run.Do(Role::kCoordinator, &Dialogue::PlanDialogueMeetings, r, "dialogue meetings 2024")
          .dialogue_meeting()
          .name();
  // Planned in the order of the workplaces: D-0001, D-0002, ...
  const int base = std::stoi(first.substr(first.rfind('-') + 1));
  for (size_t i = 0; i < d["workplaces"].size(); ++i) {
    run.Remember(S(d["workplaces"][i]), absl::StrFormat("dialogue-meetings/D-%04d", base + i));
  }
}

void HoldDialogue(Runner& run, const json& m) {
  v1::RecordDialogueMeetingRequest r;
  r.set_meeting(run.Name(S(m["workplace"])));
  *r.mutable_date() = ParseDate(S(m["date"]));
  r.set_place(S(m["place"]));
  r.set_at_workplace(true);
  r.add_participants("Socialudvalget");
  r.add_participants("Virksomhedslederen");
  r.set_presenter(S(m["presenter"]));
  r.add_minutes_references(absl::StrCat("Socialudvalget ", S(m["date"])));
  v1::DialogueQuestion* q = r.add_questions();
  q->set_asked_by(S(m["question"][0]));
  q->set_text(S(m["question"][1]));
  q->set_answer(S(m["answer"]));
  run.Do(Role::kCoordinator, &Dialogue::RecordDialogueMeeting, r, S(m["place"]));
}

void Play(Runner& run) {
  run.Phase("Jan 2024", "the round, the economic policy (000), the trial programme (001)");
  run.At("2024-01-08T08:00:00Z");
  v1::CreateRoundRequest round;
  round.set_round_id(kRoundId);
  round.set_municipality("Slagelse Kommune");
  round.set_budget_year(2025);
  round.mutable_targets()->set_catalogue_total_kr(60'000'000);
  round.mutable_targets()->set_raaderum_kr(25'000'000);
  round.set_template_(v1::ROUND_TEMPLATE_SLAGELSE);
  run.Do(Role::kCoordinator, &v1::RoundService::Stub::CreateRound, round, "Budget 2025");
  PlayPolicy(run, Data()["policy"]);
  CreateProgramme(run, Data()["programme"]);
  run.At("2024-01-15T08:00:00Z");
  RecordFigures(run, "2024-01-15");
  run.Phase("Feb 2024", "trials proposed, agreements signed, dialogue planned (001, 003)");
  run.At("2024-02-15T08:00:00Z");
  ProposeTrials(run);
  MakeAgreements(run);
  PlanDialogue(run);
  run.Phase("Mar-Jun", "trials decided and reported on, a dialogue meeting held");
  run.At("2024-03-12T14:00:00Z");
  DecideTrials(run);
  run.At("2024-04-09T16:00:00Z");
  HoldDialogue(run, Data()["dialogue"]["held"][0]);
  run.At("2024-06-03T08:00:00Z");
  ReportTrials(run);
  run.At("2024-06-20T08:00:00Z");
  RecordFigures(run, "2024-06-20");
  run.Phase("Sep-Oct", "figures followed up, trials evaluated and concluded, a second meeting");
  run.At("2024-09-16T08:00:00Z");
  RecordFigures(run, "2024-09-16");
  run.At("2024-10-01T08:00:00Z");
  ConcludeTrials(run);
  run.At("2024-10-08T16:00:00Z");
  HoldDialogue(run, Data()["dialogue"]["held"][1]);
  run.At("2024-12-10T08:00:00Z");
  FollowUpAgreements(run);
}

struct Outcome {
  v1::ListTrialsResponse trials;
  v1::ListAgreementsResponse agreements;
  v1::DialogueYear dialogue;
  v1::PolicyStanding standing;
  v1::VerifyChainResponse chain;
};

Outcome Fetch(const Runner& run) {
  Outcome o;
  v1::ListTrialsRequest trials;
  trials.set_programme(run.Name("programme"));
  o.trials = run.Read(Role::kAuditor, &Trials::ListTrials, trials);
  o.agreements = run.Read(Role::kAuditor, &Agreements::ListAgreements, v1::ListAgreementsRequest());
  v1::GetDialogueYearRequest year;
  year.set_committee(absl::StrCat("committees/", S(Data()["dialogue"]["committee"])));
  year.set_year(2024);
  o.dialogue = run.Read(Role::kAuditor, &Dialogue::GetDialogueYear, year);
  v1::GetPolicyStandingRequest standing;
  standing.set_policy(run.Name("policy"));
  standing.set_year(2024);
  o.standing = run.Read(Role::kAuditor, &Policies::GetPolicyStanding, standing);
  o.chain =
      run.Read(Role::kAuditor, &v1::AuditService::Stub::VerifyChain, v1::VerifyChainRequest());
  return o;
}

void PrintReport(const Runner& run, const Outcome& o) {
  std::cout << "\n"
            << run.steps() << " steps: " << run.written() << " written, " << run.deduplicated()
            << " already recorded (deduplicated)\n\n";
  Table trials({"trial", "title", "status"}, "  ");
  for (const v1::Trial& t : o.trials.trials()) {
    trials.Row({t.name(), t.content().title(), v1::TrialStatus_Name(t.status())});
  }
  PrintSection(std::cout, "Trial actions", trials);
  Table agreements({"agreement", "workplace", "status", ">follow-ups"}, "  ");
  for (const v1::DevelopmentAgreement& a : o.agreements.agreements()) {
    agreements.Row({a.name(), a.workplace(), v1::AgreementStatus_Name(a.status()),
                    absl::StrCat(a.follow_ups_size())});
  }
  PrintSection(std::cout, "Development agreements", agreements);
  std::cout << "Dialogue 2024: " << o.dialogue.meetings_size() << " meetings planned; without one: "
            << absl::StrJoin(o.dialogue.workplaces_without_meeting(), ", ") << "\n";
  Table standing({"target", ">goal", "status", ">value"}, "  ");
  for (const v1::TargetStanding& t : o.standing.targets()) {
    standing.Row({t.target().id(), absl::StrCat(t.target().goal_number()),
                  v1::TargetStatus_Name(t.status()), absl::StrCat(t.value())});
  }
  PrintSection(std::cout, "The economic policy in 2024", standing);
  std::cout << "chain: " << (o.chain.ok() ? "ok" : "BROKEN") << ", " << o.chain.checked()
            << " events\n";
}

void PrintJsonReport(const Runner& run, const Outcome& o) {
  const json report = {{"steps", run.steps()},
                       {"written", run.written()},
                       {"deduplicated", run.deduplicated()},
                       {"trials", json::parse(ToJson(o.trials))},
                       {"agreements", json::parse(ToJson(o.agreements))},
                       {"dialogue", json::parse(ToJson(o.dialogue))},
                       {"standing", json::parse(ToJson(o.standing))},
                       {"chain", json::parse(ToJson(o.chain))}};
  std::cout << report.dump(2) << "\n";
}

int Run(const Cli& cli, const Flags& flags, bool tokens_given) {
  const auto tokens = ReadDemoTokens(flags.tokens, tokens_given, demo::TokenNames());
  Runner run(cli.Connect(), tokens, kRoundId, flags.verbose && !cli.json);
  return demo::PlayAndReport(
      cli.json,
      [&] {
        run.CheckStart();
        std::cout << "A year of Slagelse Kommune's processes (seeds 000-003), 2024\n";
        Play(run);
      },
      [&] { return Fetch(run); },
      [&](const Outcome& outcome) {
        cli.json ? PrintJsonReport(run, outcome) : PrintReport(run, outcome);
      });
}

}  // namespace

void AddSlagelseDemo(Cli& cli, CLI::App* group) {
  auto flags = std::make_shared<Flags>();
  CLI::App* slagelse = group->add_subcommand(
      "slagelse",
      "Plays a year (2024) of Slagelse Kommune's processes beside the budget round: the economic "
      "policy's targets and key figures (000), trial actions (001, 002), two development "
      "agreements with a follow-up and dialogue meetings (003); into a budgetd with --demo_clock "
      "before 2024-01-08; running it again writes nothing");
  CLI::Option* tokens =
      slagelse
          ->add_option("--tokens", flags->tokens,
                       "NAME=token lines for the roles (BUDGET_TOKEN_COORDINATOR, ...)")
          ->capture_default_str();
  slagelse->add_flag("--verbose,-v", flags->verbose, "print every step");
  slagelse->callback([&cli, flags, tokens] {
    cli.action = [&cli, flags, tokens] { return Run(cli, *flags, tokens->count() > 0); };
  });
}

}  // namespace budgetctl
