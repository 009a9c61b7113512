#ifndef SERVICES_SERVER_METRICS_HTTP_H_
#define SERVICES_SERVER_METRICS_HTTP_H_

// The Prometheus scrape endpoint: GET /metrics (text format 0.0.4) and
// GET /healthz, on a plain HTTP port of its own (cpp-httplib).

#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "services/common/metrics.h"

namespace httplib {
class Server;
}

namespace budget {

class MetricsHttp {
 public:
  // Listens on `listen` ("host:port", port 0 picks one) and serves `metrics`
  // (not owned; must outlive this). FailedPrecondition when it cannot bind.
  static absl::StatusOr<std::unique_ptr<MetricsHttp>> Start(const std::string& listen,
                                                            const Metrics* metrics);
  ~MetricsHttp();

  int port() const { return port_; }

 private:
  MetricsHttp() = default;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace budget

#endif  // SERVICES_SERVER_METRICS_HTTP_H_
