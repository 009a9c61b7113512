#include "eventstore/event_store.h"

#include <algorithm>
#include <utility>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "eventstore/coding.h"
#include "eventstore/keys.h"
#include "eventstore/rocks_util.h"
#include "rocksdb/db.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/slice_transform.h"
#include "rocksdb/table.h"
#include "rocksdb/utilities/checkpoint.h"
#include "rocksdb/write_batch.h"

namespace eventstore {
namespace {

constexpr absl::string_view kHeadKey = "head";
constexpr absl::string_view kTreeKey = "tree";
constexpr absl::string_view kPurgeKey = "purge";
// Events per write when a tree is built for a log that had none.
constexpr uint64_t kTreeBuildBatch = 100'000;
// A log scan reads ahead this much per event it will return (an event is
// about 110 bytes in the table files, compressed), up to kMaxReadahead.
constexpr uint64_t kReadaheadPerEvent = 256;
constexpr uint64_t kMaxReadahead = 2 << 20;
constexpr size_t kMaxStreamBytes = 1024;
constexpr size_t kMaxTypeBytes = 256;
constexpr size_t kMaxRequestIdBytes = 1024;
// Stream versions cached by the group leader; cleared when it grows past this.
constexpr size_t kMaxCachedStreams = 1 << 20;

// The readahead of a scan of the log over [first, to]: what the range will
// need, up to kMaxReadahead. A fixed 2-MiB read for every few hundred events
// was most of what a feed catching up cost (docs/performance.md, "A feed's
// turn read 2 MiB").
size_t ReadaheadFor(uint64_t first, uint64_t to) {
  const uint64_t events = to >= first ? to - first + 1 : 0;
  return static_cast<size_t>(std::min(events, kMaxReadahead / kReadaheadPerEvent) *
                             kReadaheadPerEvent);
}

const char* const kFamilyNames[] = {"events",    "streams", "requests", "meta",
                                    "snapshots", "merkle",  "keys"};

absl::Status ValidateName(absl::string_view what, absl::string_view name, size_t max) {
  if (name.empty()) return absl::InvalidArgumentError(absl::StrCat(what, " must not be empty"));
  if (name.size() > max) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " is ", name.size(), " bytes; the limit is ", max));
  }
  if (name.find('\0') != absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat(what, " must not contain NUL bytes"));
  }
  return absl::OkStatus();
}

absl::Status ValidateRequest(const AppendRequest& r) {
  if (r.request_id.size() > kMaxRequestIdBytes) {
    return absl::InvalidArgumentError(absl::StrCat("request id is ", r.request_id.size(),
                                                   " bytes; the limit is ", kMaxRequestIdBytes));
  }
  for (const auto& [stream, unused] : r.expected) {
    if (auto s = ValidateName("stream id", stream, kMaxStreamBytes); !s.ok()) return s;
  }
  for (const NewEvent& e : r.events) {
    if (auto s = ValidateName("stream id", e.stream, kMaxStreamBytes); !s.ok()) return s;
    if (auto s = ValidateName("event type", e.type, kMaxTypeBytes); !s.ok()) return s;
  }
  return absl::OkStatus();
}

// What "the same request" means when the caller gives no fingerprint.
base::Hash ContentFingerprint(const AppendRequest& r) {
  std::string buf;
  PutLengthPrefixed(&buf, r.actor);
  for (const auto& [stream, expected] : r.expected) {
    PutLengthPrefixed(&buf, stream);
    PutLengthPrefixed(&buf, expected.ToString());
  }
  for (const NewEvent& e : r.events) {
    PutLengthPrefixed(&buf, e.stream);
    PutLengthPrefixed(&buf, e.type);
    PutLengthPrefixed(&buf, e.payload);
  }
  return base::Sha256(buf);
}

std::string EncodeRequestRecord(const RequestRecord& r) {
  std::string out(reinterpret_cast<const char*>(r.fingerprint.data()), 32);
  PutFixed64BE(&out, r.first_position);
  PutFixed64BE(&out, r.last_position);
  out.append(r.response);
  return out;
}

absl::StatusOr<RequestRecord> DecodeRequestRecord(absl::string_view in) {
  RequestRecord r;
  if (in.size() < 48) return absl::DataLossError("malformed request record");
  std::copy_n(in.data(), 32, reinterpret_cast<char*>(r.fingerprint.data()));
  in.remove_prefix(32);
  GetFixed64BE(&in, &r.first_position);
  GetFixed64BE(&in, &r.last_position);
  r.response = std::string(in);
  return r;
}

std::string EncodeHead(const Head& h) {
  std::string out;
  PutFixed64BE(&out, h.position);
  out.append(reinterpret_cast<const char*>(h.hash.data()), 32);
  return out;
}

// A stream's version is its newest key. A stream's first event (every new
// proposal's) finds no key 1: a point read that the streams' bloom filters
// answer without reading a table, where an iterator's seek visits every
// level (3.8% of a durable submit's CPU, docs/performance.md). Stream keys
// are never deleted, so an existing stream always has key 1.
absl::StatusOr<uint64_t> ReadStreamVersion(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf,
                                           absl::string_view stream) {
  std::string first_value;
  rocksdb::Status first = db->Get(rocksdb::ReadOptions(), cf, StreamKey(stream, 1), &first_value);
  if (first.IsNotFound()) return 0;
  if (auto s = FromRocks(first, "reading stream index"); !s.ok()) return s;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), cf));
  std::string last = StreamKey(stream, UINT64_MAX);
  it->SeekForPrev(last);
  if (!it->Valid()) {
    if (auto s = FromRocks(it->status(), "reading stream index"); !s.ok()) return s;
    return 0;
  }
  absl::string_view key(it->key().data(), it->key().size());
  uint64_t version;
  if (!DecodeStreamKey(key, stream, &version)) return 0;
  return version;
}

absl::Status Unavailable(const absl::Status& cause) {
  return absl::UnavailableError(
      absl::StrCat("the event store stopped accepting writes after a failed durable write (",
                   cause.message(), "); restart the server to recover"));
}

}  // namespace

std::vector<std::string> ColumnFamilyNames() {
  std::vector<std::string> out = {rocksdb::kDefaultColumnFamilyName};
  out.insert(out.end(), std::begin(kFamilyNames), std::end(kFamilyNames));
  return out;
}

std::string ExpectedVersion::ToString() const {
  if (is_any()) return "any version";
  if (v_ == 0) return "no stream";
  return absl::StrCat("version ", v_);
}

