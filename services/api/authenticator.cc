#include "services/api/authenticator.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace budget {
namespace {

absl::Status Unauthenticated(absl::string_view why) {
  return absl::UnauthenticatedError(
      absl::StrCat(why, "; send \"authorization: Bearer <token>\" (budgetctl admin token create)"));
}

}  // namespace

absl::string_view MetadataValue(const grpc::ServerContextBase& ctx, absl::string_view key) {
  const auto& md = ctx.client_metadata();
  auto it = md.find(grpc::string_ref(key.data(), key.size()));
  if (it == md.end()) return "";
  return absl::string_view(it->second.data(), it->second.size());
}

absl::StatusOr<absl::string_view> BearerToken(const grpc::ServerContextBase& ctx) {
  absl::string_view token = MetadataValue(ctx, "authorization");
  if (token.empty()) return Unauthenticated("no credentials");
  if (!absl::ConsumePrefix(&token, "Bearer ") || token.empty()) {
    return Unauthenticated("the authorization header is not \"Bearer <token>\"");
  }
  return token;
}

absl::StatusOr<v1::Principal> TokenAuthenticator::Authenticate(
    const grpc::ServerContextBase& ctx) const {
  absl::StatusOr<absl::string_view> token = BearerToken(ctx);
  if (!token.ok()) return token.status();
  return Find(*token);
}

absl::StatusOr<v1::Principal> TokenAuthenticator::Find(absl::string_view token) const {
  const base::Hash presented = base::Sha256(token);
  base::ReaderMutexLock lock(&mu_);
  auto it = entries_.find(presented);
  if (it == entries_.end()) return Unauthenticated("unknown token");
  if (it->second.revoked) return Unauthenticated("the token was revoked");
  return it->second.principal;
}

void TokenAuthenticator::Replace(std::vector<TokenEntry> entries) {
  absl::flat_hash_map<base::Hash, TokenEntry> by_hash;
  by_hash.reserve(entries.size());
  for (TokenEntry& e : entries) by_hash.insert_or_assign(e.token_hash, std::move(e));
  base::MutexLock lock(&mu_);
  entries_ = std::move(by_hash);
}

size_t TokenAuthenticator::size() const {
  base::ReaderMutexLock lock(&mu_);
  return entries_.size();
}

absl::StatusOr<v1::Principal> DevAuthenticator::Authenticate(
    const grpc::ServerContextBase& ctx) const {
  v1::Principal p;
  absl::string_view name = MetadataValue(ctx, "x-budget-principal");
  p.set_name(name.empty() ? "users/dev" : std::string(name));
  absl::string_view roles = MetadataValue(ctx, "x-budget-roles");
  if (roles.empty()) {
    for (v1::Role r : NamedRoles()) p.add_roles(r);
  } else {
    for (absl::string_view role : absl::StrSplit(roles, ',')) {
      v1::Role r;
      if (!ParseRole(role, &r)) {
        return absl::UnauthenticatedError(
            absl::StrCat("x-budget-roles: unknown role \"", role, "\""));
      }
      p.add_roles(r);
    }
  }
  p.set_committee(std::string(MetadataValue(ctx, "x-budget-committee")));
  p.set_body(std::string(MetadataValue(ctx, "x-budget-body")));
  return p;
}

}  // namespace budget
