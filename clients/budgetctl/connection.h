#ifndef CLIENTS_BUDGETCTL_CONNECTION_H_
#define CLIENTS_BUDGETCTL_CONNECTION_H_

// How budgetctl reaches budgetd and as whom: address, bearer token, TLS and
// the per-call deadline, each from a flag, else the environment, else the
// config file, else the default.

#include <map>
#include <memory>
#include <string>

#include "clients/budgetctl/cli_fwd.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"

namespace budgetctl {

struct Connection {
  std::string addr;
  std::string token;
  std::string tls_ca;    // PEM file; TLS when set
  std::string tls_cert;  // client certificate and key for mutual TLS
  std::string tls_key;
  std::string tls_server_name;  // overrides the name checked in the server's certificate
  double timeout_seconds = 30;
};

// The connection flags of the command line. Not thread-safe; used once.
class ConnectionFlags {
 public:
  // Adds --addr, --token, --tls-ca, --tls-cert, --tls-key, --tls-server-name,
  // --timeout and --config to `app`.
  void Register(CLI::App* app);

  // Each setting from its flag, else its environment variable (BUDGET_ADDR,
  // BUDGET_TOKEN, BUDGET_TLS_CA, ...), else the config file (--config, else
  // the default path when it exists), else the default. Throws UsageError for
  // an unreadable --config, a malformed config or a bad timeout.
  Connection Resolve() const;

 private:
  std::map<std::string, std::string> values_;
  std::map<std::string, CLI::Option*> options_;
  std::string config_;
  CLI::Option* config_option_ = nullptr;
};

// A channel to budgetd. Thread-safe after construction.
class Session {
 public:
  // Throws UsageError when a TLS file cannot be read.
  explicit Session(const Connection& connection);

  const std::shared_ptr<grpc::Channel>& channel() const { return channel_; }

  // Sets the deadline and the bearer token on a call about to start.
  void Prepare(grpc::ClientContext* context) const;

  // Sets only the bearer token: for a stream that lasts as long as its
  // reader wants (watch, a large export).
  void PrepareStream(grpc::ClientContext* context) const;

  // The same channel, acting as another principal: the demo plays several roles.
  Session WithToken(const std::string& token) const;

 private:
  Connection connection_;
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace budgetctl

#endif  // CLIENTS_BUDGETCTL_CONNECTION_H_
