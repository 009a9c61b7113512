#ifndef SERVICES_SERVER_SERVER_H_
#define SERVICES_SERVER_SERVER_H_

// budgetd assembled: the event store, the single writer, the gRPC services
// with health and reflection, and the clock ticker. budgetd's main and the
// in-process tests start exactly this.

#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "base/clock.h"
#include "base/ed25519.h"
#include "eventstore/event_store.h"
#include "grpcpp/server.h"
#include "services/api/api.h"
#include "services/api/audit_service.h"
#include "services/api/authenticator.h"
#include "services/api/services.h"
#include "services/api/sign_in_service.h"
#include "services/audit/head_publisher.h"
#include "services/auth/oidc_authenticator.h"
#include "services/core/command_processor.h"
#include "services/http/http_server.h"
#include "services/server/metrics_http.h"

namespace budget {

struct ServerOptions {
  std::string data_dir = "./data";
  // host:port; port 0 picks a free one (see Server::port()).
  std::string listen = "127.0.0.1:50051";
  // Without a token file the server refuses to start, unless this is set.
  bool insecure_dev = false;
  std::string token_file;
  // OpenID Connect access tokens (docs/operations.md), beside the token
  // file or instead of it; off while oidc.policy.issuer is empty. Tokens'
  // times are checked against oidc.clock (the real one), never the demo
  // clock.
  auth::OidcOptions oidc;
  // What SignInService.GetSignInConfig tells the web app to sign in with.
  std::string oidc_client_id;
  std::vector<std::string> oidc_scopes = {"openid", "profile"};
  // TLS: both or neither. With a client CA, clients must present a certificate.
  std::string tls_cert;
  std::string tls_key;
  std::string tls_client_ca;
  // Plaintext is allowed only on loopback unless this is set.
  bool allow_insecure_remote = false;
  // Not owned. Injected so tests can move time.
  base::Clock* clock = base::Clock::Real();
  // When set, the server runs on its own clock starting at this instant, and
  // AdminService.SetClock moves it forward (demonstrations, training rounds).
  // Overrides `clock`.
  std::optional<absl::Time> demo_clock_start;
  // How often time-caused events (the pool at the deadline) are checked; zero
  // disables the ticker (tests call Tick themselves).
  absl::Duration tick_interval = absl::Seconds(1);
  // The largest response, in bytes (pages stop short of it).
  int max_message_bytes = 4 << 20;
  // The largest request, in bytes: what the largest valid request needs
  // (RecordReading with 200 amendments whose 2,000-character descriptions are
  // all 4-byte UTF-8, about 1.7 MB) and a little more. A larger request is
  // refused with RESOURCE_EXHAUSTED as it arrives, before it is buffered
  // whole, authenticated or decided.
  int max_request_bytes = 2 << 20;
  // gRPC's memory quota for the whole server (connection and message
  // buffers): under pressure gRPC shrinks buffers and refuses new streams
  // rather than growing the process.
  int64_t grpc_memory_bytes = int64_t{256} << 20;
  // Prometheus metrics over HTTP on host:port (port 0 picks one); empty
  // disables them.
  std::string metrics_listen = "127.0.0.1:9464";
  // The Connect protocol (HTTP/1.1, docs/http.md) on host:port (port 0 picks
  // one), with the TLS options above; empty turns it off.
  std::string http_listen;
  // Browser origins allowed to call the HTTP API cross-origin (exact).
  std::vector<std::string> http_cors_origins;
  // The web app's files (docs/web.md), served on the HTTP port; empty: none.
  std::string web_root;
  // Calls slower than this are logged.
  absl::Duration slow_call = absl::Seconds(1);
  // Snapshot every this many events (0 disables; see CommandProcessor).
  uint64_t snapshot_interval = 10'000;
  // Buffers, stall deadline and caps of the live feeds and exports.
  StreamLimits streams;
  // The Ed25519 private key (PEM) that signs tree heads (docs/audit.md).
  // When the file does not exist the server generates a key there and writes
  // its public key beside it (<file>.pub). Empty: heads are not signed and
  // GetSignedTreeHead is FAILED_PRECONDITION.
  std::string signing_key;
  // Where and how often signed heads are published; no file: not published.
  HeadPublishing heads;
  // RocksDB environment for the store; tests inject faults with it. Not owned.
  rocksdb::Env* env = nullptr;
};

// Thread safety: Shutdown and Wait may be called from any thread.
class Server {
 public:
  // Validates the options, opens the store, replays the log, listens.
  // InvalidArgument for a bad configuration; FailedPrecondition when the data
  // directory is in use or the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<Server>> Start(const ServerOptions& options);
  // Shutdown() if still running.
  ~Server();

