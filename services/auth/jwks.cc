#include "services/auth/jwks.h"

#include <cjose/jwk.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"

namespace budget::auth {
namespace {

using nlohmann::json;

std::string StringMember(const json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

const char* CurveName(cjose_jwk_ec_curve curve) {
  switch (curve) {
    case CJOSE_JWK_EC_P_256:
      return "P-256";
    case CJOSE_JWK_EC_P_384:
      return "P-384";
    case CJOSE_JWK_EC_P_521:
      return "P-521";
    default:
      return "";
  }
}

}  // namespace

absl::StatusOr<std::shared_ptr<const KeySet>> KeySet::Parse(absl::string_view text) {
  const json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return absl::InvalidArgumentError("the key set is not valid JSON");
  if (!doc.is_object() || !doc.contains("keys") || !doc["keys"].is_array()) {
    return absl::InvalidArgumentError("the key set has no \"keys\" array (RFC 7517 §5)");
  }
  std::shared_ptr<KeySet> set(new KeySet());
  int index = -1;
  for (const json& member : doc["keys"]) {
    ++index;
    const std::string kid = member.is_object() ? StringMember(member, "kid") : "";
    const std::string where =
        kid.empty() ? absl::StrCat("key ", index) : absl::StrCat("key ", index, " (kid ", kid, ")");
    if (!member.is_object()) return absl::InvalidArgumentError(where + " is not an object");
    const std::string kty = StringMember(member, "kty");
    auto skip = [&](absl::string_view why) {
      set->skipped_.push_back(absl::StrCat(where, ": ", why));
    };
    if (kty != "RSA" && kty != "EC") {
      skip(absl::StrCat("key type \"", kty, "\" cannot verify a signature here"));
      continue;
    }
    if (const std::string use = StringMember(member, "use"); !use.empty() && use != "sig") {
      skip(absl::StrCat("use is \"", use, "\", not \"sig\""));
      continue;
    }
    if (member.contains("d")) {
      skip("it holds a private key (\"d\"); give budgetd the public keys only");
      continue;
    }
    const std::string serialized = member.dump();
    cjose_err err{};
    cjose_jwk_t* raw = cjose_jwk_import(serialized.data(), serialized.size(), &err);
    if (raw == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, " does not import as a ", kty, " key: ", err.message));
    }
    Jwk key;
    key.kid = kid;
    key.kty = kty;
    key.alg = StringMember(member, "alg");
    key.key = std::shared_ptr<cjose_jwk_t>(raw, cjose_jwk_release);
    if (kty == "RSA") {
      key.bits = cjose_jwk_get_keysize(raw, &err);
      if (key.bits < 2048) {
        skip(absl::StrCat("an RSA key of ", key.bits, " bits is too weak (2048 at least)"));
        continue;
      }
    } else {
      key.crv = CurveName(cjose_jwk_EC_get_curve(raw, &err));
    }
    for (const Jwk& other : set->keys_) {
      if (other.kid == kid) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, ": another key has the same kid \"", kid, "\""));
      }
    }
    set->keys_.push_back(std::move(key));
  }
  return std::shared_ptr<const KeySet>(std::move(set));
}

const Jwk* KeySet::Find(absl::string_view kid) const {
  if (kid.empty()) return keys_.size() == 1 ? &keys_.front() : nullptr;
  for (const Jwk& key : keys_) {
    if (key.kid == kid) return &key;
  }
  return nullptr;
}

std::string KeySet::Describe() const {
  std::vector<std::string> kids;
  for (const Jwk& key : keys_) kids.push_back(key.kid.empty() ? "-" : key.kid);
  return absl::StrJoin(kids, ",");
}

}  // namespace budget::auth
