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

std::string Id(const std::string& name) { return std::string(budget::LastSegment(name)); }

}  // namespace

void RenderExpansion(const v1::Expansion& x) {
  Table about({});
  about.Row({"Expansion", x.name()})
      .Row({"Title", x.title()})
      .Row({"Committee", Id(x.committee())})
      .Row({"Status", EnumLabel(x.status())})
      .Row({"Requested", absl::StrCat(Instant(x.request_time()), " by ", x.requested_by())});
  if (x.has_cost_time()) {
    about.Row({"Costed", absl::StrCat(Instant(x.cost_time()), " by ", x.costed_by())})
        .Row({"Full implementation", Kroner(x.full_implementation_kr())});
  }
  if (x.has_decision_time()) {
    about.Row({"Decided", absl::StrCat(Instant(x.decision_time()), ": ", x.decision_reason())});
  }
  about.Print(std::cout);
  if (!x.description().empty()) std::cout << "\nDescription\n" << x.description() << "\n";
  Table costs({">year", ">cost"}, "  ");
  for (const v1::YearAmount& c : x.costs())
    costs.Row({absl::StrCat(c.year()), Kroner(c.amount_kr())});
  std::cout << "\n";
  PrintSection(std::cout, "Cost per year", costs);
  if (!x.assumptions().empty()) std::cout << "\nAssumptions\n" << x.assumptions() << "\n";
}

void RenderExpansions(const v1::ListExpansionsResponse& response) {
  Table table({"expansion", "title", "committee", "status", ">full impl.", "requested by"});
  int64_t costed = 0;
  for (const v1::Expansion& x : response.expansions()) {
    table.Row({x.name(), OneLine(x.title(), 40), Id(x.committee()), EnumLabel(x.status()),
               x.has_cost_time() ? Kroner(x.full_implementation_kr()) : "", x.requested_by()});
    if (x.status() != v1::EXPANSION_REJECTED) costed += x.full_implementation_kr();
  }
  PrintSection(std::cout, "Expansions", table);
  std::cout << response.expansions_size()
            << " expansions; costed and not rejected, at full implementation: " << Kroner(costed)
            << "\n";
}

}  // namespace budgetctl
