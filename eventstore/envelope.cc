#include "eventstore/envelope.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "eventstore/coding.h"

namespace eventstore {

std::string SealEnvelope(EnvelopeView* e) {
  std::string out;
  out.reserve(1 + 32 + 24 + 5 * 4 + e->stream.size() + e->type.size() + e->actor.size() +
              e->request_id.size() + e->payload.size() + 32);
  out.push_back(static_cast<char>(kEnvelopeFormat));
  out.append(reinterpret_cast<const char*>(e->prev_hash.data()), 32);
  PutFixed64BE(&out, e->position);
  PutFixed64BE(&out, e->version);
  PutFixed64BE(&out, static_cast<uint64_t>(absl::ToUnixMicros(e->recorded_at)));
  PutLengthPrefixed(&out, e->stream);
  PutLengthPrefixed(&out, e->type);
  PutLengthPrefixed(&out, e->actor);
  PutLengthPrefixed(&out, e->request_id);
  PutLengthPrefixed(&out, e->payload);
  e->hash = base::Sha256(out);
  out.append(reinterpret_cast<const char*>(e->hash.data()), 32);
  return out;
}

absl::StatusOr<EnvelopeView> DecodeEnvelope(absl::string_view bytes) {
  auto bad = [](absl::string_view what) {
    return absl::DataLossError(absl::StrCat("malformed event envelope: ", what));
  };
  absl::string_view in = bytes;
  if (in.empty() || static_cast<uint8_t>(in[0]) != kEnvelopeFormat) return bad("unknown format");
  in.remove_prefix(1);
  EnvelopeView e;
  if (in.size() < 32) return bad("truncated previous hash");
  std::copy_n(in.data(), 32, reinterpret_cast<char*>(e.prev_hash.data()));
  in.remove_prefix(32);
  uint64_t micros;
  if (!GetFixed64BE(&in, &e.position) || !GetFixed64BE(&in, &e.version) ||
      !GetFixed64BE(&in, &micros)) {
    return bad("truncated header");
  }
  e.recorded_at = absl::FromUnixMicros(static_cast<int64_t>(micros));
  if (!GetLengthPrefixed(&in, &e.stream) || !GetLengthPrefixed(&in, &e.type) ||
      !GetLengthPrefixed(&in, &e.actor) || !GetLengthPrefixed(&in, &e.request_id) ||
      !GetLengthPrefixed(&in, &e.payload)) {
    return bad("truncated field");
  }
  if (in.size() != 32) return bad("hash missing or trailing bytes");
  std::copy_n(in.data(), 32, reinterpret_cast<char*>(e.hash.data()));
  return e;
}

bool VerifyEnvelopeHash(absl::string_view bytes) {
  if (bytes.size() < 32) return false;
  base::Hash h = base::Sha256(bytes.substr(0, bytes.size() - 32));
  return std::equal(h.begin(), h.end(),
                    reinterpret_cast<const uint8_t*>(bytes.data() + bytes.size() - 32));
}

Envelope ToOwned(const EnvelopeView& v) {
  return Envelope{v.position,
                  std::string(v.stream),
                  v.version,
                  std::string(v.type),
                  v.recorded_at,
                  std::string(v.actor),
                  std::string(v.request_id),
                  std::string(v.payload),
                  v.prev_hash,
                  v.hash};
}

EnvelopeView ToView(const Envelope& e) {
  return EnvelopeView{e.position, e.stream,     e.version, e.type,      e.recorded_at,
                      e.actor,    e.request_id, e.payload, e.prev_hash, e.hash};
}

}  // namespace eventstore
