#ifndef CLIENTS_PGSYNC_LOG_STREAM_H_
#define CLIENTS_PGSYNC_LOG_STREAM_H_

// budgetd's log as pgsync reads it: AuditService.Subscribe from a position,
// read on a thread of its own into a queue bounded in bytes, so reading from
// budgetd overlaps writing to PostgreSQL while a slow database holds the
// stream back (gRPC's flow control then stops budgetd sending).

#include <deque>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "base/sync.h"
#include "budget/v1/audit_service.grpc.pb.h"
#include "grpcpp/grpcpp.h"

namespace budget::pgsync {

// Thread safety: Next() from one thread; the destructor from that thread too.
class LogStream {
 public:
  // Subscribes from `from_position` with `token` (a bearer token of a role
  // allowed to Subscribe: auditor, coordinator or administrator). Holds at
  // most about `max_queued_bytes` of entries not yet taken.
  LogStream(v1::AuditService::Stub* stub, const std::string& token, uint64_t from_position,
            size_t max_queued_bytes);
  // Cancels the call and waits for the reading thread.
  ~LogStream();

  // Up to `max` entries in log order, waiting up to `wait` for the first; an
  // empty vector when none came. Once the queue is drained after the call
  // ended: the status it ended with (Unavailable, PermissionDenied, ..., or
  // Unavailable "ended" for an OK end), and every later call returns it too.
  absl::StatusOr<std::vector<v1::LogEntry>> Next(size_t max, absl::Duration wait);

 private:
  void Read(v1::AuditService::Stub* stub, const std::string& token, uint64_t from_position);

  const size_t max_queued_bytes_;
  grpc::ClientContext context_;
  base::Mutex mu_;
  base::CondVar changed_;
  std::deque<v1::LogEntry> queue_ ABSL_GUARDED_BY(mu_);
  size_t queued_bytes_ ABSL_GUARDED_BY(mu_) = 0;
  bool ended_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status end_status_ ABSL_GUARDED_BY(mu_);
  std::thread reader_;
};

// A probe of budgetd's log head (ReadLog past the end: no entries, just the
// head position). Unavailable and the like when budgetd cannot be reached.
absl::StatusOr<uint64_t> ProbeHead(v1::AuditService::Stub* stub, const std::string& token);

}  // namespace budget::pgsync

#endif  // CLIENTS_PGSYNC_LOG_STREAM_H_
