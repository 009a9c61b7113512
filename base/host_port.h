#ifndef BASE_HOST_PORT_H_
#define BASE_HOST_PORT_H_

// host:port addresses as the listen flags and the load client take them, and
// the one loopback test every "only on this machine" rule uses.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace base {

struct HostPort {
  std::string host;  // without the brackets of an IPv6 address
  int port = 0;
};

// "HOST:PORT" with PORT in 0..65535; an IPv6 HOST is bracketed ("[::1]:80"),
// as a bare one would be ambiguous with the port. InvalidArgument
// "<flag> must be host:port, got \"...\"" otherwise.
absl::StatusOr<HostPort> ParseHostPort(absl::string_view address, absl::string_view flag);

// True for "localhost" (any case), an IPv4 address in 127.0.0.0/8 and ::1,
// the latter with or without brackets. A name that needs resolving is false.
bool IsLoopbackHost(absl::string_view host);

}  // namespace base

#endif  // BASE_HOST_PORT_H_
