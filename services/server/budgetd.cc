// budgetd: the budget process service.
//
// Every flag may also come from an environment variable (BUDGETD_<FLAG>) or
// a config file (--config, TOML/INI "flag = value" lines); flags win over the
// environment, which wins over the file.
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "services/common/log.h"
#include "services/server/server.h"

namespace {

// The OpenID Connect flags (docs/operations.md, "Single sign-on").
void AddOidcFlags(CLI::App& app, budget::ServerOptions& o, std::string& algorithms,
                  std::string& scopes, int64_t& clock_skew_s, int64_t& jwks_refresh_s) {
  app.add_option("--oidc_issuer", o.oidc.policy.issuer,
                 "Accept OpenID Connect access tokens (JWTs) from this issuer (https URL, exactly "
                 "as the tokens' iss)")
      ->envname("BUDGETD_OIDC_ISSUER");
  app.add_option("--oidc_audience", o.oidc.policy.audience,
                 "The aud budgetd's access tokens must carry (e.g. api://budget)")
      ->envname("BUDGETD_OIDC_AUDIENCE");
  app.add_option("--oidc_mapping_file", o.oidc.mapping_file,
                 "Which claim names the principal, which claim values give which roles")
      ->envname("BUDGETD_OIDC_MAPPING_FILE");
  app.add_option("--oidc_jwks_file", o.oidc.keys.jwks_file,
                 "The issuer's public keys as a JWKS file (re-read on SIGHUP)")
      ->envname("BUDGETD_OIDC_JWKS_FILE");
  app.add_option("--oidc_discovery", o.oidc.keys.discovery,
                 "Fetch the issuer's keys through its discovery document (false: "
                 "--oidc_jwks_file only)")
      ->envname("BUDGETD_OIDC_DISCOVERY")
      ->capture_default_str();
  app.add_option("--oidc_ca_file", o.oidc.keys.fetch.ca_file,
                 "PEM CA the issuer's https certificate must chain to (default: the system's)")
      ->envname("BUDGETD_OIDC_CA_FILE");
  app.add_option(
         "--oidc_algorithms", algorithms,
         "Signature algorithms accepted, comma-separated (RS*, PS*, ES*; never none or HS*)")
      ->envname("BUDGETD_OIDC_ALGORITHMS")
      ->capture_default_str();
  app.add_option("--oidc_clock_skew_s", clock_skew_s,
                 "Seconds the tokens' exp, nbf and iat may disagree with this clock")
      ->envname("BUDGETD_OIDC_CLOCK_SKEW_S")
      ->check(CLI::Range(0, 600))
      ->capture_default_str();
  app.add_option("--oidc_jwks_refresh_s", jwks_refresh_s,
                 "Fetch the issuer's keys at most once per this many seconds (on an unknown kid)")
      ->envname("BUDGETD_OIDC_JWKS_REFRESH_S")
      ->check(CLI::Range(0, 3600))
      ->capture_default_str();
  app.add_option("--oidc_client_id", o.oidc_client_id,
                 "The web app's client id at the issuer (served by SignInService.GetSignInConfig)")
      ->envname("BUDGETD_OIDC_CLIENT_ID");
  app.add_option("--oidc_scopes", scopes,
                 "The scopes the web app asks for, space-separated (served by GetSignInConfig)")
      ->envname("BUDGETD_OIDC_SCOPES")
      ->capture_default_str();
}

std::string AuthDescription(const budget::ServerOptions& o) {
  if (o.insecure_dev) return "insecure-dev";
  if (o.oidc.policy.issuer.empty()) return "tokens";
  return absl::StrCat(o.token_file.empty() ? "" : "tokens+", "oidc");
}

int Run(int argc, char** argv) {
  // gRPC locks absl::Mutex on every call, and Debian's Abseil keeps a lock
  // graph for deadlock detection on each one (GraphCycles in the profile).
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  budget::ServerOptions o;
  std::string log_level = "info";
  CLI::App app{"budgetd: records a municipal budget process as events (gRPC)"};
  // A later --flag wins over an earlier one, so wrappers can set defaults.
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.set_config("--config", "", "Read flags from this file (flag = value lines)");
  app.add_option("--data_dir", o.data_dir, "Where the event store lives")
      ->envname("BUDGETD_DATA_DIR")
      ->capture_default_str();
  app.add_option("--listen", o.listen, "host:port to serve gRPC on (port 0 picks one)")
      ->envname("BUDGETD_LISTEN")
      ->capture_default_str();
  app.add_option(
         "--token_file", o.token_file,
         "Bearer tokens: lines of 'sha256:<hex> <principal> <roles> [committee=..] [body=..]'")
      ->envname("BUDGETD_TOKEN_FILE");
  std::string oidc_algorithms = "RS256,ES256";
  std::string oidc_scopes = "openid profile";
  int64_t oidc_clock_skew_s = absl::ToInt64Seconds(o.oidc.policy.clock_skew);
  int64_t oidc_jwks_refresh_s = absl::ToInt64Seconds(o.oidc.keys.min_refresh);
  AddOidcFlags(app, o, oidc_algorithms, oidc_scopes, oidc_clock_skew_s, oidc_jwks_refresh_s);
  app.add_flag(
         "--insecure-dev,--insecure_dev", o.insecure_dev,
         "No authentication (loopback only); callers name themselves with x-budget-* metadata")
      ->envname("BUDGETD_INSECURE_DEV");
  app.add_option("--tls_cert", o.tls_cert, "PEM certificate chain")->envname("BUDGETD_TLS_CERT");
  app.add_option("--tls_key", o.tls_key, "PEM private key")->envname("BUDGETD_TLS_KEY");
  app.add_option("--tls_client_ca", o.tls_client_ca,
                 "PEM CA that client certificates must chain to (mutual TLS)")
      ->envname("BUDGETD_TLS_CLIENT_CA");
  app.add_flag("--allow_insecure_remote", o.allow_insecure_remote,
               "Allow plaintext on a non-loopback address (behind a TLS-terminating proxy)")
      ->envname("BUDGETD_ALLOW_INSECURE_REMOTE");
  app.add_option("--max_request_bytes", o.max_request_bytes,
                 "Largest request; the default fits the largest valid request")
      ->envname("BUDGETD_MAX_REQUEST_BYTES")
      ->check(CLI::Range(1024, 64 << 20))
      ->capture_default_str();
  app.add_option("--grpc_memory_bytes", o.grpc_memory_bytes,
                 "gRPC's memory quota (connection and message buffers)")
      ->envname("BUDGETD_GRPC_MEMORY_BYTES")
      ->check(CLI::Range(int64_t{16} << 20, int64_t{64} << 30))
      ->capture_default_str();
  app.add_option("--max_message_bytes", o.max_message_bytes, "Largest response")
      ->envname("BUDGETD_MAX_MESSAGE_BYTES")
      ->check(CLI::Range(1024, 64 << 20))
      ->capture_default_str();
  app.add_option(
         "--metrics_listen", o.metrics_listen,
         "host:port for Prometheus metrics over HTTP (/metrics, /healthz); empty turns them off")
      ->envname("BUDGETD_METRICS_LISTEN")
      ->capture_default_str();
  app.add_option("--http_listen", o.http_listen,
                 "host:port to serve the Connect protocol (HTTP/JSON, docs/http.md) on; empty "
                 "turns it off")
      ->envname("BUDGETD_HTTP_LISTEN")
      ->capture_default_str();
  std::string cors_origins;
  app.add_option("--http_cors_origin", cors_origins,
                 "Browser origins allowed to call the HTTP API, comma-separated, each exactly "
                 "scheme://host[:port] (no wildcards)")
      ->envname("BUDGETD_HTTP_CORS_ORIGIN");
  app.add_option("--web_root", o.web_root,
                 "Serve the web app's files from this directory on the HTTP port (e.g. "
                 "/usr/share/budget/web)")
      ->envname("BUDGETD_WEB_ROOT");
  int64_t slow_call_ms = absl::ToInt64Milliseconds(o.slow_call);
  app.add_option("--slow_call_ms", slow_call_ms, "Log calls slower than this many milliseconds")
      ->envname("BUDGETD_SLOW_CALL_MS")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--snapshot_interval", o.snapshot_interval,
                 "Snapshot the projection every this many events (0: never); snapshots speed up "
                 "start-up and as-of queries")
      ->envname("BUDGETD_SNAPSHOT_INTERVAL")
      ->capture_default_str();
  app.add_option("--signing_key", o.signing_key,
                 "Ed25519 private key (PEM) that signs Merkle tree heads; when the file does not "
                 "exist, a key is generated there and its public key written to <file>.pub")
      ->envname("BUDGETD_SIGNING_KEY");
  app.add_option("--head_file", o.heads.file,
                 "Append each signed tree head to this file as a JSON line (needs --signing_key)")
      ->envname("BUDGETD_HEAD_FILE");
  app.add_option("--head_every_events", o.heads.every_events,
                 "Publish a head when the log grew by this many events")
      ->envname("BUDGETD_HEAD_EVERY_EVENTS")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  int64_t head_every_s = absl::ToInt64Seconds(o.heads.every);
  app.add_option("--head_every_s", head_every_s,
                 "...or after this many seconds when it grew at all")
      ->envname("BUDGETD_HEAD_EVERY_S")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  std::string demo_clock;
  app.add_option("--demo_clock", demo_clock,
                 "Run on a clock of the server's own, starting at this RFC 3339 instant (e.g. "
                 "2022-08-15T08:00:00Z); administrators move it with AdminService.SetClock. For "
                 "demonstrations and training only.")
      ->envname("BUDGETD_DEMO_CLOCK");
  app.add_option("--log_level", log_level, "debug, info, warning or error")
      ->envname("BUDGETD_LOG_LEVEL")
      ->check(CLI::IsMember({"debug", "info", "warning", "error"}))
      ->capture_default_str();
  // Precedence is flag > environment > config file. CLI11 lets a config file
  // beat the environment, so environment values are passed as flags placed
  // before the real ones (a later flag wins, a given flag beats the file).
  std::vector<std::string> args = {argv[0]};
  for (const CLI::Option* opt : app.get_options()) {
    const char* value =
        opt->get_envname().empty() ? nullptr : std::getenv(opt->get_envname().c_str());
    if (value != nullptr && !opt->get_lnames().empty()) {
      args.push_back(absl::StrCat("--", opt->get_lnames().front(), "=", value));
    }
  }
  for (int i = 1; i < argc; ++i) args.push_back(argv[i]);
  std::vector<char*> arg_ptrs;
  for (std::string& a : args) arg_ptrs.push_back(a.data());
  CLI11_PARSE(app, static_cast<int>(arg_ptrs.size()), arg_ptrs.data());

