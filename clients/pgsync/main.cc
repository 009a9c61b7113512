// budget-pgsync: keeps a PostgreSQL read model of budgetd's event log.
//
//   budget-pgsync --migrate                 create or upgrade the schema, then exit
//   budget-pgsync                           follow budgetd into PostgreSQL until SIGTERM
//   budget-pgsync --rebuild                 replay the whole log into a fresh schema, swap, exit
//
// Exit status: 0 done (or stopped by SIGTERM/SIGINT); 1 another error; 2 bad
// usage; 3 the hash chain is broken or PostgreSQL holds another log (nothing
// after the break was written); 4 the schema needs --migrate.
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <thread>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "clients/pgsync/migrations.h"
#include "clients/pgsync/rebuild.h"
#include "clients/pgsync/syncer.h"
#include "grpcpp/grpcpp.h"
#include "services/common/log.h"
#include "services/server/metrics_http.h"

namespace {

using budget::pgsync::SyncOptions;

int ExitCode(const absl::Status& s) {
  if (s.ok() || absl::IsCancelled(s)) return 0;
  if (absl::IsDataLoss(s)) return 3;
  if (absl::IsFailedPrecondition(s)) return 4;
  return 1;
}

int Fail(const absl::Status& s) {
  std::fprintf(stderr, "budget-pgsync: %s\n", std::string(s.message()).c_str());
  return ExitCode(s);
}

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path);
  if (!in) return false;
  out->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

int Run(int argc, char** argv) {
  CLI::App app{"budget-pgsync: keeps a PostgreSQL read model of budgetd's event log"};
  SyncOptions o;
  std::string budgetd = "127.0.0.1:50051", token_file, tls_ca, metrics_listen = "127.0.0.1:9465",
              grant_read, log_level = "info";
  bool migrate = false, rebuild = false;
  app.add_option("--budgetd", budgetd, "budgetd's gRPC address (host:port)")
      ->envname("PGSYNC_BUDGETD")
      ->capture_default_str();
  app.add_option("--token_file", token_file,
                 "A file holding the bearer token of a service account with the auditor role "
                 "(else $BUDGET_TOKEN)")
      ->envname("PGSYNC_TOKEN_FILE");
  app.add_option("--tls_ca", tls_ca, "Speak TLS to budgetd, trusting this PEM CA bundle")
      ->envname("PGSYNC_TLS_CA");
  app.add_option("--postgres", o.conninfo,
                 "libpq connection string or postgresql:// URI (PG* variables fill in the rest)")
      ->envname("PGSYNC_POSTGRES");
  app.add_option("--schema", o.schema, "The PostgreSQL schema of the read model")
      ->envname("PGSYNC_SCHEMA")
      ->capture_default_str();
  app.add_option("--grant_read", grant_read,
                 "After --migrate and --rebuild, let this PostgreSQL role read the schema")
      ->envname("PGSYNC_GRANT_READ");
  app.add_option("--metrics_listen", metrics_listen,
                 "host:port for GET /metrics (Prometheus) and /healthz; empty: off")
      ->envname("PGSYNC_METRICS_LISTEN")
      ->capture_default_str();
  app.add_option("--max_batch_events", o.max_batch_events, "Most events in one transaction")
      ->envname("PGSYNC_MAX_BATCH_EVENTS")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_option("--log_level", log_level, "debug, info, warning or error")
      ->envname("PGSYNC_LOG_LEVEL")
      ->check(CLI::IsMember({"debug", "info", "warning", "error"}))
      ->capture_default_str();
  auto* migrate_opt = app.add_flag("--migrate", migrate,
                                   "Create the schema or apply missing migrations, then exit");
  app.add_flag("--rebuild", rebuild,
               "Replay the whole log into a fresh schema while the old one serves, swap, exit")
      ->excludes(migrate_opt);
  CLI11_PARSE(app, argc, argv);
  budget::log::Level level;
  budget::log::ParseLevel(log_level, &level);
  budget::log::SetLevel(level);

  auto grant = [&](budget::pgsync::PgConnection& pg) {
    return grant_read.empty() ? absl::OkStatus()
                              : budget::pgsync::GrantRead(pg, o.schema, grant_read);
  };
  if (migrate) {
    auto pg = budget::pgsync::PgConnection::Connect(o.conninfo);
    if (!pg.ok()) return Fail(pg.status());
    if (absl::Status s = budget::pgsync::Migrate(**pg, o.schema); !s.ok()) return Fail(s);
    if (absl::Status s = grant(**pg); !s.ok()) return Fail(s);
    std::printf("schema %s at version %d\n", o.schema.c_str(),
                budget::pgsync::LatestSchemaVersion());
    return 0;
  }

  if (!token_file.empty()) {
    if (!ReadFile(token_file, &o.token)) {
      return Fail(
          absl::InvalidArgumentError(absl::StrCat("cannot read --token_file ", token_file)));
    }
  } else if (const char* t = std::getenv("BUDGET_TOKEN")) {
    o.token = t;
  }
  o.token = std::string(absl::StripAsciiWhitespace(o.token));
  if (o.token.empty()) {
    std::fprintf(stderr, "budget-pgsync: give --token_file or BUDGET_TOKEN\n");
    return 2;
  }
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  if (!tls_ca.empty()) {
    grpc::SslCredentialsOptions ssl;
    if (!ReadFile(tls_ca, &ssl.pem_root_certs)) {
      return Fail(absl::InvalidArgumentError(absl::StrCat("cannot read --tls_ca ", tls_ca)));
    }
    credentials = grpc::SslCredentials(ssl);
  }
  grpc::ChannelArguments channel_args;
  channel_args.SetMaxReceiveMessageSize(64 << 20);
  o.channel = grpc::CreateCustomChannel(budgetd, credentials, channel_args);
  o.source = budgetd;

  // Signals are taken by one thread with sigwait; the loops poll `stop`.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::atomic<bool> stop{false};
  std::thread([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    budget::log::Info("signal", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
    stop = true;
  }).detach();

  budget::Metrics metrics;
  std::unique_ptr<budget::MetricsHttp> http;
  if (!metrics_listen.empty()) {
    auto started = budget::MetricsHttp::Start(metrics_listen, &metrics);
    if (!started.ok()) return Fail(started.status());
    http = std::move(*started);
    std::printf("metrics on http://%s:%d/metrics\n",
                metrics_listen.substr(0, metrics_listen.rfind(':')).c_str(), http->port());
  } else {
    std::printf("metrics off\n");
  }
  std::fflush(stdout);

  if (rebuild) {
    absl::Status s = budget::pgsync::Rebuild(o, &metrics, stop);
    if (s.ok()) {
      auto pg = budget::pgsync::PgConnection::Connect(o.conninfo);
      s = pg.ok() ? grant(**pg) : pg.status();
    }
    if (!s.ok()) return Fail(s);
    std::printf("rebuilt schema %s\n", o.schema.c_str());
    return 0;
  }
  budget::log::Info("pgsync_started", {{"budgetd", budgetd}, {"schema", o.schema}});
  budget::pgsync::Syncer syncer(o, &metrics);
  const absl::Status s = syncer.Run(stop);
  return s.ok() ? 0 : Fail(s);
}

}  // namespace

int main(int argc, char** argv) { return Run(argc, argv); }
