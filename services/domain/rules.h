#ifndef SERVICES_DOMAIN_RULES_H_
#define SERVICES_DOMAIN_RULES_H_

#include "absl/strings/string_view.h"

namespace budget {

// The eleven rules of the budget process (docs/sources.md "The rules") and
// the rules of the processes beside it (docs/domain.md). Refusals name them, in the message and as
// the PreconditionFailure violation type.
enum class Rule {
  kExclusiveUse = 1,
  kCommitteePreference = 2,
  kOwnAreaOnly = 3,
  kClaimsDeadline = 4,
  kCouncilSelectsFromPool = 5,
  kFullImplementation = 6,
  kHearBeforeDeciding = 7,
  kHmuTakesPart = 8,
  kThemeMeetings = 9,
  kExpansionsOnRequest = 10,
  kFramesHold = 11,
  kPoliticalProposalsDeadline = 12,
  // Issue 20 §2: hearings and claims take only ready or published proposals.
  kReadyBeforeHandling = 13,
  // The processes beside the round (seeds 000–003, docs/domain.md); numbered
  // apart so the round's rules can grow.
  kTrialCriteria = 21,
  kApplicationDeadline = 22,
  kExternalViaCoordinator = 23,
  kEvaluateBeforeOutcome = 24,
  kFewGoals = 31,
  kSignedByBoth = 32,
};

struct RuleInfo {
  int number;
  // Stable, for machines: "RULE_1_EXCLUSIVE_USE".
  absl::string_view code;
  // For people: "exclusive use".
  absl::string_view title;
};

RuleInfo Describe(Rule rule);

}  // namespace budget

#endif  // SERVICES_DOMAIN_RULES_H_
