#ifndef BASE_AEAD_H_
#define BASE_AEAD_H_

// AES-256-GCM authenticated encryption (OpenSSL), for crypto-shredding:
// personal data is stored only sealed with its data subject's key, so
// destroying the key erases the data wherever the ciphertext lives.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace base {

inline constexpr size_t kAeadKeyBytes = 32;

// A fresh random 32-byte key.
std::string NewAeadKey();

// nonce[12] | ciphertext | tag[16], with a random nonce; `associated` is
// authenticated but not stored (e.g. the subject, so a ciphertext cannot be
// moved to another). InvalidArgument unless the key is 32 bytes.
absl::StatusOr<std::string> AeadSeal(absl::string_view key, absl::string_view plaintext,
                                     absl::string_view associated);

// The plaintext of AeadSeal's output. DataLoss when the key, the associated
// data or the bytes differ from those sealed.
absl::StatusOr<std::string> AeadOpen(absl::string_view key, absl::string_view sealed,
                                     absl::string_view associated);

}  // namespace base

#endif  // BASE_AEAD_H_
