#ifndef EVENTSTORE_EVENT_STORE_H_
#define EVENTSTORE_EVENT_STORE_H_

// An append-only, hash-chained event log on RocksDB.
//
// Events are grouped into streams with contiguous versions (1, 2, ...) and
// ordered globally by position (1, 2, ...). The store knows nothing of what
// the events mean: a type name and opaque payload bytes.
//
// Example:
//   auto store = eventstore::EventStore::Open("/var/lib/x", {});
//   if (!store.ok()) return store.status();
//   eventstore::AppendRequest req;
//   req.request_id = "r-1";
//   req.expected["orders/7"] = eventstore::ExpectedVersion::NoStream();
//   req.events.push_back({"orders/7", "OrderPlaced", payload});
//   absl::StatusOr<eventstore::AppendResult> r = (*store)->Append(std::move(req));
//
// RocksDB layout, one column family each (see docs/eventstore.md):
//   events    u64 position (BE)                 -> sealed envelope (envelope.h)
//   streams   stream 0x00 u64 version (BE)      -> u64 position (BE)
//   requests  request id                        -> fingerprint[32] u64 first u64 last response
//   meta      "head"                            -> u64 position, hash[32]
//   snapshots name 0x00 u64 position (BE)       -> opaque bytes (a cache, never the truth)
//   merkle    u8 level u64 index (BE)           -> hash[32] of a complete subtree
//   meta      "tree"                            -> the tree's right edge (CompactRange)
//   keys      data subject id                   -> its 32-byte encryption key (never hashed)
//   meta      "purge"                           -> present while a deleted key may linger in files

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "base/clock.h"
#include "base/merkle.h"
#include "base/sha256.h"
#include "base/sync.h"
#include "eventstore/envelope.h"

namespace rocksdb {
class DB;
class WriteBatch;
class ColumnFamilyHandle;
class Env;
}  // namespace rocksdb

namespace eventstore {

// What one group commit did, for monitoring.
struct CommitInfo {
  size_t requests = 0;
  size_t events = 0;
  absl::Duration sync_time;
};

struct Options {
  // Records each event's time. Not owned; must outlive the store. Recorded
  // times never go backwards: an earlier reading is raised to the last one.
  base::Clock* clock = base::Clock::Real();
  // Open without the ability to write (an auditor's copy). Appends fail.
  bool read_only = false;
  bool create_if_missing = true;
  // Synced WAL on every group commit. Only benchmarks may turn this off.
  bool sync = true;
  // A group commit takes queued appends until it holds this many bytes of
  // events (the first append is always taken whole).
  size_t max_group_bytes = 4 << 20;
  // RocksDB environment, for fault injection in tests. Not owned.
  rocksdb::Env* env = nullptr;
  // RocksDB block cache for the events family, in bytes.
  size_t block_cache_bytes = 64 << 20;
  // Called by the committing thread after each successful group commit. Must
  // be cheap and must not call back into the store.
  std::function<void(const CommitInfo&)> on_commit = nullptr;
};

class ExpectedVersion {
 public:
  ExpectedVersion() : v_(kAny) {}
  static ExpectedVersion Any() { return ExpectedVersion(kAny); }
  static ExpectedVersion NoStream() { return ExpectedVersion(0); }
  // The stream must currently be at exactly `version` (0 = no stream).
  static ExpectedVersion Exact(uint64_t version) {
    return ExpectedVersion(static_cast<int64_t>(version));
  }
  bool is_any() const { return v_ == kAny; }
  uint64_t version() const { return static_cast<uint64_t>(v_); }
  std::string ToString() const;
  bool operator==(const ExpectedVersion&) const = default;

