#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/budgetctl/enum_names.h"
#include "clients/budgetctl/format.h"
#include "clients/budgetctl/table.h"
#include "clients/budgetctl/views_process.h"

namespace budgetctl {

namespace v1 = budget::v1;

void RenderAgreement(const v1::DevelopmentAgreement& a) {
  Table about({});
  about.Row({"Agreement", a.name()})
      .Row({"Title", a.title()})
      .Row({"Committee", a.committee()})
      .Row({"Workplace", a.workplace()})
      .Row({"Status", EnumLabel(a.status())})
      .Row({"Period", absl::StrCat(a.terms().first_year(), "–", a.terms().last_year())})
      .Row({"Shared goals", absl::StrJoin(a.terms().shared_goals(), "; ")});
  if (!a.renews().empty()) about.Row({"Renews", a.renews()});
  if (!a.renewed_by().empty()) about.Row({"Renewed by", a.renewed_by()});
  if (a.has_end_date()) about.Row({"Ended", absl::StrCat(Day(a.end_date()), ": ", a.end_reason())});
  about.Print(std::cout);
  std::cout << "\n";
  Table goals({"goal", "title", "indicator", "target"}, "  ");
  for (const v1::AgreementGoal& g : a.terms().goals()) {
    goals.Row({g.id(), OneLine(g.title(), 40), g.indicator(), g.target()});
  }
  PrintSection(std::cout, "Goals", goals);
  Table versions({">version", "recorded", "by", "field", "old", "new"}, "  ");
  for (const v1::AgreementVersion& v : a.versions()) {
    versions.Row({absl::StrCat(v.version()), Instant(v.recorded_at()), v.actor()});
    for (const v1::TermsChange& c : v.changes()) {
      versions.Row({"", "", "", c.field(), OneLine(c.old_value(), 30), OneLine(c.new_value(), 30)});
    }
  }
  PrintSection(std::cout, "Versions", versions);
  Table signatures({"party", ">version", "date", "by"}, "  ");
  for (const v1::AgreementSignature& s : a.signatures()) {
    signatures.Row({EnumLabel(s.party()), absl::StrCat(s.version()), Day(s.date()), s.signed_by()});
  }
  PrintSection(std::cout, "Signatures", signatures);
  Table follow({">year", "goal", "value", "met", "comment"}, "  ");
  for (const v1::GoalFollowUp& f : a.follow_ups()) {
    follow.Row({absl::StrCat(f.year()), f.goal(), f.reported_value(), f.met() ? "yes" : "no",
                OneLine(f.comment(), 40)});
  }
  PrintSection(std::cout, "Follow-ups", follow);
}

void RenderAgreements(const v1::ListAgreementsResponse& response) {
  Table table({"agreement", "committee", "workplace", "status", "period", ">goals"});
  for (const v1::DevelopmentAgreement& a : response.agreements()) {
    table.Row({a.name(), a.committee(), a.workplace(), EnumLabel(a.status()),
               absl::StrCat(a.terms().first_year(), "–", a.terms().last_year()),
               absl::StrCat(a.terms().goals_size())});
  }
  PrintSection(std::cout, "Development agreements", table);
}

void RenderDialogueYear(const v1::DialogueYear& year) {
  std::cout << year.committee() << ", " << year.year() << "\n";
  Table table({"meeting", "workplace", "held", "place", "presenter", ">questions"});
  for (const v1::DialogueMeeting& m : year.meetings()) {
    table.Row({m.name(), m.workplace(), m.held() ? Day(m.date()) : "planned", m.place(),
               m.presenter(), absl::StrCat(m.questions_size())});
  }
  PrintSection(std::cout, "Dialogue meetings", table);
  Table none({"workplace"}, "  ");
  for (const std::string& w : year.workplaces_without_meeting()) none.Row({w});
  PrintSection(std::cout, "Workplaces without a meeting this year", none);
}

void RenderCommitteeCases(const v1::ListCommitteeCasesResponse& response) {
  Table table({"case", "committee", "workplace", "meeting", "presenter", "role", "heard"});
  for (const v1::CommitteeCase& c : response.cases()) {
    table.Row({c.name(), c.committee(), c.workplace(), Day(c.meeting_date()), c.presenter(),
               EnumLabel(c.presenter_role()),
               absl::StrCat(Day(c.heard().date()), " (", c.heard().how(), ")")});
  }
  PrintSection(std::cout, "Committee cases", table);
}

}  // namespace budgetctl