// An appender waiting in the queue; lives on the caller's stack.
struct EventStore::Writer {
  std::vector<AppendRequest>* requests;
  std::vector<absl::StatusOr<AppendResult>>* results;
  size_t bytes = 0;
  bool done = false;
  base::CondVar cv;
};

// Iterates the events family over a closed range of positions.
class EventStore::Iterator final : public LogIterator {
 public:
  Iterator(const EventStore* store, uint64_t from, uint64_t to)
      : upper_(PositionKey(to == UINT64_MAX ? to : to + 1)) {
    rocksdb::ReadOptions ro;
    upper_slice_ = rocksdb::Slice(upper_);
    if (to != UINT64_MAX) ro.iterate_upper_bound = &upper_slice_;
    const uint64_t first = std::max<uint64_t>(from, 1);
    ro.readahead_size = ReadaheadFor(first, to);
    ro.fill_cache = false;
    it_.reset(store->db_->NewIterator(ro, store->cf(Family::kEvents)));
    it_->Seek(PositionKey(first));
    expected_ = first;
    Decode();
  }

  bool Valid() const override { return valid_; }
  const EnvelopeView& envelope() const override { return current_; }
  absl::string_view raw() const override {
    return absl::string_view(it_->value().data(), it_->value().size());
  }
  void Next() override {
    it_->Next();
    ++expected_;
    Decode();
  }
  absl::Status status() const override { return status_; }

 private:
  void Decode() {
    valid_ = false;
    if (!it_->Valid()) {
      status_ = FromRocks(it_->status(), "iterating the log");
      return;
    }
    absl::StatusOr<EnvelopeView> e = DecodeEnvelope(raw());
    if (!e.ok()) {
      status_ = e.status();
      return;
    }
    if (e->position != expected_) {
      status_ = absl::DataLossError(absl::StrCat("expected event ", expected_, " but found ",
                                                 e->position, "; run VerifyChain"));
      return;
    }
    current_ = *e;
    valid_ = true;
  }

  std::string upper_;
  rocksdb::Slice upper_slice_;
  std::unique_ptr<rocksdb::Iterator> it_;
  uint64_t expected_;
  EnvelopeView current_;
  bool valid_ = false;
  absl::Status status_;
};

absl::StatusOr<std::unique_ptr<EventStore>> EventStore::Open(absl::string_view path,
                                                             const Options& options) {
  rocksdb::DBOptions db_opts;
  db_opts.create_if_missing = options.create_if_missing;
  db_opts.create_missing_column_families = !options.read_only;
  db_opts.max_background_jobs = 2;
  db_opts.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  db_opts.keep_log_file_num = 3;
  if (options.env != nullptr) db_opts.env = options.env;

  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  // Debian's RocksDB is built without the SSE4.2 CRC32C: XXH3 checksums
  // blocks several times faster (files written before keep their own type).
  table.checksum = rocksdb::kXXH3;
  rocksdb::ColumnFamilyOptions log_opts;
  log_opts.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  log_opts.compression = rocksdb::kLZ4Compression;
  // Point lookups (request ids, heads) benefit from bloom filters.
  rocksdb::BlockBasedTableOptions point_table = table;
  point_table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  rocksdb::ColumnFamilyOptions point_opts;
  point_opts.table_factory.reset(rocksdb::NewBlockBasedTableFactory(point_table));
  // Most probes miss (a new request id, a new stream): a bloom filter on the
  // memtable answers those without searching its skip list.
  point_opts.memtable_whole_key_filtering = true;
  point_opts.memtable_prefix_bloom_size_ratio = 0.05;
  // The stream index is iterated (a stream's events) and probed (is a
  // stream new?, ReadStreamVersion): compressed, with bloom filters.
  rocksdb::ColumnFamilyOptions stream_opts = log_opts;
  stream_opts.table_factory = point_opts.table_factory;
  stream_opts.memtable_whole_key_filtering = true;
  stream_opts.memtable_prefix_bloom_size_ratio = 0.05;
  // Snapshots are large values, written once and read whole: kept in blob
  // files, compaction moves only their small references.
  rocksdb::ColumnFamilyOptions snapshot_opts = log_opts;
  snapshot_opts.enable_blob_files = true;
  snapshot_opts.min_blob_size = 4096;
  snapshot_opts.blob_compression_type = rocksdb::kLZ4Compression;

  // Events and the tree's nodes are appended in key order (by position; by
  // index within each level, the key's first byte): the memtable inserts
  // each after the one before instead of searching its skip list from the top.
  rocksdb::ColumnFamilyOptions events_opts = log_opts;
  events_opts.memtable_insert_with_hint_prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(0));
  rocksdb::ColumnFamilyOptions merkle_opts = point_opts;
  merkle_opts.memtable_insert_with_hint_prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(1));

  std::vector<rocksdb::ColumnFamilyDescriptor> descs = {
      {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions()},
      {kFamilyNames[0], events_opts},
      {kFamilyNames[1], stream_opts},
      {kFamilyNames[2], point_opts},
      {kFamilyNames[3], point_opts},
      {kFamilyNames[4], snapshot_opts},
      {kFamilyNames[5], merkle_opts},
      {kFamilyNames[6], point_opts},
  };
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  std::string p(path);
  rocksdb::Status s = options.read_only
                          ? rocksdb::DB::OpenForReadOnly(db_opts, p, descs, &handles, &raw)
                          : rocksdb::DB::Open(db_opts, p, descs, &handles, &raw);
  if (!s.ok()) {
    if (s.IsIOError() && absl::StrContains(s.ToString(), "lock")) {
      return absl::FailedPreconditionError(
          absl::StrCat("the data directory ", path,
                       " is in use by another process (its RocksDB LOCK is held): ", s.ToString()));
    }
    return FromRocks(s, absl::StrCat("opening the event store at ", path));
  }
  // Default family first; ours follow in Family order.
  std::unique_ptr<EventStore> store(
      new EventStore(options, std::unique_ptr<rocksdb::DB>(raw), std::move(handles)));
  if (absl::Status st = store->LoadHead(); !st.ok()) return st;
  if (!options.read_only) {
    // An erasure's key was deleted but a crash may have come before the
    // files were rewritten without it: finish that now.
    std::string pending;
    rocksdb::Status ps = store->db_->Get(rocksdb::ReadOptions(), store->cf(Family::kMeta),
                                         ToSlice(kPurgeKey), &pending);
    if (ps.ok()) {
      if (absl::Status st = store->PurgeErasedKeys(); !st.ok()) return st;
    } else if (!ps.IsNotFound()) {
      return FromRocks(ps, "reading the pending purge of erased keys");
    }
  }
  return store;
}