 private:
  static constexpr int64_t kAny = -1;
  explicit ExpectedVersion(int64_t v) : v_(v) {}
  int64_t v_;
};

struct NewEvent {
  std::string stream;
  std::string type;
  std::string payload;
};

struct AppendRequest {
  // Optional. A retry with the same id and content returns the first result
  // and writes nothing; the same id with other content is AlreadyExists.
  std::string request_id;
  // Optional. What "same content" means for the request id; when empty, a
  // digest of expectations, actor and events. Callers whose events carry the
  // time (which differs on a retry) pass a digest of their command instead.
  std::string fingerprint;
  // Who acts; recorded in every event of this request.
  std::string actor;
  // Streams not named here accept any version.
  std::map<std::string, ExpectedVersion> expected;
  // Appended in order; may span several streams; all or nothing.
  std::vector<NewEvent> events;
  // Opaque answer kept with the request id and handed back on retries.
  std::string response;
  // When set, the recorded time of the events (still never before the last
  // recorded time); otherwise the clock's.
  std::optional<absl::Time> recorded_at;
};

struct AppendResult {
  // Positions of the first and last event written; both 0 when none.
  uint64_t first_position = 0;
  uint64_t last_position = 0;
  // True when this is a retry answered from the request record.
  bool deduplicated = false;
  // The response recorded with the request id.
  std::string response;
};

struct RequestRecord {
  base::Hash fingerprint{};
  uint64_t first_position = 0;
  uint64_t last_position = 0;
  std::string response;
};

// One request's events as a writer that owns deduplication, positions and
// time decided them (see EventStore::Write).
struct DecidedAppend {
  // The position of events[0]; ignored when there are none.
  uint64_t first_position = 0;
  // Recorded in every envelope of this request.
  std::string actor;
  std::string request_id;
  absl::Time recorded_at;
  std::vector<NewEvent> events;
  // When not empty, `record` is kept under this key (see LookupRequest).
  std::string request_key;
  RequestRecord record;
  // Data subjects' keys first used by these events (subject -> key), kept
  // in the same durable write (see SubjectKey).
  std::vector<std::pair<std::string, std::string>> new_subject_keys;
  // Data subjects whose keys these events erase: deleted in the same durable
  // write, after this append's new keys (see PurgeErasedKeys).
  std::vector<std::string> erased_subjects;
};

struct Head {
  uint64_t position = 0;  // 0 for an empty log
  base::Hash hash{};      // all zero for an empty log
};

// The Merkle tree (RFC 9162) over the log: leaf i is event i + 1, its leaf
// data the event's envelope hash. Its size is always the head position.
struct TreeHead {
  uint64_t size = 0;
  base::Hash root = base::merkle::EmptyRoot();
};

// The Merkle leaf hash of the event whose envelope hash is `event_hash`.
inline base::Hash TreeLeaf(const base::Hash& event_hash) {
  return base::merkle::LeafHash(base::AsBytes(event_hash));
}

// Whether the store keeps the Merkle nodes of `level`: every level but the
// leaves, which are their events' hashes (TreeLeaf) and read from the events:
// one key fewer to write per event (docs/eventstore.md).
inline bool IsStoredTreeLevel(int level) { return level > 0; }

// What a rebuild of the Merkle tree from the events found.
struct TreeReport {
  bool ok = true;
  uint64_t size = 0;  // leaves rebuilt
  base::Hash root = base::merkle::EmptyRoot();
  std::string problem;  // the first stored node or edge that differs
};

struct VerifyReport {
  bool ok = true;
  uint64_t checked = 0;        // events whose hash and link were checked
  uint64_t last_position = 0;  // last position checked
  base::Hash last_hash{};      // its hash
  uint64_t first_bad_position = 0;
  std::string problem;  // what is wrong at first_bad_position
};

struct Snapshot {
  uint64_t position = 0;
  std::string bytes;
};

// One snapshot to write; the views must stay valid for the call.
struct SnapshotWrite {
  absl::string_view name;
  uint64_t position = 0;
  absl::string_view bytes;
};

struct Stats {
  uint64_t group_commits = 0;
  uint64_t appended_events = 0;
  uint64_t grouped_requests = 0;  // requests carried by those commits
  absl::Duration total_sync_time;
};

// Iterates the global log in position order over a fixed range.
// Not thread-safe; use one per thread.
class LogIterator {
 public:
  virtual ~LogIterator() = default;
  virtual bool Valid() const = 0;
  // REQUIRES: Valid(). Points into the iterator; valid until Next().
  virtual const EnvelopeView& envelope() const = 0;
  // The raw stored bytes of the current event. REQUIRES: Valid().
  virtual absl::string_view raw() const = 0;
  virtual void Next() = 0;
  // Not OK when iteration stopped on an error (e.g. a malformed envelope).
  virtual absl::Status status() const = 0;
};

class Subscription;

// The RocksDB column families of a store, "default" first, for tools and
// tests that open its database directly.
std::vector<std::string> ColumnFamilyNames();

// Thread safety: every method may be called concurrently from any thread.
class EventStore {
 public:
  // Opens or creates the store at `path`.
  // FailedPrecondition: another process holds the directory (RocksDB lock).
  // DataLoss: the stored metadata is unreadable.
  static absl::StatusOr<std::unique_ptr<EventStore>> Open(absl::string_view path,
                                                          const Options& options);

