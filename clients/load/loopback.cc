#include "clients/load/loopback.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/strip.h"

namespace budget_load {
namespace {

bool IsLoopbackHost(absl::string_view host) {
  const std::string h(host);
  if (absl::EqualsIgnoreCase(h, "localhost")) return true;
  in_addr v4{};
  if (inet_pton(AF_INET, h.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  return inet_pton(AF_INET6, h.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

}  // namespace

bool IsLoopbackAddress(const std::string& addr) {
  absl::string_view rest(addr);
  if (!absl::ConsumePrefix(&rest, "dns:///") && !absl::ConsumePrefix(&rest, "ipv4:")) {
    absl::ConsumePrefix(&rest, "ipv6:");
  }
  const size_t colon = rest.rfind(':');
  if (colon == absl::string_view::npos) return false;
  absl::string_view host = rest.substr(0, colon);
  int port = 0;
  if (!absl::SimpleAtoi(rest.substr(colon + 1), &port) || port < 1 || port > 65535) return false;
  // An IPv6 host is bracketed; a bare one would be ambiguous with the port.
  if (absl::ConsumePrefix(&host, "[")) {
    if (!absl::ConsumeSuffix(&host, "]")) return false;
  } else if (absl::StrContains(host, ':')) {
    return false;
  }
  return IsLoopbackHost(host);
}

}  // namespace budget_load
