#ifndef BASE_SHA256_H_
#define BASE_SHA256_H_

#include <array>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace base {

using Hash = std::array<uint8_t, 32>;

// SHA-256 of `data` (OpenSSL). Thread-safe.
Hash Sha256(absl::string_view data);

// HMAC-SHA-256 of `data` under `key` (OpenSSL). Thread-safe.
Hash HmacSha256(absl::string_view key, absl::string_view data);

// Lower-case hex, 64 characters.
std::string HashToHex(const Hash& hash);

// The inverse of HashToHex; false when `hex` is not 64 hex digits.
bool HashFromHex(absl::string_view hex, Hash* out);

inline absl::string_view AsBytes(const Hash& h) {
  return absl::string_view(reinterpret_cast<const char*>(h.data()), h.size());
}

}  // namespace base

#endif  // BASE_SHA256_H_
