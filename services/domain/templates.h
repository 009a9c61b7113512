#ifndef SERVICES_DOMAIN_TEMPLATES_H_
#define SERVICES_DOMAIN_TEMPLATES_H_

// Round templates as data (docs/domain.md "Templates"): each municipality's
// process is one entry of the table in templates.cc — its milestones (dates
// relative to the budget year) and its default settings — not code. The gates
// (timeline.cc) are the same for every template: they open and close at
// milestone kinds, so a template places them by planning those milestones.

#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "budget/v1/round.pb.h"

namespace budget {

// A milestone of a template: day `day` of `month` in budget year +
// `year_offset` (004's round for 2024 starts in August 2022: offset -2),
// at 00:00 UTC.
struct TemplateMilestone {
  v1::MilestoneKind kind;
  int year_offset;
  int month;
  int day;
};

struct RoundTemplateSpec {
  v1::RoundTemplate id;
  // Where the dates and choices come from, for people.
  const char* source;
  std::vector<TemplateMilestone> milestones;
  // The defaults CreateRound records when the request sets none.
  v1::RoundSettings settings;
};

// The template's entry; nullptr for ROUND_TEMPLATE_NONE and unknown values.
const RoundTemplateSpec* FindTemplate(v1::RoundTemplate id);

// The template's milestones planned for a round whose budget year is
// `budget_year`, in the table's order; empty without a template.
std::vector<std::pair<v1::MilestoneKind, absl::Time>> TemplatePlan(v1::RoundTemplate id,
                                                                   int budget_year);

// The template's default settings; the proto defaults without a template.
v1::RoundSettings TemplateSettings(v1::RoundTemplate id);

}  // namespace budget

#endif  // SERVICES_DOMAIN_TEMPLATES_H_
