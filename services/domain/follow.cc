#include "services/domain/follow.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/domain/hearings.h"
#include "services/domain/names.h"

namespace budget {
namespace {

bool FollowsProposal(const v1::Principal& who, const v1::Proposal& p) {
  if (p.submitted_by() == who.name()) return true;
  if (HasRole(who, v1::ROLE_COMMITTEE) && p.has_claim() &&
      LastSegment(p.claim().committee()) == who.committee()) {
    return true;
  }
  return (HasRole(who, v1::ROLE_COUNCIL) || HasRole(who, v1::ROLE_FINANCE_COMMITTEE)) &&
         p.in_pool();
}

bool FollowsHearing(const v1::Principal& who, const v1::Hearing& h) {
  return std::any_of(h.bodies().begin(), h.bodies().end(),
                     [&](const v1::HearingBody& b) { return IsBody(who, b.name()); });
}

}  // namespace

bool ReadsFullLog(const v1::Principal& who) {
  return HasRole(who, v1::ROLE_AUDITOR) || HasRole(who, v1::ROLE_COORDINATOR) ||
         HasRole(who, v1::ROLE_ADMINISTRATOR);
}

absl::StatusOr<FeedScope> DecideFeedScope(const v1::Principal& who, const v1::SubscribeRequest& r) {
  if (!r.round().empty()) {
    absl::StatusOr<std::string> id = ParseRoundName(r.round(), "round");
    if (!id.ok()) return id.status();
  }
  FeedScope scope{ReadsFullLog(who), who, r.round()};
  switch (r.scope()) {
    case v1::SUBSCRIBE_SCOPE_UNSPECIFIED:
      break;
    case v1::SUBSCRIBE_SCOPE_FULL_LOG:
      if (!scope.full_log) {
        return absl::PermissionDeniedError(absl::StrCat(
            who.name(),
            " may not read the full log: it is for auditors, the coordinator and "
            "administrators (ask for SUBSCRIBE_SCOPE_FOLLOWED to follow what concerns you)"));
      }
      break;
    case v1::SUBSCRIBE_SCOPE_FOLLOWED:
      break;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("scope: unknown SubscribeScope value ", static_cast<int>(r.scope())));
  }
  return scope;
}

bool Shows(const FeedScope& scope, const State& s, absl::string_view stream) {
  if (!scope.round.empty() && !InRound(stream, scope.round)) return false;
  if (scope.full_log) return true;
  const absl::string_view round_id = RoundIdOf(stream);
  auto round = s.rounds().find(std::string(round_id));
  if (round_id.empty() || round == s.rounds().end()) return false;
  if (stream == RoundName(round_id)) {
    return HasRole(scope.who, v1::ROLE_COUNCIL) || HasRole(scope.who, v1::ROLE_FINANCE_COMMITTEE);
  }
  if (ParseChildName(stream, kProposals, "").ok()) {
    auto p = round->second.proposals().find(std::string(LastSegment(stream)));
    return p != round->second.proposals().end() && FollowsProposal(scope.who, p->second);
  }
  if (ParseChildName(stream, kHearings, "").ok()) {
    auto h = round->second.hearings().find(std::string(LastSegment(stream)));
    return h != round->second.hearings().end() && FollowsHearing(scope.who, h->second);
  }
  return false;
}

}  // namespace budget
