#include "tests/http/http_fixture.h"

namespace budget::testing {

void HttpTest::StartHttp(ServerOptions o) {
  o.http_listen = "127.0.0.1:0";
  StartServer(o);
  ASSERT_GT(server_->http_port(), 0);
  http_ = std::make_unique<httplib::Client>("127.0.0.1", server_->http_port());
  http_->set_read_timeout(30, 0);
}

httplib::Result HttpTest::Post(const std::string& procedure, const std::string& body,
                               std::optional<v1::Role> role, const std::string& content_type,
                               httplib::Headers headers) {
  if (role.has_value()) headers.emplace("Authorization", "Bearer " + TokenFor(*role));
  return http_->Post(("/" + procedure).c_str(), headers, body, content_type.c_str());
}

nlohmann::json HttpTest::Json(const httplib::Result& r) {
  if (!r) return nullptr;
  return nlohmann::json::parse(r->body, nullptr, /*allow_exceptions=*/false);
}

}  // namespace budget::testing
