#include "clients/load/loopback.h"

#include "absl/strings/strip.h"
#include "base/host_port.h"

namespace budget_load {

bool IsLoopbackAddress(const std::string& addr) {
  absl::string_view rest(addr);
  if (!absl::ConsumePrefix(&rest, "dns:///") && !absl::ConsumePrefix(&rest, "ipv4:")) {
    absl::ConsumePrefix(&rest, "ipv6:");
  }
  absl::StatusOr<base::HostPort> hp = base::ParseHostPort(rest, "the address");
  return hp.ok() && hp->port > 0 && base::IsLoopbackHost(hp->host);
}

}  // namespace budget_load
