#ifndef SERVICES_DOMAIN_DECIDE_H_
#define SERVICES_DOMAIN_DECIDE_H_

// decide: the read-only state and a command in, the events it causes or a
// refusal out. Pure: no clock, no I/O; the same inputs give the same answer.
//
// Example:
//   Context ctx{clock->Now(), &principal};
//   absl::StatusOr<Decision> d = Decide(state, command, ctx);
//   if (!d.ok()) return d.status();          // nothing happened
//   for (const v1::Event& e : d->events) Apply(state, e, meta);

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "budget/internal/commands.pb.h"
#include "budget/v1/events.pb.h"
#include "services/domain/state.h"

namespace budget {

// What a command was about: the resource the reply shows (CommandResponse's
// field of the same kind), so the reply needs no guessing.
struct Subject {
  enum Kind {
    kRound,
    kProposal,
    kHearing,
    kQuestion,
    kMeeting,
    kExpansion,
    kCorrection,
    kSuggestion,
    // The processes beside the rounds (processes.h).
    kTrialProgramme,
    kTrial,
    kAgreement,
    kDialogueMeeting,
    kCommitteeCase,
    kPolicy,
    // No resource: the reply carries only the log position (EraseSubject).
    kNone,
  };
  Kind kind = kRound;
  // Its full name, e.g. "rounds/2024/proposals/P-0001".
  std::string name;
};

struct Decision {
  // In the order they must be applied; may be empty.
  std::vector<v1::Event> events;
  Subject subject;
};

// The command that records a meeting or decision marks its milestone:
// appends `kind`'s MilestoneReached to `d` unless `round` has it reached.
void MarkReached(const v1::Round& round, v1::MilestoneKind kind, Decision* d);

// Validates the command's shape, then decides it against `state`, through
// the command's handler in the registry (registry.h). Errors as documented in
// the services' .proto files.
absl::StatusOr<Decision> Decide(const State& state, const internal::Command& command,
                                const Context& ctx);

// Events that the passing of time alone has made due in `round` as of `now`:
// the pool, once the claims close. Empty when nothing is due.
std::vector<v1::Event> DueEvents(const RoundState& round, absl::Time now);

// The round a command concerns ("rounds/2024"), for DueEvents; empty for
// CreateRound or a malformed name.
std::string RoundOfCommand(const internal::Command& command);

}  // namespace budget

#endif  // SERVICES_DOMAIN_DECIDE_H_
