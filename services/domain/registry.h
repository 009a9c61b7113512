#ifndef SERVICES_DOMAIN_REGISTRY_H_
#define SERVICES_DOMAIN_REGISTRY_H_

// The command and event registry: the one place that says, for each case of
// internal::Command's `kind` oneof, how it is validated, how it is decided
// and which events it may emit, and for each case of v1::Event's `payload`
// oneof, how it is applied. Decide (validation included) and Apply
// dispatch through these tables; there are no per-command switches.
//
// A command registers in its area's file (decide_round.cc, ...), beside its
// validator and decider:
//
//   Handle<&C::create_round, ValidateCreateRound, CreateRound>(
//       C::kCreateRound, {E::kRoundCreated, E::kMilestoneSet}),
//
// An event registers in apply.cc beside its applier:
//
//   Applier<&E::round_created, ApplyRoundCreated>(E::kRoundCreated),
//
// VerifyRegistry() checks the tables against the descriptors (every oneof
// case registered exactly once, every emitted event applied); the server
// refuses to start and registry_test fails when it does not hold.

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "budget/internal/commands.pb.h"
#include "budget/v1/events.pb.h"
#include "services/domain/decide.h"
#include "services/domain/errors.h"
#include "services/domain/state.h"

namespace budget {

struct CommandHandler {
  internal::Command::KindCase kind;
  // The request message the case holds, checked against the descriptor.
  const google::protobuf::Descriptor* request;
  // Adds every bad field of the request to `errors`. Pure.
  void (*validate)(const internal::Command& command, FieldErrors* errors);
  // REQUIRES: `validate` found nothing.
  absl::StatusOr<Decision> (*decide)(const State& state, const internal::Command& command,
                                     const Context& ctx);
  // Every event case `decide` may put in a decision; the deciders' tests
  // check each decision against it.
  std::vector<v1::Event::PayloadCase> emits;
};

struct EventHandler {
  v1::Event::PayloadCase payload;
  const google::protobuf::Descriptor* message;
  // Changes the projection; total (see apply.h).
  void (*apply)(State& state, const v1::Event& event, const EventMeta& meta);
  // The same change, moving the payload's large parts into the state (the
  // event is left unspecified); null where `apply` copies nothing large.
  void (*take)(State& state, v1::Event& event, const EventMeta& meta) = nullptr;
};

// Binds a typed validator and decider to the command case `kind`; `get` is
// the case's accessor (e.g. &internal::Command::create_round).
template <auto get, auto validate, auto decide>
CommandHandler Handle(internal::Command::KindCase kind, std::vector<v1::Event::PayloadCase> emits) {
  using Request = std::decay_t<decltype((std::declval<internal::Command>().*get)())>;
  return CommandHandler{kind, Request::descriptor(),
                        [](const internal::Command& c, FieldErrors* e) { validate((c.*get)(), e); },
                        [](const State& s, const internal::Command& c, const Context& ctx) {
                          return decide(s, (c.*get)(), ctx);
                        },
                        std::move(emits)};
}

// Binds a typed applier to the event case `payload`.
template <auto get, auto apply>
EventHandler Applier(v1::Event::PayloadCase payload) {
  using Payload = std::decay_t<decltype((std::declval<v1::Event>().*get)())>;
  return EventHandler{
      payload, Payload::descriptor(),
      [](State& s, const v1::Event& e, const EventMeta& meta) { apply(s, (e.*get)(), meta); }};
}

// An Applier with a `take` too; `mutable_get` is the payload's mutable
// accessor (e.g. &v1::Event::mutable_proposal_submitted).
template <auto get, auto apply, auto mutable_get, auto take>
EventHandler TakingApplier(v1::Event::PayloadCase payload) {
  EventHandler h = Applier<get, apply>(payload);
  h.take = [](State& s, v1::Event& e, const EventMeta& meta) {
    take(s, *(e.*mutable_get)(), meta);
  };
  return h;
}

// The handler of `kind`; null for KIND_NOT_SET (and, were the registry
// incomplete, for an unregistered case: VerifyRegistry rules that out).
const CommandHandler* FindCommand(internal::Command::KindCase kind);

// The handler of `payload`; null for PAYLOAD_NOT_SET (an event of a newer
// writer) and, with an incomplete registry, for an unregistered case.
const EventHandler* FindEvent(v1::Event::PayloadCase payload);

// OK when every case of Command.kind and Event.payload is registered exactly
// once with the right message type, and every event a command may emit has
// an applier; otherwise INTERNAL naming each fault.
absl::Status VerifyRegistry();

// Event cases the passing of time emits without a command (DueEvents).
std::vector<v1::Event::PayloadCase> TimeDrivenEvents();

// The tables, one per area (each in its decide_*.cc, appliers in apply.cc).
std::vector<CommandHandler> RoundCommands();
std::vector<CommandHandler> ProposalCommands();
std::vector<CommandHandler> AllocationCommands();
std::vector<CommandHandler> HearingCommands();
std::vector<CommandHandler> AdoptionCommands();
std::vector<CommandHandler> ShortfallCommands();
// The catalogue's lifecycle and suggestions (decide_lifecycle.cc).
std::vector<CommandHandler> LifecycleCommands();
// EraseSubject (decide_erasure.cc); its event's applier is in apply.cc.
std::vector<CommandHandler> ErasureCommands();
std::vector<EventHandler> EventAppliers();
// The processes beside the rounds: commands in decide_trial.cc,
// decide_agreement.cc and decide_policy.cc, appliers in apply_trial.cc,
// apply_agreement.cc and apply_policy.cc.
std::vector<CommandHandler> TrialCommands();
std::vector<EventHandler> TrialAppliers();
std::vector<CommandHandler> AgreementCommands();
std::vector<EventHandler> AgreementAppliers();
std::vector<CommandHandler> PolicyCommands();
std::vector<EventHandler> PolicyAppliers();

}  // namespace budget

#endif  // SERVICES_DOMAIN_REGISTRY_H_
