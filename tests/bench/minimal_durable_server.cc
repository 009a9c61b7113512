// The least a durable gRPC server must do, as the anchor of ./bench.sh (issue
// 27): receive a SubmitProposal call, append its raw bytes to RocksDB with a
// synced WAL, and answer after the sync — nothing else (no parsing, no
// authentication, no domain, no hash chain). One writer thread takes whatever
// calls are queued and writes them in one synced WriteBatch (group commit),
// as budgetd's writer does, so the two differ only by what budgetd adds.
//
//   minimal_durable_server --data_dir DIR [--listen 127.0.0.1:0]
// prints "minimal durable server listening on HOST:PORT" when it serves; a
// signal ends it.
#include <cstdio>
#include <deque>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/impl/codegen/rpc_service_method.h"
#include "grpcpp/impl/codegen/server_callback_handlers.h"
#include "grpcpp/impl/codegen/service_type.h"
#include "grpcpp/support/server_callback.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"

namespace {

// One call waiting for its sync.
struct Pending {
  std::string bytes;
  grpc::ByteBuffer* response;
  grpc::ServerUnaryReactor* reactor;
};

// The single writer: batches what is queued, one synced write per batch.
class Writer {
 public:
  explicit Writer(rocksdb::DB* db) : db_(db), thread_([this] { Run(); }) {}
  ~Writer() {
    {
      absl::MutexLock lock(&mu_);
      stopping_ = true;
    }
    thread_.join();
  }

  // Queues a call; its reactor is finished after the sync. Thread-safe.
  void Add(Pending p) {
    absl::MutexLock lock(&mu_);
    queue_.push_back(std::move(p));
  }

 private:
  void Run() {
    uint64_t next_key = 0;
    for (;;) {
      std::deque<Pending> batch;
      {
        absl::MutexLock lock(&mu_);
        mu_.Await(absl::Condition(
            +[](Writer* w) ABSL_EXCLUSIVE_LOCKS_REQUIRED(w->mu_) {
              return w->stopping_ || !w->queue_.empty();
            },
            this));
        if (queue_.empty()) return;
        batch.swap(queue_);
      }
      rocksdb::WriteBatch wb;
      for (const Pending& p : batch) {
        const uint64_t key = next_key++;
        wb.Put(rocksdb::Slice(reinterpret_cast<const char*>(&key), sizeof key), p.bytes);
      }
      rocksdb::WriteOptions sync;
      sync.sync = true;
      const rocksdb::Status s = db_->Write(sync, &wb);
      const grpc::Status answer =
          s.ok() ? grpc::Status::OK : grpc::Status(grpc::StatusCode::UNAVAILABLE, s.ToString());
      for (const Pending& p : batch) {
        // An empty CommandResponse: zero bytes, but a message.
        grpc::Slice empty;
        *p.response = grpc::ByteBuffer(&empty, 1);
        p.reactor->Finish(answer);
      }
    }
  }

  rocksdb::DB* const db_;
  absl::Mutex mu_;
  std::deque<Pending> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

// budgetd's SubmitProposal path, served over raw bytes; the answer is an
// empty CommandResponse.
class SubmitService final : public grpc::Service {
 public:
  explicit SubmitService(Writer* writer) {
    AddMethod(new grpc::internal::RpcServiceMethod(
        kPath, grpc::internal::RpcMethod::NORMAL_RPC, nullptr));
    MarkMethodCallback(
        0, new grpc::internal::CallbackUnaryHandler<grpc::ByteBuffer, grpc::ByteBuffer>(
               [writer](grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* in,
                        grpc::ByteBuffer* out) {
                 Pending p{.bytes = {}, .response = out, .reactor = ctx->DefaultReactor()};
                 std::vector<grpc::Slice> slices;
                 (void)in->Dump(&slices);
                 for (const grpc::Slice& s : slices) {
                   p.bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
                 }
                 grpc::ServerUnaryReactor* reactor = p.reactor;
                 writer->Add(std::move(p));
                 return reactor;
               }));
  }

 private:
  static constexpr char kPath[] = "/budget.v1.ProposalService/SubmitProposal";
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"The minimal durable gRPC server: the anchor of ./bench.sh"};
  std::string data_dir;
  std::string listen = "127.0.0.1:0";
  app.add_option("--data_dir", data_dir, "RocksDB directory (created)")->required();
  app.add_option("--listen", listen, "host:port; port 0 picks a free one")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  const rocksdb::Status opened = rocksdb::DB::Open(options, data_dir, &raw);
  if (!opened.ok()) {
    std::fprintf(stderr, "cannot open %s: %s\n", data_dir.c_str(), opened.ToString().c_str());
    return 1;
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  auto writer = std::make_unique<Writer>(db.get());
  SubmitService service(writer.get());
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server) {
    std::fprintf(stderr, "cannot listen on %s\n", listen.c_str());
    return 1;
  }
  std::printf("minimal durable server listening on %s:%d\n",
              listen.substr(0, listen.rfind(':')).c_str(), port);
  std::fflush(stdout);

  // SIGTERM ends it: every answered call is already synced.
  server->Wait();
  return 0;
}
