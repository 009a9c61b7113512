#ifndef SERVICES_AUDIT_EXPORT_H_
#define SERVICES_AUDIT_EXPORT_H_

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "budget/v1/audit_service.pb.h"
#include "budget/v1/events.pb.h"
#include "eventstore/event_store.h"
#include "services/core/personal_data.h"
#include "services/domain/state.h"

namespace budget {

// Receives the export piece by piece (about 64 KiB each, whole lines);
// returns false to stop (the client went away).
using ExportSink = absl::FunctionRef<bool(absl::string_view chunk)>;

// Streams the catalogue (from `round`, the round as it stands; may be null
// for a LOG export), the decisions (from the log) or the log itself, as CSV
// (with a header row) or JSON lines (the proto JSON mapping). Personal
// fields as `view` shows them (a LOG export's payload bytes keep them
// sealed, as hashed). InvalidArgument for a missing kind, format or round.
absl::Status Export(const eventstore::EventStore& store, const RoundState* round,
                    const v1::ExportRequest& request, ExportSink sink,
                    const PersonalView& view = {});

// The decision an event records, if it records one (one row per proposal for
// the pool and the selection's approval).
std::vector<v1::DecisionRecord> DecisionsIn(const eventstore::EnvelopeView& envelope,
                                            const v1::Event& event);

}  // namespace budget

#endif  // SERVICES_AUDIT_EXPORT_H_
