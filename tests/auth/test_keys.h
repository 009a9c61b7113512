#ifndef TESTS_AUTH_TEST_KEYS_H_
#define TESTS_AUTH_TEST_KEYS_H_

// Keys generated in the test with OpenSSL, and tokens signed with them by
// OpenSSL's EVP API directly — not by cjose, the library under test, so a
// mistake both share cannot hide.

#include <memory>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

typedef struct evp_pkey_st EVP_PKEY;

namespace budget::testing {

std::string Base64Url(const std::string& bytes);

class TestKey {
 public:
  // A fresh RSA-2048 key (signs RS256) or P-256 key (signs ES256).
  static TestKey Rsa(std::string kid, int bits = 2048);
  static TestKey Ec(std::string kid);

  const std::string& kid() const { return kid_; }
  const std::string& alg() const { return alg_; }
  // The public key as a JWK (with kid, alg and "use": "sig").
  nlohmann::json PublicJwk() const;
  // The public key as PEM (SubjectPublicKeyInfo).
  std::string PublicPem() const;
  // header.payload.signature, the header being {"alg", "kid", "typ"} plus
  // `extra_header`.
  std::string Sign(const nlohmann::json& claims,
                   const nlohmann::json& extra_header = nlohmann::json::object()) const;

 private:
  std::string kid_;
  std::string alg_;
  std::shared_ptr<EVP_PKEY> key_;
};

// {"keys": [...]} of the keys' public halves.
std::string Jwks(const std::vector<const TestKey*>& keys);

// A token signed with HMAC-SHA256 under `secret` (the classic confusion:
// a public key used as the secret).
std::string Hs256Token(const std::string& secret, const nlohmann::json& header,
                       const nlohmann::json& claims);

// Writes `contents` to `path`.
void WriteFile(const std::string& path, const std::string& contents);

}  // namespace budget::testing

#endif  // TESTS_AUTH_TEST_KEYS_H_
