#include <iostream>
#include <string>
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

using budget::LastSegment;
namespace v1 = budget::v1;

std::string By(const std::string& who, const google::protobuf::Timestamp& when) {
  return absl::StrCat(Instant(when), who.empty() ? "" : " by ", who);
}

void PrintOrganisation(const v1::Round& r) {
  Table committees({"committee", "name", ">operating frame", ">shortfall", ">expansion frame"},
                   "  ");
  for (const v1::Committee& c : r.committees()) {
    committees.Row({std::string(LastSegment(c.name())), c.display_name(),
                    Kroner(c.operating_frame_kr()), Kroner(c.shortfall_kr()),
                    Kroner(c.expansion_frame_kr())});
  }
  PrintSection(std::cout, "Committees", committees);
  Table centres({"centre", "name", "committee", ">budget"}, "  ");
  for (const v1::Centre& c : r.centres()) {
    centres.Row({std::string(LastSegment(c.name())), c.display_name(),
                 std::string(LastSegment(c.committee())), Kroner(c.budget_kr())});
  }
  PrintSection(std::cout, "Centres", centres);
  Table workplaces({"workplace", "name", "centre", "committee"}, "  ");
  for (const v1::Workplace& w : r.workplaces()) {
    workplaces.Row({std::string(LastSegment(w.name())), w.display_name(),
                    std::string(LastSegment(w.centre())), std::string(LastSegment(w.committee()))});
  }
  PrintSection(std::cout, "Workplaces", workplaces);
}

// The seminar, its indicative ranking and the readings (rule 10).
void PrintAdoption(const v1::Round& r) {
  if (r.has_seminar()) {
    std::cout << "Budget seminar " << Day(r.seminar().first_day()) << " – "
              << Day(r.seminar().last_day()) << ", recorded "
              << By(r.seminar().recorded_by(), r.seminar().record_time()) << "\n";
  }
  if (r.has_indicative_priority()) {
    const v1::IndicativePriority& p = r.indicative_priority();
    std::cout << "Ranking (" << p.label() << "), revision " << p.revision() << ", set "
              << By(p.set_by(), p.set_time()) << ": " << Ids(p.ranking()) << "\n";
  }
  Table readings({"reading", "date", "outcome", ">amendments", "votes"}, "  ");
  for (const v1::Reading& reading : r.readings()) {
    std::vector<std::string> votes;
    for (const v1::PartyVote& v : reading.votes()) {
      votes.push_back(absl::StrCat(v.party(), " ", EnumLabel(v.vote())));
    }
    readings.Row({EnumLabel(reading.kind()), Day(reading.date()), OneLine(reading.outcome(), 50),
                  absl::StrCat(reading.amendments_size()), absl::StrJoin(votes, ", ")});
  }
  PrintSection(std::cout, "Readings", readings);
  for (const v1::Reading& reading : r.readings()) {
    if (!reading.has_agreement()) continue;
    std::cout << "Budget agreement (" << EnumLabel(reading.kind())
              << "): " << absl::StrJoin(reading.agreement().parties(), ", ") << ": "
              << OneLine(reading.agreement().text(), 100) << "\n";
  }
}

}  // namespace

