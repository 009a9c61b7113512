#include "services/domain/templates.h"

namespace budget {
namespace {

v1::RoundSettings Settings(int64_t claim_margin_kr) {
  v1::RoundSettings s;
  s.set_claim_margin_kr(claim_margin_kr);
  return s;
}

const std::vector<RoundTemplateSpec>& Templates() {
  static const auto* const templates = new std::vector<RoundTemplateSpec>{
      {v1::ROUND_TEMPLATE_STRATEGY_2024,
       "Næstved Kommune, budget strategy 2024 (seed 004: \"Grov tidsplan\" and \"Budgetseminar, "
       "1. og 2. behandling\"); month-only dates on the 1st, meetings mid-month, \"April\" "
       "deadlines at the end of April",
       {
           {v1::MILESTONE_STRATEGY_DECIDED, -2, 8, 1},
           {v1::MILESTONE_WORK_STARTED, -2, 9, 1},
           {v1::MILESTONE_CROSS_CUTTING_DISCUSSION, -2, 11, 1},
           {v1::MILESTONE_THEME_MEETING_NOVEMBER, -2, 11, 15},
           {v1::MILESTONE_THEME_MEETING_FEBRUARY, -1, 2, 15},
           {v1::MILESTONE_EXPANSION_PROCESS_DECIDED, -1, 3, 1},
           {v1::MILESTONE_CATALOGUE_DEADLINE, -1, 4, 1},
           {v1::MILESTONE_HMU_DIALOGUE_APRIL, -1, 4, 15},
           {v1::MILESTONE_CLAIMS_DEADLINE, -1, 5, 1},
           {v1::MILESTONE_PROPOSALS_PRESENTED, -1, 5, 8},
           {v1::MILESTONE_SELECTION_APPROVED, -1, 5, 31},
           {v1::MILESTONE_EXPANSION_DECISIONS_OPEN, -1, 6, 1},
           {v1::MILESTONE_FIRST_READING_FINANCE_COMMITTEE, -1, 8, 11},
           {v1::MILESTONE_FIRST_READING_COUNCIL, -1, 8, 19},
           {v1::MILESTONE_BUDGET_SEMINAR, -1, 8, 24},
           {v1::MILESTONE_EXPANSION_DECISIONS_CLOSE, -1, 9, 1},
           {v1::MILESTONE_SECOND_READING_FINANCE_COMMITTEE, -1, 10, 2},
           {v1::MILESTONE_SECOND_READING_COUNCIL, -1, 10, 10},
       },
       // 004: the claims cover the shortfall; the rest goes to the pool.
       Settings(0)},
  };
  return *templates;
}

}  // namespace

const RoundTemplateSpec* FindTemplate(v1::RoundTemplate id) {
  for (const RoundTemplateSpec& t : Templates()) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

std::vector<std::pair<v1::MilestoneKind, absl::Time>> TemplatePlan(v1::RoundTemplate id,
                                                                   int budget_year) {
  std::vector<std::pair<v1::MilestoneKind, absl::Time>> plan;
  const RoundTemplateSpec* t = FindTemplate(id);
  if (t == nullptr) return plan;
  for (const TemplateMilestone& m : t->milestones) {
    plan.emplace_back(m.kind,
                      absl::FromCivil(absl::CivilDay(budget_year + m.year_offset, m.month, m.day),
                                      absl::UTCTimeZone()));
  }
  return plan;
}

v1::RoundSettings TemplateSettings(v1::RoundTemplate id) {
  const RoundTemplateSpec* t = FindTemplate(id);
  return t == nullptr ? v1::RoundSettings() : t->settings;
}

}  // namespace budget
