#ifndef SERVICES_AUDIT_STRUCT_MAPPING_H_
#define SERVICES_AUDIT_STRUCT_MAPPING_H_

#include "google/protobuf/message.h"
#include "google/protobuf/struct.pb.h"

namespace budget {

// The proto JSON mapping of `message` (proto field names) as a
// google.protobuf.Struct, built field by field: the Struct that printing
// the message as JSON and parsing that text into a Struct gives, without the
// text. That round trip was two thirds of budgetd's CPU while it fed its log
// to a subscriber (docs/performance.md, "A log feed without JSON text").
//
// False, with `out` unspecified, for what it does not map: float and double
// fields (JSON prints them shortest, which a double does not reproduce),
// well-known types other than Timestamp, and timestamps outside the years
// 1..9999 (which JSON cannot print). The caller then takes the round trip.
//
// Thread safety: a pure function.
bool ToStruct(const google::protobuf::Message& message, google::protobuf::Struct* out);

}  // namespace budget

#endif  // SERVICES_AUDIT_STRUCT_MAPPING_H_