EventStore::EventStore(const Options& options, std::unique_ptr<rocksdb::DB> db,
                       std::vector<rocksdb::ColumnFamilyHandle*> handles)
    : options_(options), db_(std::move(db)) {
  // handles[0] is the default family, unused.
  handles_.assign(handles.begin() + 1, handles.end());
  db_->DestroyColumnFamilyHandle(handles[0]);
}

EventStore::~EventStore() {
  {
    base::MutexLock lock(&mu_);
    closing_ = true;
    head_advanced_.SignalAll();
  }
  // Flushed memtables spare the next open a replay of the WAL (seconds for a
  // large log). Best effort: the WAL holds everything in any case.
  if (!options_.read_only && write_status().ok()) {
    db_->Flush(rocksdb::FlushOptions(), handles_).PermitUncheckedError();
  }
  for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
  db_->Close().PermitUncheckedError();
}

absl::Status EventStore::LoadHead() {
  std::string value;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), cf(Family::kMeta), ToSlice(kHeadKey), &value);
  Head head;
  if (s.IsNotFound()) {
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(rocksdb::ReadOptions(), cf(Family::kEvents)));
    it->SeekToFirst();
    if (it->Valid()) return absl::DataLossError("the log holds events but no recorded head");
  } else if (!s.ok()) {
    return FromRocks(s, "reading the log head");
  } else {
    absl::string_view in(value);
    if (in.size() != 40 || !GetFixed64BE(&in, &head.position)) {
      return absl::DataLossError("malformed log head record");
    }
    std::copy_n(in.data(), 32, reinterpret_cast<char*>(head.hash.data()));
  }
  absl::Time last = absl::InfinitePast();
  if (head.position > 0) {
    absl::StatusOr<Envelope> e = ReadEvent(head.position);
    if (e.ok()) last = e->recorded_at;
  }
  {
    base::MutexLock lock(&mu_);
    head_ = head;
  }
  base::MutexLock lock(&write_mu_);
  next_ = head;
  last_recorded_ = last;
  return LoadTree(head);
}

absl::Status EventStore::LoadTree(const Head& head) {
  std::string value;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), cf(Family::kMeta), ToSlice(kTreeKey), &value);
  if (!s.ok() && !s.IsNotFound()) return FromRocks(s, "reading the Merkle tree's edge");
  base::merkle::CompactRange tree;
  if (s.ok()) {
    absl::StatusOr<base::merkle::CompactRange> decoded = base::merkle::CompactRange::Decode(value);
    if (!decoded.ok()) return decoded.status();
    tree = std::move(*decoded);
    if (tree.size() != head.position) {
      return absl::DataLossError(absl::StrCat("the Merkle tree holds ", tree.size(),
                                              " events but the log's head is ", head.position));
    }
  } else if (head.position > 0 && options_.read_only) {
    base::MutexLock lock(&mu_);
    tree_ready_ = false;
    return absl::OkStatus();
  } else if (head.position > 0) {
    // A log written before the tree existed: build it once, in writes of a
    // bounded size, then record its edge.
    rocksdb::WriteBatch batch;
    auto put = [&](int level, uint64_t index, const base::Hash& h) {
      PutTreeNode(&batch, level, index, h);
    };
    for (uint64_t done = 0; done < head.position;) {
      const uint64_t to = std::min(head.position, done + kTreeBuildBatch);
      if (absl::Status st = WalkTree(to, &tree, put); !st.ok()) return st;
      if (to == head.position) batch.Put(cf(Family::kMeta), ToSlice(kTreeKey), tree.Encode());
      rocksdb::WriteOptions wo;
      wo.sync = options_.sync;
      if (absl::Status st = FromRocks(db_->Write(wo, &batch), "writing the Merkle tree");
          !st.ok()) {
        return st;
      }
      batch.Clear();
      done = to;
    }
  }
  tree_ = tree;
  base::MutexLock lock(&mu_);
  tree_head_ = TreeHead{tree.size(), tree.Root()};
  return absl::OkStatus();
}

absl::Status EventStore::WalkTree(uint64_t to, base::merkle::CompactRange* range,
                                  base::merkle::CompactRange::NodeVisitor visit) const {
  if (range->size() >= to) return absl::OkStatus();
  std::unique_ptr<LogIterator> it = NewLogIterator(range->size() + 1, to);
  for (; it->Valid(); it->Next()) range->Append(TreeLeaf(it->envelope().hash), visit);
  if (!it->status().ok()) return it->status();
  if (range->size() != to) {
    return absl::DataLossError(
        absl::StrCat("the log ends at ", range->size(), ", before its head ", to));
  }
  return absl::OkStatus();
}

absl::StatusOr<AppendResult> EventStore::Append(AppendRequest request) {
  std::vector<AppendRequest> one;
  one.push_back(std::move(request));
  return std::move(AppendBatch(std::move(one))[0]);
}

std::vector<absl::StatusOr<AppendResult>> EventStore::AppendBatch(
    std::vector<AppendRequest> requests) {
  std::vector<absl::StatusOr<AppendResult>> results(requests.size(),
                                                    absl::UnknownError("append not committed"));
  if (options_.read_only) {
    for (auto& r : results) r = absl::FailedPreconditionError("the event store is open read-only");
    return results;
  }
  Writer w;
  w.requests = &requests;
  w.results = &results;
  for (const AppendRequest& r : requests) {
    for (const NewEvent& e : r.events) w.bytes += e.payload.size() + e.stream.size() + 64;
  }

  mu_.Lock();
  writers_.push_back(&w);
  while (!w.done && writers_.front() != &w) w.cv.Wait(&mu_);
  if (w.done) {
    mu_.Unlock();
    return results;
  }
  // This appender leads: it takes what is queued behind it, up to the cap.
  std::vector<Writer*> group;
  size_t bytes = 0;
  for (Writer* x : writers_) {
    if (!group.empty() && bytes + x->bytes > options_.max_group_bytes) break;
    group.push_back(x);
    bytes += x->bytes;
  }
  mu_.Unlock();
  {
    base::MutexLock lock(&write_mu_);
    CommitGroup(group);
  }
  mu_.Lock();
  writers_.erase(writers_.begin(), writers_.begin() + group.size());
  for (Writer* x : group) {
    if (x == &w) continue;
    x->done = true;
    x->cv.Signal();
  }
  if (!writers_.empty()) writers_.front()->cv.Signal();
  mu_.Unlock();
  return results;
}

