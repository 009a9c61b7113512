#ifndef SERVICES_API_LOG_FEED_H_
#define SERVICES_API_LOG_FEED_H_

// The live feed (AuditService.Subscribe) without a thread per call. One
// FeedHub per server runs every feed: a worker thread reads the log for the
// feeds that have room and something to read, and a watcher thread wakes the
// feeds that caught up when the store's head advances (and ends the feeds
// whose reader stalled). A feed holds at most `buffer_bytes` of entries its
// client has not taken; gRPC sends one at a time.
//
// Example:
//   FeedHub hub(store, {});
//   return hub.Start(from_position, [](absl::string_view stream) { return true; },
//                    [](const absl::Status& s) { ... });

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <thread>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/time/time.h"
#include "base/sync.h"
#include "budget/v1/audit_service.pb.h"
#include "eventstore/event_store.h"
#include "grpcpp/support/server_callback.h"
#include "services/audit/log_entry.h"
#include "services/core/personal_data.h"

namespace budget {

// Limits of the server-streaming calls (docs/reliability.md).
struct StreamLimits {
  // Bytes of messages one stream holds that its client has not taken yet
  // (at least one message, however large).
  size_t buffer_bytes = 1 << 20;
  // A stream whose client takes nothing for this long is ended with
  // RESOURCE_EXHAUSTED, so a stalled reader holds no memory for long.
  absl::Duration stall_deadline = absl::Seconds(30);
  // Live feeds, and exports, open at once (Export still runs a thread per
  // call: the cap bounds them).
  int max_feeds = 256;
  int max_exports = 8;
};

class LogFeed;

// Thread safety: every method may be called from any thread.
class FeedHub {
 public:
  // `store` is not owned and must outlive the hub.
  FeedHub(eventstore::EventStore* store, const StreamLimits& limits);
  // Waits for every feed to be done (the gRPC server's shutdown cancels
  // them), then stops the hub's threads.
  ~FeedHub();

  // Starts a feed of the events from `from_position` on for which
  // `shows(stream)` is true (called on the hub's worker, once per event).
  // `done(status)` runs once when the call is over, with the status it ended
  // with. Personal fields in the entries' payloads as `view` shows them, and
  // the payloads in `form` (log_entry.h). The reactor deletes itself when
  // gRPC is done with it.
  grpc::ServerWriteReactor<v1::LogEntry>* Start(uint64_t from_position,
                                                std::function<bool(absl::string_view)> shows,
                                                std::function<void(const absl::Status&)> done,
                                                PersonalView view = {},
                                                PayloadForm form = PayloadForm::kStructured);

  const StreamLimits& limits() const { return limits_; }
  // Feeds open now, and the bytes their buffers hold (for metrics and tests).
  size_t feeds() const;
  size_t buffered_bytes() const;
  // Sum over feeds of (head - cursor + 1): events not yet read.
  int64_t lag() const;

 private:
  friend class LogFeed;
  // Queues `feed` for the worker.
  void Schedule(LogFeed* feed);
  // Queues `feed` once the head reaches `cursor`.
  void Park(LogFeed* feed, uint64_t cursor);
  // Forgets `feed`, waiting for the worker to leave it.
  void Remove(LogFeed* feed);
  void Work();
  void Watch();

  eventstore::EventStore* const store_;
  const StreamLimits limits_;

  mutable base::Mutex mu_;
  base::CondVar changed_;  // feeds_ or ready_ grew, running_ ended, or stopping_
  absl::flat_hash_set<LogFeed*> feeds_ ABSL_GUARDED_BY(mu_);
  std::deque<LogFeed*> ready_ ABSL_GUARDED_BY(mu_);
  // Caught-up feeds, each waiting for the head to reach its cursor.
  std::vector<std::pair<LogFeed*, uint64_t>> parked_ ABSL_GUARDED_BY(mu_);
  LogFeed* running_ ABSL_GUARDED_BY(mu_) = nullptr;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::atomic<bool> stop_watching_{false};

  std::thread worker_;
  std::thread watcher_;
};

}  // namespace budget

#endif  // SERVICES_API_LOG_FEED_H_
