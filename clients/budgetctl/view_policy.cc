#include <iostream>

#include "absl/strings/str_cat.h"
#include "clients/budgetctl/enum_names.h"
#include "clients/budgetctl/format.h"
#include "clients/budgetctl/table.h"
#include "clients/budgetctl/views_process.h"

namespace budgetctl {

namespace v1 = budget::v1;

void RenderPolicy(const v1::EconomicPolicy& p) {
  std::cout << p.name() << ": " << p.title() << " (" << p.municipality() << ")\n\n";
  Table figures({"key figure", "title", "unit"}, "  ");
  for (const v1::KeyFigure& k : p.key_figures()) {
    figures.Row({k.id(), k.title(), EnumLabel(k.unit())});
  }
  PrintSection(std::cout, "Key figures", figures);
  Table targets({"target", ">goal", ">year", "key figure", "direction", ">minimum", ">maximum"},
                "  ");
  for (const v1::PolicyTarget& t : p.targets()) {
    targets.Row({t.id(), absl::StrCat(t.goal_number()), absl::StrCat(t.year()), t.key_figure(),
                 EnumLabel(t.direction()), t.has_minimum() ? absl::StrCat(t.minimum()) : "",
                 t.has_maximum() ? absl::StrCat(t.maximum()) : ""});
  }
  PrintSection(std::cout, "Targets", targets);
  Table values({"key figure", "period", "kind", ">value", "source", "by"}, "  ");
  for (const v1::KeyFigureValue& v : p.values()) {
    values.Row({v.key_figure(), v.period(), EnumLabel(v.kind()), absl::StrCat(v.value()),
                v.source(), v.recorded_by()});
  }
  PrintSection(std::cout, "Figures recorded", values);
}

void RenderPolicyStanding(const v1::PolicyStanding& s) {
  std::cout << s.policy() << ", " << s.year() << "\n";
  Table table({"target", ">goal", "status", ">value", "basis", "set by", "why"});
  for (const v1::TargetStanding& t : s.targets()) {
    table.Row({t.target().id(), absl::StrCat(t.target().goal_number()), EnumLabel(t.status()),
               absl::StrCat(t.value()), EnumLabel(t.basis()), t.set_by(), t.explanation()});
  }
  PrintSection(std::cout, "Targets", table);
  Table ceiling({">year", ">service savings", ">new initiatives", ">balance", "status"});
  for (const v1::ServiceBalance& b : s.service_ceiling()) {
    ceiling.Row({absl::StrCat(b.year()), Kroner(b.savings_kr()), Kroner(b.expansions_kr()),
                 Kroner(b.balance_kr()), EnumLabel(b.status())});
  }
  PrintSection(
      std::cout,
      "The service ceiling (goal 7): the round's service savings against its new initiatives",
      ceiling);
  Table links({"proposal", "key figure"}, "  ");
  for (const v1::PolicyLink& l : s.links()) links.Row({l.proposal(), l.key_figure()});
  PrintSection(std::cout, "Proposals meant to move a key figure", links);
}

}  // namespace budgetctl
