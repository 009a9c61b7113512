#include "services/server/metrics_http.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "httplib.h"

namespace budget {

absl::StatusOr<std::unique_ptr<MetricsHttp>> MetricsHttp::Start(const std::string& listen,
                                                                const Metrics* metrics) {
  const size_t colon = listen.rfind(':');
  int port = -1;
  if (colon == std::string::npos || !absl::SimpleAtoi(listen.substr(colon + 1), &port) ||
      port < 0 || port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("--metrics_listen must be host:port, got \"", listen, "\""));
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  std::unique_ptr<MetricsHttp> m(new MetricsHttp());
  m->server_ = std::make_unique<httplib::Server>();
  m->server_->Get("/metrics", [metrics](const httplib::Request&, httplib::Response& res) {
    res.set_content(metrics->Render(), "text/plain; version=0.0.4");
  });
  m->server_->Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok\n", "text/plain");
  });
  m->port_ = port == 0 ? m->server_->bind_to_any_port(host)
                       : (m->server_->bind_to_port(host, port) ? port : -1);
  if (m->port_ <= 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot listen for metrics on ", listen, " (is the port in use?)"));
  }
  m->thread_ = std::thread([raw = m->server_.get()] { raw->listen_after_bind(); });
  // stop() before the accept loop runs is lost (the loop would then run
  // forever), so wait for it to run before handing the server out.
  for (int i = 0; !m->server_->is_running(); ++i) {
    if (i == 5000) return absl::InternalError("the metrics server did not start");
    absl::SleepFor(absl::Milliseconds(1));
  }
  return m;
}

MetricsHttp::~MetricsHttp() {
  if (server_ != nullptr) server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace budget
