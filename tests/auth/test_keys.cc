#include "tests/auth/test_keys.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <fstream>
#include <stdexcept>

namespace budget::testing {
namespace {

void Check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(what);
}

std::string BigNumParam(EVP_PKEY* key, const char* name, int pad = 0) {
  BIGNUM* bn = nullptr;
  Check(EVP_PKEY_get_bn_param(key, name, &bn) == 1, name);
  std::string out(pad > 0 ? pad : BN_num_bytes(bn), '\0');
  BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(out.size()));
  BN_free(bn);
  return out;
}

std::string DigestSign(EVP_PKEY* key, const std::string& input) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  size_t len = 0;
  Check(EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1, "sign init");
  Check(EVP_DigestSign(ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(input.data()),
                       input.size()) == 1,
        "sign size");
  std::string sig(len, '\0');
  Check(EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len,
                       reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1,
        "sign");
  EVP_MD_CTX_free(ctx);
  sig.resize(len);
  return sig;
}

// ECDSA gives DER; JWS wants R || S, each 32 bytes for P-256 (RFC 7518 §3.4).
std::string DerToRaw(const std::string& der) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size()));
  Check(sig != nullptr, "der");
  std::string raw(64, '\0');
  BN_bn2binpad(ECDSA_SIG_get0_r(sig), reinterpret_cast<unsigned char*>(raw.data()), 32);
  BN_bn2binpad(ECDSA_SIG_get0_s(sig), reinterpret_cast<unsigned char*>(raw.data()) + 32, 32);
  ECDSA_SIG_free(sig);
  return raw;
}

}  // namespace

std::string Base64Url(const std::string& bytes) {
  std::string b64(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  b64.resize(n);
  while (!b64.empty() && b64.back() == '=') b64.pop_back();
  for (char& c : b64) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return b64;
}

TestKey TestKey::Rsa(std::string kid, int bits) {
  TestKey k;
  k.kid_ = std::move(kid);
  k.alg_ = "RS256";
  k.key_.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(bits)),
               EVP_PKEY_free);
  Check(k.key_ != nullptr, "rsa keygen");
  return k;
}

TestKey TestKey::Ec(std::string kid) {
  TestKey k;
  k.kid_ = std::move(kid);
  k.alg_ = "ES256";
  k.key_.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), EVP_PKEY_free);
  Check(k.key_ != nullptr, "ec keygen");
  return k;
}

nlohmann::json TestKey::PublicJwk() const {
  nlohmann::json jwk = {{"kid", kid_}, {"alg", alg_}, {"use", "sig"}};
  if (alg_ == "RS256") {
    jwk["kty"] = "RSA";
    jwk["n"] = Base64Url(BigNumParam(key_.get(), OSSL_PKEY_PARAM_RSA_N));
    jwk["e"] = Base64Url(BigNumParam(key_.get(), OSSL_PKEY_PARAM_RSA_E));
  } else {
    jwk["kty"] = "EC";
    jwk["crv"] = "P-256";
    jwk["x"] = Base64Url(BigNumParam(key_.get(), OSSL_PKEY_PARAM_EC_PUB_X, 32));
    jwk["y"] = Base64Url(BigNumParam(key_.get(), OSSL_PKEY_PARAM_EC_PUB_Y, 32));
  }
  return jwk;
}

std::string TestKey::PublicPem() const {
  BIO* bio = BIO_new(BIO_s_mem());
  Check(PEM_write_bio_PUBKEY(bio, key_.get()) == 1, "pem");
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(len));
  BIO_free(bio);
  return pem;
}

std::string TestKey::Sign(const nlohmann::json& claims, const nlohmann::json& extra_header) const {
  nlohmann::json header = {{"alg", alg_}, {"kid", kid_}, {"typ", "at+jwt"}};
  header.update(extra_header);
  const std::string input = Base64Url(header.dump()) + "." + Base64Url(claims.dump());
  std::string sig = DigestSign(key_.get(), input);
  if (alg_ == "ES256") sig = DerToRaw(sig);
  return input + "." + Base64Url(sig);
}

std::string Jwks(const std::vector<const TestKey*>& keys) {
  nlohmann::json set = {{"keys", nlohmann::json::array()}};
  for (const TestKey* k : keys) set["keys"].push_back(k->PublicJwk());
  return set.dump();
}

std::string Hs256Token(const std::string& secret, const nlohmann::json& header,
                       const nlohmann::json& claims) {
  const std::string input = Base64Url(header.dump()) + "." + Base64Url(claims.dump());
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &len);
  return input + "." + Base64Url(std::string(reinterpret_cast<char*>(mac), len));
}

void WriteFile(const std::string& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
  Check(static_cast<bool>(out.flush()), "write");
}

}  // namespace budget::testing
