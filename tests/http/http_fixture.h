#ifndef TESTS_HTTP_HTTP_FIXTURE_H_
#define TESTS_HTTP_HTTP_FIXTURE_H_

// A real budgetd (in this process) serving both gRPC and the Connect
// protocol on free loopback ports, and an HTTP client for the latter.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "httplib.h"
#include "nlohmann/json.hpp"
#include "tests/api/server_fixture.h"

namespace budget::testing {

class HttpTest : public ServerTest {
 public:
  // One enveloped message of a streaming response.
  struct Frame {
    uint8_t flags = 0;
    std::string payload;
  };
  struct StreamResult {
    int status = 0;  // 0: no answer
    std::string content_type;
    std::vector<Frame> frames;
    std::string body;  // when the answer is not a stream
  };

 protected:
  // Starts the server with HTTP on a free port (and `o`'s other settings).
  void StartHttp(ServerOptions o = {});
  void SetUp() override { StartHttp(); }

  // POSTs `body` to /<procedure> ("budget.v1.RoundService/GetRound") as
  // `role` (none: no Authorization header).
  httplib::Result Post(const std::string& procedure, const std::string& body,
                       std::optional<v1::Role> role,
                       const std::string& content_type = "application/json",
                       httplib::Headers headers = {});
  // POSTs `json` as one application/connect+json envelope to the streaming
  // `procedure`; `on_frame` sees each frame as it arrives and returns false
  // to hang up.
  StreamResult Stream(const std::string& procedure, const std::string& json,
                      std::optional<v1::Role> role, httplib::Headers headers = {},
                      std::function<bool(const Frame&)> on_frame = nullptr);
  // The parsed JSON body of a response (null when it is not JSON).
  static nlohmann::json Json(const httplib::Result& r);

  // Points http_ and Stream at another HTTP port.
  void UseHttpPort(int port);

  std::unique_ptr<httplib::Client> http_;
  int http_port_ = 0;
};

}  // namespace budget::testing

#endif  // TESTS_HTTP_HTTP_FIXTURE_H_
