#include "services/domain/decide.h"

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "services/domain/command_util.h"
#include "services/domain/errors.h"
#include "services/domain/lifecycle.h"
#include "services/domain/names.h"
#include "services/domain/registry.h"
#include "services/domain/time_util.h"
#include "services/domain/timeline.h"
#include "services/domain/validate.h"

namespace budget {

namespace {

// An adopted round is frozen: every change is refused, reads go on.
absl::Status RequireNotAdopted(const State& state, const internal::Command& command) {
  const std::string round = RoundOfCommand(command);
  auto it = state.rounds().find(std::string(LastSegment(round)));
  if (it == state.rounds().end() || !it->second.round().has_adoption()) return absl::OkStatus();
  return PreconditionFailed("ROUND_ADOPTED", round,
                            absl::StrCat("Expected an open round, but ", round, " was adopted on ",
                                         DateString(it->second.round().adoption().meeting_date()),
                                         " and is frozen; reads, history and audits keep working"));
}

}  // namespace

absl::StatusOr<Decision> Decide(const State& state, const internal::Command& command,
                                const Context& ctx) {
  const CommandHandler* handler = FindCommand(command.kind_case());
  if (handler == nullptr) {
    if (command.kind_case() == internal::Command::KIND_NOT_SET) {
      return InvalidField("kind", "no command given");
    }
    return absl::InternalError(
        absl::StrCat("command case ", command.kind_case(), " has no handler (see VerifyRegistry)"));
  }
  FieldErrors errors;
  CheckRequestId(&errors, RequestIdOf(command));
  handler->validate(command, &errors);
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(RequireNotAdopted(state, command));
  return handler->decide(state, command, ctx);
}

void MarkReached(const v1::Round& round, v1::MilestoneKind kind, Decision* d) {
  if (const v1::Milestone* m = FindMilestone(round, kind); m != nullptr && m->has_reached_at()) {
    return;
  }
  auto* reached = d->events.emplace_back().mutable_milestone_reached();
  reached->set_round(round.name());
  reached->set_kind(kind);
}

std::string RoundOfCommand(const internal::Command& command) {
  if (command.kind_case() == internal::Command::KIND_NOT_SET) return "";
  return RoundOfRequest(RequestOf(command));
}

namespace {

// Claims are over when the deadline passed or the coordinator closed them
// after work started, and no override holds them open.
std::optional<std::string> ClaimsClosedCause(const v1::Round& round, absl::Time now) {
  if (IsGateOpen(round, v1::GATE_CLAIMS, now)) return std::nullopt;
  if (auto at = MilestonePassedAt(round, v1::MILESTONE_CLAIMS_DEADLINE, now)) {
    return absl::StrCat("MILESTONE_CLAIMS_DEADLINE passed on ", TimeString(*at));
  }
  for (const auto& o : round.gate_overrides()) {
    if (o.gate() == v1::GATE_CLAIMS && o.mode() == v1::GATE_MODE_FORCED_CLOSED &&
        MilestonePassedAt(round, v1::MILESTONE_WORK_STARTED, now).has_value()) {
      return absl::StrCat("the claims phase was closed by ", o.by(), ": ", o.reason());
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<v1::Event::PayloadCase> TimeDrivenEvents() { return {v1::Event::kPoolFormed}; }

std::vector<v1::Event> DueEvents(const RoundState& round, absl::Time now) {
  std::vector<v1::Event> due;
  // An adopted round is frozen for the clock as for every command.
  if (round.round().has_pool() || round.round().has_adoption()) return due;
  std::optional<std::string> cause = ClaimsClosedCause(round.round(), now);
  if (!cause.has_value()) return due;
  auto* pool = due.emplace_back().mutable_pool_formed();
  pool->set_round(round.round().name());
  pool->set_cause(*cause);
  int64_t total = 0;
  // Proposal numbers are dense from 1, so this walks them in id order.
  for (int n = 1; n < round.next_proposal_number(); ++n) {
    auto it = round.proposals().find(ProposalId(n));
    if (it == round.proposals().end()) continue;
    const v1::Proposal& p = it->second;
    // A draft is not in the catalogue, so not in the pool (issue 20 §2).
    if (p.has_withdraw_time() || p.has_claim() || IsDraft(p)) continue;
    pool->add_proposals(p.name());
    total += p.content().full_implementation_kr();
  }
  pool->set_total_kr(total);
  return due;
}

}  // namespace budget