  // The bound port.
  int port() const { return port_; }
  // Stops accepting calls, lets in-flight calls finish (up to `grace`),
  // answers every queued command, then closes the store. Idempotent.
  void Shutdown(absl::Duration grace = absl::Seconds(10));
  // Blocks until Shutdown has run.
  void Wait();

  // The bound metrics port, 0 when metrics are off.
  int metrics_port() const { return metrics_http_ == nullptr ? 0 : metrics_http_->port(); }
  const Metrics& metrics() const { return metrics_; }
  // The bound HTTP (Connect) port, 0 when HTTP is off.
  int http_port() const { return http_ == nullptr ? 0 : http_->port(); }

  // Re-reads the token file and the OpenID Connect mapping and JWKS files
  // (SIGHUP); each that fails to load keeps what it had, and the first
  // error is returned.
  absl::Status ReloadCredentials();

  CommandProcessor* processor() const { return processor_.get(); }
  // Serves the live feeds.
  FeedHub* feeds() const { return feeds_.get(); }
  eventstore::EventStore* store() const { return store_.get(); }

  // What start-up verification found of the hash chain: the events from the
  // newest checkpoint to the head are verified before the server listens,
  // the whole chain in the background after. A break stops writes.
  enum class ChainState { kVerifying = 0, kIntact = 1, kBroken = -1 };
  ChainState chain_state() const;
  // Blocks until the background verification has ended.
  void WaitForChainVerification();

 private:
  explicit Server(const ServerOptions& options) : options_(options) {}
  absl::Status Init();
  // Sets authenticator_ (and tokens_, oidc_) from the options.
  absl::Status InitAuthentication();
  // What GetSignInConfig answers; after InitAuthentication.
  v1::SignInConfig SignInConfig() const;

  // Loads (or creates) the signing key, and starts publishing heads when
  // asked to; after store_.
  absl::Status InitTreeHeads();
  void RegisterGauges();
  // Records a verification of positions [from, head]; `whole` when from is 1.
  // A break stops writes, marks the server not serving and is logged with
  // where it is.
  void RecordChain(const eventstore::VerifyReport& report, uint64_t from, absl::Duration took);
  // Serves the Connect protocol when options_.http_listen is set; after grpc_.
  absl::Status StartHttp();

  const ServerOptions options_;
  Metrics metrics_;
  std::unique_ptr<eventstore::EventStore> store_;
  std::unique_ptr<CommandProcessor> processor_;
  std::unique_ptr<TokenAuthenticator> tokens_;     // with a token file
  std::unique_ptr<auth::OidcAuthenticator> oidc_;  // with an issuer
  std::unique_ptr<Authenticator> authenticator_;   // uses the two above
  std::unique_ptr<Api> api_;
  std::unique_ptr<FeedHub> feeds_;
  // Every unary RPC but the audit and sign-in services'.
  std::unique_ptr<UnaryAdapter> unary_;
  std::optional<base::SigningKey> signing_key_;
  std::unique_ptr<TreeHeads> tree_heads_;
  std::unique_ptr<HeadPublisher> head_publisher_;
  std::unique_ptr<AuditServiceImpl> audit_service_;
  std::unique_ptr<SignInServiceImpl> sign_in_service_;
  std::unique_ptr<base::ManualClock> demo_clock_;
  base::Clock* clock_ = nullptr;  // options_.clock or demo_clock_
  std::unique_ptr<grpc::Server> grpc_;
  std::unique_ptr<MetricsHttp> metrics_http_;
  std::unique_ptr<http::HttpServer> http_;
  int port_ = 0;
  std::thread ticker_;
  std::thread chain_verifier_;
  mutable base::Mutex chain_mu_;
  ChainState chain_state_ ABSL_GUARDED_BY(chain_mu_) = ChainState::kVerifying;
  uint64_t chain_first_bad_ ABSL_GUARDED_BY(chain_mu_) = 0;
  base::Notification stop_ticker_;
  base::Mutex shutdown_mu_;
  bool shut_down_ ABSL_GUARDED_BY(shutdown_mu_) = false;
  base::Notification done_;
};

}  // namespace budget

#endif  // SERVICES_SERVER_SERVER_H_
