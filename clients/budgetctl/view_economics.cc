// The economics of proposals (issue 20 §1) as budgetctl prints them: a
// proposal's amount lines, one-off costs, staff effects and attachments, and
// the summary's gross, one-off, capital, net and FTE figures. Sign
// convention: a saving (and a staff reduction) positive.
#include <iostream>

#include "absl/strings/str_cat.h"
#include "clients/budgetctl/enum_names.h"
#include "clients/budgetctl/format.h"
#include "clients/budgetctl/table.h"
#include "clients/budgetctl/views.h"
#include "services/domain/names.h"

namespace budgetctl {
namespace {

namespace v1 = budget::v1;

std::string TypeLabel(const v1::YearAmount& a) {
  return a.expenditure_type() == v1::EXPENDITURE_TYPE_UNSPECIFIED ? "service"
                                                                  : EnumLabel(a.expenditure_type());
}

std::string OperatingOrCapital(const v1::YearAmount& a) {
  return a.expenditure_type() == v1::EXPENDITURE_CAPITAL ? "capital (anlæg)" : "operating";
}

}  // namespace

void PrintProposalEconomics(const v1::ProposalContent& c) {
  Table effects({">year", ">effect", "type"}, "  ");
  for (const v1::YearAmount& e : c.effects())
    effects.Row({absl::StrCat(e.year()), Kroner(e.amount_kr()), TypeLabel(e)});
  std::cout << "\n";
  PrintSection(std::cout,
               c.price_level_year() == 0
                   ? std::string("Recurring effect per year (saving positive)")
                   : absl::StrCat("Recurring effect per year (saving positive, ",
                                  c.price_level_year(), " prices)"),
               effects);
  Table one_off({">year", ">cost", "kind", "type"}, "  ");
  for (const v1::YearAmount& e : c.one_off_costs())
    one_off.Row(
        {absl::StrCat(e.year()), Kroner(e.amount_kr()), OperatingOrCapital(e), TypeLabel(e)});
  PrintSection(std::cout, "One-off costs", one_off);
  Table staff({"workplace", "staff group", ">FTE reduction", "how"}, "  ");
  for (const v1::StaffEffect& s : c.staff_effects()) {
    staff.Row({std::string(budget::LastSegment(s.workplace())), s.staff_group(),
               Fte(s.fte_reduction_hundredths()), EnumLabel(s.mode())});
  }
  PrintSection(std::cout, "Staff effects", staff);
  Table attachments({"title", ">bytes", "sha-256", "uri"}, "  ");
  for (const v1::Attachment& a : c.attachments()) {
    attachments.Row({a.title(), absl::StrCat(a.size_bytes()), a.sha256().substr(0, 12), a.uri()});
  }
  PrintSection(std::cout, "Attachments", attachments);
}

void PrintSummaryEconomics(const v1::RoundSummary& s) {
  const v1::Totals& full = s.full_implementation();
  Table committees({"committee", ">gross", ">one-off", ">capital", ">net", ">FTE"}, "  ");
  auto row = [&](const std::string& label, const v1::Economics& e) {
    committees.Row({label, Mio(e.gross_savings_kr()), Mio(e.one_off_operating_kr()),
                    Mio(e.capital_kr()), Mio(e.net_kr()), Fte(e.fte_reduction_hundredths())});
  };
  for (const v1::CommitteeTotals& c : full.committees()) row(c.display_name(), c.economics());
  row("Cross-cutting proposals", full.cross_cutting_economics());
  row("All proposals", full.economics());
  PrintSection(std::cout,
               "Economics by committee at full implementation (FTE: staff effects at the "
               "committee's workplaces)",
               committees);
  Table staff(
      {"workplace", "committee", ">FTE reduction", ">attrition", ">dismissal", ">recruitment"},
      "  ");
  for (const v1::WorkplaceStaff& w : full.workplaces()) {
    staff.Row({w.display_name(), std::string(budget::LastSegment(w.committee())),
               Fte(w.fte_reduction_hundredths()), Fte(w.by_attrition_hundredths()),
               Fte(w.by_dismissal_hundredths()), Fte(w.recruitment_hundredths())});
  }
  PrintSection(std::cout, "Staff effects by workplace", staff);
}

}  // namespace budgetctl
