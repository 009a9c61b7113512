// Arbitrary bytes as a stored event envelope: decoding never crashes, and
// whatever decodes re-encodes to the same bytes when its hash holds.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "eventstore/envelope.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view bytes(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<eventstore::EnvelopeView> e = eventstore::DecodeEnvelope(bytes);
  if (!e.ok()) return 0;
  eventstore::EnvelopeView copy = *e;
  const std::string again = eventstore::SealEnvelope(&copy);
  if (eventstore::VerifyEnvelopeHash(bytes) && again != std::string(bytes)) std::abort();
  return 0;
}
