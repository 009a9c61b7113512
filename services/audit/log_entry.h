#ifndef SERVICES_AUDIT_LOG_ENTRY_H_
#define SERVICES_AUDIT_LOG_ENTRY_H_

#include "absl/status/statusor.h"
#include "budget/v1/audit_service.pb.h"
#include "budget/v1/events.pb.h"
#include "eventstore/envelope.h"
#include "services/core/personal_data.h"

namespace budget {

// A stored event as auditors see it: envelope fields, the payload as
// structured data (the proto JSON mapping), the hashes in hex, and the
// payload bytes that reproduce the hash. Personal fields in the structured
// payload are as `view` shows them (the text, "[slettet]" or "[skjult]");
// the payload bytes keep them sealed, as hashed.
// DataLoss when the payload cannot be parsed.
//
// With PayloadForm::kBytesUnlessPersonal the structured payload is left out
// of events whose type cannot hold a personal field: their payload bytes say
// all it would. Such an event is not parsed, so its payload's DataLoss is
// the reader's to find (SubscribeRequest.payload_bytes_suffice).
enum class PayloadForm { kStructured, kBytesUnlessPersonal };
absl::StatusOr<v1::LogEntry> ToLogEntry(const eventstore::EnvelopeView& envelope,
                                        const PersonalView& view = {},
                                        PayloadForm form = PayloadForm::kStructured);

// The event's payload in the proto JSON mapping (proto field names), keys in
// the payload message's field order; "{}" for an event without one. The same
// bytes for the same event, always: a google.protobuf.Struct would print its
// keys in a random order, and an export's SHA-256 could not be reproduced.
absl::StatusOr<std::string> PayloadJson(const eventstore::EnvelopeView& envelope,
                                        const PersonalView& view = {});

// ToLogEntry's answer as one JSON object with reproducible bytes: the envelope
// fields in field order, then "payload" as PayloadJson prints it.
absl::StatusOr<std::string> LogEntryJson(const eventstore::EnvelopeView& envelope,
                                         const PersonalView& view = {});

// The envelope a LogEntry describes (for verifying an export offline). The
// hash is the entry's; SealEnvelope recomputes it for comparison.
// InvalidArgument when a hash is not 64 hex digits.
absl::StatusOr<eventstore::Envelope> ToEnvelope(const v1::LogEntry& entry);

// The payload message inside an event (the set case of its oneof), or null.
const google::protobuf::Message* PayloadOf(const v1::Event& event);

// True when any string field anywhere in `message` equals `name`.
bool Mentions(const google::protobuf::Message& message, absl::string_view name);

}  // namespace budget

#endif  // SERVICES_AUDIT_LOG_ENTRY_H_