  EventStore(const EventStore&) = delete;
  EventStore& operator=(const EventStore&) = delete;
  // Wakes every subscription (they end with Cancelled) and closes the database.
  // REQUIRES: no append is in progress.
  ~EventStore();

  // Appends atomically and returns only when the events are durable (WAL
  // synced). Concurrent appends are group-committed: one synced write for all
  // the requests queued at that moment.
  // InvalidArgument: an empty or malformed stream id or type.
  // Aborted: a stream's version differs from the expected one.
  // AlreadyExists: the request id was used for different content.
  // Unavailable: an earlier durable write failed; every write fails until reopen.
  absl::StatusOr<AppendResult> Append(AppendRequest request);

  // Appends several independent requests in ONE durable write. Each is
  // validated on its own against the log and the requests before it; the
  // result at index i belongs to requests[i].
  std::vector<absl::StatusOr<AppendResult>> AppendBatch(std::vector<AppendRequest> requests);

  // The write path of a single writer that has already deduplicated the
  // requests and chosen their positions and times: seals, chains, writes and
  // syncs `appends` in ONE durable write and returns the new head. Nothing
  // is looked up: no request ids, no expected versions (a stream's version is
  // the store's own index).
  // REQUIRES: the events follow the head without gaps, in order, and no
  // recorded time is before the last one recorded; otherwise
  // FailedPrecondition and nothing is written. InvalidArgument: a malformed
  // stream id or type (nothing is written). Unavailable: as for Append.
  absl::StatusOr<Head> Write(const std::vector<DecidedAppend>& appends);

  // Appends events exactly as another log recorded them (positions, times,
  // actors, request ids, hashes), in one durable write: restoring an export
  // into an empty store reproduces the same chain and head hash. Each event
  // must follow: position head+1, previous hash the head's, stream version
  // one past the stream's, and its hash the SHA-256 of its encoding.
  // FailedPrecondition when an event does not follow; DataLoss when its hash
  // is wrong. Nothing is written unless every event is accepted.
  absl::Status Import(const std::vector<Envelope>& events);

  // The record kept under `key` — an Append's request id, or a
  // DecidedAppend's request_key — or nullopt when there is none.
  absl::StatusOr<std::optional<RequestRecord>> LookupRequest(absl::string_view key) const;

  // The last durable position and its hash.
  Head head() const;

  // Current version of `stream`; 0 when it has no events.
  absl::StatusOr<uint64_t> StreamVersion(absl::string_view stream) const;

  // Up to `max_count` events of `stream` from version `from_version` (>= 1).
  absl::StatusOr<std::vector<Envelope>> ReadStream(absl::string_view stream, uint64_t from_version,
                                                   size_t max_count) const;

  // Up to `max_count` events of the global log from `from_position` (>= 1).
  absl::StatusOr<std::vector<Envelope>> ReadAll(uint64_t from_position, size_t max_count) const;

  // One event by position. NotFound past the head.
  absl::StatusOr<Envelope> ReadEvent(uint64_t position) const;

  // Iterates positions [from, to]; `to` is capped at the head as of this call.
  std::unique_ptr<LogIterator> NewLogIterator(uint64_t from_position,
                                              uint64_t to_position = UINT64_MAX) const;

  // Delivers every event from `from_position` on: first those already in the
  // log, then each new one as it becomes durable, in order, none twice.
  std::unique_ptr<Subscription> Subscribe(uint64_t from_position);

  // Walks the chain over [from, to] (to capped at the head) and reports the
  // first position where an event was changed, removed, reordered or inserted.
  // When `to` reaches the head, the head recorded in meta is checked too, so a
  // removed or added last event is found.
  VerifyReport VerifyChain(uint64_t from_position = 1, uint64_t to_position = UINT64_MAX) const;

  // The Merkle tree's size and root as of head(); the tree is extended in
  // the same durable write as the events, so the two always agree.
  TreeHead tree_head() const;

  // The root of the tree of the first `size` events (0 < size <=
  // tree_head().size; InvalidArgument otherwise).
  absl::StatusOr<base::Hash> TreeRoot(uint64_t size) const;

  // The audit path (RFC 9162 §2.1.3) of the event at `position` in the tree
  // of the first `tree_size` events. InvalidArgument unless 1 <= position <=
  // tree_size <= tree_head().size.
  absl::StatusOr<std::vector<base::Hash>> InclusionProof(uint64_t position,
                                                         uint64_t tree_size) const;

  // The proof (RFC 9162 §2.1.4) that the tree of `size1` events is a prefix
  // of the tree of `size2`. InvalidArgument unless 1 <= size1 <= size2 <=
  // tree_head().size.
  absl::StatusOr<std::vector<base::Hash>> ConsistencyProof(uint64_t size1, uint64_t size2) const;

