#include "services/http/static_files.h"

#include <filesystem>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "base/file.h"
#include "httplib.h"
#include "services/http/connect.h"

namespace budget::http {
namespace {

std::string Extension(const std::string& name) {
  const size_t slash = name.rfind('/');
  const size_t dot = name.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  return absl::AsciiStrToLower(name.substr(dot + 1));
}

std::string Csp(const std::vector<std::string>& connect_origins) {
  const std::string extra =
      connect_origins.empty() ? "" : absl::StrCat(" ", absl::StrJoin(connect_origins, " "));
  // Scripts and styles from this origin only (no inline ones, no eval);
  // fonts and images from here (images also as data: URIs, which the design
  // system's CSS uses for icons); calls to here and the sign-in issuer; no
  // framing, no plugins.
  return absl::StrCat(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      "font-src 'self'; connect-src 'self'",
      extra, "; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
}

}  // namespace

std::string ContentTypeOf(const std::string& name) {
  static const auto* const kTypes = new std::vector<std::pair<std::string, std::string>>{
      {"html", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"webmanifest", "application/manifest+json"},
      {"txt", "text/plain; charset=utf-8"},
      {"csv", "text/csv; charset=utf-8"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"webp", "image/webp"},
      {"ico", "image/vnd.microsoft.icon"},
      {"woff2", "font/woff2"},
      {"woff", "font/woff"},
      {"ttf", "font/ttf"},
      {"wasm", "application/wasm"},
  };
  const std::string ext = Extension(name);
  for (const auto& [e, type] : *kTypes) {
    if (e == ext) return type;
  }
  return "application/octet-stream";
}

bool IsContentHashed(const std::string& name) {
  const std::string base = name.substr(name.rfind('/') + 1);
  const size_t dot = base.rfind('.');
  if (dot == std::string::npos || dot < 10 || base[dot - 9] != '-') return false;
  for (size_t i = dot - 8; i < dot; ++i) {
    if (!absl::ascii_isupper(base[i]) && !absl::ascii_isdigit(base[i])) return false;
  }
  return true;
}

StaticFiles::StaticFiles(std::string root, std::vector<std::string> connect_origins)
    : root_(std::move(root)), csp_(Csp(connect_origins)) {}

void StaticFiles::Serve(const httplib::Request& req, httplib::Response& res) const {
  res.set_header("Content-Security-Policy", csp_);
  res.set_header("Referrer-Policy", "no-referrer");
  // The path, already percent-decoded, as segments under the root; ".."
  // (or a NUL or backslash) could leave it, so such paths are refused.
  std::vector<std::string> segments;
  bool bad = req.path.empty() || req.path[0] != '/';
  for (absl::string_view s : absl::StrSplit(req.path, '/', absl::SkipEmpty())) {
    if (s == "." || s == ".." || absl::StrContains(s, '\0') || absl::StrContains(s, '\\')) {
      bad = true;
    }
    segments.emplace_back(s);
  }
  const auto not_found = [&res] {
    res.status = 404;
    res.set_content(
        ErrorJson(grpc::Status(grpc::StatusCode::NOT_FOUND, "no such file or procedure")),
        kJsonContentType);
  };
  if (bad) return not_found();
  std::string relative = absl::StrJoin(segments, "/");
  std::error_code ec;
  std::filesystem::path file = std::filesystem::path(root_) / relative;
  if (relative.empty() || std::filesystem::is_directory(file, ec)) {
    // No listings: a directory is an app route like any other.
    file = std::filesystem::path(root_) / "index.html";
  } else if (!std::filesystem::is_regular_file(file, ec)) {
    // An app route (no extension) gets the app; a missing asset stays
    // missing, so a browser never runs index.html as a script.
    if (!Extension(relative).empty()) return not_found();
    file = std::filesystem::path(root_) / "index.html";
  }
  absl::StatusOr<std::string> bytes = base::ReadFile(file.string(), "web file");
  if (!bytes.ok()) return not_found();
  res.status = 200;
  res.set_header("Cache-Control", IsContentHashed(file.string())
                                      ? "public, max-age=31536000, immutable"
                                      : "no-cache");
  res.set_content(std::move(*bytes), ContentTypeOf(file.string()));
}

}  // namespace budget::http
