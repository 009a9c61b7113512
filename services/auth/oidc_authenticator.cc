#include "services/auth/oidc_authenticator.h"

#include "absl/strings/str_cat.h"
#include "services/common/log.h"

namespace budget::auth {

absl::StatusOr<std::unique_ptr<OidcAuthenticator>> OidcAuthenticator::Create(
    const OidcOptions& options) {
  if (options.policy.audience.empty()) {
    return absl::InvalidArgumentError(
        "--oidc_issuer needs --oidc_audience: the \"aud\" budgetd's access tokens carry");
  }
  if (options.mapping_file.empty()) {
    return absl::InvalidArgumentError(
        "--oidc_issuer needs --oidc_mapping_file: which claims give which roles");
  }
  absl::StatusOr<ClaimMapping> mapping = ClaimMapping::Load(options.mapping_file);
  if (!mapping.ok()) return absl::InvalidArgumentError(mapping.status().message());
  OidcKeysOptions keys_options = options.keys;
  keys_options.issuer = options.policy.issuer;
  absl::StatusOr<std::unique_ptr<OidcKeys>> keys = OidcKeys::Create(keys_options);
  if (!keys.ok()) return keys.status();
  return std::unique_ptr<OidcAuthenticator>(new OidcAuthenticator(
      options, std::move(*keys), std::make_shared<const ClaimMapping>(std::move(*mapping))));
}

absl::StatusOr<v1::Principal> OidcAuthenticator::Authenticate(
    const grpc::ServerContextBase& ctx) const {
  absl::StatusOr<absl::string_view> token = BearerToken(ctx);
  if (!token.ok()) return token.status();
  ScopeChoice choice;
  choice.committee = std::string(MetadataValue(ctx, "x-budget-committee"));
  choice.body = std::string(MetadataValue(ctx, "x-budget-body"));
  return AuthenticateToken(*token, choice);
}

absl::StatusOr<v1::Principal> OidcAuthenticator::AuthenticateToken(
    absl::string_view token, const ScopeChoice& choice) const {
  std::string kid, alg, subject;
  absl::StatusOr<v1::Principal> who = Check(token, choice, &kid, &alg, &subject);
  if (!who.ok()) {
    log::Info("token_refused", {{"code", absl::StatusCodeToString(who.status().code())},
                                {"reason", std::string(who.status().message())},
                                {"alg", alg.empty() ? "-" : alg},
                                {"kid", kid.empty() ? "-" : kid},
                                {"sub", subject.empty() ? "-" : subject}});
  }
  return who;
}

absl::StatusOr<v1::Principal> OidcAuthenticator::Check(absl::string_view token,
                                                       const ScopeChoice& choice, std::string* kid,
                                                       std::string* alg,
                                                       std::string* subject) const {
  absl::StatusOr<Jwt> jwt = Jwt::Parse(token);
  if (!jwt.ok()) return jwt.status();
  // Logged only as far as they are short: the header is the sender's.
  *alg = jwt->alg().substr(0, 16);
  *kid = jwt->kid().substr(0, 64);
  // An unacceptable algorithm is refused before a key is looked up (and
  // before a made-up kid could make us fetch).
  if (absl::Status s = jwt->CheckAlgorithm(options_.policy); !s.ok()) return s;
  absl::StatusOr<std::shared_ptr<const Jwk>> key = keys_->Find(jwt->kid());
  if (!key.ok()) return key.status();
  absl::StatusOr<nlohmann::json> claims = jwt->VerifySignature(**key, options_.policy);
  if (!claims.ok()) return claims.status();
  // From here on the claims are the issuer's word: the subject may be logged.
  if (auto sub = claims->find("sub"); sub != claims->end() && sub->is_string()) {
    *subject = sub->get<std::string>().substr(0, 128);
  }
  if (absl::Status s = Jwt::CheckClaims(*claims, options_.policy, options_.clock->Now()); !s.ok()) {
    return s;
  }
  std::shared_ptr<const ClaimMapping> mapping;
  {
    base::ReaderMutexLock lock(&mu_);
    mapping = mapping_;
  }
  return mapping->Map(*claims, choice);
}

absl::Status OidcAuthenticator::Reload() {
  absl::StatusOr<ClaimMapping> mapping = ClaimMapping::Load(options_.mapping_file);
  if (!mapping.ok()) return mapping.status();
  if (absl::Status s = keys_->ReloadFile(); !s.ok()) return s;
  log::Info("oidc_mapping_reloaded",
            {{"file", options_.mapping_file}, {"lines", absl::StrCat(mapping->size())}});
  base::MutexLock lock(&mu_);
  mapping_ = std::make_shared<const ClaimMapping>(std::move(*mapping));
  return absl::OkStatus();
}

absl::StatusOr<v1::Principal> BearerAuthenticator::Authenticate(
    const grpc::ServerContextBase& ctx) const {
  absl::StatusOr<absl::string_view> token = BearerToken(ctx);
  if (!token.ok()) return token.status();
  if (Jwt::LooksLikeJwt(*token) && jwts_ != nullptr) return jwts_->Authenticate(ctx);
  if (tokens_ != nullptr) return tokens_->Authenticate(ctx);
  return absl::UnauthenticatedError(
      "the bearer token is refused: budgetd takes OpenID Connect access tokens (JWTs) only, and "
      "this is not one (there is no --token_file)");
}

}  // namespace budget::auth
