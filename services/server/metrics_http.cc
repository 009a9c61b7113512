#include "services/server/metrics_http.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "base/host_port.h"
#include "httplib.h"
#include "services/common/log.h"

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
  const auto& [host, port] = *address;
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
  m->port_ = port == 0 ? m->server_->bind_to_any_port(host)
                       : (m->server_->bind_to_port(host, port) ? port : -1);
  if (m->port_ <= 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot listen for metrics on ", listen, " (is the port in use?)"));
  }
  if (!base::IsLoopbackHost(host)) {
    // The metrics name no secrets, but they show activity (calls per method,
    // refusals, the log's size) to whoever can reach the port, unauthenticated.
    log::Warning("metrics_beyond_loopback",
                 {{"listen", listen},
                  {"advice", "metrics have no authentication; bind to 127.0.0.1 or firewall it"}});
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
