#include "services/domain/rules.h"

namespace budget {

RuleInfo Describe(Rule rule) {
  switch (rule) {
    case Rule::kExclusiveUse:
      return {1, "RULE_1_EXCLUSIVE_USE", "exclusive use"};
    case Rule::kCommitteePreference:
      return {2, "RULE_2_COMMITTEE_PREFERENCE", "committee preference"};
    case Rule::kOwnAreaOnly:
      return {3, "RULE_3_OWN_AREA_ONLY", "own area only"};
    case Rule::kClaimsDeadline:
      return {4, "RULE_4_CLAIMS_DEADLINE", "claims deadline"};
    case Rule::kCouncilSelectsFromPool:
      return {5, "RULE_5_COUNCIL_SELECTS_FROM_POOL", "council selects from the pool"};
    case Rule::kFullImplementation:
      return {6, "RULE_6_FULL_IMPLEMENTATION", "totals are at full implementation"};
    case Rule::kHearBeforeDeciding:
      return {7, "RULE_7_HEAR_BEFORE_DECIDING", "hear before deciding"};
    case Rule::kHmuTakesPart:
      return {8, "RULE_8_HMU_TAKES_PART", "HMU takes part"};
    case Rule::kThemeMeetings:
      return {9, "RULE_9_THEME_MEETINGS", "theme meetings"};
    case Rule::kExpansionsOnRequest:
      return {10, "RULE_10_EXPANSIONS_ON_REQUEST", "expansions are costed only on request"};
    case Rule::kFramesHold:
      return {11, "RULE_11_FRAMES_HOLD", "frames hold"};
    case Rule::kPoliticalProposalsDeadline:
      return {12, "RULE_12_POLITICAL_PROPOSALS_DEADLINE", "political proposals deadline"};
    case Rule::kReadyBeforeHandling:
      return {13, "RULE_13_READY_BEFORE_HANDLING", "handled once ready"};
    case Rule::kTrialCriteria:
      return {21, "RULE_21_TRIAL_CRITERIA", "trials within set criteria"};
    case Rule::kApplicationDeadline:
      return {22, "RULE_22_APPLICATION_DEADLINE", "application deadlines"};
    case Rule::kExternalViaCoordinator:
      return {23, "RULE_23_EXTERNAL_VIA_COORDINATOR",
              "citizens and businesses propose through a coordinator"};
    case Rule::kEvaluateBeforeOutcome:
      return {24, "RULE_24_EVALUATE_BEFORE_OUTCOME", "evaluate, then scale or discard"};
    case Rule::kFewGoals:
      return {31, "RULE_31_FEW_GOALS", "a few goals"};
    case Rule::kSignedByBoth:
      return {32, "RULE_32_SIGNED_BY_BOTH", "signed by both"};
  }
  return {0, "RULE_UNKNOWN", "unknown rule"};
}

}  // namespace budget
