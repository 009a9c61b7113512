#include "clients/budgetctl/request_ids.h"

#include <openssl/rand.h>

#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "base/sha256.h"
#include "clients/budgetctl/errors.h"

namespace budgetctl {
namespace {

std::vector<unsigned char> RandomBytes(size_t n) {
  std::vector<unsigned char> bytes(n);
  if (RAND_bytes(bytes.data(), static_cast<int>(n)) != 1) {
    throw CommandError("the random number generator failed");
  }
  return bytes;
}

}  // namespace

std::string RandomHex(size_t bytes) {
  std::vector<unsigned char> b = RandomBytes(bytes);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
}

std::string NewRequestId() {
  std::vector<unsigned char> b = RandomBytes(16);
  b[6] = (b[6] & 0x0f) | 0x40;  // version 4
  b[8] = (b[8] & 0x3f) | 0x80;  // RFC 4122 variant
  std::string hex =
      absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
  return absl::StrCat(hex.substr(0, 8), "-", hex.substr(8, 4), "-", hex.substr(12, 4), "-",
                      hex.substr(16, 4), "-", hex.substr(20));
}

std::string DerivedRequestId(const std::string& prefix, const std::string& content) {
  return absl::StrCat(prefix, "-", base::HashToHex(base::Sha256(content)).substr(0, 32));
}

}  // namespace budgetctl
