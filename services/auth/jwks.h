#ifndef SERVICES_AUTH_JWKS_H_
#define SERVICES_AUTH_JWKS_H_

// A JSON Web Key Set (RFC 7517 §5): the public keys an identity provider
// signs its tokens with, as its jwks_uri or a --oidc_jwks_file holds them.
// Keys are imported with cjose (the OpenID Connect Apache module's JOSE
// library); nothing here does cryptography of its own.
//
// Example:
//   absl::StatusOr<std::shared_ptr<const KeySet>> keys = KeySet::Parse(json);
//   if (!keys.ok()) return keys.status();
//   const Jwk* key = (*keys)->Find("2024-rsa");

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

typedef struct _cjose_jwk_int cjose_jwk_t;

namespace budget::auth {

// One verification key. Only public RSA and EC keys are kept: a symmetric
// ("oct") key can never verify a token here, so it is not even held.
struct Jwk {
  std::string kid;  // may be empty
  std::string kty;  // "RSA" or "EC"
  std::string crv;  // "P-256", "P-384", "P-521" for EC; empty for RSA
  std::string alg;  // the key's own "alg" member, when it states one
  size_t bits = 0;  // RSA modulus size
  // Immutable once imported; verifying with it from many threads at once is
  // safe (cjose only reads it).
  std::shared_ptr<cjose_jwk_t> key;
};

// Immutable after Parse. Thread safety: every const method may be called
// concurrently.
class KeySet {
 public:
  // Parses {"keys": [...]}. Keys for encryption ("use": "enc"), symmetric
  // keys, unknown key types and RSA keys under 2048 bits are skipped (see
  // skipped()); a key that claims to be RSA or EC but does not import is an
  // error. InvalidArgument naming the key (its index and kid) on any error,
  // and when two usable keys share a kid.
  static absl::StatusOr<std::shared_ptr<const KeySet>> Parse(absl::string_view json);

  // The usable key named `kid`; null when there is none. An empty `kid`
  // finds the only usable key when there is exactly one.
  const Jwk* Find(absl::string_view kid) const;

  size_t size() const { return keys_.size(); }
  // The kids of the usable keys, for logs ("-" for a key without one).
  std::string Describe() const;
  // Why each skipped key was skipped ("key 2 (kid x): use is enc"), for logs.
  const std::vector<std::string>& skipped() const { return skipped_; }

 private:
  KeySet() = default;
  std::vector<Jwk> keys_;
  std::vector<std::string> skipped_;
};

}  // namespace budget::auth

#endif  // SERVICES_AUTH_JWKS_H_
