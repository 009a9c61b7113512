#include "services/auth/jwt.h"

#include <cjose/base64.h>
#include <cjose/jws.h>
#include <cjose/util.h>

#include <cmath>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace budget::auth {
namespace {

using nlohmann::json;

// The algorithms a public key can verify, with the key each needs.
struct Algorithm {
  absl::string_view name;
  absl::string_view kty;
  absl::string_view crv;       // EC only
  size_t signature_bytes = 0;  // EC only: R || S, fixed length (RFC 7518 §3.4)
};
constexpr Algorithm kAlgorithms[] = {
    {"RS256", "RSA", "", 0},      {"RS384", "RSA", "", 0},      {"RS512", "RSA", "", 0},
    {"PS256", "RSA", "", 0},      {"PS384", "RSA", "", 0},      {"PS512", "RSA", "", 0},
    {"ES256", "EC", "P-256", 64}, {"ES384", "EC", "P-384", 96}, {"ES512", "EC", "P-521", 132},
};

const Algorithm* FindAlgorithm(absl::string_view name) {
  for (const Algorithm& a : kAlgorithms) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

absl::Status Refused(absl::string_view why) {
  return absl::UnauthenticatedError(absl::StrCat("the bearer token is refused: ", why));
}

bool IsBase64Url(absl::string_view part) {
  for (char c : part) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return part.size() % 4 != 1;
}

// Decoded length of unpadded base64url.
size_t DecodedSize(size_t chars) { return chars / 4 * 3 + (chars % 4 == 0 ? 0 : chars % 4 - 1); }

std::string Time(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

// A NumericDate claim (RFC 7519 §2): seconds since the epoch, possibly
// fractional. Absent: nullopt; present but not a finite number: an error.
absl::StatusOr<std::optional<absl::Time>> DateClaim(const json& claims, const char* name) {
  auto it = claims.find(name);
  if (it == claims.end()) return std::nullopt;
  if (!it->is_number() || !std::isfinite(it->get<double>())) {
    return Refused(absl::StrCat("its \"", name, "\" claim is not a number of seconds"));
  }
  if (it->is_number_float()) return absl::FromUnixMicros(std::llround(it->get<double>() * 1e6));
  if (it->is_number_unsigned()) {
    return absl::FromUnixSeconds(static_cast<int64_t>(
        std::min<uint64_t>(it->get<uint64_t>(), std::numeric_limits<int64_t>::max())));
  }
  return absl::FromUnixSeconds(it->get<int64_t>());
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ParseAlgorithms(absl::string_view list) {
  std::vector<std::string> out;
  for (absl::string_view name : absl::StrSplit(list, ',', absl::SkipWhitespace())) {
    name = absl::StripAsciiWhitespace(name);
    if (FindAlgorithm(name) == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--oidc_algorithms: \"", name,
          "\" is not an algorithm budgetd verifies with a provider's public key (RS256, RS384, "
          "RS512, PS256, PS384, PS512, ES256, ES384, ES512; never none or HS*)"));
    }
    out.emplace_back(name);
  }
  if (out.empty()) return absl::InvalidArgumentError("--oidc_algorithms: name at least one");
  return out;
}

bool Jwt::LooksLikeJwt(absl::string_view token) {
  return std::count(token.begin(), token.end(), '.') == 2;
}

absl::StatusOr<Jwt> Jwt::Parse(absl::string_view token) {
  if (token.size() > kMaxTokenBytes) {
    return Refused(absl::StrCat("it is longer than ", kMaxTokenBytes, " bytes"));
  }
  std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  if (parts.size() != 3 || parts[0].empty() || parts[1].empty() ||
      !std::all_of(parts.begin(), parts.end(), IsBase64Url)) {
    return Refused("it is not a JWT (three base64url parts separated by dots)");
  }
  uint8_t* raw = nullptr;
  size_t raw_len = 0;
  cjose_err err{};
  if (!cjose_base64url_decode(parts[0].data(), parts[0].size(), &raw, &raw_len, &err)) {
    return Refused("its header is not base64url");
  }
  const json header = json::parse(raw, raw + raw_len, nullptr, /*allow_exceptions=*/false);
  cjose_get_dealloc()(raw);
  if (!header.is_object()) return Refused("its header is not a JSON object");
  auto alg = header.find("alg");
  if (alg == header.end() || !alg->is_string()) return Refused("its header names no \"alg\"");
  auto kid = header.find("kid");
  if (kid != header.end() && !kid->is_string()) return Refused("its \"kid\" is not a string");
  // RFC 7515 §4.1.11: extensions marked critical that we do not know must
  // not be ignored; we know none.
  if (header.contains("crit")) return Refused("its header has critical extensions (\"crit\")");
  Jwt jwt;
  jwt.token_ = std::string(token);
  jwt.alg_ = alg->get<std::string>();
  jwt.kid_ = kid == header.end() ? "" : kid->get<std::string>();
  jwt.signature_bytes_ = DecodedSize(parts[2].size());
  return jwt;
}

absl::Status Jwt::CheckAlgorithm(const JwtPolicy& policy) const {
  if (std::find(policy.algorithms.begin(), policy.algorithms.end(), alg_) !=
      policy.algorithms.end()) {
    return absl::OkStatus();
  }
  // The attacker chose this string: it is quoted, never interpreted.
  return Refused(absl::StrCat("its algorithm ", json(alg_).dump(), " is not accepted (accepted: ",
                              absl::StrJoin(policy.algorithms, ", "), ")"));
}

absl::Status Jwt::CheckKey(const Jwk& key) const {
  const Algorithm* a = FindAlgorithm(alg_);
  const std::string name = key.kid.empty() ? "the issuer's only key" : "key \"" + key.kid + "\"";
  if (a == nullptr || key.kty != a->kty || (!a->crv.empty() && key.crv != a->crv)) {
    return Refused(absl::StrCat("it is signed ", alg_, ", which ", name, " (", key.kty,
                                key.crv.empty() ? "" : " " + key.crv, ") cannot make"));
  }
  if (!key.alg.empty() && key.alg != alg_) {
    return Refused(absl::StrCat("it is signed ", alg_, ", but ", name, " is for ", key.alg));
  }
  if (a->signature_bytes != 0 && signature_bytes_ != a->signature_bytes) {
    return Refused(absl::StrCat("its ", alg_, " signature is ", signature_bytes_, " bytes, not ",
                                a->signature_bytes));
  }
  return absl::OkStatus();
}

absl::StatusOr<json> Jwt::VerifySignature(const Jwk& key, const JwtPolicy& policy) const {
  if (absl::Status s = CheckAlgorithm(policy); !s.ok()) return s;
  if (absl::Status s = CheckKey(key); !s.ok()) return s;
  cjose_err err{};
  std::unique_ptr<cjose_jws_t, void (*)(cjose_jws_t*)> jws(
      cjose_jws_import(token_.data(), token_.size(), &err), cjose_jws_release);
  if (jws == nullptr) return Refused("it is not a well-formed JWS");
  if (!cjose_jws_verify(jws.get(), key.key.get(), &err)) {
    return Refused(absl::StrCat("its signature does not verify with ",
                                key.kid.empty() ? "the issuer's key" : "key \"" + key.kid + "\""));
  }
  uint8_t* payload = nullptr;
  size_t payload_len = 0;
  if (!cjose_jws_get_plaintext(jws.get(), &payload, &payload_len, &err)) {
    return Refused("it has no payload");
  }
  json claims = json::parse(payload, payload + payload_len, nullptr, /*allow_exceptions=*/false);
  if (!claims.is_object()) return Refused("its payload is not a JSON object of claims");
  return claims;
}

absl::Status Jwt::CheckClaims(const json& claims, const JwtPolicy& policy, absl::Time now) {
  auto iss = claims.find("iss");
  if (iss == claims.end() || !iss->is_string() || iss->get<std::string>() != policy.issuer) {
    return Refused(absl::StrCat("it was issued by ",
                                iss == claims.end() ? "no one (no \"iss\")" : iss->dump(),
                                ", not by the configured issuer \"", policy.issuer, "\""));
  }
  auto aud = claims.find("aud");
  bool for_us = false;
  if (aud != claims.end() && aud->is_string()) {
    for_us = aud->get<std::string>() == policy.audience;
  } else if (aud != claims.end() && aud->is_array()) {
    for (const json& a : *aud) for_us = for_us || (a.is_string() && a == policy.audience);
  }
  if (!for_us) {
    return Refused(absl::StrCat("it is for the audience ",
                                aud == claims.end() ? "(none: no \"aud\")" : aud->dump(),
                                ", not for \"", policy.audience, "\""));
  }
  const std::string skew = absl::FormatDuration(policy.clock_skew);
  absl::StatusOr<std::optional<absl::Time>> exp = DateClaim(claims, "exp");
  if (!exp.ok()) return exp.status();
  if (!exp->has_value()) return Refused("it has no expiry (\"exp\")");
  if (now >= **exp + policy.clock_skew) {
    return Refused(absl::StrCat("it expired at ", Time(**exp), " (now ", Time(now),
                                ", clock skew allowed ", skew, ")"));
  }
  absl::StatusOr<std::optional<absl::Time>> nbf = DateClaim(claims, "nbf");
  if (!nbf.ok()) return nbf.status();
  if (nbf->has_value() && now + policy.clock_skew < **nbf) {
    return Refused(absl::StrCat("it is not valid before ", Time(**nbf), " (now ", Time(now),
                                ", clock skew allowed ", skew, ")"));
  }
  absl::StatusOr<std::optional<absl::Time>> iat = DateClaim(claims, "iat");
  if (!iat.ok()) return iat.status();
  if (iat->has_value() && now + policy.clock_skew < **iat) {
    return Refused(absl::StrCat("it was issued in the future, at ", Time(**iat), " (now ",
                                Time(now), ", clock skew allowed ", skew, ")"));
  }
  return absl::OkStatus();
}

}  // namespace budget::auth
