#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/budgetctl/enum_names.h"
#include "clients/budgetctl/format.h"
#include "clients/budgetctl/table.h"
#include "clients/budgetctl/views.h"
#include "services/domain/names.h"

namespace budgetctl {
namespace {

namespace v1 = budget::v1;
using budget::LastSegment;

std::string Id(const std::string& name) { return std::string(LastSegment(name)); }

}  // namespace

void RenderHearing(const v1::Hearing& h) {
  Table about({});
  about.Row({"Hearing", h.name()})
      .Row({"Title", h.title()})
      .Row({"State", absl::StrCat(EnumLabel(h.state()), h.spring() ? " (the spring hearing)" : "")})
      .Row({"Deadline", Instant(h.deadline())})
      .Row({"Opened", absl::StrCat(Instant(h.open_time()), " by ", h.opened_by())});
  if (h.has_close_time()) {
    about.Row({"Closed", absl::StrCat(Instant(h.close_time()), ": ", h.close_reason())});
  }
  about.Print(std::cout);
  std::cout << "\n";
  Table proposals({"proposal", ">version when opened"}, "  ");
  for (int i = 0; i < h.proposals_size(); ++i) {
    proposals.Row({h.proposals(i),
                   i < h.proposal_versions_size() ? absl::StrCat(h.proposal_versions(i)) : ""});
  }
  PrintSection(std::cout, "Proposals", proposals);
  Table bodies({"body", "kind", "name"}, "  ");
  for (const v1::HearingBody& b : h.bodies())
    bodies.Row({b.name(), EnumLabel(b.kind()), b.display_name()});
  PrintSection(std::cout, "Invited", bodies);
  Table responses({"body", "proposal", ">version", "stance", "submitted", "text"}, "  ");
  for (const v1::Response& r : h.responses()) {
    if (r.versions().empty()) continue;
    const v1::ResponseVersion& v = *r.versions().rbegin();
    responses.Row({r.body(), Id(r.proposal()), absl::StrCat(v.version()), EnumLabel(v.stance()),
                   absl::StrCat(Instant(v.submitted_at()), " by ", v.submitted_by()),
                   OneLine(v.text(), 40)});
  }
  PrintSection(std::cout, "Responses (current versions)", responses);
  Table rehearings({"proposal", ">on version", "decision", "by", "reason"}, "  ");
  for (const v1::RehearingRecord& d : h.rehearing_decisions()) {
    rehearings.Row({Id(d.proposal()), absl::StrCat(d.proposal_version()), EnumLabel(d.decision()),
                    d.decided_by(), OneLine(d.reason(), 40)});
  }
  PrintSection(std::cout, "Rehearing decisions", rehearings);
}

void RenderHearings(const v1::ListHearingsResponse& response) {
  Table hearings({"hearing", "title", "state", "deadline", "proposals", ">responses"});
  for (const v1::Hearing& h : response.hearings()) {
    hearings.Row({h.name(), OneLine(h.title(), 40), EnumLabel(h.state()), Instant(h.deadline()),
                  Ids(h.proposals()), absl::StrCat(h.responses_size())});
  }
  PrintSection(std::cout, "Hearings", hearings);
}

void RenderMeetings(const v1::ListMeetingsResponse& response) {
  Table meetings({"meeting", "kind", "date", "proposals shown", "participants"}, "  ");
  for (const v1::Meeting& m : response.meetings()) {
    meetings.Row({m.name(), EnumLabel(m.kind()), Day(m.date()), Ids(m.proposals()),
                  OneLine(absl::StrJoin(m.participants(), ", "), 40)});
  }
  PrintSection(std::cout, "Meetings", meetings);
  Table questions({"question", "proposal", "meeting", "asked by", "question", "answer"}, "  ");
  for (const v1::Question& q : response.questions()) {
    questions.Row({q.name(), Id(q.proposal()), Id(q.meeting()), q.asked_by(), OneLine(q.text(), 30),
                   q.answer().empty() ? "(open)" : OneLine(q.answer(), 30)});
  }
  PrintSection(std::cout, "Questions (rule 9)", questions);
  Table informed({"body", "when", "by", "what"}, "  ");
  for (const v1::BodyInformation& i : response.informed()) {
    informed.Row({i.body(), Instant(i.informed_at()), i.informed_by(), OneLine(i.what(), 40)});
  }
  PrintSection(std::cout, "Bodies informed (rule 8)", informed);
  Table waivers({"requirement", "when", "by", "reason"}, "  ");
  for (const v1::Waiver& w : response.waivers()) {
    waivers.Row({EnumLabel(w.requirement()), Instant(w.waived_at()), w.waived_by(),
                 OneLine(w.reason(), 40)});
  }
  PrintSection(std::cout, "Waivers", waivers);
}

}  // namespace budgetctl
