#include "tests/testing/sockets.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace testing_util {

namespace {

sockaddr_in LoopbackAddress(int port) {
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<uint16_t>(port));
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return to;
}

}  // namespace

int ConnectLoopback(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  const sockaddr_in to = LoopbackAddress(port);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof(to)) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

int StartConnectLoopback(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (fd < 0) return -1;
  const sockaddr_in to = LoopbackAddress(port);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof(to)) != 0 &&
      errno != EINPROGRESS) {
    ::close(fd);
    return -1;
  }
  return fd;
}

int Exchange(int port, const std::string& request, std::string* answer_start) {
  const int fd = ConnectLoopback(port);
  if (fd < 0) return -1;
  char buf[64];
  ssize_t n = -1;
  if (::write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
    n = ::read(fd, buf, sizeof(buf));
  }
  if (n <= 0) {
    ::close(fd);
    return -1;
  }
  answer_start->assign(buf, static_cast<size_t>(n));
  return fd;
}

int ServerEndOf(int client) {
  sockaddr_in local{}, peer{};
  socklen_t len = sizeof(local);
  if (::getsockname(client, reinterpret_cast<sockaddr*>(&local), &len) != 0) return -1;
  DIR* fds = ::opendir("/proc/self/fd");
  if (fds == nullptr) return -1;
  int found = -1;
  while (dirent* e = ::readdir(fds)) {
    const int fd = std::atoi(e->d_name);
    len = sizeof(peer);
    if (fd == client || ::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &len) != 0 ||
        len != sizeof(peer) || peer.sin_family != AF_INET) {
      continue;
    }
    if (peer.sin_port == local.sin_port && peer.sin_addr.s_addr == local.sin_addr.s_addr) {
      found = fd;
      break;
    }
  }
  ::closedir(fds);
  return found;
}

bool NagleIsOff(int fd) {
  int on = 0;
  socklen_t len = sizeof(on);
  return ::getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, &len) == 0 && on != 0;
}

}  // namespace testing_util
