// How budgetd's HTTP ports listen (services/http/listener.h): a port stays
// one server's, and connections wait in the accept queue, not in the
// clients' SYN retransmissions, while the accept loop is busy.
#include "services/http/listener.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "tests/testing/sockets.h"

namespace budget::http {
namespace {

using ::testing::HasSubstr;

// A server answering GET /who with `name`, and its accept loop's thread.
struct NamedServer {
  explicit NamedServer(std::string name) {
    server.Get("/who", [name](const httplib::Request&, httplib::Response& res) {
      res.set_content(name, "text/plain");
    });
  }
  ~NamedServer() {
    server.stop();
    if (thread.joinable()) thread.join();
  }
  httplib::Server server;
  std::thread thread;
};

TEST(ListenerTest, APortAnotherServerListensOnIsRefused) {
  NamedServer first("first");
  absl::StatusOr<int> port =
      Listen(first.server, {"127.0.0.1", 0}, "HTTP", "127.0.0.1:0", &first.thread);
  ASSERT_TRUE(port.ok()) << port.status();

  // cpp-httplib's own options (SO_REUSEPORT) let the second bind too, and
  // the kernel then split the connections between the two servers.
  NamedServer second("second");
  const std::string flag = "127.0.0.1:" + std::to_string(*port);
  absl::StatusOr<int> again =
      Listen(second.server, {"127.0.0.1", *port}, "HTTP", flag, &second.thread);
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(again.status().message(),
              HasSubstr("cannot listen for HTTP on " + flag + " (is the port in use?)"));

  for (int i = 0; i < 20; ++i) {
    httplib::Client client("127.0.0.1", *port);
    httplib::Result r = client.Get("/who");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "first");
  }
}

// Runs tasks on a small pool, but holds the first enqueue (the accept loop's
// thread, which calls it) until released.
class HeldQueue : public httplib::TaskQueue {
 public:
  HeldQueue(absl::Notification* held, absl::Notification* release)
      : held_(held), release_(release) {}
  void enqueue(std::function<void()> fn) override {
    if (!held_->HasBeenNotified()) {
      held_->Notify();
      release_->WaitForNotification();
    }
    pool_.enqueue(std::move(fn));
  }
  void shutdown() override { pool_.shutdown(); }

 private:
  absl::Notification* const held_;
  absl::Notification* const release_;
  httplib::ThreadPool pool_{4};
};

// With the library's backlog of 5, a burst of connections while the accept
// loop was busy (a loaded machine) dropped all but the first few SYNs, and
// each dropped client waited a second for its retransmission: the p99 of
// 0.8 s that wrk measured at 64 connections.
TEST(ListenerTest, ConnectionsQueueWhileTheAcceptLoopIsBusy) {
  absl::Notification held, release;
  NamedServer server("server");
  server.server.new_task_queue = [&] { return new HeldQueue(&held, &release); };
  absl::StatusOr<int> port =
      Listen(server.server, {"127.0.0.1", 0}, "HTTP", "127.0.0.1:0", &server.thread);
  ASSERT_TRUE(port.ok()) << port.status();

  // The first connection holds the accept loop.
  const int first = testing_util::ConnectLoopback(*port);
  ASSERT_GE(first, 0);
  ASSERT_TRUE(held.WaitForNotificationWithTimeout(absl::Seconds(10)));

  constexpr int kBurst = 200;
  std::vector<int> clients;
  for (int i = 0; i < kBurst; ++i) {
    const int fd = testing_util::StartConnectLoopback(*port);
    ASSERT_GE(fd, 0);
    clients.push_back(fd);
  }
  // A connection the kernel queued is writable at once; one whose SYN was
  // dropped stays in progress until its retransmission, a second later.
  int connected = 0;
  const absl::Time deadline = absl::Now() + absl::Milliseconds(500);
  for (int fd : clients) {
    pollfd p{fd, POLLOUT, 0};
    const int wait_ms =
        static_cast<int>(std::max<int64_t>(0, absl::ToInt64Milliseconds(deadline - absl::Now())));
    int error = 0;
    socklen_t len = sizeof(error);
    if (poll(&p, 1, wait_ms) == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) == 0 &&
        error == 0) {
      ++connected;
    }
  }
  EXPECT_EQ(connected, kBurst);

  release.Notify();
  for (int fd : clients) close(fd);
  close(first);
  httplib::Client client("127.0.0.1", *port);
  httplib::Result r = client.Get("/who");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "server");
}

}  // namespace
}  // namespace budget::http
