#include <functional>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "clients/budgetctl/format.h"
#include "clients/budgetctl/table.h"
#include "clients/budgetctl/views.h"

namespace budgetctl {
namespace {

namespace v1 = budget::v1;

// A remaining amount (target - value) in words.
std::string Gap(int64_t remaining) {
  if (remaining > 0) return absl::StrCat(Mio(remaining), " short");
  if (remaining == 0) return "met";
  return absl::StrCat("met, ", Mio(-remaining), " over");
}

std::string YesNo(bool b) { return b ? "yes" : "no"; }

void PrintTargets(const v1::Totals& t) {
  std::cout << "At full implementation (rule 6)\n";
  Table totals({"", ">amount", ">target", ""}, "  ");
  totals.Row({"Catalogue described", Mio(t.catalogue_kr()), Mio(t.catalogue_target_kr()),
              Gap(t.catalogue_remaining_kr())});
  totals.Row({"Cross-cutting", Mio(t.cross_cutting_kr()), Percent(t.cross_cutting_target_bp()),
              absl::StrCat(Percent(t.cross_cutting_share_bp()), " of the catalogue",
                           t.cross_cutting_share_bp() >= t.cross_cutting_target_bp() ? ", met"
                                                                                     : ", short")});
  totals.Row({"Claimed by committees", Mio(t.claimed_kr())});
  totals.Row({"Pool", Mio(t.pool_kr())});
  totals.Row({"Selected by the council", Mio(t.selected_kr())});
  totals.Row({"Approved (råderum)", Mio(t.approved_kr()), Mio(t.raaderum_target_kr()),
              Gap(t.raaderum_remaining_kr())});
  // The readings' amendments make the adopted budget (docs/domain.md).
  totals.Row({"Råderum as adopted", Mio(t.adopted_raaderum_kr()), Mio(t.raaderum_target_kr()),
              Gap(t.adopted_raaderum_remaining_kr())});
  totals.Row({"Expansions as adopted", Mio(t.adopted_expansions_kr()), "",
              absl::StrCat(Mio(t.approved_expansions_kr()), " approved before the readings")});
  totals.Row({"Råderum left after expansions", Mio(t.raaderum_balance_kr())});
  totals.Print(std::cout);
}

void PrintCommittees(const v1::Totals& t) {
  Table committees({"committee", ">shortfall", ">claimed", ">remaining gap", ""}, "  ");
  for (const v1::CommitteeTotals& c : t.committees()) {
    committees.Row({c.display_name(), Mio(c.shortfall_kr()), Mio(c.claimed_kr()),
                    Mio(c.remaining_gap_kr()), c.remaining_gap_kr() > 0 ? "" : "covered"});
  }
  PrintSection(std::cout, "Committees: shortfall covered by claims (rules 2, 3)", committees);
}

// Rule 11: frames change only by corrections; rule 10: costed expansions
// against the frame ØK set for them. Frames are yearly: `year` is the one shown.
void PrintFrames(const v1::Totals& t, int year) {
  Table frames({"committee", ">original frame", ">corrections", ">resulting frame", ">exp. frame",
                ">costed exp.", ""},
               "  ");
  for (const v1::CommitteeTotals& c : t.committees()) {
    frames.Row({c.display_name(), Mio(c.original_frame_kr()), Mio(c.corrections_kr()),
                Mio(c.resulting_frame_kr()),
                c.expansion_frame_kr() == 0 ? "" : Mio(c.expansion_frame_kr()),
                Mio(c.costed_expansions_kr()), c.expansions_over_frame() ? "over the frame" : ""});
  }
  PrintSection(std::cout,
               absl::StrCat("Committees: frames ", year,
                            " after corrections (rule 11), expansions "
                            "at full implementation (rule 10)"),
               frames);
  if (!t.financing_corrections().empty()) {
    std::cout << "  Financing corrections (e, g) on the round, " << year << ": "
              << Mio(t.financing_corrections_kr()) << "\n";
  }
  if (t.expansion_cap_kr() > 0) {
    std::cout << "  ØK's cap on approved expansions: " << Mio(t.expansion_cap_kr())
              << (t.expansions_over_cap() ? ", exceeded" : "") << "\n";
  }
}

void PrintCentres(const v1::Totals& t) {
  Table centres({"centre", ">budget", ">own target", ">own proposals", ">remaining"}, "  ");
  for (const v1::CentreTotals& c : t.centres()) {
    centres.Row({c.display_name(), Mio(c.budget_kr()), Mio(c.own_target_kr()),
                 Mio(c.own_proposals_kr()), Gap(c.remaining_kr())});
  }
  PrintSection(std::cout, "Centres: own proposals against the own-centre target", centres);
}

// One row per measure, one column per year of the period and one for full
// implementation.
void PrintPerYear(const v1::RoundSummary& s) {
  std::vector<const v1::Totals*> columns;
  std::vector<std::string> headers = {""};
  for (const v1::Totals& t : s.by_year()) {
    columns.push_back(&t);
    headers.push_back(absl::StrCat(">", t.year()));
  }
  columns.push_back(&s.full_implementation());
  headers.push_back(">full impl.");
  Table table(headers, "  ");
  const std::pair<const char*, std::function<std::string(const v1::Totals&)>> measures[] = {
      {"Catalogue", [](const v1::Totals& t) { return Mio(t.catalogue_kr()); }},
      {"Cross-cutting", [](const v1::Totals& t) { return Mio(t.cross_cutting_kr()); }},
      {"Cross-cutting share",
       [](const v1::Totals& t) { return Percent(t.cross_cutting_share_bp()); }},
      {"Claimed", [](const v1::Totals& t) { return Mio(t.claimed_kr()); }},
      {"Pool", [](const v1::Totals& t) { return Mio(t.pool_kr()); }},
      {"Selected", [](const v1::Totals& t) { return Mio(t.selected_kr()); }},
      {"Approved (råderum)", [](const v1::Totals& t) { return Mio(t.approved_kr()); }},
      // Issue 20 §1; at full implementation: the period's one-off costs, net = recurring.
      {"Gross savings", [](const v1::Totals& t) { return Mio(t.economics().gross_savings_kr()); }},
      {"One-off operating costs",
       [](const v1::Totals& t) { return Mio(t.economics().one_off_operating_kr()); }},
      {"Capital costs (anlæg)",
       [](const v1::Totals& t) { return Mio(t.economics().capital_kr()); }},
      {"Net effect", [](const v1::Totals& t) { return Mio(t.economics().net_kr()); }},
      {"Råderum as adopted", [](const v1::Totals& t) { return Mio(t.adopted_raaderum_kr()); }},
      {"Expansions as adopted", [](const v1::Totals& t) { return Mio(t.adopted_expansions_kr()); }},
      {"Råderum left after expansions",
       [](const v1::Totals& t) { return Mio(t.raaderum_balance_kr()); }},
  };
  for (const auto& [label, value] : measures) {
    std::vector<std::string> row = {label};
    for (const v1::Totals* t : columns) row.push_back(value(*t));
    table.Row(row);
  }
  std::cout << "Per year of the period\n";
  table.Print(std::cout);
}

}  // namespace

void RenderSummary(const v1::RoundSummary& s) {
  std::cout << "Summary of " << s.round() << ", as of " << Instant(s.as_of()) << " (log position "
            << s.log_position() << ")\n"
            << s.proposal_count() << " proposals (" << s.withdrawn_count()
            << " withdrawn); pool formed: " << YesNo(s.pool_formed())
            << "; selection approved: " << YesNo(s.selection_approved()) << "\n\n";
  PrintTargets(s.full_implementation());
  std::cout << "\n";
  PrintCommittees(s.full_implementation());
  std::cout << "\n";
  PrintFrames(s.full_implementation(), s.by_year().empty() ? 0 : s.by_year(0).year());
  std::cout << "\n";
  PrintCentres(s.full_implementation());
  std::cout << "\n";
  PrintPerYear(s);
  std::cout << "\n";
  PrintSummaryEconomics(s);
}

}  // namespace budgetctl
