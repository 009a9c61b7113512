#include "services/http/http_server.h"

#include <dirent.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <filesystem>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "base/host_port.h"
#include "base/sync.h"
#include "google/protobuf/descriptor.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "httplib.h"
#include "services/http/connect.h"
#include "services/http/listener.h"

namespace budget::http {
namespace {

using google::protobuf::MethodDescriptor;

constexpr char kPackagePrefix[] = "budget.v1.";

grpc::Status Refuse(grpc::StatusCode code, std::string message) {
  return grpc::Status(code, std::move(message));
}

void SendError(httplib::Response& res, const grpc::Status& status, int http_status = 0) {
  res.status = http_status != 0 ? http_status : HttpStatus(status.error_code());
  res.set_content(ErrorJson(status), kJsonContentType);
}

// The method a path names, when it is a budget.v1 procedure.
const MethodDescriptor* FindMethod(absl::string_view service, absl::string_view method) {
  if (!absl::StartsWith(service, kPackagePrefix)) return nullptr;
  const google::protobuf::ServiceDescriptor* s =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(std::string(service));
  return s == nullptr ? nullptr : s->FindMethodByName(std::string(method));
}

// Request headers that become call metadata: the credentials and the
// caller's choice of committee or body (x-budget-*), as gRPC callers send
// them. Connect's own and HTTP's headers stay here.
bool IsMetadata(absl::string_view lower_name) {
  return lower_name == "authorization" || absl::StartsWith(lower_name, "x-budget-") ||
         lower_name == "x-request-id";
}

std::string Join(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string out;
  if (!buffer.Dump(&slices).ok()) return out;
  for (const grpc::Slice& s : slices)
    out.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return out;
}

grpc::ByteBuffer Buffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

// The socket a request arrived on. cpp-httplib does not hand it to
// handlers, so for plaintext it is found by its two addresses; a stream
// needs it to notice a client that went away while nothing was being sent.
int ConnectionSocket(const httplib::Request& req) {
  if (req.ssl != nullptr) return SSL_get_fd(req.ssl);
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return -1;
  int found = -1;
  while (dirent* entry = readdir(dir)) {
    int fd = -1;
    if (!absl::SimpleAtoi(entry->d_name, &fd) || fd == dirfd(dir)) continue;
    sockaddr_storage local{}, peer{};
    socklen_t local_len = sizeof(local), peer_len = sizeof(peer);
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) != 0 ||
        getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0) {
      continue;
    }
    auto port_of = [](const sockaddr_storage& a) {
      if (a.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(a).sin_port);
      if (a.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(a).sin6_port);
      return uint16_t{0};
    };
    if (port_of(local) == req.local_port && port_of(peer) == req.remote_port) {
      found = fd;
      break;
    }
  }
  closedir(dir);
  return found;
}

// A call refused before it is made: the error, and the HTTP status when it
// is not the code's own (0).
struct Refusal {
  grpc::Status status;
  int http = 0;
};

// "/budget.v1.RoundService/GetRound", as gRPC names the method.
std::string GrpcMethod(const MethodDescriptor& method) {
  return absl::StrCat("/", method.service()->full_name(), "/", method.name());
}

// A GET's message, from its query (the protocol's GET form); only for
// side-effect-free unary methods.
Refusal DecodeGet(const httplib::Request& req, const MethodDescriptor& method,
                  HttpServer::Request* out) {
  if (method.server_streaming() ||
      method.options().idempotency_level() != google::protobuf::MethodOptions::NO_SIDE_EFFECTS) {
    return {Refuse(grpc::StatusCode::UNIMPLEMENTED,
                   absl::StrCat(method.full_name(), " has side effects: POST it")),
            405};
  }
  const std::string encoding = req.get_param_value("encoding");
  if (encoding != "json" && encoding != "proto") {
    return {
        Refuse(grpc::StatusCode::INVALID_ARGUMENT, "a GET needs encoding=json or encoding=proto")};
  }
  if (const std::string c = req.get_param_value("compression"); !c.empty() && c != "identity") {
    return {Refuse(grpc::StatusCode::UNIMPLEMENTED,
                   absl::StrCat("compression \"", c, "\" is not supported"))};
  }
  out->codec = encoding == "json" ? Codec::kJson : Codec::kProto;
  out->body = req.get_param_value("message");
  if (req.get_param_value("base64") == "1") {
    std::string decoded;
    if (!absl::WebSafeBase64Unescape(out->body, &decoded) &&
        !absl::Base64Unescape(out->body, &decoded)) {
      return {Refuse(grpc::StatusCode::INVALID_ARGUMENT, "message is not base64")};
    }
    out->body = std::move(decoded);
  }
  return {};
}

