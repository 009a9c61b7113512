#ifndef TESTS_TESTING_SOCKETS_H_
#define TESTS_TESTING_SOCKETS_H_

#include <string>

namespace testing_util {

// A TCP connection to 127.0.0.1:`port`, or -1. The caller closes it.
int ConnectLoopback(int port);

// A non-blocking TCP socket whose connection to 127.0.0.1:`port` has been
// started and may still be in progress, or -1. The caller closes it.
int StartConnectLoopback(int port);

// Connects to 127.0.0.1:`port`, sends `request` whole and reads the first
// bytes of the answer into `*answer_start`: after it the server has accepted
// the connection and is serving it. Returns the connection, or -1.
int Exchange(int port, const std::string& request, std::string* answer_start);

// The server's end of `client`, a connection whose two ends are both in this
// process (a server under test on loopback), or -1.
int ServerEndOf(int client);

// Whether Nagle's algorithm is off (TCP_NODELAY) on socket `fd`.
bool NagleIsOff(int fd);

}  // namespace testing_util

#endif  // TESTS_TESTING_SOCKETS_H_
