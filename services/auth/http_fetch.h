#ifndef SERVICES_AUTH_HTTP_FETCH_H_
#define SERVICES_AUTH_HTTP_FETCH_H_

// GET of a small JSON document from an identity provider (its discovery
// document, its key set) with cpp-httplib over OpenSSL: https with the
// certificate and host name checked, or plain http to a loopback address
// only (a provider on the same machine, as in the tests).

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace budget::auth {

struct FetchOptions {
  // PEM file of the CA(s) the provider's certificate must chain to; empty:
  // the system's (/etc/ssl/certs).
  std::string ca_file;
  // Connecting and each read; the whole call takes at most a few of these.
  absl::Duration timeout = absl::Seconds(5);
  // A larger answer is refused (a key set is a few kB).
  size_t max_bytes = 1 << 20;
};

struct Fetched {
  std::string body;
  // From the answer's Cache-Control (max-age; zero for no-cache and
  // no-store); nullopt when it says nothing.
  std::optional<absl::Duration> max_age;
};

// OK for an https URL, or an http URL whose host is a loopback address.
// InvalidArgument naming `what` and the rule otherwise.
absl::Status CheckProviderUrl(absl::string_view url, absl::string_view what);

// GETs `url` (which must pass CheckProviderUrl). Unavailable, naming the
// URL and what went wrong (connection, TLS, status, size), on any failure.
// Thread-safe; blocks for the network.
absl::StatusOr<Fetched> HttpGet(const std::string& url, const FetchOptions& options);

}  // namespace budget::auth

#endif  // SERVICES_AUTH_HTTP_FETCH_H_
