#ifndef SERVICES_AUDIT_HEAD_PUBLISHER_H_
#define SERVICES_AUDIT_HEAD_PUBLISHER_H_

#include <atomic>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "eventstore/event_store.h"
#include "services/audit/tree_heads.h"

namespace budget {

struct HeadPublishing {
  // Signed heads are appended here, one JSON object (SignedTreeHead, proto
  // field names) per line.
  std::string file;
  // A head is appended when the log grew by this many events...
  uint64_t every_events = 1000;
  // ...or, when it grew at all, after this long.
  absl::Duration every = absl::Minutes(1);
};

// Appends the server's signed tree heads to a file a witness or a web page
// copies (docs/audit.md): one at start, then as HeadPublishing says, and a
// last one when it stops. A thread of its own; it only reads the store.
class HeadPublisher {
 public:
  // InvalidArgument when the file cannot be opened for appending or heads
  // are not signed. Neither pointer is owned; both outlive the publisher.
  static absl::StatusOr<std::unique_ptr<HeadPublisher>> Start(eventstore::EventStore* store,
                                                              const TreeHeads* heads,
                                                              const HeadPublishing& options);
  // Publishes the head if the log grew since the last line, then stops.
  ~HeadPublisher();

  // The tree size of the last head appended.
  uint64_t published_size() const { return published_.load(); }

 private:
  HeadPublisher(eventstore::EventStore* store, const TreeHeads* heads,
                const HeadPublishing& options, FILE* out)
      : store_(store), heads_(heads), options_(options), out_(out) {}
  void Run();
  // Appends the newest head when it is larger than the last one appended.
  void PublishIfGrown();

  eventstore::EventStore* const store_;
  const TreeHeads* const heads_;
  const HeadPublishing options_;
  FILE* const out_;
  std::atomic<uint64_t> published_{0};
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace budget

#endif  // SERVICES_AUDIT_HEAD_PUBLISHER_H_
