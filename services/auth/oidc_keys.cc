#include "services/auth/oidc_keys.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "base/file.h"
#include "nlohmann/json.hpp"
#include "services/common/log.h"

namespace budget::auth {
namespace {

std::string DiscoveryUrl(absl::string_view issuer) {
  // OpenID Connect Discovery §4: the issuer without a trailing slash, then
  // the well-known path.
  return absl::StrCat(absl::StripSuffix(issuer, "/"), "/.well-known/openid-configuration");
}

std::shared_ptr<const Jwk> FindIn(const std::shared_ptr<const KeySet>& set, absl::string_view kid) {
  if (set == nullptr) return nullptr;
  const Jwk* key = set->Find(kid);
  // Shares ownership with the set, so a refresh never frees a key in use.
  return key == nullptr ? nullptr : std::shared_ptr<const Jwk>(set, key);
}

absl::StatusOr<std::shared_ptr<const KeySet>> ReadKeyFile(const std::string& path) {
  absl::StatusOr<std::string> text = base::ReadFile(path, "JWKS file");
  if (!text.ok()) return text.status();
  absl::StatusOr<std::shared_ptr<const KeySet>> keys = KeySet::Parse(*text);
  if (!keys.ok())
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", keys.status().message()));
  for (const std::string& why : (*keys)->skipped()) {
    log::Warning("oidc_key_skipped", {{"source", path}, {"why", why}});
  }
  return keys;
}

}  // namespace

absl::StatusOr<std::unique_ptr<OidcKeys>> OidcKeys::Create(const OidcKeysOptions& options) {
  if (absl::Status s = CheckProviderUrl(options.issuer, "--oidc_issuer"); !s.ok()) return s;
  if (options.jwks_file.empty() && !options.discovery) {
    return absl::InvalidArgumentError(
        "--oidc_issuer needs keys: give --oidc_jwks_file, or leave --oidc_discovery on");
  }
  std::unique_ptr<OidcKeys> keys(new OidcKeys(options));
  if (!options.jwks_file.empty()) {
    absl::StatusOr<std::shared_ptr<const KeySet>> file = ReadKeyFile(options.jwks_file);
    if (!file.ok()) return file.status();
    base::MutexLock lock(&keys->mu_);
    keys->file_keys_ = std::move(*file);
  }
  if (options.discovery) keys->Refresh("start-up");
  return keys;
}

absl::Status OidcKeys::ReloadFile() {
  if (options_.jwks_file.empty()) return absl::OkStatus();
  absl::StatusOr<std::shared_ptr<const KeySet>> file = ReadKeyFile(options_.jwks_file);
  if (!file.ok()) return file.status();
  log::Info("oidc_jwks_file_reloaded",
            {{"file", options_.jwks_file}, {"kids", (*file)->Describe()}});
  base::MutexLock lock(&mu_);
  file_keys_ = std::move(*file);
  return absl::OkStatus();
}

std::shared_ptr<const Jwk> OidcKeys::Lookup(absl::string_view kid, bool* stale) const {
  base::ReaderMutexLock lock(&mu_);
  *stale = fetched_expires_ <= options_.clock->Now();
  std::shared_ptr<const Jwk> key = FindIn(file_keys_, kid);
  return key != nullptr ? key : FindIn(fetched_keys_, kid);
}

absl::StatusOr<std::shared_ptr<const Jwk>> OidcKeys::Find(absl::string_view kid) {
  bool stale = false;
  std::shared_ptr<const Jwk> key = Lookup(kid, &stale);
  if (options_.discovery && (key == nullptr || stale)) {
    Refresh(key == nullptr ? "unknown kid" : "expired");
    key = Lookup(kid, &stale);
  }
  if (key != nullptr) return key;
  base::ReaderMutexLock lock(&mu_);
  if (options_.discovery && fetched_keys_ == nullptr && !last_error_.ok()) {
    return absl::UnavailableError(
        absl::StrCat("cannot verify the bearer token: the issuer's keys could not be fetched (",
                     last_error_.message(), ")"));
  }
  const std::string kids =
      absl::StrCat(file_keys_ == nullptr ? "" : file_keys_->Describe(),
                   file_keys_ != nullptr && fetched_keys_ != nullptr ? "," : "",
                   fetched_keys_ == nullptr ? "" : fetched_keys_->Describe());
  return absl::UnauthenticatedError(absl::StrCat(
      "the bearer token is refused: ",
      kid.empty() ? std::string("it names no key (kid) and the issuer has several")
                  : absl::StrCat("it is signed with key ", nlohmann::json(std::string(kid)).dump(),
                                 ", which the issuer's key set does not hold"),
      " (keys: ", kids.empty() ? "none" : kids, ")"));
}

absl::StatusOr<Fetched> OidcKeys::FetchKeySet() const {
  const std::string discovery_url = DiscoveryUrl(options_.issuer);
  absl::StatusOr<Fetched> discovery = HttpGet(discovery_url, options_.fetch);
  if (!discovery.ok()) return discovery.status();
  const nlohmann::json doc =
      nlohmann::json::parse(discovery->body, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) {
    return absl::UnavailableError(absl::StrCat(discovery_url, " is not a JSON object"));
  }
  // Discovery §4.3: the document must name the issuer it was fetched for.
  auto issuer = doc.find("issuer");
  if (issuer == doc.end() || *issuer != options_.issuer) {
    return absl::UnavailableError(absl::StrCat(
        discovery_url, " names the issuer ", issuer == doc.end() ? "(none)" : issuer->dump(),
        ", not \"", options_.issuer, "\" (check --oidc_issuer, trailing slash included)"));
  }
  auto jwks_uri = doc.find("jwks_uri");
  if (jwks_uri == doc.end() || !jwks_uri->is_string()) {
    return absl::UnavailableError(absl::StrCat(discovery_url, " has no jwks_uri"));
  }
  const std::string uri = jwks_uri->get<std::string>();
  if (absl::Status s = CheckProviderUrl(uri, "the discovery document's jwks_uri"); !s.ok()) {
    return absl::UnavailableError(s.message());
  }
  return HttpGet(uri, options_.fetch);
}

void OidcKeys::Refresh(absl::string_view why) {
  base::MutexLock fetching(&fetch_mu_);
  const absl::Time now = options_.clock->Now();
  {
    base::MutexLock lock(&mu_);
    // Whoever waited for the fetch just done finds it here and goes back
    // to look up its key.
    if (now < last_attempt_ + options_.min_refresh) return;
    last_attempt_ = now;
  }
  absl::StatusOr<std::shared_ptr<const KeySet>> set;
  absl::StatusOr<Fetched> fetched = FetchKeySet();
  if (fetched.ok()) {
    set = KeySet::Parse(fetched->body);
    if (!set.ok())
      set = absl::UnavailableError(absl::StrCat("the issuer's key set: ", set.status().message()));
  } else {
    set = fetched.status();
  }
  base::MutexLock lock(&mu_);
  if (!set.ok()) {
    last_error_ = set.status();
    log::Warning("oidc_keys_fetch_failed",
                 {{"why", std::string(why)},
                  {"status", set.status().ToString()},
                  {"keeping", fetched_keys_ == nullptr ? "none" : fetched_keys_->Describe()}});
    return;
  }
  const absl::Duration max_age = std::clamp(fetched->max_age.value_or(options_.default_max_age),
                                            options_.min_max_age, options_.max_max_age);
  for (const std::string& skipped : (*set)->skipped()) {
    log::Warning("oidc_key_skipped", {{"source", "jwks_uri"}, {"why", skipped}});
  }
  last_error_ = absl::OkStatus();
  fetched_keys_ = std::move(*set);
  fetched_expires_ = now + max_age;
  log::Info("oidc_keys_fetched", {{"why", std::string(why)},
                                  {"kids", fetched_keys_->Describe()},
                                  {"max_age_s", absl::StrCat(absl::ToInt64Seconds(max_age))}});
}

}  // namespace budget::auth
