// Rule 2's shortfall checks and the coordinator's revision of a shortfall.
#include "services/domain/shortfall.h"

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "services/domain/decide.h"
#include "services/domain/errors.h"
#include "services/domain/names.h"
#include "services/domain/registry.h"
#include "services/domain/time_util.h"
#include "services/domain/timeline.h"
#include "services/domain/validate.h"

namespace budget {

int64_t ClaimedKr(const RoundState& round, absl::string_view committee) {
  int64_t total = 0;
  for (const auto& [id, p] : round.proposals()) {
    if (p.has_withdraw_time() || !p.has_claim() || p.claim().committee() != committee) continue;
    total += AmountFor(p, 0);
  }
  return total;
}

absl::Status RequireShortfallToCover(const RoundState& round, const v1::Committee& committee,
                                     absl::string_view subject) {
  if (committee.shortfall_kr() <= 0) {
    return RuleViolation(
        Rule::kCommitteePreference, subject,
        absl::StrCat("Expected a committee with a budget shortfall to cover (004: only committees "
                     "with budget challenges handle the proposals), but ",
                     committee.name(), " has none"));
  }
  const int64_t claimed = ClaimedKr(round, committee.name());
  const int64_t margin = round.round().settings().claim_margin_kr();
  if (claimed < committee.shortfall_kr() + margin) return absl::OkStatus();
  return RuleViolation(
      Rule::kCommitteePreference, subject,
      absl::StrCat(
          "Expected ", committee.name(), "'s shortfall to be uncovered, but its claims (", claimed,
          " kr.) already cover its shortfall (", committee.shortfall_kr(), " kr.)",
          margin > 0 ? absl::StrCat(" plus the round's claim margin (", margin, " kr.)") : "",
          "; what is left goes to the council's pool"));
}

namespace {

absl::StatusOr<Decision> ReviseShortfall(const State& s, const v1::ReviseShortfallRequest& r,
                                         const Context& ctx) {
  ASSIGN_OR_RETURN(const RoundState* round,
                   RequireRound(s, RoundName(RoundIdOf(r.committee())), "committee"));
  const v1::Round& rd = round->round();
  const v1::Committee* committee = FindCommittee(rd, r.committee());
  if (committee == nullptr) {
    return NotFound("committee", absl::StrCat(r.committee(), " (in ", rd.name(), ")"));
  }
  // The shortfall decides what the committee may claim; once the claims are
  // closed it is history, shown against the claims in the summary.
  std::optional<absl::Time> deadline =
      MilestonePassedAt(rd, v1::MILESTONE_CLAIMS_DEADLINE, ctx.now);
  if (deadline.has_value() || rd.has_pool()) {
    return RuleViolation(
        Rule::kClaimsDeadline, r.committee(),
        absl::StrCat(
            "Expected the shortfall to be revised before the claims deadline, but ",
            deadline.has_value()
                ? absl::StrCat("MILESTONE_CLAIMS_DEADLINE passed on ", TimeString(*deadline))
                : std::string("the claims are closed and the pool is formed")));
  }
  Decision d;
  d.subject = {Subject::kRound, rd.name()};
  auto* e = d.events.emplace_back().mutable_shortfall_revised();
  e->set_round(rd.name());
  e->set_committee(r.committee());
  e->set_shortfall_kr(r.shortfall_kr());
  e->set_previous_kr(committee->shortfall_kr());
  e->set_reason(r.reason());
  return d;
}

void ValidateReviseShortfall(const v1::ReviseShortfallRequest& r, FieldErrors* e) {
  CheckChild(e, "committee", r.committee(), kCommittees);
  CheckAmount(e, "shortfall_kr", r.shortfall_kr());
  CheckText(e, "reason", r.reason(), 1, kMaxReasonChars);
}

}  // namespace

std::vector<CommandHandler> ShortfallCommands() {
  using C = internal::Command;
  using E = v1::Event;
  return {
      Handle<&C::revise_shortfall, ValidateReviseShortfall, ReviseShortfall>(
          C::kReviseShortfall, {E::kShortfallRevised}),
  };
}

}  // namespace budget
