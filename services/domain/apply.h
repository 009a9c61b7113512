#ifndef SERVICES_DOMAIN_APPLY_H_
#define SERVICES_DOMAIN_APPLY_H_

// apply: the only code that changes the projection. Total and deterministic:
// the same events in the same order give the same state, live or replayed.
// It never validates (the decision was made when the event was recorded); an
// event whose subject is missing (a corrupt or foreign log) changes nothing.

#include "absl/strings/string_view.h"
#include "budget/v1/events.pb.h"
#include "services/domain/state.h"

namespace budget {

void Apply(State& state, const v1::Event& event, const EventMeta& meta);

// Apply, for a caller done with `event`: its large parts (a submitted or
// amended proposal's content) are moved into the state, not copied, and `event` is
// left with its stream and type but otherwise unspecified. Replay and the
// checkpointer's replica use it.
void Take(State& state, v1::Event& event, const EventMeta& meta);

// The stream an event belongs to: its proposal's name for proposal events,
// its round's name otherwise.
std::string StreamOf(const v1::Event& event);

// The payload's full message name, e.g. "budget.v1.ProposalSubmitted": the
// envelope's type.
const std::string& TypeOf(const v1::Event& event);

// The id ("P-0017") of the one proposal `event` changes, for the events that
// change no other proposal (submitted, amended, claimed, released,
// withdrawn: their round's other parts they may change); empty for every
// other event. A checkpoint writes again only the pages of proposals these
// name (snapshots.h CheckpointChanges), so an applier that starts changing
// another proposal must leave this list.
absl::string_view OnlyProposalChangedBy(const v1::Event& event);

}  // namespace budget

#endif  // SERVICES_DOMAIN_APPLY_H_