// A POST's message: its body, in the codec its Content-Type names.
Refusal DecodePost(const httplib::Request& req, const MethodDescriptor& method,
                   HttpServer::Request* out) {
  const bool streaming = method.server_streaming();
  absl::StatusOr<Codec> codec = CodecOf(req.get_header_value("Content-Type"), streaming);
  if (!codec.ok()) {
    return {Refuse(grpc::StatusCode::UNIMPLEMENTED,
                   absl::StrCat("Content-Type \"", req.get_header_value("Content-Type"),
                                "\" is not served; use ",
                                streaming ? "application/connect+json or application/connect+proto"
                                          : "application/json or application/proto")),
            415};
  }
  out->codec = *codec;
  out->body = req.body;
  return {};
}

// The call's context: the metadata a gRPC caller would send, and the
// caller's deadline (Connect-Timeout-Ms).
Refusal NewContext(const httplib::Request& req, std::unique_ptr<grpc::ClientContext>* out) {
  if (const std::string v = req.get_header_value("Connect-Protocol-Version");
      !v.empty() && v != "1") {
    return {Refuse(grpc::StatusCode::INVALID_ARGUMENT,
                   absl::StrCat("Connect-Protocol-Version \"", v, "\" is not supported (only 1)"))};
  }
  auto ctx = std::make_unique<grpc::ClientContext>();
  for (const auto& [name, value] : req.headers) {
    const std::string lower = absl::AsciiStrToLower(name);
    if (IsMetadata(lower)) ctx->AddMetadata(lower, value);
  }
  if (req.has_header("Connect-Timeout-Ms")) {
    absl::StatusOr<absl::Duration> timeout =
        ParseTimeout(req.get_header_value("Connect-Timeout-Ms"));
    if (!timeout.ok()) {
      return {Refuse(grpc::StatusCode::INVALID_ARGUMENT, std::string(timeout.status().message()))};
    }
    ctx->set_deadline(absl::ToChronoTime(absl::Now() + *timeout));
  }
  *out = std::move(ctx);
  return {};
}

// A stable 64-bit hash (FNV-1a) for ETags: the same answer gets the same
// tag after a restart, unlike absl::Hash.
uint64_t Fnv1a(absl::string_view bytes) {
  uint64_t h = 14695981039346656037ull;
  for (char c : bytes) h = (h ^ static_cast<uint8_t>(c)) * 1099511628211ull;
  return h;
}

