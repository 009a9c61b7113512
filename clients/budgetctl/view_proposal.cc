#include <iostream>
#include <vector>

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

std::string Status(const v1::Proposal& p) {
  return absl::StrCat(EnumLabel(p.status()), p.cross_cutting() ? " (cross-cutting)" : "");
}

// Draft, ready (by whom, as what) or published (when).
std::string Stage(const v1::Proposal& p) {
  std::string out = EnumLabel(p.stage());
  if (p.has_ready()) {
    absl::StrAppend(&out, ", marked ready ", Instant(p.ready().approve_time()), " by ",
                    p.ready().approved_by(), " as ", EnumLabel(p.ready().capacity()),
                    p.ready().centre().empty()
                        ? ""
                        : absl::StrCat(" (", budget::LastSegment(p.ready().centre()), ")"));
  }
  if (p.has_publish_time()) absl::StrAppend(&out, ", published ", Instant(p.publish_time()));
  if (!p.suggestion().empty()) absl::StrAppend(&out, ", from ", p.suggestion());
  return out;
}

void PrintText(const char* title, const std::string& text) {
  if (!text.empty()) std::cout << "\n" << title << "\n" << text << "\n";
}

void PrintHearingStatus(const v1::Proposal& p) {
  Table heard({"hearing", "body", "kind", "state", "stance", ">on version", "note"}, "  ");
  for (const v1::BodyHearingStatus& h : p.hearing_status()) {
    heard.Row({std::string(budget::LastSegment(h.hearing())), h.body(), EnumLabel(h.kind()),
               EnumLabel(h.state()), h.stance() == 0 ? "" : EnumLabel(h.stance()),
               absl::StrCat(h.heard_on_version()),
               h.concerns_older_version() ? "heard on an older version" : ""});
  }
  PrintSection(std::cout, "Hearings (rule 7)", heard);
}

void PrintQuestions(const v1::Proposal& p) {
  Table questions({"question", "meeting", "asked by", "question", "answer"}, "  ");
  for (const v1::Question& q : p.questions()) {
    questions.Row({std::string(budget::LastSegment(q.name())),
                   std::string(budget::LastSegment(q.meeting())), q.asked_by(),
                   OneLine(q.text(), 40), q.answer().empty() ? "(open)" : OneLine(q.answer(), 40)});
  }
  PrintSection(std::cout, "Questions (rule 9)", questions);
}

}  // namespace

void RenderProposal(const v1::Proposal& p) {
  const v1::ProposalContent& c = p.content();
  Table about({});
  about.Row({"Proposal", absl::StrCat(p.name(), ", version ", p.version())})
      .Row({"Title", c.title()})
      .Row({"Status", Status(p)})
      .Row({"Stage", Stage(p)})
      .Row({"Category", EnumLabel(c.category())})
      .Row({"Committees", Ids(c.committees())})
      .Row({"Centres", Ids(c.centres())})
      .Row({"Workplaces", Ids(c.workplaces())})
      .Row({"Full implementation", Kroner(c.full_implementation_kr())})
      .Row({"Implementation start", Day(c.implementation_start())})
      .Row({"Staff reduction", absl::StrCat(Fte(c.staff_reduction_fte_hundredths()), " FTE")})
      .Row({"Submitted", absl::StrCat(Instant(p.create_time()), " by ", p.submitted_by(), " (",
                                      EnumLabel(c.submitter_kind()), ")")})
      .Row({"Updated", Instant(p.update_time())});
  if (p.has_claim()) {
    about.Row({"Claimed",
               absl::StrCat("by ", budget::LastSegment(p.claim().committee()), " on ",
                            Instant(p.claim().claimed_at()), " (", p.claim().claimed_by(), ")")});
  }
  if (p.has_decision()) {
    about.Row({"Decision", absl::StrCat(EnumLabel(p.decision().decision()), " at the meeting of ",
                                        Day(p.decision().meeting_date()))});
  }
  if (p.has_not_heard()) {
    about.Row({"Selected not heard",
               absl::StrCat(Ids(p.not_heard().workplaces()), ": ", p.not_heard().reason())});
  }
  if (p.has_withdraw_time()) {
    about.Row({"Withdrawn", absl::StrCat(Instant(p.withdraw_time()), ": ", p.withdrawal_reason())});
  }
  about.Print(std::cout);
  PrintProposalEconomics(c);
  PrintText("Description", c.description());
  PrintText("Consequences for citizens", c.citizen_consequences());
  PrintText("Consequences for staff", c.staff_consequences());
  std::cout << "\n";
  PrintHearingStatus(p);
  PrintQuestions(p);
}

void RenderProposals(const v1::ListProposalsResponse& response) {
  Table proposals(
      {"proposal", "title", "category", "status", "stage", "committees", ">full impl."});
  int64_t total = 0;
  for (const v1::Proposal& p : response.proposals()) {
    proposals.Row({p.name(), OneLine(p.content().title(), 40), EnumLabel(p.content().category()),
                   Status(p), EnumLabel(p.stage()), OneLine(Ids(p.content().committees()), 40),
                   Kroner(p.content().full_implementation_kr())});
    if (!p.has_withdraw_time()) total += p.content().full_implementation_kr();
  }
  PrintSection(std::cout, "Proposals", proposals);
  std::cout << response.proposals_size() << " of " << response.total_size()
            << " proposals; not withdrawn, at full implementation: " << Kroner(total) << "\n";
}

void RenderSuggestions(const v1::ListSuggestionsResponse& response) {
  Table suggestions({"suggestion", "title", ">estimate", "submitted", "by", "status", "outcome"});
  for (const v1::Suggestion& g : response.suggestions()) {
    suggestions.Row(
        {std::string(budget::LastSegment(g.name())), OneLine(g.title(), 40),
         Kroner(g.estimated_effect_kr()), Instant(g.submit_time()), g.submitted_by(),
         EnumLabel(g.status()),
         g.status() == v1::SUGGESTION_DECLINED ? OneLine(g.decline_reason(), 50) : g.proposal()});
  }
  PrintSection(std::cout, "Suggestions", suggestions);
  std::cout << response.suggestions_size() << " suggestions\n";
}

}  // namespace budgetctl
