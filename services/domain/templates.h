#ifndef SERVICES_DOMAIN_TEMPLATES_H_
#define SERVICES_DOMAIN_TEMPLATES_H_

// Round templates as data (docs/domain.md "Templates"): each municipality's
// process is one entry of the table in templates.cc — its milestones (dates
// relative to the budget year, in Danish local time), its default settings
// and its economic targets — not code. The gates (timeline.cc) are the same
// for every template: they open and close at milestone kinds, so a template
// places them by planning those milestones.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "budget/v1/round.pb.h"

namespace budget {

// A milestone of a template: day `day` of `month` in budget year +
// `year_offset` (004's round for 2024 starts in August 2022: offset -2),
// at 00:00 in Europe/Copenhagen.
struct TemplateMilestone {
  v1::MilestoneKind kind;
  int year_offset;
  int month;
  int day;
  // A meeting rather than a deadline or the start of a phase: outside the
  // template's seed year, a meeting that would fall on a Saturday or Sunday
  // is planned on the Friday before.
  bool meeting = false;
};

// An economic target of a template (Slagelse 000): for each year of a
// round's period within first_year..last_year (0: unbounded), a
// v1::PolicyTarget with these fields.
struct TemplateTarget {
  const char* id;
  const char* title;
  int goal_number;
  const char* key_figure;
  v1::TargetDirection direction;
  std::optional<int64_t> minimum;
  std::optional<int64_t> maximum;
  int64_t at_risk_margin;
  int first_year;
  int last_year;
};

struct RoundTemplateSpec {
  v1::RoundTemplate id;
  // Where the dates and choices come from, for people.
  const char* source;
  // The budget year whose dates the seed states: that year keeps every date
  // as written (004's 1st reading in Byrådet on Saturday 19 August 2023
  // included). 0: the seed states no days, every year gets the weekend rule.
  int seed_year;
  std::vector<TemplateMilestone> milestones;
  // The defaults CreateRound records when the request sets none; the
  // economic targets are added per year of the round's period.
  v1::RoundSettings settings;
  std::vector<TemplateTarget> economic_targets;
};

// The template's entry; nullptr for ROUND_TEMPLATE_NONE and unknown values.
const RoundTemplateSpec* FindTemplate(v1::RoundTemplate id);

// The time zone template dates are planned in: Europe/Copenhagen, loaded
// once from the system's zoneinfo (Debian: the tzdata package). Without it,
// Internal naming the zone and the package — never silently UTC.
// Thread-safe.
absl::StatusOr<absl::TimeZone> DanishTimeZone();
// `name` loaded from zoneinfo, or Internal naming it (DanishTimeZone's check).
absl::StatusOr<absl::TimeZone> LoadZone(const std::string& name);

// The template's milestones planned for a round whose budget year is
// `budget_year`, in the table's order: each at the start of its day in
// Danish local time, a meeting moved off a weekend outside the seed year.
// Empty without a template; Internal when the time zone is missing.
absl::StatusOr<std::vector<std::pair<v1::MilestoneKind, absl::Time>>> TemplatePlan(
    v1::RoundTemplate id, int budget_year);

// The template's default settings for a round whose budget year is
// `budget_year` (economic targets for the years of its period); the proto
// defaults without a template.
v1::RoundSettings TemplateSettings(v1::RoundTemplate id, int budget_year);

}  // namespace budget

#endif  // SERVICES_DOMAIN_TEMPLATES_H_