// True when the peer has closed or reset the connection.
bool PeerGone(int fd) {
  if (fd < 0) return false;
  pollfd p{.fd = fd, .events = POLLRDHUP, .revents = 0};
  return poll(&p, 1, 0) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

// One server-streaming call, driven from the response's content provider:
// each step waits for one completion, checking meanwhile whether the
// client went away or the server is stopping, and then cancels the call.
class StreamCall {
 public:
  StreamCall(const std::shared_ptr<grpc::Channel>& channel,
             std::unique_ptr<grpc::ClientContext> ctx, const std::string& method,
             std::string request, int fd, const std::atomic<bool>* stopping)
      : ctx_(std::move(ctx)), request_(Buffer(request)), fd_(fd), stopping_(stopping) {
    grpc::GenericStub stub(channel);
    call_ = stub.PrepareCall(ctx_.get(), method, &cq_);
  }
  ~StreamCall() {
    cq_.Shutdown();
    void* tag;
    bool ok;
    while (cq_.Next(&tag, &ok)) {
    }
  }

  // Starts the call and sends the request. False when it failed to start
  // (Finish then gives the status).
  bool Start() {
    call_->StartCall(Tag());
    if (!Await()) return false;
    call_->Write(request_, Tag());
    if (!Await()) return false;
    call_->WritesDone(Tag());
    return Await();
  }
  // The next message; false at the end of the stream.
  bool Read(std::string* message) {
    grpc::ByteBuffer buffer;
    call_->Read(&buffer, Tag());
    if (!Await()) return false;
    *message = Join(buffer);
    return true;
  }
  grpc::Status Finish() {
    grpc::Status status;
    call_->Finish(&status, Tag());
    Await();
    return status;
  }
  bool client_gone() const { return client_gone_; }

 private:
  void* Tag() { return reinterpret_cast<void*>(++next_tag_); }
  // Waits for the one outstanding operation; its ok.
  bool Await() {
    for (;;) {
      void* tag = nullptr;
      bool ok = false;
      const auto deadline = std::chrono::system_clock::now() + std::chrono::milliseconds(200);
      switch (cq_.AsyncNext(&tag, &ok, deadline)) {
        case grpc::CompletionQueue::GOT_EVENT:
          return ok;
        case grpc::CompletionQueue::SHUTDOWN:
          return false;
        case grpc::CompletionQueue::TIMEOUT:
          if (!cancelled_ && (stopping_->load() || PeerGone(fd_))) {
            client_gone_ = !stopping_->load();
            cancelled_ = true;
            ctx_->TryCancel();
          }
          break;
      }
    }
  }

  std::unique_ptr<grpc::ClientContext> ctx_;
  grpc::CompletionQueue cq_;
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call_;
  grpc::ByteBuffer request_;
  const int fd_;
  const std::atomic<bool>* const stopping_;
  intptr_t next_tag_ = 0;
  bool cancelled_ = false;
  bool client_gone_ = false;
};

}  // namespace

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(
    const HttpOptions& options, std::shared_ptr<grpc::Channel> channel, Metrics* metrics) {
  absl::StatusOr<base::HostPort> address = base::ParseHostPort(options.listen, "--http_listen");
  if (!address.ok()) return address.status();
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    return absl::InvalidArgumentError("--tls_cert and --tls_key must be given together");
  }
  for (const std::string& origin : options.cors_origins) {
    // An origin is scheme://host[:port], compared byte for byte with the
    // browser's Origin header: no wildcard, no path, no trailing slash.
    const size_t scheme = origin.find("://");
    if ((!absl::StartsWith(origin, "https://") && !absl::StartsWith(origin, "http://")) ||
        origin.find_first_of("/*?#", scheme + 3) != std::string::npos ||
        origin.size() == scheme + 3) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--http_cors_origin: \"", origin,
          "\" is not an origin (scheme://host[:port], e.g. https://budget.example.dk; no "
          "wildcards)"));
    }
  }
  std::unique_ptr<HttpServer> s(new HttpServer(options, std::move(channel), metrics));
  if (options.tls_cert.empty()) {
    s->server_ = std::make_unique<httplib::Server>();
  } else {
    s->server_ = std::make_unique<httplib::SSLServer>(
        options.tls_cert.c_str(), options.tls_key.c_str(),
        options.tls_client_ca.empty() ? nullptr : options.tls_client_ca.c_str());
    if (!s->server_->is_valid()) {
      return absl::InvalidArgumentError(
          absl::StrCat("cannot serve HTTPS with ", options.tls_cert, " and ", options.tls_key));
    }
  }
  // An answer goes out as its headers and then its body. With Nagle's
  // algorithm on, the body waited for the client's delayed ACK of the
  // headers: 40 ms on half of all calls over a kept-alive connection.
  s->server_->set_tcp_nodelay(true);
  const int threads = options.threads + options.max_streams;
  s->server_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  s->server_->set_payload_max_length(options.max_body_bytes);
  const int64_t read_us = absl::ToInt64Microseconds(options.read_timeout);
  s->server_->set_read_timeout(read_us / 1'000'000, read_us % 1'000'000);
  if (!options.web_root.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(std::filesystem::path(options.web_root) / "index.html",
                                          ec)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--web_root ", options.web_root, " holds no index.html"));
    }
    s->static_ = std::make_unique<StaticFiles>(options.web_root, options.web_connect_origins);
  }
  s->Route();
  absl::StatusOr<int> bound = Listen(*s->server_, *address, "HTTP", options.listen, &s->thread_);
  if (!bound.ok()) return bound.status();
  s->port_ = *bound;
  return s;
}

HttpServer::HttpServer(const HttpOptions& options, std::shared_ptr<grpc::Channel> channel,
                       Metrics* metrics)
    : options_(options), channel_(std::move(channel)), metrics_(metrics) {}

HttpServer::~HttpServer() {
  stopping_ = true;
  if (server_ != nullptr) server_->stop();
  if (thread_.joinable()) thread_.join();
}

void HttpServer::Count(const std::string& procedure, grpc::StatusCode code) {
  if (metrics_ == nullptr) return;
  metrics_
      ->Counter("budget_http_requests_total",
                "Connect (HTTP) calls by procedure and code; budget_requests_total counts them "
                "with the gRPC calls.",
                {{"procedure", procedure}, {"code", std::string(CodeName(code))}})
      .Increment();
}

