// Deciders for trial actions (seeds 001, 002; rules 21–24): the programme
// with its criteria and application deadlines, proposals from anyone, the
// decision to run, status reports, the evaluation against the trial's own
// success measures and the outcome (scale, adjust and extend, discard).
#include <algorithm>
#include <set>

#include "absl/algorithm/container.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "services/domain/decide.h"
#include "services/domain/errors.h"
#include "services/domain/names.h"
#include "services/domain/process_names.h"
#include "services/domain/registry.h"
#include "services/domain/time_util.h"
#include "services/domain/trials.h"
#include "services/domain/validate.h"

namespace budget {
namespace {

constexpr int kMaxTrialMonths = 60;

// Ids in `items` (read by `id`), each valid and once, at least one.
template <typename T, typename Id>
void CheckIds(FieldErrors* e, absl::string_view field,
              const google::protobuf::RepeatedPtrField<T>& items, Id id) {
  if (items.empty()) e->Add(field, "needs at least one entry");
  std::set<std::string> seen;
  for (int i = 0; i < items.size(); ++i) {
    const std::string f = absl::StrCat(field, "[", i, "].id");
    CheckId(e, f, id(items[i]));
    if (!seen.insert(id(items[i])).second) e->Add(f, "repeats an earlier id");
  }
}

void CheckProgrammeTerms(
    FieldErrors* e, const google::protobuf::RepeatedPtrField<v1::TrialCriterion>& criteria,
    const google::protobuf::RepeatedPtrField<google::protobuf::Timestamp>& ds) {
  CheckIds(e, "criteria", criteria, [](const v1::TrialCriterion& c) { return c.id(); });
  for (int i = 0; i < criteria.size(); ++i) {
    CheckText(e, absl::StrCat("criteria[", i, "].text"), criteria[i].text(), 1, kMaxReasonChars);
  }
  if (ds.empty()) e->Add("application_deadlines", "needs at least one deadline");
  for (int i = 0; i < ds.size(); ++i) {
    const std::string f = absl::StrCat("application_deadlines[", i, "]");
    CheckTimestamp(e, f, true, ds[i]);
    if (i > 0 && FromProto(ds[i]) <= FromProto(ds[i - 1]))
      e->Add(f, "must be after the one before");
  }
}

void CheckMeeting(FieldErrors* e, absl::string_view field, bool present,
                  const v1::DecisionMeeting& m) {
  if (!present) {
    e->Add(field, "is required: who decided, and at which meeting");
    return;
  }
  CheckText(e, absl::StrCat(field, ".body"), m.body(), 1, kMaxTitleChars);
  CheckDate(e, absl::StrCat(field, ".date"), m.has_date(), m.date());
  CheckText(e, absl::StrCat(field, ".reference"), m.reference(), 0, kMaxTitleChars);
}

void CheckWorkplaces(FieldErrors* e, absl::string_view field,
                     const google::protobuf::RepeatedPtrField<std::string>& names) {
  if (names.empty()) e->Add(field, "needs at least one workplace");
  for (int i = 0; i < names.size(); ++i) {
    CheckTopName(e, absl::StrCat(field, "[", i, "]"), names[i], kWorkplaceNames);
  }
}

void CheckNested(FieldErrors* e, absl::string_view field, absl::string_view trial) {
  CheckNestedName(e, field, trial, kProgrammes, kTrials);
}

// A budget round's proposal or expansion: where a trial's consequence goes.
void CheckBudgetLink(FieldErrors* e, absl::string_view field, absl::string_view name) {
  if (!ParseChildName(name, kProposals, field).ok() &&
      !ParseChildName(name, kExpansions, field).ok()) {
    e->Add(field, absl::StrCat("expected a proposal or expansion of a round, like "
                               "\"rounds/2025/proposals/P-0001\", got \"",
                               Abbreviate(name), "\""));
  }
}

absl::Status RequireBudgetItem(const State& s, absl::string_view name, absl::string_view field) {
  if (ParseChildName(name, kProposals, field).ok()) return RequireProposal(s, name, field).status();
  ASSIGN_OR_RETURN(ChildRef ref, ParseChildName(name, kExpansions, field));
  ASSIGN_OR_RETURN(const RoundState* round, RequireRound(s, RoundName(ref.round_id), field));
  if (!round->expansions().contains(ref.id)) return NotFound("expansion", name);
  return absl::OkStatus();
}

void ValidateCreateTrialProgramme(const v1::CreateTrialProgrammeRequest& r, FieldErrors* e) {
  CheckId(e, "programme_id", r.programme_id());
  CheckText(e, "title", r.title(), 1, kMaxTitleChars);
  CheckProgrammeTerms(e, r.criteria(), r.application_deadlines());
}

absl::StatusOr<Decision> CreateTrialProgramme(const State& s,
                                              const v1::CreateTrialProgrammeRequest& r,
                                              const Context&) {
  const std::string name = TopName(kProgrammes, r.programme_id());
  if (s.processes().programmes().contains(r.programme_id())) {
    return AlreadyExists("trial programme", name);
  }
  Decision d;
  d.subject = {Subject::kTrialProgramme, name};
  auto* e = d.events.emplace_back().mutable_trial_programme_created();
  e->set_programme(name);
  e->set_title(r.title());
  *e->mutable_criteria() = r.criteria();
  *e->mutable_application_deadlines() = r.application_deadlines();
  return d;
}

void ValidateAmendTrialProgramme(const v1::AmendTrialProgrammeRequest& r, FieldErrors* e) {
  CheckTopName(e, "programme", r.programme(), kProgrammes);
  if (r.expected_version() <= 0) e->Add("expected_version", "is required: the version you read");
  CheckProgrammeTerms(e, r.criteria(), r.application_deadlines());
}

absl::StatusOr<Decision> AmendTrialProgramme(const State& s,
                                             const v1::AmendTrialProgrammeRequest& r,
                                             const Context&) {
  ASSIGN_OR_RETURN(const internal::ProgrammeState* p,
                   RequireProgramme(s, r.programme(), "programme"));
  if (p->programme().version() != r.expected_version()) {
    return StaleVersion(r.programme(), r.expected_version(), p->programme().version());
  }
  Decision d;
  d.subject = {Subject::kTrialProgramme, r.programme()};
  auto* e = d.events.emplace_back().mutable_trial_programme_amended();
  e->set_programme(r.programme());
  e->set_version(p->programme().version() + 1);
  *e->mutable_criteria() = r.criteria();
  *e->mutable_application_deadlines() = r.application_deadlines();
  return d;
}

void ValidateProposeTrial(const v1::ProposeTrialRequest& r, FieldErrors* e) {
  CheckTopName(e, "programme", r.programme(), kProgrammes);
  const v1::TrialContent& c = r.content();
  CheckText(e, "content.title", c.title(), 1, kMaxTitleChars);
  CheckText(e, "content.description", c.description(), 1, kMaxTextChars);
  CheckWorkplaces(e, "content.workplaces", c.workplaces());
  CheckText(e, "content.why", c.why(), 1, kMaxTextChars);
  if (c.criteria_met().empty()) e->Add("content.criteria_met", "needs at least one criterion");
  for (int i = 0; i < c.criteria_met_size(); ++i) {
    CheckId(e, absl::StrCat("content.criteria_met[", i, "]"), c.criteria_met(i));
  }
  if (c.duration_months() < 1 || c.duration_months() > kMaxTrialMonths) {
    e->Add("content.duration_months",
           absl::StrCat("must be 1..", kMaxTrialMonths, ", got ", c.duration_months()));
  }
  CheckAmount(e, "content.resources_kr", c.resources_kr());
  CheckText(e, "content.resources", c.resources(), 0, kMaxTextChars);
  CheckIds(e, "content.success_measures", c.success_measures(),
           [](const v1::SuccessMeasure& m) { return m.id(); });
  for (int i = 0; i < c.success_measures_size(); ++i) {
    const v1::SuccessMeasure& m = c.success_measures(i);
    const std::string f = absl::StrCat("content.success_measures[", i, "].");
    CheckText(e, f + "description", m.description(), 1, kMaxReasonChars);
    CheckText(e, f + "indicator", m.indicator(), 1, kMaxTitleChars);
    CheckText(e, f + "target", m.target(), 1, kMaxTitleChars);
  }
  if (r.has_external_proposer()) {
    CheckEnum(e, "external_proposer.kind", r.external_proposer().kind(),
              v1::ExternalProposerKind_IsValid,
              v1::ExternalProposerKind_Name<v1::ExternalProposerKind>);
    CheckText(e, "external_proposer.name", r.external_proposer().name(), 1, kMaxTitleChars);
    CheckText(e, "external_proposer.contact", r.external_proposer().contact(), 0, kMaxTitleChars);
  }
}

absl::StatusOr<Decision> ProposeTrial(const State& s, const v1::ProposeTrialRequest& r,
                                      const Context& ctx) {
  ASSIGN_OR_RETURN(const internal::ProgrammeState* p,
                   RequireProgramme(s, r.programme(), "programme"));
  // Rule 23: everyone may propose (001), those outside the organisation
  // through a coordinator who registers it.
  if (r.has_external_proposer() && !HasRole(*ctx.actor, v1::ROLE_COORDINATOR)) {
    return RuleViolation(
        Rule::kExternalViaCoordinator, r.programme(),
        absl::StrCat("Expected a coordinator to register a trial for ",
                     r.external_proposer().name(), ", but ", ctx.actor->name(), " is not one"));
  }
  // Rule 21: within the programme's criteria.
  std::set<std::string> known;
  for (const v1::TrialCriterion& c : p->programme().criteria()) known.insert(c.id());
  for (const std::string& c : r.content().criteria_met()) {
    if (!known.contains(c)) {
      return RuleViolation(Rule::kTrialCriteria, r.programme(),
                           absl::StrCat("Expected the criteria met to be the programme's (",
                                        absl::StrJoin(known, ", "), "), but \"", Abbreviate(c),
                                        "\" is not one of them"));
    }
  }
  // Rule 22: proposed for the first application deadline not yet passed.
  const google::protobuf::Timestamp* deadline = nullptr;
  for (const auto& t : p->programme().application_deadlines()) {
    if (FromProto(t) >= ctx.now) {
      deadline = &t;
      break;
    }
  }
  if (deadline == nullptr) {
    const auto& all = p->programme().application_deadlines();
    return RuleViolation(
        Rule::kApplicationDeadline, r.programme(),
        absl::StrCat("Expected a proposal before an application deadline, but the last one (",
                     all.empty() ? "none" : TimeString(FromProto(*all.rbegin())),
                     ") has passed; the coordinator sets the next"));
  }
  Decision d;
  d.subject = {Subject::kTrial, absl::StrCat(r.programme(), "/", kTrials, "/",
                                             SequenceId('T', std::max(1, p->next_trial_number())))};
  auto* e = d.events.emplace_back().mutable_trial_proposed();
  e->set_trial(d.subject.name);
  *e->mutable_content() = r.content();
  if (r.has_external_proposer()) *e->mutable_external_proposer() = r.external_proposer();
  *e->mutable_application_deadline() = *deadline;
  return d;
}

void ValidateDecideTrial(const v1::DecideTrialRequest& r, FieldErrors* e) {
  CheckNested(e, "trial", r.trial());
  CheckMeeting(e, "meeting", r.has_meeting(), r.meeting());
  if (r.run()) {
    CheckDate(e, "start", r.has_start(), r.start());
    CheckDate(e, "end", r.has_end(), r.end());
    if (IsValidDate(r.start()) && IsValidDate(r.end()) &&
        StartOfDay(r.end()) <= StartOfDay(r.start())) {
      e->Add("end", "must be after start");
    }
  } else {
    CheckText(e, "reason", r.reason(), 1, kMaxReasonChars);
  }
}

absl::Status RequireStatus(const v1::Trial& t, v1::TrialStatus want, absl::string_view type,
                           absl::string_view expected) {
  if (t.status() == want) return absl::OkStatus();
  return PreconditionFailed(type, t.name(),
                            absl::StrCat("Expected ", expected, ", but ", t.name(), " is ",
                                         v1::TrialStatus_Name(t.status())));
}

absl::StatusOr<Decision> DecideTrial(const State& s, const v1::DecideTrialRequest& r,
                                     const Context& ctx) {
  ASSIGN_OR_RETURN(TrialRef ref, RequireTrial(s, r.trial(), "trial"));
  RETURN_IF_ERROR(
      RequireStatus(*ref.trial, v1::TRIAL_PROPOSED, "TRIAL_DECIDED", "a trial awaiting decision"));
  Decision d;
  d.subject = {Subject::kTrial, r.trial()};
  auto* e = d.events.emplace_back().mutable_trial_decided();
  e->set_trial(r.trial());
  v1::TrialDecision* decision = e->mutable_decision();
  decision->set_run(r.run());
  *decision->mutable_meeting() = r.meeting();
  if (r.run()) {
    *decision->mutable_start() = r.start();
    *decision->mutable_end() = r.end();
  }
  decision->set_reason(r.reason());
  decision->set_decided_by(ctx.actor->name());
  return d;
}

void ValidateReportTrialStatus(const v1::ReportTrialStatusRequest& r, FieldErrors* e) {
  CheckNested(e, "trial", r.trial());
  CheckDate(e, "date", r.has_date(), r.date());
  CheckText(e, "text", r.text(), 1, kMaxTextChars);
}

absl::StatusOr<Decision> ReportTrialStatus(const State& s, const v1::ReportTrialStatusRequest& r,
                                           const Context& ctx) {
  ASSIGN_OR_RETURN(TrialRef ref, RequireTrial(s, r.trial(), "trial"));
  RETURN_IF_ERROR(
      RequireStatus(*ref.trial, v1::TRIAL_RUNNING, "TRIAL_NOT_RUNNING", "a running trial"));
  Decision d;
  d.subject = {Subject::kTrial, r.trial()};
  auto* e = d.events.emplace_back().mutable_trial_status_reported();
  e->set_trial(r.trial());
  *e->mutable_report()->mutable_date() = r.date();
  e->mutable_report()->set_text(r.text());
  e->mutable_report()->set_reporter(ctx.actor->name());
  return d;
}

void ValidateEvaluateTrial(const v1::EvaluateTrialRequest& r, FieldErrors* e) {
  CheckNested(e, "trial", r.trial());
  CheckDate(e, "date", r.has_date(), r.date());
  if (r.results().empty()) e->Add("results", "needs a result for each success measure");
  for (int i = 0; i < r.results_size(); ++i) {
    CheckId(e, absl::StrCat("results[", i, "].measure"), r.results(i).measure());
    CheckText(e, absl::StrCat("results[", i, "].result"), r.results(i).result(), 1,
              kMaxReasonChars);
  }
  CheckText(e, "summary", r.summary(), 0, kMaxTextChars);
}

absl::StatusOr<Decision> EvaluateTrial(const State& s, const v1::EvaluateTrialRequest& r,
                                       const Context& ctx) {
  ASSIGN_OR_RETURN(TrialRef ref, RequireTrial(s, r.trial(), "trial"));
  RETURN_IF_ERROR(
      RequireStatus(*ref.trial, v1::TRIAL_RUNNING, "TRIAL_NOT_RUNNING", "a running trial"));
  // Rule 24: against the trial's own success measures, every one of them once.
  std::set<std::string> measures;
  for (const v1::SuccessMeasure& m : ref.trial->content().success_measures()) {
    measures.insert(m.id());
  }
  std::set<std::string> given;
  for (const v1::MeasureResult& m : r.results()) {
    if (!measures.contains(m.measure()) || !given.insert(m.measure()).second) {
      return RuleViolation(
          Rule::kEvaluateBeforeOutcome, r.trial(),
          absl::StrCat("Expected one result per success measure (", absl::StrJoin(measures, ", "),
                       "), but \"", m.measure(), "\" is unknown or repeated"));
    }
  }
  for (const std::string& m : measures) {
    if (!given.contains(m)) {
      return RuleViolation(
          Rule::kEvaluateBeforeOutcome, r.trial(),
          absl::StrCat("Expected a result for every success measure, but \"", m, "\" has none"));
    }
  }
  Decision d;
  d.subject = {Subject::kTrial, r.trial()};
  auto* e = d.events.emplace_back().mutable_trial_evaluated();
  e->set_trial(r.trial());
  v1::TrialEvaluation* ev = e->mutable_evaluation();
  *ev->mutable_date() = r.date();
  *ev->mutable_results() = r.results();
  ev->set_summary(r.summary());
  ev->set_evaluator(ctx.actor->name());
  return d;
}

void ValidateConcludeTrial(const v1::ConcludeTrialRequest& r, FieldErrors* e) {
  CheckNested(e, "trial", r.trial());
  const v1::TrialOutcome& o = r.outcome();
  CheckEnum(e, "outcome.kind", o.kind(), v1::TrialOutcomeKind_IsValid,
            v1::TrialOutcomeKind_Name<v1::TrialOutcomeKind>);
  CheckMeeting(e, "outcome.meeting", o.has_meeting(), o.meeting());
  CheckText(e, "outcome.learning", o.learning(), 0, kMaxTextChars);
  switch (o.kind()) {
    case v1::TRIAL_OUTCOME_SCALE:
      CheckWorkplaces(e, "outcome.scale_to", o.scale_to());
      if (!o.budget_link().empty()) CheckBudgetLink(e, "outcome.budget_link", o.budget_link());
      break;
    case v1::TRIAL_OUTCOME_ADJUST_AND_EXTEND:
      CheckDate(e, "outcome.new_end", o.has_new_end(), o.new_end());
      CheckText(e, "outcome.adjustments", o.adjustments(), 1, kMaxTextChars);
      break;
    case v1::TRIAL_OUTCOME_DISCARD:
      // The point of "smid væk" is that the learning is kept (001).
      if (o.learning().empty()) {
        e->Add("outcome.learning", "is required to discard a trial: what was learned is kept");
      }
      break;
    default:
      break;
  }
}

absl::StatusOr<Decision> ConcludeTrial(const State& s, const v1::ConcludeTrialRequest& r,
                                       const Context&) {
  ASSIGN_OR_RETURN(TrialRef ref, RequireTrial(s, r.trial(), "trial"));
  const v1::Trial& t = *ref.trial;
  if (t.status() == v1::TRIAL_SCALED || t.status() == v1::TRIAL_DISCARDED ||
      t.status() == v1::TRIAL_NOT_RUN) {
    return PreconditionFailed("TRIAL_CONCLUDED", r.trial(),
                              absl::StrCat("Expected a trial without an outcome, but ", r.trial(),
                                           " is ", v1::TrialStatus_Name(t.status())));
  }
  // Rule 24: "Afprøvning – skalér eller smid væk": tried and evaluated first.
  if (t.status() != v1::TRIAL_EVALUATED) {
    return RuleViolation(
        Rule::kEvaluateBeforeOutcome, r.trial(),
        absl::StrCat("Expected an evaluation against the trial's success measures before its "
                     "outcome, but ",
                     r.trial(), " is ", v1::TrialStatus_Name(t.status()),
                     t.status() == v1::TRIAL_RUNNING ? " and not evaluated since it started" : ""));
  }
  const v1::TrialOutcome& o = r.outcome();
  if (o.kind() == v1::TRIAL_OUTCOME_ADJUST_AND_EXTEND &&
      StartOfDay(o.new_end()) <= StartOfDay(t.end())) {
    return InvalidField("outcome.new_end",
                        absl::StrCat("must be after the current end ", DateString(t.end())));
  }
  if (!o.budget_link().empty()) {
    RETURN_IF_ERROR(RequireBudgetItem(s, o.budget_link(), "outcome.budget_link"));
  }
  Decision d;
  d.subject = {Subject::kTrial, r.trial()};
  auto* e = d.events.emplace_back().mutable_trial_concluded();
  e->set_trial(r.trial());
  *e->mutable_outcome() = o;
  return d;
}

void ValidateLinkTrialBudget(const v1::LinkTrialBudgetRequest& r, FieldErrors* e) {
  CheckNested(e, "trial", r.trial());
  CheckBudgetLink(e, "budget_link", r.budget_link());
}

absl::StatusOr<Decision> LinkTrialBudget(const State& s, const v1::LinkTrialBudgetRequest& r,
                                         const Context&) {
  ASSIGN_OR_RETURN(TrialRef ref, RequireTrial(s, r.trial(), "trial"));
  RETURN_IF_ERROR(
      RequireStatus(*ref.trial, v1::TRIAL_SCALED, "TRIAL_NOT_SCALED", "a scaled trial"));
  RETURN_IF_ERROR(RequireBudgetItem(s, r.budget_link(), "budget_link"));
  if (absl::c_linear_search(ref.trial->budget_links(), r.budget_link())) {
    return AlreadyExists("budget link", absl::StrCat(r.trial(), " -> ", r.budget_link()));
  }
  Decision d;
  d.subject = {Subject::kTrial, r.trial()};
  auto* e = d.events.emplace_back().mutable_trial_budget_linked();
  e->set_trial(r.trial());
  e->set_budget_link(r.budget_link());
  return d;
}

}  // namespace

std::vector<CommandHandler> TrialCommands() {
  using C = internal::Command;
  using E = v1::Event;
  return {
      Handle<&C::create_trial_programme, ValidateCreateTrialProgramme, CreateTrialProgramme>(
          C::kCreateTrialProgramme, {E::kTrialProgrammeCreated}),
      Handle<&C::amend_trial_programme, ValidateAmendTrialProgramme, AmendTrialProgramme>(
          C::kAmendTrialProgramme, {E::kTrialProgrammeAmended}),
      Handle<&C::propose_trial, ValidateProposeTrial, ProposeTrial>(C::kProposeTrial,
                                                                    {E::kTrialProposed}),
      Handle<&C::decide_trial, ValidateDecideTrial, DecideTrial>(C::kDecideTrial,
                                                                 {E::kTrialDecided}),
      Handle<&C::report_trial_status, ValidateReportTrialStatus, ReportTrialStatus>(
          C::kReportTrialStatus, {E::kTrialStatusReported}),
      Handle<&C::evaluate_trial, ValidateEvaluateTrial, EvaluateTrial>(C::kEvaluateTrial,
                                                                       {E::kTrialEvaluated}),
      Handle<&C::conclude_trial, ValidateConcludeTrial, ConcludeTrial>(C::kConcludeTrial,
                                                                       {E::kTrialConcluded}),
      Handle<&C::link_trial_budget, ValidateLinkTrialBudget, LinkTrialBudget>(
          C::kLinkTrialBudget, {E::kTrialBudgetLinked}),
  };
}

}  // namespace budget
