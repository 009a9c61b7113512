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
//     is still P. The write runs on a thread of its own while the next batch
//     is applied and built (its rows wait for it): pgsync's CPU and
//     PostgreSQL's overlap instead of taking turns.
//  4. A lost budgetd stream resumes from the last position + 1; a lost
//     PostgreSQL connection is made again and the same transaction retried
//     (or found committed); a position that moved under it (a rebuild
//     swapped the schema in), or memory ahead of what was committed (a write
//     that failed while the next batch was applied), rebuilds memory from
//     the log: back to 1.
// Reconnections back off exponentially.

#include <atomic>
#include <future>
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
  // One subscription, until it fails or stops; then waits for the write in
  // flight (the next Follow's Connect takes over its connection).
  absl::Status Follow(const std::atomic<bool>& stop, Progress& progress);
  absl::Status FollowBatches(const std::atomic<bool>& stop, Progress& progress);
  // Builds the rows of `changes` and hands them to a new write once the one
  // in flight has committed; that write's error otherwise.
  absl::Status Commit(Changes changes, const std::atomic<bool>& stop, Progress& progress);
  // On the write's own thread: writes `rows`, moving the position from
  // `from` to `to`, reconnecting and retrying while the connection breaks.
  // Aborted when the position moved under it; Cancelled when stopped.
  absl::Status Write(const BatchRows& rows, uint64_t from, const SyncPoint& to,
                     absl::Time recorded_at, size_t events, absl::Time started,
                     const std::atomic<bool>& stop);
  // Waits for the write in flight, if any, and returns its status; after an
  // Aborted one memory is rebuilt from the log.
  absl::Status AwaitWrite(Progress& progress);
  absl::Status Connect(const std::atomic<bool>& stop);
  void Backoff(const std::atomic<bool>& stop, int attempt);
  void ProbeHeadEvery(absl::Duration period);

  const SyncOptions options_;
  std::unique_ptr<v1::AuditService::Stub> stub_;
  std::unique_ptr<PgConnection> pg_;
  std::unique_ptr<ReadModel> model_;
  std::unique_ptr<Projection> projection_;
  // What PostgreSQL holds, or will once the write in flight commits.
  SyncPoint committed_;
  // The write in flight (valid() while there is one). It alone uses pg_ and
  // model_ until it is waited for.
  std::future<absl::Status> writing_;
  // When the first event received after the last batch handed to a write
  // was recorded (µs); 0: none yet.
  int64_t next_since_micros_ = 0;
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
