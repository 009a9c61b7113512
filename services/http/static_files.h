#ifndef SERVICES_HTTP_STATIC_FILES_H_
#define SERVICES_HTTP_STATIC_FILES_H_

// The web app's files, served from a directory: content types, caching that
// lets browsers keep content-hashed files for good, index.html for app
// routes, and the security headers a single-page app wants.

#include <string>
#include <vector>

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace budget::http {

// Thread safety: Serve may be called concurrently.
class StaticFiles {
 public:
  // Serves the files under `root`. `connect_origins` are origins besides
  // this one the app may fetch from (the OpenID Connect issuer).
  StaticFiles(std::string root, std::vector<std::string> connect_origins);

  // Answers a GET or HEAD of `req.path`:
  //  - a file under the root: its bytes and content type; names with an
  //    esbuild content hash ("main-AB12CD34.js") may be cached for a year
  //    ("immutable"), every other file is revalidated (no-cache);
  //  - a directory, or a path without a file extension that names no file
  //    (an app route, "/" included): the root's index.html;
  //  - otherwise, or for a path with "..", 404.
  // Every answer carries the Content-Security-Policy.
  void Serve(const httplib::Request& req, httplib::Response& res) const;

  // The Content-Security-Policy of the app's pages.
  const std::string& csp() const { return csp_; }

 private:
  const std::string root_;
  const std::string csp_;
};

// The MIME type for a file name's extension (application/octet-stream for
// an unknown one); text types with charset=utf-8.
std::string ContentTypeOf(const std::string& name);

// True for esbuild's hashed names: "<name>-<8 of A-Z0-9>.<ext>".
bool IsContentHashed(const std::string& name);

}  // namespace budget::http

#endif  // SERVICES_HTTP_STATIC_FILES_H_