absl::StatusOr<uint64_t> EventStore::CachedStreamVersion(absl::string_view stream) {
  auto it = stream_versions_.find(stream);
  if (it != stream_versions_.end()) return it->second;
  absl::StatusOr<uint64_t> v = ReadStreamVersion(db_.get(), cf(Family::kStreams), stream);
  if (!v.ok()) return v;
  if (stream_versions_.size() >= kMaxCachedStreams) stream_versions_.clear();
  stream_versions_.emplace(stream, *v);
  return *v;
}

absl::StatusOr<uint64_t*> EventStore::VersionOf(const std::string& stream, Pending* pending) {
  auto it = pending->versions.find(stream);
  if (it == pending->versions.end()) {
    absl::StatusOr<uint64_t> current = CachedStreamVersion(stream);
    if (!current.ok()) return current.status();
    it = pending->versions.emplace(stream, *current).first;
  }
  return &it->second;
}

absl::Status EventStore::LoadVersions(const std::vector<NewEvent>& events, Pending* pending) {
  for (const NewEvent& e : events) {
    if (absl::StatusOr<uint64_t*> v = VersionOf(e.stream, pending); !v.ok()) return v.status();
  }
  return absl::OkStatus();
}

std::pair<uint64_t, uint64_t> EventStore::Seal(const std::vector<NewEvent>& events,
                                               absl::string_view actor,
                                               absl::string_view request_id, absl::Time recorded_at,
                                               Pending* pending) {
  uint64_t first = 0, last = 0;
  for (const NewEvent& e : events) {
    const uint64_t version = ++pending->versions.find(e.stream)->second;
    EnvelopeView env;
    env.position = pending->next.position + 1;
    env.stream = e.stream;
    env.version = version;
    env.type = e.type;
    env.recorded_at = recorded_at;
    env.actor = actor;
    env.request_id = request_id;
    env.payload = e.payload;
    env.prev_hash = pending->next.hash;
    std::string sealed = SealEnvelope(&env);
    std::string pos_key = PositionKey(env.position);
    pending->batch->Put(cf(Family::kEvents), pos_key, sealed);
    pending->batch->Put(cf(Family::kStreams), StreamKey(e.stream, version), pos_key);
    AddLeaf(env.hash, pending);
    pending->next = Head{env.position, env.hash};
    if (first == 0) first = env.position;
    last = env.position;
    ++pending->events;
  }
  pending->last_recorded = std::max(pending->last_recorded, recorded_at);
  return {first, last};
}

void EventStore::AddLeaf(const base::Hash& event_hash, Pending* pending) {
  pending->tree.Append(TreeLeaf(event_hash),
                       [pending, this](int level, uint64_t index, const base::Hash& h) {
                         PutTreeNode(pending->batch, level, index, h);
                       });
}

void EventStore::PutTreeNode(rocksdb::WriteBatch* batch, int level, uint64_t index,
                             const base::Hash& h) const {
  if (!IsStoredTreeLevel(level)) return;
  batch->Put(cf(Family::kMerkle), TreeNodeKey(level, index), ToSlice(base::AsBytes(h)));
}

absl::Status EventStore::Commit(Pending& pending, size_t requests, absl::string_view what) {
  pending.batch->Put(cf(Family::kMeta), ToSlice(kHeadKey), EncodeHead(pending.next));
  pending.batch->Put(cf(Family::kMeta), ToSlice(kTreeKey), pending.tree.Encode());
  const TreeHead tree_head{pending.tree.size(), pending.tree.Root()};
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync;
  absl::Time start = absl::Now();
  rocksdb::Status s = db_->Write(wo, pending.batch);
  absl::Duration took = absl::Now() - start;
  if (!s.ok()) {
    absl::Status cause = FromRocks(s, what);
    base::MutexLock lock(&mu_);
    write_status_ = Unavailable(cause);
    return write_status_;
  }
  next_ = pending.next;
  tree_ = pending.tree;
  last_recorded_ = pending.last_recorded;
  if (stream_versions_.size() + pending.versions.size() > kMaxCachedStreams) {
    stream_versions_.clear();
  }
  for (auto& [stream, v] : pending.versions) stream_versions_[stream] = v;
  {
    base::MutexLock lock(&mu_);
    head_ = pending.next;
    tree_head_ = tree_head;
    stats_.group_commits++;
    stats_.appended_events += pending.events;
    stats_.grouped_requests += requests;
    stats_.total_sync_time += took;
    head_advanced_.SignalAll();
  }
  if (options_.on_commit) options_.on_commit(CommitInfo{requests, pending.events, took});
  return absl::OkStatus();
}

