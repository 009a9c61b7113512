// Appliers of the trial actions' events (trial.proto). Each also adds a step
// to the trial's history, so its page shows every event of its stream.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/domain/process_names.h"
#include "services/domain/registry.h"
#include "services/domain/time_util.h"
#include "services/domain/trials.h"

namespace budget {
namespace {

std::string ExternalProposerText(v1::ExternalProposerKind kind) {
  switch (kind) {
    case v1::EXTERNAL_PROPOSER_CITIZEN:
      return "a citizen";
    case v1::EXTERNAL_PROPOSER_BUSINESS:
      return "a business";
    case v1::EXTERNAL_PROPOSER_ASSOCIATION:
      return "an association";
    default:
      return "someone outside";
  }
}

void AddStep(v1::Trial& t, const google::protobuf::Message& payload, const EventMeta& meta,
             std::string summary) {
  v1::TrialStep* step = t.add_history();
  step->set_position(meta.position);
  *step->mutable_recorded_at() = ToProto(meta.recorded_at);
  step->set_actor(std::string(meta.actor));
  step->set_event(payload.GetDescriptor()->full_name());
  step->set_summary(std::move(summary));
}

void ApplyProgrammeCreated(State& s, const v1::TrialProgrammeCreated& e, const EventMeta& meta) {
  internal::ProgrammeState& p =
      (*s.mutable_processes()->mutable_programmes())[std::string(LastSegment(e.programme()))];
  v1::TrialProgramme* programme = p.mutable_programme();
  programme->set_name(e.programme());
  programme->set_title(e.title());
  *programme->mutable_criteria() = e.criteria();
  *programme->mutable_application_deadlines() = e.application_deadlines();
  programme->set_version(1);
  *programme->mutable_create_time() = ToProto(meta.recorded_at);
  programme->set_created_by(std::string(meta.actor));
  p.set_next_trial_number(1);
}

void ApplyProgrammeAmended(State& s, const v1::TrialProgrammeAmended& e, const EventMeta&) {
  internal::ProgrammeState* p = MutableProgramme(s, e.programme());
  if (p == nullptr) return;
  v1::TrialProgramme* programme = p->mutable_programme();
  programme->set_version(e.version());
  *programme->mutable_criteria() = e.criteria();
  *programme->mutable_application_deadlines() = e.application_deadlines();
}

void ApplyTrialProposed(State& s, const v1::TrialProposed& e, const EventMeta& meta) {
  absl::StatusOr<ChildRef> ref = ParseNestedName(e.trial(), kProgrammes, kTrials, "trial");
  if (!ref.ok()) return;
  internal::ProgrammeState* p = MutableProgramme(s, TopName(kProgrammes, ref->round_id));
  if (p == nullptr) return;
  p->set_next_trial_number(std::max(p->next_trial_number(), SequenceNumber(ref->id)) + 1);
  v1::Trial& t = (*p->mutable_trials())[ref->id];
  t.set_name(e.trial());
  t.set_programme(p->programme().name());
  *t.mutable_content() = e.content();
  t.set_proposed_by(std::string(meta.actor));
  if (e.has_external_proposer()) *t.mutable_external_proposer() = e.external_proposer();
  *t.mutable_propose_time() = ToProto(meta.recorded_at);
  *t.mutable_application_deadline() = e.application_deadline();
  t.set_status(v1::TRIAL_PROPOSED);
  // The kind, never the name: the name is personal (sealed; erasable), a
  // step's text is not.
  AddStep(t, e, meta,
          absl::StrCat(
              "proposed",
              e.has_external_proposer()
                  ? absl::StrCat(" for ", ExternalProposerText(e.external_proposer().kind()))
                  : "",
              " for the application deadline ", TimeString(FromProto(e.application_deadline()))));
}

std::string MeetingText(const v1::DecisionMeeting& m) {
  return absl::StrCat(m.body(), " on ", DateString(m.date()),
                      m.reference().empty() ? "" : absl::StrCat(" (", m.reference(), ")"));
}

void ApplyTrialDecided(State& s, const v1::TrialDecided& e, const EventMeta& meta) {
  v1::Trial* t = MutableTrial(s, e.trial());
  if (t == nullptr) return;
  const v1::TrialDecision& d = e.decision();
  *t->mutable_decision() = d;
  t->set_status(d.run() ? v1::TRIAL_RUNNING : v1::TRIAL_NOT_RUN);
  if (d.run()) *t->mutable_end() = d.end();
  AddStep(*t, e, meta,
          d.run() ? absl::StrCat("to run ", DateString(d.start()), "..", DateString(d.end()),
                                 ", decided by ", MeetingText(d.meeting()))
                  : absl::StrCat("not to run (", d.reason(), "), decided by ",
                                 MeetingText(d.meeting())));
}

void ApplyStatusReported(State& s, const v1::TrialStatusReported& e, const EventMeta& meta) {
  v1::Trial* t = MutableTrial(s, e.trial());
  if (t == nullptr) return;
  *t->add_reports() = e.report();
  AddStep(*t, e, meta, absl::StrCat("status report of ", DateString(e.report().date())));
}

void ApplyTrialEvaluated(State& s, const v1::TrialEvaluated& e, const EventMeta& meta) {
  v1::Trial* t = MutableTrial(s, e.trial());
  if (t == nullptr) return;
  *t->add_evaluations() = e.evaluation();
  t->set_status(v1::TRIAL_EVALUATED);
  int met = 0;
  for (const v1::MeasureResult& r : e.evaluation().results()) met += r.met();
  AddStep(*t, e, meta,
          absl::StrCat("evaluated: ", met, " of ", e.evaluation().results_size(),
                       " success measures met"));
}

void ApplyTrialConcluded(State& s, const v1::TrialConcluded& e, const EventMeta& meta) {
  v1::Trial* t = MutableTrial(s, e.trial());
  if (t == nullptr) return;
  const v1::TrialOutcome& o = e.outcome();
  *t->add_outcomes() = o;
  std::string summary;
  switch (o.kind()) {
    case v1::TRIAL_OUTCOME_SCALE:
      t->set_status(v1::TRIAL_SCALED);
      if (!o.budget_link().empty()) t->add_budget_links(o.budget_link());
      summary = absl::StrCat("scaled to ", o.scale_to_size(), " units");
      break;
    case v1::TRIAL_OUTCOME_ADJUST_AND_EXTEND:
      t->set_status(v1::TRIAL_RUNNING);
      *t->mutable_end() = o.new_end();
      summary = absl::StrCat("adjusted and extended to ", DateString(o.new_end()));
      break;
    default:
      t->set_status(v1::TRIAL_DISCARDED);
      summary = "discarded; the learning is kept";
      break;
  }
  AddStep(*t, e, meta, absl::StrCat(summary, ", decided by ", MeetingText(o.meeting())));
}

void ApplyBudgetLinked(State& s, const v1::TrialBudgetLinked& e, const EventMeta& meta) {
  v1::Trial* t = MutableTrial(s, e.trial());
  if (t == nullptr) return;
  t->add_budget_links(e.budget_link());
  AddStep(*t, e, meta, absl::StrCat("budget consequence linked: ", e.budget_link()));
}

}  // namespace

std::vector<EventHandler> TrialAppliers() {
  using E = v1::Event;
  return {
      Applier<&E::trial_programme_created, ApplyProgrammeCreated>(E::kTrialProgrammeCreated),
      Applier<&E::trial_programme_amended, ApplyProgrammeAmended>(E::kTrialProgrammeAmended),
      Applier<&E::trial_proposed, ApplyTrialProposed>(E::kTrialProposed),
      Applier<&E::trial_decided, ApplyTrialDecided>(E::kTrialDecided),
      Applier<&E::trial_status_reported, ApplyStatusReported>(E::kTrialStatusReported),
      Applier<&E::trial_evaluated, ApplyTrialEvaluated>(E::kTrialEvaluated),
      Applier<&E::trial_concluded, ApplyTrialConcluded>(E::kTrialConcluded),
      Applier<&E::trial_budget_linked, ApplyBudgetLinked>(E::kTrialBudgetLinked),
  };
}

}  // namespace budget
