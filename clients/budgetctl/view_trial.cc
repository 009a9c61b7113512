#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/budgetctl/enum_names.h"
#include "clients/budgetctl/format.h"
#include "clients/budgetctl/table.h"
#include "clients/budgetctl/views_process.h"

namespace budgetctl {
namespace {

namespace v1 = budget::v1;

std::string MeetingText(const v1::DecisionMeeting& m) {
  return absl::StrCat(m.body(), ", ", Day(m.date()),
                      m.reference().empty() ? "" : absl::StrCat(" (", m.reference(), ")"));
}

void TrialTable(const google::protobuf::RepeatedPtrField<v1::Trial>& trials) {
  Table table({"trial", "title", "status", "workplaces", "proposed by", ">resources"});
  for (const v1::Trial& t : trials) {
    table.Row({t.name(), OneLine(t.content().title(), 40), EnumLabel(t.status()),
               absl::StrJoin(t.content().workplaces(), ", "),
               t.has_external_proposer() ? t.external_proposer().name() : t.proposed_by(),
               Kroner(t.content().resources_kr())});
  }
  PrintSection(std::cout, "Trials", table);
}

}  // namespace

void RenderTrialProgramme(const v1::TrialProgramme& p) {
  Table about({});
  about.Row({"Programme", p.name()})
      .Row({"Title", p.title()})
      .Row({"Version", absl::StrCat(p.version())})
      .Row({"Created", absl::StrCat(Instant(p.create_time()), " by ", p.created_by())});
  about.Print(std::cout);
  Table criteria({"criterion", "text"}, "  ");
  for (const v1::TrialCriterion& c : p.criteria()) criteria.Row({c.id(), c.text()});
  std::cout << "\n";
  PrintSection(std::cout, "Criteria", criteria);
  Table deadlines({"application deadline"}, "  ");
  for (const auto& d : p.application_deadlines()) deadlines.Row({Instant(d)});
  PrintSection(std::cout, "Application deadlines", deadlines);
}

void RenderTrial(const v1::Trial& t) {
  const v1::TrialContent& c = t.content();
  Table about({});
  about.Row({"Trial", t.name()})
      .Row({"Title", c.title()})
      .Row({"Status", EnumLabel(t.status())})
      .Row({"Where", absl::StrJoin(c.workplaces(), ", ")})
      .Row({"Criteria met", absl::StrJoin(c.criteria_met(), ", ")})
      .Row({"Duration", absl::StrCat(c.duration_months(), " months")})
      .Row({"Resources", absl::StrCat(Kroner(c.resources_kr()),
                                      c.resources().empty() ? "" : "; " + c.resources())})
      .Row({"Proposed", absl::StrCat(Instant(t.propose_time()), " by ", t.proposed_by(),
                                     t.has_external_proposer()
                                         ? absl::StrCat(" for ", t.external_proposer().name())
                                         : "")});
  if (t.has_decision()) {
    about.Row({"Decision", absl::StrCat(t.decision().run() ? "run" : "not run", ", ",
                                        MeetingText(t.decision().meeting()))});
  }
  if (t.has_end()) about.Row({"Runs until", Day(t.end())});
  if (!t.budget_links().empty()) about.Row({"Budget", absl::StrJoin(t.budget_links(), ", ")});
  about.Print(std::cout);
  std::cout << "\nWhat\n" << c.description() << "\n\nWhy\n" << c.why() << "\n\n";
  Table measures({"measure", "indicator", "target", "description"}, "  ");
  for (const v1::SuccessMeasure& m : c.success_measures()) {
    measures.Row({m.id(), m.indicator(), m.target(), OneLine(m.description(), 50)});
  }
  PrintSection(std::cout, "Success measures", measures);
  Table results({"date", "measure", "met", "result"}, "  ");
  for (const v1::TrialEvaluation& e : t.evaluations()) {
    for (const v1::MeasureResult& r : e.results()) {
      results.Row({Day(e.date()), r.measure(), r.met() ? "yes" : "no", OneLine(r.result(), 50)});
    }
  }
  PrintSection(std::cout, "Evaluations", results);
  Table outcomes({"outcome", "decided", "detail"}, "  ");
  for (const v1::TrialOutcome& o : t.outcomes()) {
    outcomes.Row(
        {EnumLabel(o.kind()), MeetingText(o.meeting()),
         OneLine(absl::StrCat(absl::StrJoin(o.scale_to(), ", "), o.adjustments(), o.learning()),
                 60)});
  }
  PrintSection(std::cout, "Outcomes", outcomes);
  Table history({">position", "recorded", "actor", "event", "summary"}, "  ");
  for (const v1::TrialStep& s : t.history()) {
    history.Row(
        {absl::StrCat(s.position()), Instant(s.recorded_at()), s.actor(), s.event(), s.summary()});
  }
  PrintSection(std::cout, "History", history);
}

void RenderTrials(const v1::ListTrialsResponse& response) {
  TrialTable(response.trials());
  std::cout << response.trials_size() << " trials\n";
}

void RenderProcesses(const v1::ProcessesState& state) {
  std::cout << "As of log position " << state.position() << " (" << Instant(state.as_of())
            << "): " << state.programmes_size() << " trial programmes, " << state.trials_size()
            << " trials, " << state.agreements_size() << " agreements, "
            << state.dialogue_meetings_size() << " dialogue meetings, "
            << state.committee_cases_size() << " committee cases, " << state.policies_size()
            << " policies\n";
  TrialTable(state.trials());
}

}  // namespace budgetctl
