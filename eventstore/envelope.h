#ifndef EVENTSTORE_ENVELOPE_H_
#define EVENTSTORE_ENVELOPE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "base/sha256.h"

namespace eventstore {

// One recorded event as it is stored: its place in the log, its stream, what
// happened (type + opaque payload), when and by whom, and the hash chain link.
//
// Canonical encoding, format 1 (all integers big-endian):
//   u8 format | prev_hash[32] | u64 position | u64 version | i64 recorded_at
//   (microseconds since the Unix epoch, UTC) | stream | type | actor |
//   request_id | payload (each a u32 length + bytes) | hash[32]
// where hash = SHA-256 of every byte before it. Because the previous hash is
// inside the hashed bytes, changing, removing, reordering or inserting any
// event breaks every later link.
template <typename Str>
struct BasicEnvelope {
  uint64_t position = 0;
  Str stream;
  uint64_t version = 0;
  Str type;
  absl::Time recorded_at;
  Str actor;
  Str request_id;
  Str payload;
  base::Hash prev_hash{};
  base::Hash hash{};
};

using Envelope = BasicEnvelope<std::string>;
// Points into the bytes it was decoded from; valid while they are.
using EnvelopeView = BasicEnvelope<absl::string_view>;

inline constexpr uint8_t kEnvelopeFormat = 1;

// Encodes everything but `hash`, computes the hash over those bytes, stores it
// in `e->hash` and returns the full encoding.
std::string SealEnvelope(EnvelopeView* e);

// Decodes without verifying the hash (VerifyEnvelopeHash does that).
// DataLoss when the bytes are not a well-formed envelope.
absl::StatusOr<EnvelopeView> DecodeEnvelope(absl::string_view bytes);

// True when the stored hash equals the SHA-256 of the bytes before it.
bool VerifyEnvelopeHash(absl::string_view bytes);

Envelope ToOwned(const EnvelopeView& v);
EnvelopeView ToView(const Envelope& e);

}  // namespace eventstore

#endif  // EVENTSTORE_ENVELOPE_H_
