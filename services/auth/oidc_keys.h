#ifndef SERVICES_AUTH_OIDC_KEYS_H_
#define SERVICES_AUTH_OIDC_KEYS_H_

// The identity provider's signing keys, from a JWKS file (--oidc_jwks_file,
// re-read by ReloadFile on SIGHUP) and/or fetched through the issuer's
// discovery document (OpenID Connect Discovery 1.0 §4: its jwks_uri).
//
// The fetched set is cached for the max-age its answer gives (within
// [min_max_age, max_max_age]; default_max_age when it gives none) and
// fetched again when it has expired or when a token names a kid no set
// holds (the provider rotated its keys) — but never more often than once
// per min_refresh, however many strangers send made-up kids. A failed fetch
// keeps the keys already held and is logged; the provider being down does
// not stop tokens signed with keys we know.

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "base/clock.h"
#include "base/sync.h"
#include "services/auth/http_fetch.h"
#include "services/auth/jwks.h"

namespace budget::auth {

struct OidcKeysOptions {
  // The issuer URL; its discovery document is at
  // <issuer>/.well-known/openid-configuration and must name it exactly.
  std::string issuer;
  // A JWKS file to read keys from; empty: none.
  std::string jwks_file;
  // Fetch the keys through discovery. At least one of the two sources.
  bool discovery = true;
  FetchOptions fetch;
  absl::Duration min_refresh = absl::Seconds(30);
  absl::Duration default_max_age = absl::Hours(1);
  absl::Duration min_max_age = absl::Minutes(5);
  absl::Duration max_max_age = absl::Hours(24);
  // Not owned; must outlive the OidcKeys.
  base::Clock* clock = base::Clock::Real();
};

// Thread safety: every method may be called concurrently. A fetch runs
// under its own lock, without the lock lookups take.
class OidcKeys {
 public:
  // Checks the options (InvalidArgument naming the flag), reads the JWKS
  // file (its errors are returned) and tries one fetch (its failure is
  // only logged: the provider may come up after budgetd).
  static absl::StatusOr<std::unique_ptr<OidcKeys>> Create(const OidcKeysOptions& options);

  // The key `kid` names (an empty kid: the only key there is), refreshing
  // the fetched set first when it has expired or lacks `kid`, as the class
  // comment says. The key stays valid as long as the returned pointer.
  // UNAUTHENTICATED: no set holds the kid. UNAVAILABLE: no set holds it and
  // the provider's keys could not be fetched (the message says why).
  absl::StatusOr<std::shared_ptr<const Jwk>> Find(absl::string_view kid);

  // Re-reads the JWKS file; on error the keys already read stay. OK and a
  // no-op without a file.
  absl::Status ReloadFile();

 private:
  explicit OidcKeys(const OidcKeysOptions& options) : options_(options) {}
  // Fetches discovery and then the key set, unless a fetch started less
  // than min_refresh ago. Logs the outcome.
  void Refresh(absl::string_view why) ABSL_LOCKS_EXCLUDED(mu_, fetch_mu_);
  absl::StatusOr<Fetched> FetchKeySet() const;
  // The key in the file's set or else the fetched one; null when neither
  // holds it. `*stale`: the fetched set has expired.
  std::shared_ptr<const Jwk> Lookup(absl::string_view kid, bool* stale) const
      ABSL_LOCKS_EXCLUDED(mu_);

  const OidcKeysOptions options_;
  base::Mutex fetch_mu_ ABSL_ACQUIRED_BEFORE(mu_);
  mutable base::Mutex mu_;
  std::shared_ptr<const KeySet> file_keys_ ABSL_GUARDED_BY(mu_);
  std::shared_ptr<const KeySet> fetched_keys_ ABSL_GUARDED_BY(mu_);
  absl::Time fetched_expires_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  absl::Time last_attempt_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  absl::Status last_error_ ABSL_GUARDED_BY(mu_);
};

}  // namespace budget::auth

#endif  // SERVICES_AUTH_OIDC_KEYS_H_
