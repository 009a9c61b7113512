#include "services/server/metrics_http.h"

#include "base/host_port.h"
#include "httplib.h"
#include "services/common/log.h"
#include "services/http/listener.h"

namespace budget {
namespace {

// A scraper sends its request as soon as it connects and reads the answer
// at once; a connection that says nothing for this long is closed. Each open
// connection holds a worker thread, so with the library's defaults (5 s)
// twenty idle connections kept /healthz waiting for ten seconds.
constexpr time_t kReadTimeoutSeconds = 1;
constexpr time_t kWriteTimeoutSeconds = 2;
constexpr time_t kKeepAliveSeconds = 1;
// Workers: a connection that sends nothing holds one for the keep-alive
// wait plus the read timeout (2 s); 32 of them keep a scraper and a health
// checker answered beside a few dozen stray connections.
constexpr size_t kWorkers = 32;

}  // namespace

absl::StatusOr<std::unique_ptr<MetricsHttp>> MetricsHttp::Start(const std::string& listen,
                                                                const Metrics* metrics) {
  absl::StatusOr<base::HostPort> address = base::ParseHostPort(listen, "--metrics_listen");
  if (!address.ok()) return address.status();
  std::unique_ptr<MetricsHttp> m(new MetricsHttp());
  m->server_ = std::make_unique<httplib::Server>();
  m->server_->new_task_queue = [] { return new httplib::ThreadPool(kWorkers); };
  m->server_->set_read_timeout(kReadTimeoutSeconds);
  m->server_->set_write_timeout(kWriteTimeoutSeconds);
  m->server_->set_keep_alive_timeout(kKeepAliveSeconds);
  // An answer is written as headers, then body; with Nagle's algorithm on
  // the body waited for the scraper's delayed ACK (40 ms).
  m->server_->set_tcp_nodelay(true);
  m->server_->Get("/metrics", [metrics](const httplib::Request&, httplib::Response& res) {
    res.set_content(metrics->Render(), "text/plain; version=0.0.4");
  });
  m->server_->Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok\n", "text/plain");
  });
  absl::StatusOr<int> bound = http::Listen(*m->server_, *address, "metrics", listen, &m->thread_);
  if (!bound.ok()) return bound.status();
  m->port_ = *bound;
  if (!base::IsLoopbackHost(address->host)) {
    // The metrics name no secrets, but they show activity (calls per method,
    // refusals, the log's size) to whoever can reach the port, unauthenticated.
    log::Warning("metrics_beyond_loopback",
                 {{"listen", listen},
                  {"advice", "metrics have no authentication; bind to 127.0.0.1 or firewall it"}});
  }
  return m;
}

MetricsHttp::~MetricsHttp() {
  if (server_ != nullptr) server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace budget
