#include "services/http/listener.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "httplib.h"

namespace budget::http {

absl::StatusOr<int> Listen(httplib::Server& server, const base::HostPort& address,
                           absl::string_view what, absl::string_view flag_value,
                           std::thread* accept_thread) {
  // The library offers no way to set its listening socket's options beside
  // its own, nor its backlog, nor to see the socket: this callback replaces
  // its options and remembers the socket.
  auto listening = std::make_shared<int>(-1);
  server.set_socket_options([listening](socket_t sock) {
    // SO_REUSEADDR only: a restart binds while the last run's connections
    // linger in TIME_WAIT, but a port another socket listens on stays taken.
    const int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    *listening = sock;
  });
  const int port = address.port == 0
                       ? server.bind_to_any_port(address.host)
                       : (server.bind_to_port(address.host, address.port) ? address.port : -1);
  if (port <= 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot listen for ", what, " on ", flag_value, " (is the port in use?)"));
  }
  // The library listened with a backlog of 5; listen() on a listening socket
  // sets its backlog anew (Linux).
  if (::listen(*listening, kListenBacklog) != 0) {
    return absl::InternalError(
        absl::StrCat("cannot set the accept queue of ", flag_value, ": ", std::strerror(errno)));
  }
  *accept_thread = std::thread([&server] { server.listen_after_bind(); });
  // stop() before the accept loop runs is lost (the loop would then run
  // forever), so wait for it to run before handing the server out.
  for (int i = 0; !server.is_running(); ++i) {
    if (i == 5000) return absl::InternalError(absl::StrCat("the ", what, " server did not start"));
    absl::SleepFor(absl::Milliseconds(1));
  }
  return port;
}

}  // namespace budget::http
