#ifndef SERVICES_AUTH_OIDC_AUTHENTICATOR_H_
#define SERVICES_AUTH_OIDC_AUTHENTICATOR_H_

// OpenID Connect single sign-on: a call's bearer token is a JWT access
// token from the municipality's identity provider (Entra ID, Keycloak,
// KOMBIT's context handler, ...). Its signature and claims are checked
// (jwt.h) with the provider's keys (oidc_keys.h), and its claims become the
// principal through the mapping file (claim_mapping.h).
//
// A refusal is logged as one line, event=token_refused, with the reason and
// the token's kid and algorithm, and once the signature holds, its subject;
// the token itself never appears in a log or an answer.
//
// Example (server.cc):
//   absl::StatusOr<std::unique_ptr<OidcAuthenticator>> oidc = OidcAuthenticator::Create(options);
//   ... (*oidc)->Reload() on SIGHUP

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "base/clock.h"
#include "base/sync.h"
#include "services/api/authenticator.h"
#include "services/auth/claim_mapping.h"
#include "services/auth/jwt.h"
#include "services/auth/oidc_keys.h"

namespace budget::auth {

struct OidcOptions {
  // policy.issuer is also keys.issuer.
  JwtPolicy policy;
  OidcKeysOptions keys;
  // The claim → principal and roles file (claim_mapping.h). Required.
  std::string mapping_file;
  // Tokens' times are checked against it. Not owned; must outlive the
  // authenticator.
  base::Clock* clock = base::Clock::Real();
};

// Thread safety: Authenticate, AuthenticateToken and Reload may be called
// concurrently.
class OidcAuthenticator final : public Authenticator {
 public:
  // InvalidArgument (naming the flag or file) for a configuration that
  // cannot work: no audience, a bad issuer URL, an unreadable or malformed
  // mapping or JWKS file. An unreachable provider is not an error (see
  // OidcKeys::Create).
  static absl::StatusOr<std::unique_ptr<OidcAuthenticator>> Create(const OidcOptions& options);

  // The call's bearer token, with the committee or body it acts for from
  // the metadata x-budget-committee / x-budget-body (claim_mapping.h).
  absl::StatusOr<v1::Principal> Authenticate(const grpc::ServerContextBase& ctx) const override;

  // The principal of `token`, as the header comment says. UNAUTHENTICATED
  // for a token that does not verify, PERMISSION_DENIED for one that maps to
  // no role, UNAVAILABLE when the provider's keys cannot be had.
  absl::StatusOr<v1::Principal> AuthenticateToken(absl::string_view token,
                                                  const ScopeChoice& choice) const;

  // Re-reads the mapping file and the JWKS file. On an error in either,
  // both keep what they had, and the error is returned.
  absl::Status Reload();

 private:
  OidcAuthenticator(const OidcOptions& options, std::unique_ptr<OidcKeys> keys,
                    std::shared_ptr<const ClaimMapping> mapping)
      : options_(options), keys_(std::move(keys)), mapping_(std::move(mapping)) {}
  absl::StatusOr<v1::Principal> Check(absl::string_view token, const ScopeChoice& choice,
                                      std::string* kid, std::string* alg,
                                      std::string* subject) const;

  const OidcOptions options_;
  const std::unique_ptr<OidcKeys> keys_;
  mutable base::Mutex mu_;
  std::shared_ptr<const ClaimMapping> mapping_ ABSL_GUARDED_BY(mu_);
};

// Routes each call by its bearer token's shape: a JWT to `jwts`, anything
// else (a token-file token) to `tokens`. Either may be null when that kind
// of credential is not configured; the refusal then says so. Neither is
// owned; both must outlive this.
class BearerAuthenticator final : public Authenticator {
 public:
  BearerAuthenticator(const Authenticator* tokens, const Authenticator* jwts)
      : tokens_(tokens), jwts_(jwts) {}
  absl::StatusOr<v1::Principal> Authenticate(const grpc::ServerContextBase& ctx) const override;

 private:
  const Authenticator* const tokens_;
  const Authenticator* const jwts_;
};

}  // namespace budget::auth

#endif  // SERVICES_AUTH_OIDC_AUTHENTICATOR_H_