void RenderRound(const v1::Round& r) {
  const v1::Targets& t = r.targets();
  Table about({});
  about.Row({"Round", r.name()})
      .Row({"Municipality", r.municipality()})
      .Row({"Budget year", absl::StrCat(r.budget_year(), " (period ", r.period_first_year(), "–",
                                        r.period_last_year(), ")")})
      .Row({"Proposals", absl::StrCat(r.proposal_count())})
      .Row({"Created", By(r.created_by(), r.create_time())})
      .Row({"Log position", absl::StrCat(r.log_position())})
      .Row({"Catalogue target", Kroner(t.catalogue_total_kr())})
      .Row({"Råderum target", Kroner(t.raaderum_kr())})
      .Row({"Cross-cutting share",
            absl::StrCat(Percent(t.cross_cutting_share_bp()), " of the catalogue")})
      .Row({"Own-centre share",
            absl::StrCat(Percent(t.centre_own_share_bp()), " of each centre's budget")});
  if (r.has_pool()) {
    about.Row({"Pool", absl::StrCat("formed ", Instant(r.pool().formed_at()), ": ",
                                    r.pool().proposals_size(), " proposals, ",
                                    Kroner(r.pool().total_at_formation_kr()), " (",
                                    r.pool().cause(), ")")});
  }
  if (r.has_expansion_process()) {
    const v1::ExpansionProcess& p = r.expansion_process();
    about.Row(
        {"Expansion process",
         absl::StrCat("decided by ØK at the meeting of ", Day(p.meeting_date()), " (",
                      p.agenda_item(), ") by ", p.decided_by(), ": ", p.frames_size(),
                      " committee frames, cap ", p.cap_kr() == 0 ? "none" : Kroner(p.cap_kr()),
                      p.topics().empty() ? "" : "; topics: ", absl::StrJoin(p.topics(), ", "))});
  }
  if (r.has_selection_recommendation()) {
    const v1::SelectionRecommendation& m = r.selection_recommendation();
    about.Row({"Recommended", absl::StrCat("by ØK at the meeting of ", Day(m.meeting_date()), " (",
                                           m.agenda_item(), ") by ", m.recommended_by(), ": ",
                                           m.proposals_size(), " proposals")});
  }
  if (r.has_selection_approval()) {
    const v1::SelectionApproval& a = r.selection_approval();
    about.Row({"Selection",
               absl::StrCat("approved by Byrådet at the meeting of ", Day(a.meeting_date()),
                            a.agenda_item().empty() ? "" : absl::StrCat(" (", a.agenda_item(), ")"),
                            " by ", a.approved_by(), ": ", a.approved_count(), " approved, ",
                            a.rejected_count(), " rejected")});
  }
  if (r.has_adoption()) {
    about.Row({"Adopted", absl::StrCat("at the meeting of ", Day(r.adoption().meeting_date()),
                                       " by ", r.adoption().adopted_by())});
  }
  about.Print(std::cout);
  std::cout << "\n";
  PrintOrganisation(r);
  std::cout << "\n";
  PrintAdoption(r);
  std::cout << "\n";
  RenderTimeline(r);
}

void RenderRounds(const v1::ListRoundsResponse& response) {
  Table rounds({"round", "municipality", ">budget year", ">proposals", "created"});
  for (const v1::Round& r : response.rounds()) {
    rounds.Row({r.name(), r.municipality(), absl::StrCat(r.budget_year()),
                absl::StrCat(r.proposal_count()), By(r.created_by(), r.create_time())});
  }
  PrintSection(std::cout, "Rounds", rounds);
}

void RenderTimeline(const v1::Round& r) {
  std::cout << "Timeline of " << r.name() << "\n";
  Table milestones({"milestone", "planned", "reached", "reached by"}, "  ");
  for (const v1::Milestone& m : r.milestones()) {
    milestones.Row(
        {EnumLabel(m.kind()), Instant(m.planned_at()), Instant(m.reached_at()), m.reached_by()});
  }
  PrintSection(std::cout, "Milestones", milestones);
  Table gates({"gate", "state", "why"}, "  ");
  for (const v1::GateStatus& g : r.gates()) {
    gates.Row({EnumLabel(g.gate()), g.open() ? "open" : "closed", g.explanation()});
  }
  PrintSection(std::cout, "Gates", gates);
  Table overrides({"gate", "mode", "by", "at", "reason"}, "  ");
  for (const v1::GateOverride& o : r.gate_overrides()) {
    overrides.Row({EnumLabel(o.gate()), EnumLabel(o.mode()), o.by(), Instant(o.at()),
                   OneLine(o.reason(), 60)});
  }
  PrintSection(std::cout, "Overrides", overrides);
}

void RenderTasks(const v1::ListMyTasksResponse& response) {
  Table tasks({"due", "task", "round", "what", ">amount"});
  for (const v1::Task& t : response.tasks()) {
    tasks.Row({Instant(t.due()), EnumLabel(t.kind()), std::string(LastSegment(t.round())),
               t.summary(), t.kind() == v1::TASK_COVER_SHORTFALL ? Kroner(t.amount_kr()) : ""});
  }
  PrintSection(std::cout, "Your tasks", tasks);
}

}  // namespace budgetctl
