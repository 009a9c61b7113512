#ifndef BASE_ED25519_H_
#define BASE_ED25519_H_

// Ed25519 signatures (RFC 8032) through OpenSSL, with keys in the PEM files
// `openssl genpkey -algorithm ed25519` writes and `openssl pkey -pubout`
// derives, so operators can make, inspect and publish them with standard
// tools.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

struct evp_pkey_st;

namespace base {

// A private signing key. Copies share the key. Thread-safe.
class SigningKey {
 public:
  static absl::StatusOr<SigningKey> Generate();
  // Parses a PEM private key. InvalidArgument when it is not an Ed25519 key.
  static absl::StatusOr<SigningKey> FromPem(absl::string_view pem);
  // Reads the key at `path`. When no file is there, generates a key, writes
  // it there (mode 0600) and its public key to PublicKeyPath(path), and sets
  // *created. InvalidArgument when the file is unreadable or not a key.
  static absl::StatusOr<SigningKey> LoadOrCreate(const std::string& path, bool* created);

  // The 64-byte signature of `message`.
  std::string Sign(absl::string_view message) const;
  // The raw 32-byte public key.
  const std::string& public_key() const { return public_key_; }
  std::string PrivateKeyPem() const;
  std::string PublicKeyPem() const;

 private:
  explicit SigningKey(std::shared_ptr<evp_pkey_st> key);
  std::shared_ptr<evp_pkey_st> key_;
  std::string public_key_;
};

// Where LoadOrCreate writes the public key of the key at `path`.
std::string PublicKeyPath(absl::string_view private_key_path);

// The raw 32-byte key of a PEM public key (or of a private key's public
// half). InvalidArgument when it is not an Ed25519 key.
absl::StatusOr<std::string> PublicKeyFromPem(absl::string_view pem);

// A PEM public key for the raw 32-byte `public_key`.
std::string PublicKeyToPem(absl::string_view public_key);

// True when `signature` is `public_key`'s signature of `message`.
bool VerifySignature(absl::string_view public_key, absl::string_view message,
                     absl::string_view signature);

// Hex SHA-256 of the raw public key: a short name for a key in signed data.
std::string KeyId(absl::string_view public_key);

}  // namespace base

#endif  // BASE_ED25519_H_