  if (!demo_clock.empty()) {
    absl::Time start;
    std::string error;
    if (!absl::ParseTime(absl::RFC3339_full, demo_clock, &start, &error)) {
      std::fprintf(stderr, "budgetd: --demo_clock: %s\n", error.c_str());
      return 2;
    }
    o.demo_clock_start = start;
  }
  o.slow_call = absl::Milliseconds(slow_call_ms);
  o.heads.every = absl::Seconds(head_every_s);
  o.http_cors_origins = absl::StrSplit(cors_origins, ',', absl::SkipWhitespace());
  absl::StatusOr<std::vector<std::string>> algorithms =
      budget::auth::ParseAlgorithms(oidc_algorithms);
  if (!algorithms.ok()) {
    std::fprintf(stderr, "budgetd: %s\n", std::string(algorithms.status().message()).c_str());
    return 2;
  }
  o.oidc.policy.algorithms = *algorithms;
  o.oidc.policy.clock_skew = absl::Seconds(oidc_clock_skew_s);
  o.oidc.keys.min_refresh = absl::Seconds(oidc_jwks_refresh_s);
  o.oidc_scopes = absl::StrSplit(oidc_scopes, ' ', absl::SkipWhitespace());
  budget::log::Level level;
  budget::log::ParseLevel(log_level, &level);
  budget::log::SetLevel(level);

