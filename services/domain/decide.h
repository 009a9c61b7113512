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

struct Decision {
  // In the order they must be applied; may be empty.
  std::vector<v1::Event> events;
  // The resource the answer shows: a round or proposal name.
  std::string subject;
};

// Validates the command's shape, then decides it against `state`.
// Errors as documented in round_service.proto.
absl::StatusOr<Decision> Decide(const State& state, const internal::Command& command,
                                const Context& ctx);

// Events that the passing of time alone has made due in `round` as of `now`:
// the pool, once the claims close. Empty when nothing is due.
std::vector<v1::Event> DueEvents(const RoundState& round, absl::Time now);

// The round a command concerns ("rounds/2024"), for DueEvents; empty for
// CreateRound or a malformed name.
std::string RoundOfCommand(const internal::Command& command);

// Per-area deciders, dispatched by Decide. REQUIRES: the command validated.
absl::StatusOr<Decision> DecideRound(const State& s, const internal::Command& c,
                                     const Context& ctx);
absl::StatusOr<Decision> DecideProposal(const State& s, const internal::Command& c,
                                        const Context& ctx);
absl::StatusOr<Decision> DecideAllocation(const State& s, const internal::Command& c,
                                          const Context& ctx);
absl::StatusOr<Decision> DecideHearing(const State& s, const internal::Command& c,
                                       const Context& ctx);
absl::StatusOr<Decision> DecideAdoption(const State& s, const internal::Command& c,
                                        const Context& ctx);

}  // namespace budget

#endif  // SERVICES_DOMAIN_DECIDE_H_
