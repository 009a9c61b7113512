#include "base/host_port.h"

#include "gmock/gmock.h"

namespace base {
namespace {

using ::testing::HasSubstr;

TEST(HostPortTest, SplitsHostAndPort) {
  absl::StatusOr<HostPort> a = ParseHostPort("127.0.0.1:8080", "--http_listen");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 8080);
  a = ParseHostPort("[::1]:0", "--http_listen");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->host, "::1");
  EXPECT_EQ(a->port, 0);
  a = ParseHostPort("0.0.0.0:65535", "--http_listen");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->host, "0.0.0.0");
}

TEST(HostPortTest, RefusesWhatIsNotHostPort) {
  for (const char* bad : {"", "127.0.0.1", "127.0.0.1:", "127.0.0.1:x", "127.0.0.1:-1",
                          "127.0.0.1:65536", "::1:8080", "[::1:8080", "::1]:8080", "a:1,b:2:3"}) {
    absl::StatusOr<HostPort> a = ParseHostPort(bad, "--metrics_listen");
    ASSERT_FALSE(a.ok()) << bad;
    EXPECT_THAT(a.status().message(), HasSubstr("--metrics_listen must be host:port")) << bad;
  }
}

TEST(HostPortTest, LoopbackHosts) {
  for (const char* host : {"localhost", "LocalHost", "127.0.0.1", "127.1.2.3", "::1", "[::1]"}) {
    EXPECT_TRUE(IsLoopbackHost(host)) << host;
  }
  for (const char* host : {"", "0.0.0.0", "128.0.0.1", "10.0.0.1", "127.example.com",
                           "localhost.example.com", "::2", "[::1", "::ffff:10.0.0.1"}) {
    EXPECT_FALSE(IsLoopbackHost(host)) << host;
  }
}

}  // namespace
}  // namespace base
