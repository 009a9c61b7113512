#ifndef SERVICES_CORE_REPLAY_H_
#define SERVICES_CORE_REPLAY_H_

#include <cstdint>

#include "absl/status/status.h"
#include "eventstore/envelope.h"
#include "eventstore/event_store.h"
#include "services/domain/state.h"

namespace budget {

// Applies the events at positions [from, to] of `store` to `*state`, with the
// same Apply the writer uses live. DataLoss when a payload cannot be parsed.
absl::Status ReplayInto(const eventstore::EventStore& store, uint64_t from_position,
                        uint64_t to_position, State* state);

// As ReplayInto, but applies only the events of `round` ("rounds/2024") and
// what is in it; the others are skipped without parsing their payloads.
absl::Status ReplayRoundInto(const eventstore::EventStore& store, absl::string_view round,
                             uint64_t from_position, uint64_t to_position, State* state);

// Applies one stored event. DataLoss when its payload cannot be parsed.
absl::Status ApplyEnvelope(const eventstore::EnvelopeView& envelope, State* state);

}  // namespace budget

#endif  // SERVICES_CORE_REPLAY_H_
