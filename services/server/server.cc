#include "services/server/server.h"

#include <filesystem>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/file.h"
#include "base/host_port.h"
#include "base/thread_name.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/resource_quota.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "services/common/log.h"
#include "services/domain/registry.h"
#include "services/domain/templates.h"

namespace budget {
namespace {

// A Unix socket or a host:port on this machine only.
bool IsLoopback(absl::string_view listen) {
  if (absl::StartsWith(listen, "unix:")) return true;
  absl::StatusOr<base::HostPort> address = base::ParseHostPort(listen, "the address");
  return address.ok() && base::IsLoopbackHost(address->host);
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials(const ServerOptions& o) {
  if (o.tls_cert.empty() != o.tls_key.empty()) {
    return absl::InvalidArgumentError("--tls_cert and --tls_key must be given together");
  }
  if (o.tls_cert.empty()) {
    if (!o.tls_client_ca.empty()) {
      return absl::InvalidArgumentError("--tls_client_ca needs --tls_cert and --tls_key");
    }
    if (!IsLoopback(o.listen) && !o.allow_insecure_remote) {
      return absl::InvalidArgumentError(absl::StrCat(
          "refusing plaintext on the non-loopback address ", o.listen,
          ": give --tls_cert/--tls_key, or --allow_insecure_remote if a proxy terminates TLS"));
    }
    return grpc::InsecureServerCredentials();
  }
  grpc::SslServerCredentialsOptions ssl;
  absl::StatusOr<std::string> cert = base::ReadFile(o.tls_cert, "TLS certificate");
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> key = base::ReadFile(o.tls_key, "TLS key");
  if (!key.ok()) return key.status();
  ssl.pem_key_cert_pairs.push_back({*key, *cert});
  if (!o.tls_client_ca.empty()) {
    absl::StatusOr<std::string> ca = base::ReadFile(o.tls_client_ca, "TLS client CA");
    if (!ca.ok()) return ca.status();
    ssl.pem_root_certs = *ca;
    ssl.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(ssl);
}

absl::Status PrepareDataDir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot create the data directory ", dir, ": ", ec.message()));
  }
  std::string probe = dir + "/.write-test";
  {
    std::ofstream out(probe);
    if (!out || !(out << "x") || !out.flush()) {
      return absl::InvalidArgumentError(
          absl::StrCat("the data directory ", dir, " is not writable"));
    }
  }
  std::filesystem::remove(probe, ec);
  return absl::OkStatus();
}

}  // namespace

absl::Status Server::InitAuthentication() {
  if (options_.insecure_dev) {
    if (!IsLoopback(options_.listen)) {
      return absl::InvalidArgumentError("--insecure-dev is only allowed on a loopback address");
    }
    authenticator_ = std::make_unique<DevAuthenticator>();
    return absl::OkStatus();
  }
  if (options_.token_file.empty() && options_.oidc.policy.issuer.empty()) {
    return absl::InvalidArgumentError(
        "no --token_file and no --oidc_issuer: refusing to start where anyone could act as anyone "
        "(give --insecure-dev for a local development server)");
  }
  if (!options_.token_file.empty()) {
    absl::StatusOr<std::vector<TokenEntry>> entries = LoadTokenFile(options_.token_file);
    if (!entries.ok()) return absl::InvalidArgumentError(entries.status().message());
    tokens_ = std::make_unique<TokenAuthenticator>(std::move(*entries));
  }
  if (!options_.oidc.policy.issuer.empty()) {
    absl::StatusOr<std::unique_ptr<auth::OidcAuthenticator>> oidc =
        auth::OidcAuthenticator::Create(options_.oidc);
    if (!oidc.ok()) return oidc.status();
    oidc_ = std::move(*oidc);
  }
  authenticator_ = std::make_unique<auth::BearerAuthenticator>(tokens_.get(), oidc_.get());
  return absl::OkStatus();
}

v1::SignInConfig Server::SignInConfig() const {
  v1::SignInConfig config;
  config.set_bearer_tokens(tokens_ != nullptr);
  config.set_insecure_dev(options_.insecure_dev);
  if (oidc_ != nullptr) {
    v1::OidcSignIn* oidc = config.mutable_oidc();
    oidc->set_issuer(options_.oidc.policy.issuer);
    oidc->set_client_id(options_.oidc_client_id);
    for (const std::string& scope : options_.oidc_scopes) oidc->add_scopes(scope);
    oidc->set_audience(options_.oidc.policy.audience);
  }
  return config;
}

absl::StatusOr<std::unique_ptr<Server>> Server::Start(const ServerOptions& options) {
  std::unique_ptr<Server> server(new Server(options));
  if (absl::Status s = server->Init(); !s.ok()) return s;
  return server;
}

absl::Status Server::Init() {
  // A build whose command registry misses a case would refuse (or drop)
  // those commands at run time; it does not start at all.
  if (absl::Status s = VerifyRegistry(); !s.ok()) return s;
  if (absl::Status s = VerifyPermissions(); !s.ok()) return s;
  // Template milestones are planned in Danish local time: a server without
  // the zone would only find out at the first CreateRound.
  if (absl::Status s = DanishTimeZone().status(); !s.ok()) return s;
  // Configuration first, so a bad one is refused before anything is touched.
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> creds = Credentials(options_);
  if (!creds.ok()) return creds.status();
  if (absl::Status s = InitAuthentication(); !s.ok()) return s;
  if (absl::Status s = PrepareDataDir(options_.data_dir); !s.ok()) return s;
  clock_ = options_.clock;
  if (options_.demo_clock_start.has_value()) {
    demo_clock_ = std::make_unique<base::ManualClock>(*options_.demo_clock_start);
    clock_ = demo_clock_.get();
  }

  const absl::Time start = absl::Now();
  eventstore::Options store_options;
  store_options.clock = clock_;
  store_options.env = options_.env;
  // Resolved once: every group commit observes all three.
  HistogramCell* requests =
      &metrics_.Histogram("budget_group_commit_requests", "Requests per group commit.",
                          {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024});
  HistogramCell* events =
      &metrics_.Histogram("budget_group_commit_events", "Events per group commit.",
                          {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096});
  HistogramCell* sync =
      &metrics_.Histogram("budget_wal_sync_seconds", "Time of each synced group-commit write.",
                          Metrics::LatencyBuckets());
  store_options.on_commit = [requests, events, sync](const eventstore::CommitInfo& c) {
    requests->Observe(static_cast<double>(c.requests));
    events->Observe(static_cast<double>(c.events));
    sync->Observe(absl::ToDoubleSeconds(c.sync_time));
  };
  absl::StatusOr<std::unique_ptr<eventstore::EventStore>> store =
      eventstore::EventStore::Open(options_.data_dir, store_options);
  if (!store.ok()) return store.status();
  store_ = std::move(*store);
  CommandProcessor::Options processor_options;
  processor_options.clock = clock_;
  processor_options.metrics = &metrics_;
  processor_options.snapshot_interval = options_.snapshot_interval;
  absl::StatusOr<std::unique_ptr<CommandProcessor>> processor =
      CommandProcessor::Start(store_.get(), processor_options);
  if (!processor.ok()) return processor.status();
  processor_ = std::move(*processor);
  log::Info("replayed", {{"events", absl::StrCat(processor_->replayed_at_start())},
                         {"head", absl::StrCat(store_->head().position)},
                         {"from_snapshot",
                          absl::StrCat(store_->head().position - processor_->replayed_at_start())},
                         {"ms", absl::StrCat(absl::ToInt64Milliseconds(absl::Now() - start))}});

  // Start-up replayed the events after the newest checkpoint and took the
  // rest from it on trust: verify that tail before serving anything.
  const uint64_t verify_from = std::max<uint64_t>(processor_->last_snapshot_position(), 1);
  {
    const absl::Time t = absl::Now();
    RecordChain(store_->VerifyChain(verify_from), verify_from, absl::Now() - t);
  }

  api_ = std::make_unique<Api>(processor_.get(), authenticator_.get(),
                               Api::Options{.metrics = &metrics_, .slow_call = options_.slow_call});
  unary_ = std::make_unique<UnaryAdapter>(api_.get(), demo_clock_.get());
  if (absl::Status s = unary_->Verify(); !s.ok()) return s;
  feeds_ = std::make_unique<FeedHub>(store_.get(), options_.streams);
  if (absl::Status s = InitTreeHeads(); !s.ok()) return s;
  audit_service_ = std::make_unique<AuditServiceImpl>(api_.get(), feeds_.get(), tree_heads_.get());
  sign_in_service_ = std::make_unique<SignInServiceImpl>(api_.get(), SignInConfig());

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  grpc::ResourceQuota quota("budgetd");
  quota.Resize(static_cast<size_t>(options_.grpc_memory_bytes));
  builder.SetResourceQuota(quota);
  builder.AddListeningPort(options_.listen, *creds, &port_);
  // Without SO_REUSEPORT a second server on the same port fails to start
  // instead of silently sharing the port's connections.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.SetMaxReceiveMessageSize(options_.max_request_bytes);
  builder.SetMaxSendMessageSize(options_.max_message_bytes);
  for (grpc::Service* service : unary_->services()) builder.RegisterService(service);
  builder.RegisterService(audit_service_.get());
  builder.RegisterService(sign_in_service_.get());
  grpc_ = builder.BuildAndStart();
  if (grpc_ == nullptr || port_ == 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot listen on ", options_.listen, " (is the port in use?)"));
  }
  RegisterGauges();
  if (chain_state() == ChainState::kBroken) {
    grpc_->GetHealthCheckService()->SetServingStatus(false);
  } else if (verify_from > 1) {
    // The rest of the chain, while the server already serves.
    chain_verifier_ = std::thread([this] {
      base::NameThisThread("chain-verifier");
      const absl::Time t = absl::Now();
      RecordChain(store_->VerifyChain(1), 1, absl::Now() - t);
    });
  }
  if (absl::Status s = StartHttp(); !s.ok()) return s;
  if (!options_.metrics_listen.empty()) {
    absl::StatusOr<std::unique_ptr<MetricsHttp>> http =
        MetricsHttp::Start(options_.metrics_listen, &metrics_);
    if (!http.ok()) return http.status();
    metrics_http_ = std::move(*http);
  }
  if (options_.tick_interval > absl::ZeroDuration()) {
    ticker_ = std::thread([this] {
      base::NameThisThread("ticker");
      while (!stop_ticker_.WaitForNotificationWithTimeout(options_.tick_interval)) {
        if (absl::Status s = processor_->Tick(); !s.ok()) {
          log::Warning("tick_failed", {{"status", s.ToString()}});
        }
      }
    });
  }
  return absl::OkStatus();
}

absl::Status Server::InitTreeHeads() {
  if (!options_.signing_key.empty()) {
    bool created = false;
    absl::StatusOr<base::SigningKey> key =
        base::SigningKey::LoadOrCreate(options_.signing_key, &created);
    if (!key.ok()) return key.status();
    signing_key_ = *std::move(key);
    const std::string key_id = base::KeyId(signing_key_->public_key());
    if (created) {
      log::Info("signing_key_created", {{"file", options_.signing_key},
                                        {"public_key", base::PublicKeyPath(options_.signing_key)},
                                        {"key_id", key_id}});
    } else {
      log::Info("signing_key", {{"file", options_.signing_key}, {"key_id", key_id}});
    }
  }
  // Heads carry the real time even on a demonstration's clock.
  tree_heads_ = std::make_unique<TreeHeads>(
      store_.get(), signing_key_.has_value() ? &*signing_key_ : nullptr, options_.clock);
  if (options_.heads.file.empty()) return absl::OkStatus();
  absl::StatusOr<std::unique_ptr<HeadPublisher>> publisher =
      HeadPublisher::Start(store_.get(), tree_heads_.get(), options_.heads);
  if (!publisher.ok()) return publisher.status();
  head_publisher_ = std::move(*publisher);
  return absl::OkStatus();
}

void Server::RecordChain(const eventstore::VerifyReport& report, uint64_t from,
                         absl::Duration took) {
  if (!report.ok) {
    const std::string where =
        absl::StrCat("the hash chain is broken at position ", report.first_bad_position, ": ",
                     report.problem, "; compare with a backup or an export (budget-verify)");
    store_->RefuseWrites(where);
    {
      base::MutexLock lock(&chain_mu_);
      chain_state_ = ChainState::kBroken;
      chain_first_bad_ = report.first_bad_position;
    }
    log::Error("chain_broken", {{"position", absl::StrCat(report.first_bad_position)},
                                {"problem", report.problem},
                                {"action", "writes refused until the log is restored"}});
    if (grpc_ != nullptr) grpc_->GetHealthCheckService()->SetServingStatus(false);
    return;
  }
  log::Info("chain_verified", {{"from", absl::StrCat(from)},
                               {"to", absl::StrCat(report.last_position)},
                               {"events", absl::StrCat(report.checked)},
                               {"ms", absl::StrCat(absl::ToInt64Milliseconds(took))}});
  if (from == 1) {
    base::MutexLock lock(&chain_mu_);
    chain_state_ = ChainState::kIntact;
  }
}

Server::ChainState Server::chain_state() const {
  base::MutexLock lock(&chain_mu_);
  return chain_state_;
}

void Server::WaitForChainVerification() {
  if (chain_verifier_.joinable()) chain_verifier_.join();
}

absl::Status Server::StartHttp() {
  if (options_.http_listen.empty()) {
    if (options_.web_root.empty()) return absl::OkStatus();
    return absl::InvalidArgumentError("--web_root needs --http_listen (the port to serve it on)");
  }
  if (options_.tls_cert.empty() && !IsLoopback(options_.http_listen) &&
      !options_.allow_insecure_remote) {
    return absl::InvalidArgumentError(absl::StrCat(
        "refusing plaintext HTTP on the non-loopback address ", options_.http_listen,
        ": give --tls_cert/--tls_key, or --allow_insecure_remote if a proxy terminates TLS"));
  }
  http::HttpOptions o;
  o.listen = options_.http_listen;
  o.cors_origins = options_.http_cors_origins;
  o.web_root = options_.web_root;
  if (!options_.oidc.policy.issuer.empty()) {
    // The web app fetches tokens from the issuer: its origin is scheme://host[:port].
    const std::string& issuer = options_.oidc.policy.issuer;
    const size_t host = issuer.find("://");
    const size_t path = host == std::string::npos ? std::string::npos : issuer.find('/', host + 3);
    o.web_connect_origins.push_back(issuer.substr(0, path));
  }
  o.tls_cert = options_.tls_cert;
  o.tls_key = options_.tls_key;
  o.tls_client_ca = options_.tls_client_ca;
  o.max_body_bytes = static_cast<size_t>(options_.max_request_bytes);
  // Every HTTP call is a call on this channel: one path for both protocols.
  grpc::ChannelArguments args;
  // The channel is the client's side: it sends requests, receives answers.
  args.SetMaxSendMessageSize(options_.max_request_bytes);
  args.SetMaxReceiveMessageSize(options_.max_message_bytes);
  absl::StatusOr<std::unique_ptr<http::HttpServer>> http =
      http::HttpServer::Start(o, grpc_->InProcessChannel(args), &metrics_);
  if (!http.ok()) return http.status();
  http_ = std::move(*http);
  return absl::OkStatus();
}

void Server::RegisterGauges() {
  metrics_.Gauge("budget_chain_state",
                 "The hash chain as start-up verification found it: 1 intact, 0 still "
                 "verifying, -1 broken (writes are refused).",
                 [this] { return static_cast<double>(chain_state()); });
  metrics_.Gauge("budget_chain_first_bad_position",
                 "Where start-up verification found the chain broken; 0 when it did not.", [this] {
                   base::MutexLock lock(&chain_mu_);
                   return static_cast<double>(chain_first_bad_);
                 });
  metrics_.Gauge("budget_log_head_position", "The last durable log position.",
                 [this] { return static_cast<double>(store_->head().position); });
  metrics_.Gauge("budget_snapshot_age_events", "Events since the newest snapshot.", [this] {
    return static_cast<double>(store_->head().position - processor_->last_snapshot_position());
  });
  metrics_.Gauge("budget_snapshot_age_seconds",
                 "Seconds since this run wrote its newest snapshot; -1 before the first.", [this] {
                   const absl::Time t = processor_->last_snapshot_time();
                   return t == absl::InfinitePast() ? -1.0 : absl::ToDoubleSeconds(absl::Now() - t);
                 });
  metrics_.Gauge("budget_subscribers", "Live feeds (AuditService.Subscribe) open now.",
                 [this] { return static_cast<double>(feeds_->feeds()); });
  metrics_.Gauge("budget_subscriber_lag_events",
                 "Events the live feeds are behind the head, summed.",
                 [this] { return static_cast<double>(feeds_->lag()); });
  metrics_.Gauge("budget_stream_buffer_bytes",
                 "Bytes the live feeds hold that their clients have not taken.",
                 [this] { return static_cast<double>(feeds_->buffered_bytes()); });
}

Server::~Server() { Shutdown(); }

void Server::Shutdown(absl::Duration grace) {
  {
    base::MutexLock lock(&shutdown_mu_);
    if (shut_down_) return;
    shut_down_ = true;
  }
  if (ticker_.joinable()) {
    stop_ticker_.Notify();
    ticker_.join();
  }
  WaitForChainVerification();
  // In-flight mutations wait for the writer, so it keeps running until gRPC
  // has let every call finish; then it answers what is queued and stops.
  // HTTP first: its calls are gRPC calls, and its streams end when told.
  http_.reset();
  if (grpc_ != nullptr) grpc_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
  metrics_http_.reset();
  // Before the store: the hub's watcher waits on it.
  feeds_.reset();
  processor_.reset();
  // After the writer: its last head holds every answered command.
  head_publisher_.reset();
  store_.reset();
  log::Info("shutdown");
  done_.Notify();
}

void Server::Wait() { done_.WaitForNotification(); }

absl::Status Server::ReloadCredentials() {
  if (tokens_ == nullptr && oidc_ == nullptr) {
    return absl::FailedPreconditionError("no token file and no OpenID Connect files in use");
  }
  absl::Status result;
  if (tokens_ != nullptr) {
    absl::StatusOr<std::vector<TokenEntry>> entries = LoadTokenFile(options_.token_file);
    if (entries.ok()) {
      const size_t count = entries->size();
      tokens_->Replace(std::move(*entries));
      log::Info("tokens_reloaded", {{"entries", absl::StrCat(count)}});
    } else {
      result.Update(entries.status());
    }
  }
  if (oidc_ != nullptr) result.Update(oidc_->Reload());
  return result;
}

}  // namespace budget
