#ifndef CLIENTS_PGSYNC_SYNCER_H_
#define CLIENTS_PGSYNC_SYNCER_H_

// pgsync's main loop: follows budgetd's log into the read model in
// PostgreSQL, exactly once by position.
//
//  1. Reads the committed position P (and its hash) from PostgreSQL.
//  2. Subscribes from position 1 and applies events 1..P to memory only,
//     checking the chain; at P the hash must equal the committed one (else
//     the PostgreSQL schema was built from another log).
//  3. From P+1: takes what has arrived (up to a batch), applies it, builds
//     the rows of what it changed and writes them with the new position in
//     one transaction, whose first statement moves the position only if it
//     is still P.
//  4. A lost budgetd stream resumes from the last position + 1; a lost
//     PostgreSQL connection is made again and the same transaction retried
//     (or found committed); a position that moved under it (a rebuild
//     swapped the schema in) rebuilds memory from the log: back to 1.
// Reconnections back off exponentially.

#include <atomic>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "budget/v1/audit_service.grpc.pb.h"
#include "clients/pgsync/projection.h"
#include "clients/pgsync/read_model.h"
#include "services/common/metrics.h"

namespace budget::pgsync {

struct SyncOptions {
  // budgetd's AuditService and a token allowed to Subscribe and ReadLog.
  std::shared_ptr<grpc::Channel> channel;
  std::string source;  // budgetd's address, recorded with each commit
  std::string token;
  // libpq connection string and the schema to write.
  std::string conninfo;
  std::string schema = "budget";
  // A transaction holds at most this many events.
  size_t max_batch_events = 10000;
  // Entries read ahead of the writer.
  size_t max_queued_bytes = 64 << 20;
  absl::Duration min_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(10);
  // Stop with OK once everything up to budgetd's head (probed when this
  // many events behind or less) is committed: for --rebuild.
  bool until_caught_up = false;
};

// Thread safety: Run on one thread; the gauges it registers may be read from any.
class Syncer {
 public:
  // Registers its metrics in `metrics` (not owned; must outlive this).
  Syncer(SyncOptions options, Metrics* metrics);

  // Runs until `stop` becomes true (OK), or with until_caught_up until the
  // read model reaches budgetd's head (OK). DataLoss when the chain breaks or
  // the read model does not belong to budgetd's log: nothing after the break
  // is written. FailedPrecondition when the schema needs --migrate,
  // Unauthenticated/PermissionDenied when the token is refused.
  absl::Status Run(const std::atomic<bool>& stop);

 private:
  struct Progress;
  absl::Status Follow(const std::atomic<bool>& stop, Progress& progress);
  absl::Status Commit(Changes changes, const std::atomic<bool>& stop, Progress& progress);
  absl::Status Connect(const std::atomic<bool>& stop);
  void Backoff(const std::atomic<bool>& stop, int attempt);
  void ProbeHeadEvery(absl::Duration period);

  const SyncOptions options_;
  std::unique_ptr<v1::AuditService::Stub> stub_;
  std::unique_ptr<PgConnection> pg_;
  std::unique_ptr<ReadModel> model_;
  std::unique_ptr<Projection> projection_;
  SyncPoint committed_;
  absl::Time last_probe_ = absl::InfinitePast();

  // Read by the metrics page.
  std::atomic<uint64_t> applied_{0};
  std::atomic<uint64_t> head_{0};
  std::atomic<int64_t> pending_since_micros_{0};  // 0: nothing received and uncommitted
  CounterCell* events_total_;
  CounterCell* batches_total_;
  CounterCell* budgetd_reconnects_;
  CounterCell* postgres_reconnects_;
  HistogramCell* batch_seconds_;
};

}  // namespace budget::pgsync

#endif  // CLIENTS_PGSYNC_SYNCER_H_