void EventStore::CommitGroup(const std::vector<Writer*>& group) {
  absl::Status broken = write_status();
  if (!broken.ok()) {
    for (Writer* w : group) {
      for (auto& r : *w->results) r = broken;
    }
    return;
  }

  rocksdb::WriteBatch batch;
  Pending pending{&batch, next_, last_recorded_, {}, 0, tree_};
  // Request ids written earlier in this group, not yet in RocksDB.
  struct Earlier {
    base::Hash fingerprint;
    absl::StatusOr<AppendResult>* result;
  };
  absl::flat_hash_map<std::string, Earlier> ids;
  // Results that depend on this write succeeding.
  std::vector<absl::StatusOr<AppendResult>*> written;
  size_t requests = 0;

  for (Writer* w : group) {
    for (size_t i = 0; i < w->requests->size(); ++i) {
      AppendRequest& req = (*w->requests)[i];
      absl::StatusOr<AppendResult>& result = (*w->results)[i];
      ++requests;
      if (absl::Status s = ValidateRequest(req); !s.ok()) {
        result = s;
        continue;
      }
      const base::Hash fp =
          req.fingerprint.empty() ? ContentFingerprint(req) : base::Sha256(req.fingerprint);
      if (!req.request_id.empty()) {
        if (auto earlier = ids.find(req.request_id); earlier != ids.end()) {
          if (earlier->second.fingerprint != fp) {
            result = absl::AlreadyExistsError(absl::StrCat(
                "request id '", req.request_id, "' was already used for a different request"));
          } else {
            result = *earlier->second.result;
            if (result.ok()) result->deduplicated = true;
            written.push_back(&result);
          }
          continue;
        }
        absl::StatusOr<std::optional<RequestRecord>> rec = LookupRequest(req.request_id);
        if (!rec.ok()) {
          result = rec.status();
          continue;
        }
        if (rec->has_value()) {
          if ((*rec)->fingerprint != fp) {
            result = absl::AlreadyExistsError(absl::StrCat(
                "request id '", req.request_id, "' was already used for a different request"));
          } else {
            result = AppendResult{(*rec)->first_position, (*rec)->last_position, true,
                                  std::move((*rec)->response)};
          }
          continue;
        }
      }
      // Check every expectation before touching the batch, so a refused
      // request leaves nothing behind.
      absl::Status refused;
      for (const auto& [stream, expected] : req.expected) {
        absl::StatusOr<uint64_t*> cur = VersionOf(stream, &pending);
        if (!cur.ok()) {
          refused = cur.status();
          break;
        }
        if (!expected.is_any() && **cur != expected.version()) {
          refused = absl::AbortedError(absl::StrCat(
              "Expected stream '", stream, "' at ", expected.ToString(), ", but it is at ",
              **cur == 0 ? "no stream" : absl::StrCat("version ", **cur)));
          break;
        }
      }
      if (refused.ok()) refused = LoadVersions(req.events, &pending);
      if (!refused.ok()) {
        result = refused;
        continue;
      }

      absl::Time recorded = req.recorded_at.value_or(options_.clock->Now());
      // Truncate to what the envelope stores, so live and replayed times agree.
      recorded = absl::FromUnixMicros(absl::ToUnixMicros(recorded));
      recorded = std::max(recorded, pending.last_recorded);
      AppendResult ok;
      std::tie(ok.first_position, ok.last_position) =
          Seal(req.events, req.actor, req.request_id, recorded, &pending);
      ok.response = req.response;
      if (!req.request_id.empty()) {
        batch.Put(cf(Family::kRequests), req.request_id,
                  EncodeRequestRecord({fp, ok.first_position, ok.last_position, req.response}));
        ids.emplace(req.request_id, Earlier{fp, &result});
      }
      result = std::move(ok);
      written.push_back(&result);
    }
  }

  if (batch.Count() == 0) return;
  if (absl::Status s = Commit(pending, requests, "writing a group commit"); !s.ok()) {
    for (auto* r : written) *r = s;
  }
}

absl::StatusOr<Head> EventStore::Write(const std::vector<DecidedAppend>& appends) {
  if (options_.read_only) return absl::FailedPreconditionError("the event store is open read-only");
  if (absl::Status broken = write_status(); !broken.ok()) return broken;
  base::MutexLock lock(&write_mu_);
  rocksdb::WriteBatch batch;
  Pending pending{&batch, next_, last_recorded_, {}, 0, tree_};
  for (const DecidedAppend& a : appends) {
    for (const NewEvent& e : a.events) {
      if (auto s = ValidateName("stream id", e.stream, kMaxStreamBytes); !s.ok()) return s;
      if (auto s = ValidateName("event type", e.type, kMaxTypeBytes); !s.ok()) return s;
    }
    if (!a.events.empty() && a.first_position != pending.next.position + 1) {
      return absl::FailedPreconditionError(absl::StrCat("events at position ", a.first_position,
                                                        " do not follow the head ",
                                                        pending.next.position));
    }
    if (a.recorded_at < pending.last_recorded) {
      return absl::FailedPreconditionError(absl::StrCat(
          "recorded time ", absl::FormatTime(a.recorded_at), " is before the last one recorded, ",
          absl::FormatTime(pending.last_recorded)));
    }
    if (absl::Status s = LoadVersions(a.events, &pending); !s.ok()) return s;
    Seal(a.events, a.actor, a.request_id, a.recorded_at, &pending);
    if (!a.request_key.empty()) {
      batch.Put(cf(Family::kRequests), a.request_key, EncodeRequestRecord(a.record));
    }
    for (const auto& [subject, key] : a.new_subject_keys) {
      if (auto st = ValidateName("data subject", subject, kMaxStreamBytes); !st.ok()) return st;
      batch.Put(cf(Family::kKeys), subject, key);
    }
    for (const std::string& subject : a.erased_subjects) {
      if (auto st = ValidateName("data subject", subject, kMaxStreamBytes); !st.ok()) return st;
      batch.Delete(cf(Family::kKeys), subject);
      batch.Put(cf(Family::kMeta), ToSlice(kPurgeKey), "1");
    }
  }
  if (batch.Count() == 0) return pending.next;
  if (absl::Status s = Commit(pending, appends.size(), "writing decided events"); !s.ok()) return s;
  return pending.next;
}

absl::Status EventStore::Import(const std::vector<Envelope>& events) {
  if (options_.read_only) return absl::FailedPreconditionError("the event store is open read-only");
  if (absl::Status broken = write_status(); !broken.ok()) return broken;
  base::MutexLock lock(&write_mu_);
  rocksdb::WriteBatch batch;
  Pending pending{&batch, next_, last_recorded_, {}, 0, tree_};
  for (const Envelope& e : events) {
    if (e.position != pending.next.position + 1) {
      return absl::FailedPreconditionError(
          absl::StrCat("event ", e.position, " does not follow the head ", pending.next.position));
    }
    if (e.prev_hash != pending.next.hash) {
      return absl::FailedPreconditionError(
          absl::StrCat("event ", e.position, " does not link to the head's hash"));
    }
    if (auto s = ValidateName("stream id", e.stream, kMaxStreamBytes); !s.ok()) return s;
    absl::StatusOr<uint64_t*> current = VersionOf(e.stream, &pending);
    if (!current.ok()) return current.status();
    uint64_t& version = **current;
    if (e.version != version + 1) {
      return absl::FailedPreconditionError(absl::StrCat("event ", e.position, " has version ",
                                                        e.version, " of ", e.stream,
                                                        ", which is at version ", version));
    }
    EnvelopeView view = ToView(e);
    const std::string sealed = SealEnvelope(&view);
    if (view.hash != e.hash) {
      return absl::DataLossError(
          absl::StrCat("event ", e.position, ": its hash does not match its content"));
    }
    version = e.version;
    const std::string key = PositionKey(e.position);
    batch.Put(cf(Family::kEvents), key, sealed);
    batch.Put(cf(Family::kStreams), StreamKey(e.stream, e.version), key);
    AddLeaf(e.hash, &pending);
    pending.next = Head{e.position, e.hash};
    pending.last_recorded = std::max(pending.last_recorded, e.recorded_at);
    ++pending.events;
  }
  if (events.empty()) return absl::OkStatus();
  return Commit(pending, 1, "writing imported events");
}