  // Rebuilds the tree from scratch out of the events' hashes and compares
  // every stored node and the stored edge with it.
  TreeReport VerifyTree() const;

  // Data subjects' encryption keys (crypto-shredding): personal data goes
  // into events only sealed with its subject's key, and the keys live in a
  // family of their own — never hashed into the chain or the tree, never
  // exported — so destroying a key erases the data while every hash stays.
  //
  // The subject's key; nullopt when it has none (never made, or erased).
  absl::StatusOr<std::optional<std::string>> SubjectKey(absl::string_view subject) const;
  // Destroys the subject's key durably, then flushes and compacts so that no
  // file of the database (WAL, table files) keeps a copy. Copies made
  // before (checkpoints, backups) still hold it. OK when there was none.
  absl::Status EraseSubjectKey(absl::string_view subject);
  // The second half of an erasure whose key a Write deleted (its
  // `erased_subjects`): flushes and compacts so that no file keeps a copy of
  // a deleted key. A Write that deletes keys records that a purge is due, in
  // the same durable write; Open finishes a purge a crash left undone, so a
  // deleted key never outlives a restart in the files. OK when none is due.
  absl::Status PurgeErasedKeys();

  // Snapshots are a cache kept beside the log: never hashed, safe to delete.
  //
  // Writes `snapshots` together, all or none, and starts a flush of them in
  // the background. They bypass the write-ahead log: a snapshot of a large
  // projection is megabytes, and in the log's WAL it would delay the sync
  // that every append after it waits for. So a crash before the flush ends
  // loses them; what survives of several calls is always a prefix of them in
  // call order, never a part of one call.
  absl::Status PutSnapshots(absl::Span<const SnapshotWrite> snapshots);
  // The newest snapshot named `name` at or before `at_or_before`.
  absl::StatusOr<std::optional<Snapshot>> LatestSnapshot(absl::string_view name,
                                                         uint64_t at_or_before) const;
  // Positions of every snapshot named `name`, oldest first.
  absl::StatusOr<std::vector<uint64_t>> ListSnapshots(absl::string_view name) const;
  absl::Status DeleteSnapshots(absl::string_view name);
  // Deletes every snapshot of every name.
  absl::Status ClearSnapshots();

  // Writes a consistent, openable copy of the database to `dir` (which must
  // not exist) while appends continue; returns the head it contains.
  absl::StatusOr<Head> Checkpoint(absl::string_view dir) const;

  // OK, or the Unavailable status every append now gets because an earlier
  // durable write failed or RefuseWrites was called (its message names the cause).
  absl::Status write_status() const;

  // From now until reopen every append fails with Unavailable naming `why`,
  // as after a failed durable write: for a log found altered, so nothing is
  // chained onto it. Reads go on. A first cause is kept.
  void RefuseWrites(absl::string_view why);

  Stats stats() const;

  const Options& options() const { return options_; }

  // Blocks until the head reaches `position` or `deadline` passes; returns the
  // head then. Cancelled when the store closes or `*cancelled` is set (set it,
  // then call WakeWaiters, to end a wait early).
  absl::StatusOr<uint64_t> WaitForHead(uint64_t position, absl::Time deadline,
                                       const std::atomic<bool>* cancelled);
  void WakeWaiters();

 private:
  struct Writer;
  class Iterator;
  friend class Subscription;
  enum class Family { kEvents, kStreams, kRequests, kMeta, kSnapshots, kMerkle, kKeys };

