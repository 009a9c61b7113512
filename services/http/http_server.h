#ifndef SERVICES_HTTP_HTTP_SERVER_H_
#define SERVICES_HTTP_HTTP_SERVER_H_

// budgetd's HTTP/1.1 face: the Connect protocol for every budget.v1 RPC
// (docs/http.md), and static files for the web app.
//
// Every call is forwarded, as bytes, over a gRPC channel (in budgetd the
// server's in-process channel), so authentication, authorization,
// validation, idempotency, metrics and logs are exactly a gRPC call's. The
// method is found by name in the generated descriptor pool: a new RPC in a
// .proto is served here with no HTTP-specific code.

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "services/common/metrics.h"
#include "services/http/connect.h"
#include "services/http/static_files.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace budget::http {

struct HttpOptions {
  // host:port; port 0 picks a free one (see HttpServer::port()).
  std::string listen = "127.0.0.1:8080";
  // Browser origins (scheme://host[:port]) allowed to call cross-origin,
  // matched exactly; empty: no CORS headers at all.
  std::vector<std::string> cors_origins;
  // The web app's files, served for GETs that name no procedure (see
  // StaticFiles); empty: none.
  std::string web_root;
  // Origins besides this one the web app may call (the OpenID Connect
  // issuer), for its Content-Security-Policy.
  std::vector<std::string> web_connect_origins;
  // HTTPS with this PEM certificate chain and key (both or neither); with a
  // client CA, clients must present a certificate that chains to it.
  std::string tls_cert;
  std::string tls_key;
  std::string tls_client_ca;
  // The largest request body; larger ones get 413.
  size_t max_body_bytes = 4 << 20;
  // Each read of a request (headers or body) must make progress within
  // this long, or the connection is answered 400/408 and closed.
  absl::Duration read_timeout = absl::Seconds(10);
  // Open server streams at most; one more gets resource_exhausted (429).
  int max_streams = 64;
  // Threads for unary calls and static files (streams have their own).
  int threads = 16;
};

// Thread safety: port() and active_streams() may be called from any thread.
class HttpServer {
 public:
  // Listens on options.listen and forwards calls to `channel`, counting
  // them in `metrics` (not owned; may be null; must outlive this).
  // InvalidArgument for a bad listen address, CORS origin or TLS files, or a
  // web root without index.html; FailedPrecondition
  // when the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<HttpServer>> Start(const HttpOptions& options,
                                                           std::shared_ptr<grpc::Channel> channel,
                                                           Metrics* metrics);
  // Stops listening, cancels open streams and waits for every call to end.
  ~HttpServer();

  int port() const { return port_; }
  int active_streams() const { return streams_.load(); }

  // A call's message as it came: its codec and bytes (a GET's from the query).
  struct Request {
    Codec codec = Codec::kJson;
    std::string body;
  };

 private:
  HttpServer(const HttpOptions& options, std::shared_ptr<grpc::Channel> channel, Metrics* metrics);
  void Route();
  // POST /budget.v1.<Service>/<Method> and its GET form.
  void HandleRpc(const httplib::Request& req, httplib::Response& res, bool get);
  void ServeStream(const httplib::Request& req, httplib::Response& res,
                   const google::protobuf::MethodDescriptor& method, Request request,
                   std::unique_ptr<grpc::ClientContext> ctx);
  void ServeUnary(const httplib::Request& req, httplib::Response& res,
                  const google::protobuf::MethodDescriptor& method, const Request& request,
                  std::unique_ptr<grpc::ClientContext> ctx, bool get);
  // True when the request's Origin is one of options_.cors_origins.
  bool CorsAllowed(const httplib::Request& req) const;
  void Count(const std::string& procedure, grpc::StatusCode code);

  const HttpOptions options_;
  const std::shared_ptr<grpc::Channel> channel_;
  Metrics* const metrics_;
  std::unique_ptr<StaticFiles> static_;  // with a web root
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<int> streams_{0};
  // Set when stopping: open streams cancel their calls and end.
  std::atomic<bool> stopping_{false};
};

}  // namespace budget::http

#endif  // SERVICES_HTTP_HTTP_SERVER_H_