  // Signals are taken by one thread with sigwait, so no handler races the server.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  absl::StatusOr<std::unique_ptr<budget::Server>> server = budget::Server::Start(o);
  if (!server.ok()) {
    budget::log::Error("startup_failed", {{"status", server.status().ToString()}});
    std::fprintf(stderr, "budgetd: %s\n", std::string(server.status().message()).c_str());
    return 2;
  }
  std::string host = o.listen.substr(0, o.listen.rfind(':'));
  std::printf("budgetd listening on %s:%d (data in %s)\n", host.c_str(), (*server)->port(),
              o.data_dir.c_str());
  if ((*server)->metrics_port() > 0) {
    const std::string metrics_host = o.metrics_listen.substr(0, o.metrics_listen.rfind(':'));
    std::printf("metrics on http://%s:%d/metrics\n", metrics_host.c_str(),
                (*server)->metrics_port());
  } else {
    std::printf("metrics off\n");
  }
  if ((*server)->http_port() > 0) {
    const std::string http_host = o.http_listen.substr(0, o.http_listen.rfind(':'));
    std::printf("HTTP (Connect) on %s://%s:%d/\n", o.tls_cert.empty() ? "http" : "https",
                http_host.c_str(), (*server)->http_port());
  }
  std::fflush(stdout);
  budget::log::Info("started", {{"listen", absl::StrCat(host, ":", (*server)->port())},
                                {"data_dir", o.data_dir},
                                {"auth", AuthDescription(o)},
                                {"tls", o.tls_cert.empty() ? "off" : "on"}});

  std::thread signal_thread([&] {
    for (;;) {
      int sig = 0;
      sigwait(&signals, &sig);
      if (sig == SIGHUP) {
        absl::Status s = (*server)->ReloadCredentials();
        if (!s.ok()) budget::log::Warning("credentials_reload_failed", {{"status", s.ToString()}});
        continue;
      }
      budget::log::Info("signal", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
      (*server)->Shutdown();
      return;
    }
  });
  (*server)->Wait();
  signal_thread.join();
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return Run(argc, argv); }
