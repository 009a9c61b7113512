#include "tests/http/http_fixture.h"

#include "services/http/connect.h"

namespace budget::testing {

void HttpTest::StartHttp(ServerOptions o) {
  o.http_listen = "127.0.0.1:0";
  StartServer(o);
  ASSERT_GT(server_->http_port(), 0);
  UseHttpPort(server_->http_port());
}

void HttpTest::UseHttpPort(int port) {
  http_port_ = port;
  http_ = std::make_unique<httplib::Client>("127.0.0.1", port);
  http_->set_read_timeout(30, 0);
}

httplib::Result HttpTest::Post(const std::string& procedure, const std::string& body,
                               std::optional<v1::Role> role, const std::string& content_type,
                               httplib::Headers headers) {
  if (role.has_value()) headers.emplace("Authorization", "Bearer " + TokenFor(*role));
  return http_->Post(("/" + procedure).c_str(), headers, body, content_type.c_str());
}

HttpTest::StreamResult HttpTest::Stream(const std::string& procedure, const std::string& json,
                                        std::optional<v1::Role> role, httplib::Headers headers,
                                        std::function<bool(const Frame&)> on_frame) {
  if (role.has_value()) headers.emplace("Authorization", "Bearer " + TokenFor(*role));
  headers.emplace("Content-Type", "application/connect+json");
  StreamResult result;
  httplib::Request req;
  req.method = "POST";
  req.path = "/" + procedure;
  req.headers = headers;
  req.body = http::Envelope(0, json);
  std::string pending;
  req.response_handler = [&](const httplib::Response& res) {
    result.status = res.status;
    result.content_type = res.get_header_value("Content-Type");
    return true;
  };
  req.content_receiver = [&](const char* data, size_t n, uint64_t, uint64_t) {
    if (result.content_type != "application/connect+json") {
      result.body.append(data, n);
      return true;
    }
    pending.append(data, n);
    while (pending.size() >= 5) {
      uint32_t size = 0;
      for (int i = 1; i < 5; ++i) size = (size << 8) | static_cast<uint8_t>(pending[i]);
      if (pending.size() < 5 + size) break;
      Frame frame{static_cast<uint8_t>(pending[0]), pending.substr(5, size)};
      pending.erase(0, 5 + size);
      result.frames.push_back(frame);
      if (on_frame != nullptr && !on_frame(frame)) return false;
    }
    return true;
  };
  httplib::Client client("127.0.0.1", http_port_);
  client.set_read_timeout(30, 0);
  client.send(req);
  return result;
}

nlohmann::json HttpTest::Json(const httplib::Result& r) {
  if (!r) return nullptr;
  return nlohmann::json::parse(r->body, nullptr, /*allow_exceptions=*/false);
}

}  // namespace budget::testing
