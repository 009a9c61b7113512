#ifndef SERVICES_HTTP_LISTENER_H_
#define SERVICES_HTTP_LISTENER_H_

// Binding a cpp-httplib server the way budgetd's ports must be bound. The
// library's defaults are wrong for a server: it sets SO_REUSEPORT, so a
// second process binds the same port without an error and the kernel splits
// the connections between the two; and it listens with a backlog of 5, so a
// burst of connections overflows the accept queue and the clients' SYNs are
// dropped, each costing that client a second (the SYN's retransmission).

#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "base/host_port.h"

namespace httplib {
class Server;
}  // namespace httplib

namespace budget::http {

// The accept queue's length this listener asks for; the kernel caps it at
// net.core.somaxconn.
inline constexpr int kListenBacklog = 4096;

// Binds `server` to `address` (port 0: a free one) without SO_REUSEPORT,
// raises its accept queue to kListenBacklog, and runs its accept loop on
// `*accept_thread` (which the caller joins after server.stop()). Returns the
// bound port once the loop runs, so a stop() from then on is never lost.
// FailedPrecondition "cannot listen for <what> on <flag_value> (is the port
// in use?)" when the address cannot be bound. Call once per server, before
// any other thread uses it.
absl::StatusOr<int> Listen(httplib::Server& server, const base::HostPort& address,
                           absl::string_view what, absl::string_view flag_value,
                           std::thread* accept_thread);

}  // namespace budget::http

#endif  // SERVICES_HTTP_LISTENER_H_
