#include "clients/budgetctl/connection.h"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "clients/budgetctl/config_file.h"
#include "clients/budgetctl/errors.h"
#include "clients/budgetctl/parse.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace budgetctl {
namespace {

struct Setting {
  const char* key;  // the flag without "--", and the config file key
  const char* env;
  const char* fallback;
  const char* help;
};

constexpr Setting kSettings[] = {
    {"addr", "BUDGET_ADDR", "127.0.0.1:50051", "budgetd's address, host:port"},
    {"token", "BUDGET_TOKEN", "",
     "bearer token (prefer BUDGET_TOKEN or the config file: flags show in ps)"},
    {"tls-ca", "BUDGET_TLS_CA", "",
     "PEM file of the CA that signed budgetd's certificate; turns on TLS"},
    {"tls-cert", "BUDGET_TLS_CERT", "", "PEM client certificate, for mutual TLS"},
    {"tls-key", "BUDGET_TLS_KEY", "", "PEM client key, for mutual TLS"},
    {"tls-server-name", "BUDGET_TLS_SERVER_NAME", "",
     "the name to expect in budgetd's certificate"},
    {"timeout", "BUDGET_TIMEOUT", "30", "seconds each call may take"},
};

std::string ReadFile(const std::string& path, const char* what) {
  std::ifstream in(path);
  if (!in) throw UsageError(absl::StrCat("cannot read the ", what, " ", path));
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

}  // namespace

void ConnectionFlags::Register(CLI::App* app) {
  for (const Setting& s : kSettings) {
    options_[s.key] = app->add_option(absl::StrCat("--", s.key), values_[s.key],
                                      absl::StrCat(s.help, " [env ", s.env, "]"))
                          ->group("Connection");
  }
  config_option_ =
      app->add_option("--config", config_,
                      "config file of \"key = value\" lines (keys: the flags above)\n"
                      "[default: $XDG_CONFIG_HOME/budgetctl/config or ~/.config/budgetctl/config]")
          ->group("Connection");
}

Connection ConnectionFlags::Resolve() const {
  std::set<std::string> keys;
  for (const Setting& s : kSettings) keys.insert(s.key);
  const bool explicit_config = config_option_->count() > 0;
  const std::map<std::string, std::string> config =
      ReadConfigFile(explicit_config ? config_ : DefaultConfigPath(), explicit_config, keys);
  std::map<std::string, std::string> v;
  for (const Setting& s : kSettings) {
    const char* env = std::getenv(s.env);
    if (options_.at(s.key)->count() > 0) {
      v[s.key] = values_.at(s.key);
    } else if (env != nullptr && *env != '\0') {
      v[s.key] = env;
    } else if (auto it = config.find(s.key); it != config.end()) {
      v[s.key] = it->second;
    } else {
      v[s.key] = s.fallback;
    }
  }
  Connection c{v["addr"],     v["token"],   v["tls-ca"],
               v["tls-cert"], v["tls-key"], v["tls-server-name"]};
  try {
    c.timeout_seconds = static_cast<double>(ParseScaled(v["timeout"], 3)) / 1000;
  } catch (const UsageError& e) {
    throw UsageError(absl::StrCat("timeout: ", e.what()));
  }
  if (c.timeout_seconds <= 0) throw UsageError("timeout: must be more than 0 seconds");
  return c;
}

Session::Session(const Connection& connection) : connection_(connection) {
  grpc::ChannelArguments args;
  std::shared_ptr<grpc::ChannelCredentials> creds;
  if (connection.tls_ca.empty() && connection.tls_cert.empty()) {
    creds = grpc::InsecureChannelCredentials();
  } else {
    grpc::SslCredentialsOptions tls;
    if (!connection.tls_ca.empty()) tls.pem_root_certs = ReadFile(connection.tls_ca, "CA file");
    if (!connection.tls_cert.empty() || !connection.tls_key.empty()) {
      if (connection.tls_cert.empty() || connection.tls_key.empty()) {
        throw UsageError("mutual TLS needs both --tls-cert and --tls-key");
      }
      tls.pem_cert_chain = ReadFile(connection.tls_cert, "client certificate");
      tls.pem_private_key = ReadFile(connection.tls_key, "client key");
    }
    creds = grpc::SslCredentials(tls);
    if (!connection.tls_server_name.empty()) {
      args.SetSslTargetNameOverride(connection.tls_server_name);
    }
  }
  channel_ = grpc::CreateCustomChannel(connection.addr, creds, args);
}

void Session::Prepare(grpc::ClientContext* context) const {
  context->set_deadline(
      std::chrono::system_clock::now() +
      std::chrono::milliseconds(static_cast<int64_t>(connection_.timeout_seconds * 1000)));
  PrepareStream(context);
}

void Session::PrepareStream(grpc::ClientContext* context) const {
  if (!connection_.token.empty()) {
    context->AddMetadata("authorization", "Bearer " + connection_.token);
  }
}

Session Session::WithToken(const std::string& token) const {
  Session other = *this;
  other.connection_.token = token;
  return other;
}

}  // namespace budgetctl
