#include "base/host_port.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace base {

absl::StatusOr<HostPort> ParseHostPort(absl::string_view address, absl::string_view flag) {
  const size_t colon = address.rfind(':');
  HostPort out;
  absl::string_view host = address.substr(0, colon);
  bool ok = colon != absl::string_view::npos &&
            absl::SimpleAtoi(address.substr(colon + 1), &out.port) && out.port >= 0 &&
            out.port <= 65535;
  if (absl::ConsumePrefix(&host, "[")) {
    ok = ok && absl::ConsumeSuffix(&host, "]");
  } else {
    ok = ok && !absl::StrContains(host, ':');
  }
  if (!ok) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, " must be host:port, got \"", address, "\""));
  }
  out.host = std::string(host);
  return out;
}

bool IsLoopbackHost(absl::string_view host) {
  if (absl::EqualsIgnoreCase(host, "localhost")) return true;
  if (absl::ConsumePrefix(&host, "[") && !absl::ConsumeSuffix(&host, "]")) return false;
  const std::string h(host);
  in_addr v4{};
  if (inet_pton(AF_INET, h.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  return inet_pton(AF_INET6, h.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

}  // namespace base
