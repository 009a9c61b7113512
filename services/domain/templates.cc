#include "services/domain/templates.h"

#include <initializer_list>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"

namespace budget {
namespace {

constexpr int64_t kMio = 1'000'000;

v1::RoundSettings Settings(int64_t claim_margin_kr, v1::SelectionHearing selection_hearing,
                           std::initializer_list<const char*> demography_areas) {
  v1::RoundSettings s;
  s.set_claim_margin_kr(claim_margin_kr);
  s.set_selection_hearing(selection_hearing);
  for (const char* area : demography_areas) s.add_demography_areas(area);
  return s;
}

// 004 §2 b: "Der reguleres på Handicap/Psykiatri, Ældre, Børn og Unge,
// Dagpasning og Undervisning." No other seed names the areas; Slagelse's
// template keeps 004's list as the usual Danish practice.
constexpr std::initializer_list<const char*> kDemographyAreas = {
    "Handicap/Psykiatri", "Ældre", "Børn og Unge", "Dagpasning", "Undervisning"};

TemplateTarget Within(const char* id, const char* title, int goal, const char* key_figure,
                      std::optional<int64_t> minimum, std::optional<int64_t> maximum,
                      int64_t margin, int first_year, int last_year) {
  return {id,      title,   goal,   key_figure, v1::TARGET_WITHIN_BOUNDS,
          minimum, maximum, margin, first_year, last_year};
}

TemplateTarget Trend(const char* id, const char* title, int goal, const char* key_figure,
                     v1::TargetDirection direction, int first_year, int last_year) {
  return {id,           title,        goal, key_figure, direction,
          std::nullopt, std::nullopt, 0,    first_year, last_year};
}

const std::vector<RoundTemplateSpec>& Templates() {
  static const auto* const templates = new std::vector<RoundTemplateSpec>{
      {v1::ROUND_TEMPLATE_STRATEGY_2024,
       "Næstved Kommune, budget strategy 2024 (seed 004: \"Grov tidsplan\" and \"Budgetseminar, "
       "1. og 2. behandling\"); month-only dates on the 1st, meetings mid-month, \"April\" "
       "deadlines at the end of April; Danish local time",
       2024,
       {
           {v1::MILESTONE_STRATEGY_DECIDED, -2, 8, 1},
           {v1::MILESTONE_WORK_STARTED, -2, 9, 1},
           {v1::MILESTONE_CROSS_CUTTING_DISCUSSION, -2, 11, 1},
           {v1::MILESTONE_THEME_MEETING_NOVEMBER, -2, 11, 15, true},
           {v1::MILESTONE_THEME_MEETING_FEBRUARY, -1, 2, 15, true},
           {v1::MILESTONE_EXPANSION_PROCESS_DECIDED, -1, 3, 1},
           {v1::MILESTONE_CATALOGUE_DEADLINE, -1, 4, 1},
           {v1::MILESTONE_HMU_DIALOGUE_APRIL, -1, 4, 15, true},
           {v1::MILESTONE_CLAIMS_DEADLINE, -1, 5, 1},
           {v1::MILESTONE_PROPOSALS_PRESENTED, -1, 5, 8, true},
           {v1::MILESTONE_SELECTION_APPROVED, -1, 5, 31, true},
           {v1::MILESTONE_EXPANSION_DECISIONS_OPEN, -1, 6, 1},
           {v1::MILESTONE_LAW_PROGRAMME, -1, 8, 1},
           {v1::MILESTONE_FIRST_READING_FINANCE_COMMITTEE, -1, 8, 11, true},
           {v1::MILESTONE_FIRST_READING_COUNCIL, -1, 8, 19, true},
           {v1::MILESTONE_BUDGET_SEMINAR, -1, 8, 24, true},
           {v1::MILESTONE_EXPANSION_DECISIONS_CLOSE, -1, 9, 1},
           {v1::MILESTONE_SECOND_READING_FINANCE_COMMITTEE, -1, 10, 2, true},
           {v1::MILESTONE_SECOND_READING_COUNCIL, -1, 10, 10, true},
       },
       // 004: the claims cover the shortfall; the rest goes to the pool. The
       // committees hear in the spring ("Den traditionelle høringsproces ...
       // gennemføres uændret"); the council's selection is flagged, not blocked.
       Settings(0, v1::SELECTION_HEARING_FLAGGED, kDemographyAreas),
       {}},
      {v1::ROUND_TEMPLATE_SLAGELSE,
       "Slagelse Kommune (seeds 000 and 003): political budget proposals due early June "
       "(000 goal 12, \"primo juni\": before 8 June), the economic targets of 000 goals 8-11, "
       "rule 7 as 003 states it; the other dates are a usual Danish timetable (no seed states "
       "them), the budget adopted before 15 October; Danish local time",
       0,
       {
           {v1::MILESTONE_WORK_STARTED, -1, 1, 1},
           {v1::MILESTONE_EXPANSION_PROCESS_DECIDED, -1, 3, 1},
           {v1::MILESTONE_CATALOGUE_DEADLINE, -1, 4, 1},
           {v1::MILESTONE_HMU_DIALOGUE_APRIL, -1, 4, 15, true},
           {v1::MILESTONE_CLAIMS_DEADLINE, -1, 5, 1},
           {v1::MILESTONE_PROPOSALS_PRESENTED, -1, 5, 15, true},
           {v1::MILESTONE_POLITICAL_PROPOSALS_DEADLINE, -1, 6, 8},
           {v1::MILESTONE_EXPANSION_DECISIONS_OPEN, -1, 6, 8},
           {v1::MILESTONE_SELECTION_APPROVED, -1, 6, 20, true},
           {v1::MILESTONE_LAW_PROGRAMME, -1, 8, 1},
           {v1::MILESTONE_BUDGET_SEMINAR, -1, 8, 22, true},
           {v1::MILESTONE_EXPANSION_DECISIONS_CLOSE, -1, 9, 1},
           {v1::MILESTONE_FIRST_READING_FINANCE_COMMITTEE, -1, 9, 2, true},
           {v1::MILESTONE_FIRST_READING_COUNCIL, -1, 9, 12, true},
           {v1::MILESTONE_SECOND_READING_FINANCE_COMMITTEE, -1, 10, 1, true},
           {v1::MILESTONE_SECOND_READING_COUNCIL, -1, 10, 10, true},
       },
       // 003: "Den involverende part/arbejdsplads skal altid høres inden et
       // fagudvalg kan behandle en sag": always heard, the council's selection
       // included.
       Settings(0, v1::SELECTION_HEARING_REQUIRED, kDemographyAreas),
       // 000 goals 8-11: the måltal of the budget period 2023-26, then the
       // standing goals (goal 8's 200 mio. kr. is an average over a period,
       // not a yearly bound, so it has no row after 2026).
       {
           Within("anlaeg", "Anlæg minimum 100 mio. kr.", 8, "anlaeg-brutto", 100 * kMio,
                  std::nullopt, 5 * kMio, 2023, 2024),
           Within("anlaeg", "Anlæg minimum 125 mio. kr.", 8, "anlaeg-brutto", 125 * kMio,
                  std::nullopt, 5 * kMio, 2025, 2026),
           Trend("gaeld", "Den langfristede gæld bør have en faldende profil", 9,
                 "langfristet-gaeld", v1::TARGET_FALLING, 0, 0),
           Within("overskud", "Overskud på ordinær drift minimum 125 mio. kr.", 10,
                  "overskud-drift", 125 * kMio, std::nullopt, 10 * kMio, 2023, 2023),
           Within("overskud", "Overskud på ordinær drift minimum 175 mio. kr.", 10,
                  "overskud-drift", 175 * kMio, std::nullopt, 10 * kMio, 2024, 2024),
           Within("overskud", "Overskud på ordinær drift minimum 200 mio. kr.", 10,
                  "overskud-drift", 200 * kMio, std::nullopt, 10 * kMio, 2025, 2025),
           Within("overskud", "Overskud på ordinær drift minimum 225 mio. kr.", 10,
                  "overskud-drift", 225 * kMio, std::nullopt, 10 * kMio, 2026, 2026),
           Within("overskud", "Overskud på ordinær drift 300-400 mio. kr. årligt", 10,
                  "overskud-drift", 300 * kMio, 400 * kMio, 10 * kMio, 2027, 0),
           Within("likviditet", "Likviditeten er positiv", 11, "likviditet", 1, std::nullopt, 0,
                  2023, 2023),
           Trend("likviditet", "Likviditeten er stigende", 11, "likviditet", v1::TARGET_RISING,
                 2024, 2026),
           Within("likviditet", "Likviditet 2.000-2.500 kr. pr. borger", 11, "likviditet", 2000,
                  2500, 100, 2027, 0),
       }},
  };
  return *templates;
}

bool Covers(const TemplateTarget& t, int year) {
  return (t.first_year == 0 || year >= t.first_year) && (t.last_year == 0 || year <= t.last_year);
}

v1::PolicyTarget ToPolicyTarget(const TemplateTarget& t, int year) {
  v1::PolicyTarget out;
  out.set_id(t.id);
  out.set_title(t.title);
  out.set_goal_number(t.goal_number);
  out.set_key_figure(t.key_figure);
  out.set_year(year);
  out.set_direction(t.direction);
  if (t.minimum.has_value()) {
    out.set_has_minimum(true);
    out.set_minimum(*t.minimum);
  }
  if (t.maximum.has_value()) {
    out.set_has_maximum(true);
    out.set_maximum(*t.maximum);
  }
  out.set_at_risk_margin(t.at_risk_margin);
  return out;
}

// The weekend rule: Saturday and Sunday become the Friday before.
absl::CivilDay WeekdayOnOrBefore(absl::CivilDay day) {
  switch (absl::GetWeekday(day)) {
    case absl::Weekday::saturday:
      return day - 1;
    case absl::Weekday::sunday:
      return day - 2;
    default:
      return day;
  }
}

}  // namespace

const RoundTemplateSpec* FindTemplate(v1::RoundTemplate id) {
  for (const RoundTemplateSpec& t : Templates()) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

absl::StatusOr<absl::TimeZone> LoadZone(const std::string& name) {
  absl::TimeZone zone;
  if (absl::LoadTimeZone(name, &zone)) return zone;
  return absl::InternalError(
      absl::StrCat("the time zone ", name,
                   " is not installed (Debian: apt-get install tzdata); template milestones are "
                   "planned in Danish local time and are not guessed in UTC"));
}

absl::StatusOr<absl::TimeZone> DanishTimeZone() {
  static const auto* const zone = new absl::StatusOr<absl::TimeZone>(LoadZone("Europe/Copenhagen"));
  return *zone;
}

absl::StatusOr<std::vector<std::pair<v1::MilestoneKind, absl::Time>>> TemplatePlan(
    v1::RoundTemplate id, int budget_year) {
  std::vector<std::pair<v1::MilestoneKind, absl::Time>> plan;
  const RoundTemplateSpec* t = FindTemplate(id);
  if (t == nullptr) return plan;
  absl::StatusOr<absl::TimeZone> zone = DanishTimeZone();
  if (!zone.ok()) return zone.status();
  for (const TemplateMilestone& m : t->milestones) {
    absl::CivilDay day(budget_year + m.year_offset, m.month, m.day);
    if (m.meeting && budget_year != t->seed_year) day = WeekdayOnOrBefore(day);
    plan.emplace_back(m.kind, absl::FromCivil(day, *zone));
  }
  return plan;
}

v1::RoundSettings TemplateSettings(v1::RoundTemplate id, int budget_year) {
  const RoundTemplateSpec* t = FindTemplate(id);
  if (t == nullptr) return v1::RoundSettings();
  v1::RoundSettings out = t->settings;
  for (int year = budget_year; year < budget_year + 4; ++year) {
    for (const TemplateTarget& target : t->economic_targets) {
      if (Covers(target, year)) *out.add_economic_targets() = ToPolicyTarget(target, year);
    }
  }
  return out;
}

}  // namespace budget