void HttpServer::Route() {
  const std::string rpc = R"(/([A-Za-z0-9_.]+)/([A-Za-z0-9_]+))";
  server_->Post(rpc, [this](const httplib::Request& req, httplib::Response& res) {
    HandleRpc(req, res, /*get=*/false);
  });
  server_->Get(rpc, [this](const httplib::Request& req, httplib::Response& res) {
    HandleRpc(req, res, /*get=*/true);
  });
  if (static_ != nullptr) {
    server_->Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
      static_->Serve(req, res);
    });
  }
  // A body-less error (from cpp-httplib itself: 413, a bad request line or
  // headers, an unknown path) gets a Connect error body, so every client
  // sees one error shape.
  server_->set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    switch (res.status) {
      case 413:
        res.set_content(ErrorJson(Refuse(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                         "the request body is larger than the server accepts")),
                        kJsonContentType);
        break;
      case 404:
        res.set_content(
            ErrorJson(Refuse(grpc::StatusCode::UNIMPLEMENTED, "no such procedure or file")),
            kJsonContentType);
        break;
      default:
        res.set_content(
            ErrorJson(Refuse(grpc::StatusCode::INVALID_ARGUMENT, "malformed HTTP request")),
            kJsonContentType);
    }
  });
  server_->Options(".*", [this](const httplib::Request& req, httplib::Response& res) {
    if (!CorsAllowed(req)) {
      SendError(res,
                Refuse(grpc::StatusCode::PERMISSION_DENIED,
                       absl::StrCat("origin \"", req.get_header_value("Origin"),
                                    "\" may not call this server (see --http_cors_origin)")),
                403);
      return;
    }
    // A preflight: what a cross-origin Connect call may send.
    res.status = 204;
    res.set_header("Access-Control-Allow-Methods", "GET, POST");
    res.set_header("Access-Control-Allow-Headers",
                   "Authorization, Content-Type, Connect-Protocol-Version, Connect-Timeout-Ms, "
                   "Connect-Accept-Encoding, Connect-Content-Encoding, X-User-Agent, "
                   "X-Budget-Committee, X-Budget-Body, X-Request-Id, If-None-Match");
    res.set_header("Access-Control-Max-Age", "7200");
  });
  server_->set_post_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    res.set_header("X-Content-Type-Options", "nosniff");
    if (CorsAllowed(req)) {
      // The origin itself, never "*": only the listed origins may read.
      res.set_header("Access-Control-Allow-Origin", req.get_header_value("Origin"));
      res.set_header("Access-Control-Expose-Headers",
                     "Connect-Content-Encoding, Grpc-Status, Grpc-Message, ETag");
    }
    if (!options_.cors_origins.empty() && !res.has_header("Vary")) res.set_header("Vary", "Origin");
  });
}

bool HttpServer::CorsAllowed(const httplib::Request& req) const {
  const std::string origin = req.get_header_value("Origin");
  return !origin.empty() && absl::c_linear_search(options_.cors_origins, origin);
}

void HttpServer::HandleRpc(const httplib::Request& req, httplib::Response& res, bool get) {
  const MethodDescriptor* method = FindMethod(req.matches[1].str(), req.matches[2].str());
  if (method == nullptr && get && static_ != nullptr) {
    static_->Serve(req, res);
    return;
  }
  Request request;
  std::unique_ptr<grpc::ClientContext> ctx;
  Refusal refusal;
  if (method == nullptr) {
    refusal = {Refuse(grpc::StatusCode::UNIMPLEMENTED,
                      absl::StrCat("no procedure ", req.path, " (budget.v1 services only)")),
               404};
  } else if (method->client_streaming()) {
    refusal = {Refuse(grpc::StatusCode::UNIMPLEMENTED,
                      "client streaming needs HTTP/2; call it over gRPC")};
  } else if (refusal = get ? DecodeGet(req, *method, &request) : DecodePost(req, *method, &request);
             refusal.status.ok()) {
    refusal = NewContext(req, &ctx);
  }
  if (!refusal.status.ok()) {
    if (refusal.http == 405) res.set_header("Allow", "POST");
    SendError(res, refusal.status, refusal.http);
    return;
  }
  if (method->server_streaming()) {
    ServeStream(req, res, *method, std::move(request), std::move(ctx));
  } else {
    ServeUnary(req, res, *method, request, std::move(ctx), get);
  }
}

