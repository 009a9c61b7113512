#ifndef CLIENTS_LOAD_LOOPBACK_H_
#define CLIENTS_LOAD_LOOPBACK_H_

// budget-load sends load only to this machine: a load test aimed elsewhere
// by a typo would be an attack on someone else's server.

#include <string>

namespace budget_load {

// True when `addr` is "HOST:PORT" (optionally after a "dns:///", "ipv4:" or
// "ipv6:" scheme) whose HOST is an IPv4 address in 127.0.0.0/8, "[::1]" or
// "localhost", and PORT is 1..65535. Anything else — another host, a name
// that needs resolving, a list of addresses, a Unix socket — is false.
bool IsLoopbackAddress(const std::string& addr);

}  // namespace budget_load

#endif  // CLIENTS_LOAD_LOOPBACK_H_