  EventStore(const Options& options, std::unique_ptr<rocksdb::DB> db,
             std::vector<rocksdb::ColumnFamilyHandle*> handles);
  rocksdb::ColumnFamilyHandle* cf(Family f) const { return handles_[static_cast<int>(f)]; }
  absl::Status LoadHead();
  // Loads the tree's edge; a log written before the tree existed gets its
  // tree built from the events (not when read-only: proofs are then
  // FailedPrecondition).
  absl::Status LoadTree(const Head& head) ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  // Walks the events [1, to] and appends each leaf to `range`, calling
  // `visit` with every node completed.
  absl::Status WalkTree(uint64_t to, base::merkle::CompactRange* range,
                        base::merkle::CompactRange::NodeVisitor visit) const;
  // Reads a stored node of the tree.
  absl::StatusOr<base::Hash> ReadTreeNode(int level, uint64_t index) const;
  // InvalidArgument unless 1 <= size <= tree_head().size; FailedPrecondition
  // when the tree was never built.
  absl::Status CheckTreeSize(absl::string_view what, uint64_t size) const;
  // Validates and commits the group at the front of the queue.
  // REQUIRES: the caller is the group leader and holds write_mu_.
  void CommitGroup(const std::vector<Writer*>& group) ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  absl::StatusOr<uint64_t> CachedStreamVersion(absl::string_view stream)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  // What a write is about to add, before it is durable.
  struct Pending {
    rocksdb::WriteBatch* batch;
    Head next;                                            // the last event sealed so far
    absl::Time last_recorded;                             // its time
    absl::flat_hash_map<std::string, uint64_t> versions;  // streams touched
    size_t events = 0;
    base::merkle::CompactRange tree;  // the tree's edge with those events
  };
  // Adds the event with hash `event_hash` to `pending`'s tree and its new
  // nodes to its batch.
  void AddLeaf(const base::Hash& event_hash, Pending* pending);
  // Puts node (level, index) into `batch` if its level is stored.
  void PutTreeNode(rocksdb::WriteBatch* batch, int level, uint64_t index,
                   const base::Hash& h) const;
  // Seals `events` after `pending->next` into its batch, with their stream
  // versions and index entries; returns the first and last position (both 0
  // for no events). REQUIRES: the streams' versions were looked up (they are
  // in pending->versions), and the names are valid.
  std::pair<uint64_t, uint64_t> Seal(const std::vector<NewEvent>& events, absl::string_view actor,
                                     absl::string_view request_id, absl::Time recorded_at,
                                     Pending* pending) ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  // The version of `stream` as `pending` leaves it (looked up when first
  // touched); the pointer stays valid until `pending` changes.
  absl::StatusOr<uint64_t*> VersionOf(const std::string& stream, Pending* pending)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  // VersionOf each stream of `events`.
  absl::Status LoadVersions(const std::vector<NewEvent>& events, Pending* pending)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  // Writes `pending` (and the new head) durably and publishes the head. On
  // failure every later write fails too (write_status).
  absl::Status Commit(Pending& pending, size_t requests, absl::string_view what)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  // Constant after construction.
  const Options options_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;

  // Queue of appenders; the front one leads the next group commit.
  mutable base::Mutex mu_;
  std::vector<Writer*> writers_ ABSL_GUARDED_BY(mu_);
  Head head_ ABSL_GUARDED_BY(mu_);                  // last durable event
  TreeHead tree_head_ ABSL_GUARDED_BY(mu_);         // the tree up to head_
  bool tree_ready_ ABSL_GUARDED_BY(mu_) = true;     // false: an old read-only log
  absl::Status write_status_ ABSL_GUARDED_BY(mu_);  // as write_status() returns it
  bool closing_ ABSL_GUARDED_BY(mu_) = false;
  Stats stats_ ABSL_GUARDED_BY(mu_);
  base::CondVar head_advanced_;

  // State only the group leader touches. The leader holds write_mu_ while it
  // takes mu_ to publish the new head: write_mu_ first, never the reverse.
  base::Mutex write_mu_ ABSL_ACQUIRED_BEFORE(mu_);
  Head next_ ABSL_GUARDED_BY(write_mu_);  // position and hash the next event links to
  base::merkle::CompactRange tree_ ABSL_GUARDED_BY(write_mu_);  // the tree's edge at next_
  absl::Time last_recorded_ ABSL_GUARDED_BY(write_mu_) = absl::InfinitePast();
  absl::flat_hash_map<std::string, uint64_t> stream_versions_ ABSL_GUARDED_BY(write_mu_);
};

// A catch-up-then-live reader of the global log. It reads from RocksDB at its
// own pace and only waits on a signal from writers, so a slow subscriber never
// slows an append. Not thread-safe, except Cancel(), which any thread may call.
class Subscription {
 public:
  // Up to `max_count` events from the cursor on. When none are durable yet,
  // waits up to `timeout` for some; returns an empty vector on timeout.
  // Cancelled: Cancel() was called or the store is closing.
  absl::StatusOr<std::vector<Envelope>> Next(size_t max_count, absl::Duration timeout);
  // The position the next event will have.
  uint64_t cursor() const { return cursor_; }
  void Cancel();

 private:
  friend class EventStore;
  Subscription(EventStore* store, uint64_t from) : store_(store), cursor_(from) {}
  EventStore* const store_;
  uint64_t cursor_;
  std::atomic<bool> cancelled_{false};
};

}  // namespace eventstore

#endif  // EVENTSTORE_EVENT_STORE_H_
