// eventstore_bench: the event store's figures, from one run.
//
//   appends/s clients=1:  one appender, each append a synced write
//   appends/s clients=64: 64 concurrent appenders, group-committed
//   group-commit gain:    the ratio of the two (goal >= 10)
//   replay events/s:      read + decode every envelope through LogIterator
//   raw iteration events/s: the bare RocksDB iterator over the same data
//   replay ratio:         replay / raw (goal >= 0.3)
//
// Usage: eventstore_bench [--seconds=S] [--events=N] [--dir=PATH]
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "eventstore/event_store.h"
#include "rocksdb/db.h"
#include "tests/testing/temp_dir.h"

namespace {

using eventstore::AppendRequest;
using eventstore::EventStore;

double AppendsPerSecond(EventStore* store, int clients, absl::Duration length) {
  std::atomic<uint64_t> done{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  const std::string payload(200, 'x');
  absl::Time start = absl::Now();
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      uint64_t n = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        AppendRequest r;
        r.actor = "bench";
        r.events.push_back({absl::StrCat("bench-", clients, "-", c), "BenchEvent", payload});
        if (!store->Append(std::move(r)).ok()) std::abort();
        ++n;
      }
      done += n;
    });
  }
  absl::SleepFor(length);
  stop = true;
  for (auto& t : threads) t.join();
  return done.load() / absl::ToDoubleSeconds(absl::Now() - start);
}

void Fill(EventStore* store, uint64_t events) {
  const std::string payload(200, 'p');
  for (uint64_t i = 0; i < events; i += 1000) {
    AppendRequest r;
    r.actor = "bench";
    for (uint64_t j = i; j < std::min(events, i + 1000); ++j) {
      r.events.push_back({absl::StrCat("fill-", j % 1000), "BenchEvent", payload});
    }
    if (!store->Append(std::move(r)).ok()) std::abort();
  }
}

double ReplayPerSecond(EventStore* store, uint64_t* bytes) {
  absl::Time start = absl::Now();
  uint64_t n = 0;
  auto it = store->NewLogIterator(1);
  for (; it->Valid(); it->Next()) {
    *bytes += it->envelope().payload.size();
    ++n;
  }
  if (!it->status().ok()) std::abort();
  return n / absl::ToDoubleSeconds(absl::Now() - start);
}

double RawIterationPerSecond(const std::string& path, uint64_t* bytes) {
  std::vector<rocksdb::ColumnFamilyDescriptor> descs;
  for (const std::string& n : eventstore::ColumnFamilyNames()) {
    descs.emplace_back(n, rocksdb::ColumnFamilyOptions());
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  if (!rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), path, descs, &handles, &db).ok()) {
    std::abort();
  }
  rocksdb::ReadOptions ro;
  ro.fill_cache = false;
  ro.readahead_size = 2 << 20;
  absl::Time start = absl::Now();
  uint64_t n = 0;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro, handles[1]));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    *bytes += it->value().size();
    ++n;
  }
  double rate = n / absl::ToDoubleSeconds(absl::Now() - start);
  it.reset();
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  delete db;
  return rate;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 3;
  uint64_t events = 1'000'000;
  std::string dir;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--seconds=", 10) == 0) seconds = std::atof(argv[i] + 10);
    if (std::strncmp(argv[i], "--events=", 9) == 0)
      events = std::strtoull(argv[i] + 9, nullptr, 10);
    if (std::strncmp(argv[i], "--dir=", 6) == 0) dir = argv[i] + 6;
  }
  testing_util::TempDir tmp;
  if (dir.empty()) dir = tmp.path();

  double one, many;
  {
    auto store = EventStore::Open(dir + "/appends", {});
    if (!store.ok()) return 1;
    one = AppendsPerSecond(store->get(), 1, absl::Seconds(seconds));
    many = AppendsPerSecond(store->get(), 64, absl::Seconds(seconds));
  }
  std::printf("appends/s clients=1: %.0f\n", one);
  std::printf("appends/s clients=64: %.0f\n", many);
  std::printf("group-commit gain: %.1f\n", many / one);
  std::fflush(stdout);

  const std::string path = dir + "/replay";
  uint64_t replay_bytes = 0, raw_bytes = 0;
  double replay;
  {
    eventstore::Options o;
    o.sync = false;  // only the fill; replay reads
    auto store = EventStore::Open(path, o);
    if (!store.ok()) return 1;
    Fill(store->get(), events);
  }
  {
    // Reopened so both readers start from the same cold-ish state.
    auto store = EventStore::Open(path, {});
    if (!store.ok()) return 1;
    ReplayPerSecond(store->get(), &replay_bytes);  // warm the OS page cache
    replay_bytes = 0;
    replay = ReplayPerSecond(store->get(), &replay_bytes);
  }
  double raw = RawIterationPerSecond(path, &raw_bytes);
  std::printf("replay events/s: %.0f\n", replay);
  std::printf("raw iteration events/s: %.0f\n", raw);
  std::printf("replay ratio: %.2f\n", replay / raw);
  return 0;
}
