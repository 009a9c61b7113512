#include "services/auth/http_fetch.h"

#include <httplib.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "base/host_port.h"

namespace budget::auth {
namespace {

struct Url {
  std::string scheme_host_port;  // "https://idp.example:8443"
  std::string host;
  std::string path;  // "/realms/x/protocol/openid-connect/certs"
};

std::optional<Url> SplitUrl(absl::string_view url) {
  Url out;
  absl::string_view rest = url;
  if (!absl::ConsumePrefix(&rest, "https://") && !absl::ConsumePrefix(&rest, "http://")) {
    return std::nullopt;
  }
  const size_t slash = rest.find('/');
  const absl::string_view authority = rest.substr(0, slash);
  if (authority.empty() || absl::StrContains(authority, '@')) return std::nullopt;
  out.scheme_host_port = std::string(url.substr(0, url.size() - rest.size() + authority.size()));
  out.path = slash == absl::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (absl::StartsWith(authority, "[")) {
    out.host = std::string(authority.substr(0, authority.find(']') + 1));
  } else {
    out.host = std::string(authority.substr(0, authority.find(':')));
  }
  return out;
}

std::optional<absl::Duration> MaxAge(const std::string& cache_control) {
  if (cache_control.empty()) return std::nullopt;
  for (absl::string_view directive : absl::StrSplit(cache_control, ',')) {
    directive = absl::StripAsciiWhitespace(directive);
    if (absl::EqualsIgnoreCase(directive, "no-cache") ||
        absl::EqualsIgnoreCase(directive, "no-store")) {
      return absl::ZeroDuration();
    }
    int64_t seconds = 0;
    if (absl::ConsumePrefix(&directive, "max-age=") && absl::SimpleAtoi(directive, &seconds) &&
        seconds >= 0) {
      return absl::Seconds(seconds);
    }
  }
  return std::nullopt;
}

}  // namespace

absl::Status CheckProviderUrl(absl::string_view url, absl::string_view what) {
  std::optional<Url> u = SplitUrl(url);
  if (!u.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " \"", url, "\" is not an http(s)://host[:port]/path URL"));
  }
  if (absl::StartsWith(url, "http://") && !base::IsLoopbackHost(u->host)) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " \"", url,
                     "\" is plain http to a remote host: use https (plain http is "
                     "allowed only to a loopback address)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Fetched> HttpGet(const std::string& url, const FetchOptions& options) {
  if (absl::Status s = CheckProviderUrl(url, "the URL"); !s.ok()) return s;
  const Url u = *SplitUrl(url);
  httplib::Client client(u.scheme_host_port);
  if (!client.is_valid()) return absl::UnavailableError(absl::StrCat("cannot fetch ", url));
  const auto timeout = absl::ToChronoMicroseconds(options.timeout);
  client.set_connection_timeout(timeout);
  client.set_read_timeout(timeout);
  client.set_write_timeout(timeout);
  client.set_follow_location(false);
  client.enable_server_certificate_verification(true);
  if (!options.ca_file.empty()) client.set_ca_cert_path(options.ca_file);
  std::string body;
  bool too_big = false;
  httplib::Result r = client.Get(
      u.path, httplib::Headers{{"Accept", "application/json"}},
      [](const httplib::Response&) { return true; },
      [&](const char* data, size_t length) {
        if (body.size() + length > options.max_bytes) {
          too_big = true;
          return false;
        }
        body.append(data, length);
        return true;
      });
  if (too_big) {
    return absl::UnavailableError(absl::StrCat("fetching ", url, ": the answer is larger than ",
                                               options.max_bytes, " bytes"));
  }
  if (!r) {
    std::string why = httplib::to_string(r.error());
    if (r.error() == httplib::Error::SSLServerVerification) {
      absl::StrAppend(&why, " (the certificate does not chain to ",
                      options.ca_file.empty() ? "the system's CAs" : options.ca_file,
                      "; --oidc_ca_file names another CA)");
    }
    return absl::UnavailableError(absl::StrCat("fetching ", url, ": ", why));
  }
  if (r->status != 200) {
    return absl::UnavailableError(absl::StrCat("fetching ", url, ": HTTP status ", r->status));
  }
  return Fetched{.body = std::move(body), .max_age = MaxAge(r->get_header_value("Cache-Control"))};
}

}  // namespace budget::auth
