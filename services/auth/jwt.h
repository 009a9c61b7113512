#ifndef SERVICES_AUTH_JWT_H_
#define SERVICES_AUTH_JWT_H_

// A JWT access token (RFC 7519, RFC 9068) in JWS compact form, checked the
// way an OAuth resource server must (RFC 8725, "JWT Best Current
// Practices"): the algorithm from an allow-list, never "none" and never an
// HMAC (budgetd holds only public keys, so an HS256 token "signed" with one
// of them is refused before any key is used), the key's type and curve
// matching the algorithm, the signature (cjose), then iss, aud, exp, nbf
// and iat against a clock with a small skew.
//
// Every refusal is UNAUTHENTICATED with a message that says what is wrong
// and never contains the token.
//
// Example:
//   absl::StatusOr<Jwt> jwt = Jwt::Parse(bearer);
//   if (!jwt.ok()) return jwt.status();
//   if (absl::Status s = jwt->CheckAlgorithm(policy); !s.ok()) return s;
//   const Jwk* key = keys.Find(jwt->kid());
//   absl::StatusOr<nlohmann::json> claims = jwt->VerifySignature(*key, policy);
//   if (!claims.ok()) return claims.status();
//   if (absl::Status s = Jwt::CheckClaims(*claims, policy, clock->Now()); !s.ok()) return s;

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"
#include "services/auth/jwks.h"

namespace budget::auth {

struct JwtPolicy {
  // The "iss" every token must carry, exactly.
  std::string issuer;
  // A value the token's "aud" (a string or an array) must contain.
  std::string audience;
  // The signature algorithms accepted (RS256, RS384, RS512, PS256, PS384,
  // PS512, ES256, ES384, ES512); see ParseAlgorithms.
  std::vector<std::string> algorithms = {"RS256", "ES256"};
  // How far the token's times may disagree with ours.
  absl::Duration clock_skew = absl::Seconds(60);
};

// Parses a comma-separated list of algorithm names. InvalidArgument naming
// the first one budgetd cannot verify with a public key (none, HS*, typos).
absl::StatusOr<std::vector<std::string>> ParseAlgorithms(absl::string_view list);

// The longest token accepted, in bytes (far above any provider's; a bound
// on the work a stranger can make us do).
inline constexpr size_t kMaxTokenBytes = 16 << 10;

// One token, parsed but not yet trusted. Not thread-safe; cheap to create
// per call.
class Jwt {
 public:
  // True when `token` has the shape of a JWS compact serialization (three
  // dot-separated parts), the only shape a token-file token never has.
  static bool LooksLikeJwt(absl::string_view token);

  // Splits the token and reads its protected header. UNAUTHENTICATED when
  // it is too long, not three base64url parts, or the header is not JSON
  // with a string "alg".
  static absl::StatusOr<Jwt> Parse(absl::string_view token);

  const std::string& alg() const { return alg_; }
  // Empty when the header names no key.
  const std::string& kid() const { return kid_; }

  // OK when the header's algorithm is one `policy` accepts.
  absl::Status CheckAlgorithm(const JwtPolicy& policy) const;

  // Checks the algorithm (as CheckAlgorithm), that `key` can make that
  // signature (type, curve, its own "alg"), and the signature. Returns the
  // claims, signed but not yet checked: then CheckClaims.
  absl::StatusOr<nlohmann::json> VerifySignature(const Jwk& key, const JwtPolicy& policy) const;

  // Checks the claims of a verified token: iss, aud and exp required, nbf
  // and iat when present, each time with `policy.clock_skew`.
  static absl::Status CheckClaims(const nlohmann::json& claims, const JwtPolicy& policy,
                                  absl::Time now);

 private:
  Jwt() = default;
  absl::Status CheckKey(const Jwk& key) const;

  std::string token_;
  std::string alg_;
  std::string kid_;
  size_t signature_bytes_ = 0;
};

}  // namespace budget::auth

#endif  // SERVICES_AUTH_JWT_H_
