#include "base/aead.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>

namespace base {
namespace {

constexpr int kNonceBytes = 12;
constexpr int kTagBytes = 16;

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char* U(absl::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}
// s.data() + at: valid for at == size() too (the terminator).
unsigned char* U(std::string& s, size_t at) {
  return reinterpret_cast<unsigned char*>(s.data() + at);
}

}  // namespace

std::string NewAeadKey() {
  std::string key(kAeadKeyBytes, '\0');
  RAND_bytes(U(key, 0), static_cast<int>(key.size()));
  return key;
}

absl::StatusOr<std::string> AeadSeal(absl::string_view key, absl::string_view plaintext,
                                     absl::string_view associated) {
  if (key.size() != kAeadKeyBytes) return absl::InvalidArgumentError("an AES-256 key is 32 bytes");
  std::string out(kNonceBytes + plaintext.size() + kTagBytes, '\0');
  if (RAND_bytes(U(out, 0), kNonceBytes) != 1) return absl::InternalError("no random nonce");
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int len = 0;
  bool ok = EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, U(key), U(out, 0)) == 1 &&
            EVP_EncryptUpdate(ctx.get(), nullptr, &len, U(associated),
                              static_cast<int>(associated.size())) == 1 &&
            EVP_EncryptUpdate(ctx.get(), U(out, kNonceBytes), &len, U(plaintext),
                              static_cast<int>(plaintext.size())) == 1 &&
            EVP_EncryptFinal_ex(ctx.get(), U(out, kNonceBytes + len), &len) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes,
                                U(out, kNonceBytes + plaintext.size())) == 1;
  if (!ok) return absl::InternalError("AES-256-GCM encryption failed");
  return out;
}

absl::StatusOr<std::string> AeadOpen(absl::string_view key, absl::string_view sealed,
                                     absl::string_view associated) {
  if (key.size() != kAeadKeyBytes) return absl::InvalidArgumentError("an AES-256 key is 32 bytes");
  if (sealed.size() < kNonceBytes + kTagBytes) return absl::DataLossError("sealed data too short");
  const size_t n = sealed.size() - kNonceBytes - kTagBytes;
  std::string out(n, '\0');
  std::string tag(sealed.substr(kNonceBytes + n));
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int len = 0;
  bool ok = EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, U(key), U(sealed)) == 1 &&
            EVP_DecryptUpdate(ctx.get(), nullptr, &len, U(associated),
                              static_cast<int>(associated.size())) == 1 &&
            EVP_DecryptUpdate(ctx.get(), U(out, 0), &len, U(sealed.substr(kNonceBytes)),
                              static_cast<int>(n)) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) == 1;
  int final_len = 0;
  if (!ok || EVP_DecryptFinal_ex(ctx.get(), U(out, 0) + len, &final_len) != 1) {
    return absl::DataLossError("the sealed data does not open with this key");
  }
  return out;
}

}  // namespace base