absl::StatusOr<std::optional<RequestRecord>> EventStore::LookupRequest(
    absl::string_view key) const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf(Family::kRequests), ToSlice(key), &value);
  if (s.IsNotFound()) return std::optional<RequestRecord>();
  if (!s.ok()) return FromRocks(s, "reading the request index");
  absl::StatusOr<RequestRecord> r = DecodeRequestRecord(value);
  if (!r.ok()) return r.status();
  return std::optional<RequestRecord>(std::move(*r));
}

Head EventStore::head() const {
  base::MutexLock lock(&mu_);
  return head_;
}

absl::Status EventStore::write_status() const {
  base::MutexLock lock(&mu_);
  return write_status_;
}

void EventStore::RefuseWrites(absl::string_view why) {
  base::MutexLock lock(&mu_);
  if (write_status_.ok()) {
    write_status_ =
        absl::UnavailableError(absl::StrCat("the event store stopped accepting writes: ", why));
  }
}

Stats EventStore::stats() const {
  base::MutexLock lock(&mu_);
  return stats_;
}

TreeHead EventStore::tree_head() const {
  base::MutexLock lock(&mu_);
  return tree_head_;
}

absl::Status EventStore::CheckTreeSize(absl::string_view what, uint64_t size) const {
  uint64_t have;
  {
    base::MutexLock lock(&mu_);
    if (!tree_ready_) {
      return absl::FailedPreconditionError(
          "this log has no Merkle tree yet; open it once for writing to build it");
    }
    have = tree_head_.size;
  }
  if (size == 0 || size > have) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " ", size, " is not a tree size of this log (1 to ", have, ")"));
  }
  return absl::OkStatus();
}

absl::StatusOr<base::Hash> EventStore::ReadTreeNode(int level, uint64_t index) const {
  if (!IsStoredTreeLevel(level)) {
    absl::StatusOr<Envelope> event = ReadEvent(index + 1);
    if (absl::IsNotFound(event.status())) {
      return absl::DataLossError(absl::StrCat("the Merkle tree's leaf ", index, " has no event"));
    }
    if (!event.ok()) return event.status();
    return TreeLeaf(event->hash);
  }
  std::string value;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), cf(Family::kMerkle), TreeNodeKey(level, index), &value);
  if (s.IsNotFound()) {
    return absl::DataLossError(
        absl::StrCat("the Merkle tree has no node at level ", level, " index ", index));
  }
  if (!s.ok()) return FromRocks(s, "reading the Merkle tree");
  if (value.size() != 32) return absl::DataLossError("a malformed Merkle tree node");
  base::Hash h;
  std::copy_n(value.data(), 32, reinterpret_cast<char*>(h.data()));
  return h;
}

absl::StatusOr<base::Hash> EventStore::TreeRoot(uint64_t size) const {
  if (absl::Status s = CheckTreeSize("tree size", size); !s.ok()) return s;
  return base::merkle::SubtreeRoot(
      0, size, [this](int level, uint64_t index) { return ReadTreeNode(level, index); });
}

absl::StatusOr<std::vector<base::Hash>> EventStore::InclusionProof(uint64_t position,
                                                                   uint64_t tree_size) const {
  if (absl::Status s = CheckTreeSize("tree size", tree_size); !s.ok()) return s;
  if (position == 0 || position > tree_size) {
    return absl::InvalidArgumentError(absl::StrCat(
        "position ", position, " is not in the tree of the first ", tree_size, " events"));
  }
  return base::merkle::InclusionProof(position - 1, tree_size, [this](int level, uint64_t index) {
    return ReadTreeNode(level, index);
  });
}

absl::StatusOr<std::vector<base::Hash>> EventStore::ConsistencyProof(uint64_t size1,
                                                                     uint64_t size2) const {
  if (absl::Status s = CheckTreeSize("tree size", size2); !s.ok()) return s;
  if (size1 == 0 || size1 > size2) {
    return absl::InvalidArgumentError(
        absl::StrCat("the older tree size ", size1, " must be 1 to the newer one, ", size2));
  }
  return base::merkle::ConsistencyProof(
      size1, size2, [this](int level, uint64_t index) { return ReadTreeNode(level, index); });
}

TreeReport EventStore::VerifyTree() const {
  TreeReport report;
  const TreeHead stored = tree_head();
  base::merkle::CompactRange rebuilt;
  absl::Status walked =
      WalkTree(stored.size, &rebuilt, [&](int level, uint64_t index, const base::Hash& h) {
        // A leaf is read from the event the rebuild reads: nothing to compare.
        if (!report.ok || !IsStoredTreeLevel(level)) return;
        absl::StatusOr<base::Hash> node = ReadTreeNode(level, index);
        if (!node.ok() || *node != h) {
          report.ok = false;
          report.problem =
              absl::StrCat("the stored Merkle node at level ", level, " index ", index,
                           node.ok() ? " differs from a rebuild from the events" : " is missing");
        }
      });
  report.size = rebuilt.size();
  report.root = rebuilt.Root();
  if (!walked.ok()) {
    report.ok = false;
    report.problem = std::string(walked.message());
  } else if (report.ok && report.root != stored.root) {
    report.ok = false;
    report.problem = "the stored Merkle tree edge differs from a rebuild from the events";
  }
  return report;
}

absl::StatusOr<uint64_t> EventStore::StreamVersion(absl::string_view stream) const {
  return ReadStreamVersion(db_.get(), cf(Family::kStreams), stream);
}

absl::StatusOr<std::vector<Envelope>> EventStore::ReadStream(absl::string_view stream,
                                                             uint64_t from_version,
                                                             size_t max_count) const {
  std::vector<Envelope> out;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf(Family::kStreams)));
  for (it->Seek(StreamKey(stream, std::max<uint64_t>(from_version, 1)));
       it->Valid() && out.size() < max_count; it->Next()) {
    uint64_t version;
    if (!DecodeStreamKey(ToView(it->key()), stream, &version)) {
      break;
    }
    absl::string_view pos_key(it->value().data(), it->value().size());
    uint64_t position;
    if (!DecodePositionKey(pos_key, &position)) {
      return absl::DataLossError(absl::StrCat("malformed stream index entry for ", stream));
    }
    absl::StatusOr<Envelope> e = ReadEvent(position);
    if (!e.ok()) return e.status();
    out.push_back(std::move(*e));
  }
  if (auto s = FromRocks(it->status(), "reading a stream"); !s.ok()) return s;
  return out;
}

