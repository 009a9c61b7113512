#include "base/ed25519.h"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "base/file.h"
#include "base/sha256.h"

namespace base {
namespace {

using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

std::shared_ptr<EVP_PKEY> Own(EVP_PKEY* key) {
  return std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free);
}

std::string BioText(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(n));
}

bool IsEd25519(EVP_PKEY* key) { return key != nullptr && EVP_PKEY_get_id(key) == EVP_PKEY_ED25519; }

std::string RawPublicKey(EVP_PKEY* key) {
  std::string out(32, '\0');
  size_t len = out.size();
  EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char*>(out.data()), &len);
  out.resize(len);
  return out;
}

std::string PublicPem(EVP_PKEY* key) {
  Bio bio(BIO_new(BIO_s_mem()), BIO_free);
  PEM_write_bio_PUBKEY(bio.get(), key);
  return BioText(bio.get());
}

// Writes `text` to a new file at `path` with `mode`; refuses to overwrite.
absl::Status WriteNewFile(const std::string& path, absl::string_view text, mode_t mode) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot create ", path, ": ", std::strerror(errno)));
  }
  const ssize_t n = write(fd, text.data(), text.size());
  const bool ok = n == static_cast<ssize_t>(text.size()) && fsync(fd) == 0;
  close(fd);
  if (!ok) return absl::InvalidArgumentError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

}  // namespace

SigningKey::SigningKey(std::shared_ptr<EVP_PKEY> key)
    : key_(std::move(key)), public_key_(RawPublicKey(key_.get())) {}

absl::StatusOr<SigningKey> SigningKey::Generate() {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  if (key == nullptr) return absl::InternalError("OpenSSL could not generate an Ed25519 key");
  return SigningKey(Own(key));
}

absl::StatusOr<SigningKey> SigningKey::FromPem(absl::string_view pem) {
  Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  std::shared_ptr<EVP_PKEY> key =
      Own(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!IsEd25519(key.get())) {
    return absl::InvalidArgumentError("not a PEM Ed25519 private key");
  }
  return SigningKey(std::move(key));
}

absl::StatusOr<SigningKey> SigningKey::LoadOrCreate(const std::string& path, bool* created) {
  *created = false;
  struct stat st;
  if (stat(path.c_str(), &st) == 0) {
    absl::StatusOr<std::string> pem = ReadFile(path, "signing key");
    if (!pem.ok()) return pem.status();
    absl::StatusOr<SigningKey> key = FromPem(*pem);
    if (!key.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("the signing key ", path, " is ", key.status().message()));
    }
    return key;
  }
  absl::StatusOr<SigningKey> key = Generate();
  if (!key.ok()) return key;
  if (auto s = WriteNewFile(path, key->PrivateKeyPem(), 0600); !s.ok()) return s;
  const std::string pub = PublicKeyPath(path);
  unlink(pub.c_str());  // a stale public key of an earlier key would mislead
  if (auto s = WriteNewFile(pub, key->PublicKeyPem(), 0644); !s.ok()) return s;
  *created = true;
  return key;
}

std::string SigningKey::Sign(absl::string_view message) const {
  MdCtx ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::string sig(64, '\0');
  size_t len = sig.size();
  EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_.get());
  EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                 reinterpret_cast<const unsigned char*>(message.data()), message.size());
  sig.resize(len);
  return sig;
}

std::string SigningKey::PrivateKeyPem() const {
  Bio bio(BIO_new(BIO_s_mem()), BIO_free);
  PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr);
  return BioText(bio.get());
}

std::string SigningKey::PublicKeyPem() const { return PublicPem(key_.get()); }

std::string PublicKeyPath(absl::string_view private_key_path) {
  return absl::StrCat(private_key_path, ".pub");
}

absl::StatusOr<std::string> PublicKeyFromPem(absl::string_view pem) {
  Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  std::shared_ptr<EVP_PKEY> key = Own(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (key == nullptr) {
    Bio again(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
    key = Own(PEM_read_bio_PrivateKey(again.get(), nullptr, nullptr, nullptr));
  }
  if (!IsEd25519(key.get())) return absl::InvalidArgumentError("not a PEM Ed25519 public key");
  return RawPublicKey(key.get());
}

std::string PublicKeyToPem(absl::string_view public_key) {
  std::shared_ptr<EVP_PKEY> key = Own(EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(public_key.data()),
      public_key.size()));
  if (key == nullptr) return "";
  return PublicPem(key.get());
}

bool VerifySignature(absl::string_view public_key, absl::string_view message,
                     absl::string_view signature) {
  std::shared_ptr<EVP_PKEY> key = Own(EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(public_key.data()),
      public_key.size()));
  if (key == nullptr) return false;
  MdCtx ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1) return false;
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(), reinterpret_cast<const unsigned char*>(message.data()),
                          message.size()) == 1;
}

std::string KeyId(absl::string_view public_key) { return HashToHex(Sha256(public_key)); }

}  // namespace base