void HttpServer::ServeStream(const httplib::Request& req, httplib::Response& res,
                             const MethodDescriptor& method, Request request,
                             std::unique_ptr<grpc::ClientContext> ctx) {
  absl::StatusOr<std::string> payload = SingleEnvelope(request.body);
  absl::StatusOr<std::string> binary =
      payload.ok() ? ToBinary(method.input_type(), request.codec, *payload) : payload.status();
  if (!binary.ok()) {
    SendError(res,
              Refuse(grpc::StatusCode::INVALID_ARGUMENT, std::string(binary.status().message())));
    return;
  }
  if (streams_.fetch_add(1) >= options_.max_streams) {
    streams_.fetch_sub(1);
    SendError(res,
              Refuse(grpc::StatusCode::RESOURCE_EXHAUSTED,
                     absl::StrCat("already ", options_.max_streams, " open streams; retry later")));
    return;
  }
  auto call = std::make_shared<StreamCall>(channel_, std::move(ctx), GrpcMethod(method),
                                           std::move(*binary), ConnectionSocket(req), &stopping_);
  const std::string procedure = req.path.substr(1);
  const google::protobuf::Descriptor* output = method.output_type();
  const Codec codec = request.codec;
  res.set_chunked_content_provider(
      codec == Codec::kJson ? "application/connect+json" : "application/connect+proto",
      [this, call, output, codec, procedure, started = false](size_t,
                                                              httplib::DataSink& sink) mutable {
        if (std::exchange(started, true) ? true : call->Start()) {
          std::string message;
          if (call->Read(&message)) {
            absl::StatusOr<std::string> out = FromBinary(output, codec, message);
            if (out.ok()) {
              const std::string frame = Envelope(0, *out);
              return sink.write(frame.data(), frame.size());
            }
          }
        }
        // The end: the stream's own, a failed start, or an answer that
        // does not parse (which cancels the call).
        const grpc::Status status = call->Finish();
        Count(procedure, call->client_gone() ? grpc::StatusCode::CANCELLED : status.error_code());
        if (call->client_gone()) return false;
        const std::string end = Envelope(kFlagEndStream, EndStreamJson(status));
        sink.write(end.data(), end.size());
        sink.done();
        return true;
      },
      [this](bool) { streams_.fetch_sub(1); });
}

void HttpServer::ServeUnary(const httplib::Request& req, httplib::Response& res,
                            const MethodDescriptor& method, const Request& request,
                            std::unique_ptr<grpc::ClientContext> ctx, bool get) {
  const std::string procedure = req.path.substr(1);
  absl::StatusOr<std::string> binary = ToBinary(method.input_type(), request.codec, request.body);
  if (!binary.ok()) {
    Count(procedure, grpc::StatusCode::INVALID_ARGUMENT);
    SendError(res,
              Refuse(grpc::StatusCode::INVALID_ARGUMENT, std::string(binary.status().message())));
    return;
  }
  grpc::GenericStub stub(channel_);
  grpc::ByteBuffer call_request = Buffer(*binary), response;
  base::Notification done;
  grpc::Status status;
  stub.UnaryCall(ctx.get(), GrpcMethod(method), grpc::StubOptions(), &call_request, &response,
                 [&](grpc::Status s) {
                   status = std::move(s);
                   done.Notify();
                 });
  done.WaitForNotification();
  Count(procedure, status.error_code());
  if (!status.ok()) {
    SendError(res, status);
    return;
  }
  absl::StatusOr<std::string> out = FromBinary(method.output_type(), request.codec, Join(response));
  if (!out.ok()) {
    SendError(res, Refuse(grpc::StatusCode::INTERNAL, std::string(out.status().message())));
    return;
  }
  res.status = 200;
  if (get) {
    // The answer depends on the caller's credentials: a browser may keep
    // it, and asks again with the tag; no shared cache may.
    const std::string etag = absl::StrCat("\"", absl::Hex(Fnv1a(*out), absl::kZeroPad16), "\"");
    res.set_header("ETag", etag);
    res.set_header("Cache-Control", "private, no-cache");
    res.set_header("Vary", "Authorization, Origin");
    if (req.get_header_value("If-None-Match") == etag) {
      res.status = 304;
      return;
    }
  }
  res.set_content(*out, request.codec == Codec::kJson ? kJsonContentType : "application/proto");
}

}  // namespace budget::http