absl::StatusOr<Envelope> EventStore::ReadEvent(uint64_t position) const {
  std::string value;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), cf(Family::kEvents), PositionKey(position), &value);
  if (s.IsNotFound()) {
    return absl::NotFoundError(absl::StrCat("no event at position ", position));
  }
  if (!s.ok()) return FromRocks(s, absl::StrCat("reading event ", position));
  absl::StatusOr<EnvelopeView> v = DecodeEnvelope(value);
  if (!v.ok()) return v.status();
  return ToOwned(*v);
}

absl::StatusOr<std::vector<Envelope>> EventStore::ReadAll(uint64_t from_position,
                                                          size_t max_count) const {
  std::vector<Envelope> out;
  if (max_count == 0) return out;
  uint64_t from = std::max<uint64_t>(from_position, 1);
  uint64_t to = from + max_count - 1 < from ? UINT64_MAX : from + max_count - 1;
  std::unique_ptr<LogIterator> it = NewLogIterator(from, to);
  for (; it->Valid(); it->Next()) out.push_back(ToOwned(it->envelope()));
  if (!it->status().ok()) return it->status();
  return out;
}

std::unique_ptr<LogIterator> EventStore::NewLogIterator(uint64_t from_position,
                                                        uint64_t to_position) const {
  return std::make_unique<Iterator>(this, from_position, std::min(to_position, head().position));
}

std::unique_ptr<Subscription> EventStore::Subscribe(uint64_t from_position) {
  return std::unique_ptr<Subscription>(
      new Subscription(this, std::max<uint64_t>(from_position, 1)));
}

absl::StatusOr<uint64_t> EventStore::WaitForHead(uint64_t position, absl::Time deadline,
                                                 const std::atomic<bool>* cancelled) {
  base::MutexLock lock(&mu_);
  while (head_.position < position && !closing_ && !cancelled->load()) {
    if (head_advanced_.WaitWithDeadline(&mu_, deadline)) break;
  }
  if (closing_) return absl::CancelledError("the event store is closing");
  if (cancelled->load()) return absl::CancelledError("subscription cancelled");
  return head_.position;
}

void EventStore::WakeWaiters() {
  base::MutexLock lock(&mu_);
  head_advanced_.SignalAll();
}

absl::StatusOr<std::vector<Envelope>> Subscription::Next(size_t max_count, absl::Duration timeout) {
  if (cancelled_.load()) return absl::CancelledError("subscription cancelled");
  absl::StatusOr<uint64_t> waited =
      store_->WaitForHead(cursor_, absl::Now() + timeout, &cancelled_);
  if (!waited.ok()) return waited.status();
  const uint64_t head = *waited;
  std::vector<Envelope> out;
  if (head < cursor_ || max_count == 0) return out;
  uint64_t to = std::min(head, cursor_ + max_count - 1);
  std::unique_ptr<LogIterator> it = store_->NewLogIterator(cursor_, to);
  for (; it->Valid(); it->Next()) out.push_back(ToOwned(it->envelope()));
  if (!it->status().ok()) return it->status();
  cursor_ += out.size();
  return out;
}

void Subscription::Cancel() {
  cancelled_.store(true);
  store_->WakeWaiters();
}

VerifyReport EventStore::VerifyChain(uint64_t from_position, uint64_t to_position) const {
  VerifyReport report;
  const Head recorded = head();
  const uint64_t from = std::max<uint64_t>(from_position, 1);
  const bool through_head = to_position >= recorded.position;
  const uint64_t to = std::min(to_position, recorded.position);
  auto fail = [&report](uint64_t position, std::string problem) {
    report.ok = false;
    report.first_bad_position = position;
    report.problem = std::move(problem);
    return report;
  };

  base::Hash prev{};
  if (from > 1) {
    std::string value;
    rocksdb::Status s =
        db_->Get(rocksdb::ReadOptions(), cf(Family::kEvents), PositionKey(from - 1), &value);
    absl::StatusOr<EnvelopeView> e =
        s.ok() ? DecodeEnvelope(value) : absl::StatusOr<EnvelopeView>(absl::NotFoundError(""));
    if (!e.ok()) return fail(from - 1, "the event before the range is missing or unreadable");
    prev = e->hash;
  }

  rocksdb::ReadOptions ro;
  ro.fill_cache = false;
  // Through the head it reads on past `to`: ahead as far as a long scan does.
  ro.readahead_size = through_head ? kMaxReadahead : ReadaheadFor(from, to);
  std::string upper = PositionKey(to + 1);
  rocksdb::Slice upper_slice(upper);
  // Through the head, look past it too: an event after the head was inserted.
  if (!through_head) ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, cf(Family::kEvents)));
  uint64_t expected = from;
  for (it->Seek(PositionKey(from)); it->Valid(); it->Next()) {
    uint64_t key_pos;
    absl::string_view key(it->key().data(), it->key().size());
    absl::string_view raw(it->value().data(), it->value().size());
    if (!DecodePositionKey(key, &key_pos)) return fail(expected, "a malformed key in the log");
    if (key_pos > to) {
      return fail(key_pos, absl::StrCat("an event is stored after the recorded head ",
                                        recorded.position, " (inserted)"));
    }
    if (key_pos != expected) {
      return fail(expected, absl::StrCat("event ", expected,
                                         " is missing (removed); the next "
                                         "stored event is at ",
                                         key_pos));
    }
    absl::StatusOr<EnvelopeView> e = DecodeEnvelope(raw);
    if (!e.ok()) return fail(key_pos, absl::StrCat("unreadable: ", e.status().message()));
    if (e->position != key_pos) {
      return fail(key_pos, absl::StrCat("the event stored here says it is event ", e->position,
                                        " (moved or reordered)"));
    }
    if (!VerifyEnvelopeHash(raw)) {
      return fail(key_pos, "its content does not match its hash (changed)");
    }
    if (e->prev_hash != prev) {
      return fail(key_pos,
                  "its previous-hash link does not match the event before it "
                  "(an earlier event was changed, removed or reordered)");
    }
    prev = e->hash;
    report.checked++;
    report.last_position = key_pos;
    report.last_hash = prev;
    ++expected;
  }
  if (!it->status().ok()) return fail(expected, std::string(it->status().ToString()));
  if (expected <= to) {
    return fail(expected, absl::StrCat("event ", expected,
                                       " is missing (removed); the log "
                                       "ends at ",
                                       expected - 1));
  }
  if (through_head && to == recorded.position && prev != recorded.hash) {
    return fail(recorded.position, "the last event's hash differs from the recorded head");
  }
  return report;
}

