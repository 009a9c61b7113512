#ifndef SERVICES_API_AUTHENTICATOR_H_
#define SERVICES_API_AUTHENTICATOR_H_

// Who is calling. Every RPC passes through one Authenticator; every event's
// actor is the principal it returns, never a name the client supplied.

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "base/sync.h"
#include "budget/v1/common.pb.h"
#include "grpcpp/server_context.h"
#include "services/tokens/token_file.h"

namespace budget {

// Thread safety: Authenticate may be called concurrently.
class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // UNAUTHENTICATED when the call carries no valid credential;
  // PERMISSION_DENIED when a valid one grants no role (an OpenID Connect
  // token no mapping line matches); UNAVAILABLE when it cannot be checked
  // now (the identity provider's keys cannot be fetched).
  virtual absl::StatusOr<v1::Principal> Authenticate(const grpc::ServerContextBase& ctx) const = 0;
};

// The value of the call's metadata `key`; empty when absent. The view lives
// as long as the call.
absl::string_view MetadataValue(const grpc::ServerContextBase& ctx, absl::string_view key);

// The <token> of the call's "authorization: Bearer <token>". UNAUTHENTICATED
// when there is none or the header has another form.
absl::StatusOr<absl::string_view> BearerToken(const grpc::ServerContextBase& ctx);

// Bearer tokens ("authorization: Bearer <token>") checked against token
// hashes. Only hashes are ever held.
//
// A token is found by its SHA-256, as a key, so a call costs the same with
// ten tokens or ten thousand. Looking up by the digest tells a caller, by
// timing, nothing it could use: it cannot choose a digest, only a token.
class TokenAuthenticator final : public Authenticator {
 public:
  explicit TokenAuthenticator(std::vector<TokenEntry> entries) { Replace(std::move(entries)); }
  absl::StatusOr<v1::Principal> Authenticate(const grpc::ServerContextBase& ctx) const override;
  // Whom `token` stands for; UNAUTHENTICATED when it is unknown or revoked.
  absl::StatusOr<v1::Principal> Find(absl::string_view token) const;
  // Replaces the table (SIGHUP reload). The token file has each hash once
  // (ParseTokenFile); of two entries with one hash, the later counts.
  void Replace(std::vector<TokenEntry> entries);
  size_t size() const;

 private:
  mutable base::Mutex mu_;
  absl::flat_hash_map<base::Hash, TokenEntry> entries_ ABSL_GUARDED_BY(mu_);
};

// --insecure-dev: no credentials. The caller may name itself with metadata
// x-budget-principal, x-budget-roles (comma-separated), x-budget-committee and
// x-budget-body; by default it is "users/dev" with every role. Loopback only.
class DevAuthenticator final : public Authenticator {
 public:
  absl::StatusOr<v1::Principal> Authenticate(const grpc::ServerContextBase& ctx) const override;
};

}  // namespace budget

#endif  // SERVICES_API_AUTHENTICATOR_H_
