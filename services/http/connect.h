#ifndef SERVICES_HTTP_CONNECT_H_
#define SERVICES_HTTP_CONNECT_H_

// The Connect protocol's wire pieces (connectrpc.com/docs/protocol), free of
// any HTTP server: codes and their HTTP statuses, the error JSON, enveloped
// messages, the timeout header, and the two codecs (proto JSON and binary)
// over any message the generated descriptor pool knows.
//
//   grpc::Status s = ...;
//   res.status = HttpStatus(s.error_code());
//   res.set_content(ErrorJson(s), kJsonContentType);

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/support/status.h"

namespace budget::http {

// The Content-Type of JSON answers (unary and errors). The charset
// parameter, which Connect clients accept, keeps cpp-httplib from
// compressing the answer: with brotli it knows only its slowest quality
// (seconds for a page of 500 proposals), and 0.11 has no switch to turn
// compression off or down; it compresses only an exact "application/json".
inline constexpr char kJsonContentType[] = "application/json; charset=utf-8";

// The Connect name of a code: "invalid_argument", "failed_precondition", ...
absl::string_view CodeName(grpc::StatusCode code);

// The HTTP status the Connect protocol maps `code` to (200 for OK).
int HttpStatus(grpc::StatusCode code);

// The Connect error object for a failed `status`:
//   {"code": "failed_precondition", "message": "...",
//    "details": [{"type": "google.rpc.PreconditionFailure",
//                 "value": "<base64, unpadded>", "debug": {...}}]}
// The details are the google.rpc.Status in status.error_details() (what gRPC
// callers get in grpc-status-details-bin); "debug" is the detail as proto
// JSON, present when its type is linked into this binary.
std::string ErrorJson(const grpc::Status& status);

// The end-of-stream message that closes a streaming response: {} after
// success, {"error": <ErrorJson>} after a failure.
std::string EndStreamJson(const grpc::Status& status);

// Envelope flags (one byte before the 4-byte big-endian length).
inline constexpr uint8_t kFlagCompressed = 0x01;
inline constexpr uint8_t kFlagEndStream = 0x02;

// `payload` with its 5-byte envelope prefix.
std::string Envelope(uint8_t flags, absl::string_view payload);

// The payload of a request body that must be exactly one uncompressed
// envelope. InvalidArgument when it is shorter than its prefix says (a
// truncated body), longer (a second message where one is allowed), or marked
// compressed (no compression is negotiated).
absl::StatusOr<std::string> SingleEnvelope(absl::string_view body);

// Connect-Timeout-Ms: a positive integer of at most 10 digits.
// InvalidArgument otherwise.
absl::StatusOr<absl::Duration> ParseTimeout(absl::string_view header);

// How a message is written on the wire.
enum class Codec { kJson, kProto };

// The codec of a Content-Type (for unary calls "application/json" or
// "application/proto", for streams "application/connect+json" or
// "application/connect+proto", either with parameters such as charset).
// NotFound for any other type.
absl::StatusOr<Codec> CodecOf(absl::string_view content_type, bool streaming);

// `body`, written in `codec`, as a message of type `type` in binary.
// InvalidArgument naming the problem for malformed input or, in JSON, an
// unknown field.
absl::StatusOr<std::string> ToBinary(const google::protobuf::Descriptor* type, Codec codec,
                                     absl::string_view body);

// `binary`, a message of type `type`, written in `codec` (JSON: the proto
// JSON mapping with lowerCamelCase names). Internal if it does not parse.
absl::StatusOr<std::string> FromBinary(const google::protobuf::Descriptor* type, Codec codec,
                                       absl::string_view binary);

}  // namespace budget::http

#endif  // SERVICES_HTTP_CONNECT_H_