absl::StatusOr<std::optional<std::string>> EventStore::SubjectKey(absl::string_view subject) const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf(Family::kKeys), ToSlice(subject), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return FromRocks(s, "reading a data subject's key");
  return std::optional<std::string>(std::move(value));
}

absl::Status EventStore::EraseSubjectKey(absl::string_view subject) {
  if (options_.read_only) return absl::FailedPreconditionError("the event store is open read-only");
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync;
  if (auto s = FromRocks(db_->Delete(wo, cf(Family::kKeys), ToSlice(subject)),
                         "destroying a data subject's key");
      !s.ok()) {
    return s;
  }
  return PurgeErasedKeys();
}

absl::Status EventStore::PurgeErasedKeys() {
  if (options_.read_only) return absl::FailedPreconditionError("the event store is open read-only");
  // The key's bytes are still in the WAL and maybe in table files: flushing
  // every family makes the WALs obsolete (RocksDB deletes them), and a forced
  // compaction of the keys family rewrites its tables without the key.
  if (auto s = FromRocks(db_->Flush(rocksdb::FlushOptions(), handles_), "flushing after erasure");
      !s.ok()) {
    return s;
  }
  rocksdb::CompactRangeOptions co;
  co.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  if (auto s = FromRocks(db_->CompactRange(co, cf(Family::kKeys), nullptr, nullptr),
                         "compacting after erasure");
      !s.ok()) {
    return s;
  }
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync;
  return FromRocks(db_->Delete(wo, cf(Family::kMeta), ToSlice(kPurgeKey)),
                   "recording the purge of erased keys");
}

absl::Status EventStore::PutSnapshots(absl::Span<const SnapshotWrite> snapshots) {
  // Sized first: a checkpoint's pages are megabytes, and a batch grown by
  // doubling copied them again each time it did. A record is its type, the
  // family and two lengths (at most 21 bytes), the key and the value; the
  // batch's header is 12.
  size_t reserved = 12;
  std::vector<std::string> keys;
  keys.reserve(snapshots.size());
  for (const SnapshotWrite& s : snapshots) {
    if (auto st = ValidateName("snapshot name", s.name, kMaxStreamBytes); !st.ok()) return st;
    reserved += 21 + keys.emplace_back(StreamKey(s.name, s.position)).size() + s.bytes.size();
  }
  rocksdb::WriteBatch batch(reserved);
  for (size_t i = 0; i < snapshots.size(); ++i) {
    batch.Put(cf(Family::kSnapshots), keys[i], ToSlice(snapshots[i].bytes));
  }
  rocksdb::WriteOptions wo;
  wo.disableWAL = true;
  if (auto st = FromRocks(db_->Write(wo, &batch), "writing snapshots"); !st.ok()) return st;
  rocksdb::FlushOptions fo;
  fo.wait = false;
  fo.allow_write_stall = true;
  return FromRocks(db_->Flush(fo, cf(Family::kSnapshots)), "flushing snapshots");
}

absl::StatusOr<std::optional<Snapshot>> EventStore::LatestSnapshot(absl::string_view name,
                                                                   uint64_t at_or_before) const {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf(Family::kSnapshots)));
  it->SeekForPrev(StreamKey(name, at_or_before));
  if (!it->Valid()) {
    if (auto s = FromRocks(it->status(), "reading snapshots"); !s.ok()) return s;
    return std::optional<Snapshot>();
  }
  uint64_t position;
  if (!DecodeStreamKey(ToView(it->key()), name, &position)) {
    return std::optional<Snapshot>();
  }
  return std::optional<Snapshot>(Snapshot{position, it->value().ToString()});
}

absl::StatusOr<std::vector<uint64_t>> EventStore::ListSnapshots(absl::string_view name) const {
  std::vector<uint64_t> out;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf(Family::kSnapshots)));
  for (it->Seek(StreamKey(name, 0)); it->Valid(); it->Next()) {
    uint64_t position;
    if (!DecodeStreamKey(ToView(it->key()), name, &position)) {
      break;
    }
    out.push_back(position);
  }
  if (auto s = FromRocks(it->status(), "listing snapshots"); !s.ok()) return s;
  return out;
}

absl::Status EventStore::DeleteSnapshots(absl::string_view name) {
  return FromRocks(db_->DeleteRange(rocksdb::WriteOptions(), cf(Family::kSnapshots),
                                    StreamKey(name, 0), StreamKey(name, UINT64_MAX) + '\xff'),
                   "deleting snapshots");
}

absl::Status EventStore::ClearSnapshots() {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf(Family::kSnapshots)));
  it->SeekToLast();
  if (!it->Valid()) return FromRocks(it->status(), "clearing snapshots");
  std::string past_last = it->key().ToString() + '\xff';
  it->SeekToFirst();
  return FromRocks(
      db_->DeleteRange(rocksdb::WriteOptions(), cf(Family::kSnapshots), it->key(), past_last),
      "clearing snapshots");
}

absl::StatusOr<Head> EventStore::Checkpoint(absl::string_view dir) const {
  rocksdb::Checkpoint* raw = nullptr;
  if (auto s = FromRocks(rocksdb::Checkpoint::Create(db_.get(), &raw), "starting a checkpoint");
      !s.ok()) {
    return s;
  }
  std::unique_ptr<rocksdb::Checkpoint> cp(raw);
  if (auto s = FromRocks(cp->CreateCheckpoint(std::string(dir)),
                         absl::StrCat("writing a checkpoint to ", dir));
      !s.ok()) {
    return s;
  }
  Options ro = options_;
  ro.read_only = true;
  ro.create_if_missing = false;
  absl::StatusOr<std::unique_ptr<EventStore>> copy = Open(dir, ro);
  if (!copy.ok()) return copy.status();
  return (*copy)->head();
}

}  // namespace eventstore
