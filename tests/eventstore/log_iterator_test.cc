#include <random>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "rocksdb/iostats_context.h"
#include "rocksdb/perf_level.h"
#include "tests/eventstore/store_fixture.h"

namespace eventstore {
namespace {

// What a scan of the log reads from its files, by the scan's length: a
// feed's turn or a page of the log is a few hundred events, a replay or an
// export millions.
class LogIteratorTest : public StoreTest {
 protected:
  // 40,000 events of 200 bytes that do not compress, then a reopen, which
  // flushes them from the WAL into table files.
  void SetUp() override {
    std::mt19937 rng(7);
    for (int batch = 0; batch < 40; ++batch) {
      AppendRequest req;
      req.request_id = absl::StrCat("r", batch);
      req.actor = "tester";
      for (int i = 0; i < 1000; ++i) {
        std::string payload(200, '\0');
        for (char& c : payload) c = static_cast<char>(rng());
        req.events.push_back({absl::StrCat("s/", batch), "Happened", std::move(payload)});
      }
      ASSERT_TRUE(store_->Append(std::move(req)).ok());
    }
    Reopen();
    rocksdb::SetPerfLevel(rocksdb::PerfLevel::kEnableCount);
  }
  void TearDown() override { rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable); }

  // Bytes read from the log's files while `scan` runs on this thread.
  template <typename F>
  static uint64_t BytesRead(F scan) {
    rocksdb::get_iostats_context()->Reset();
    scan();
    return rocksdb::get_iostats_context()->bytes_read;
  }
};

TEST_F(LogIteratorTest, AShortScanReadsAboutWhatItReturns) {
  uint64_t events = 0;
  const uint64_t bytes = BytesRead([&] {
    for (auto it = store_->NewLogIterator(20'000, 20'255); it->Valid(); it->Next()) ++events;
  });
  EXPECT_EQ(events, 256u);
  // 256 events hold about 60 KiB; a 2-MiB readahead would read 2 MiB.
  EXPECT_GT(bytes, 0u);
  EXPECT_LT(bytes, 512u << 10) << "a scan of 256 events read " << bytes << " bytes";
}

TEST_F(LogIteratorTest, ALongScanReadsAheadInLargeSteps) {
  const uint64_t bytes = BytesRead([&] {
    auto it = store_->NewLogIterator(1, 40'000);
    ASSERT_TRUE(it->Valid());
  });
  EXPECT_GE(bytes, 2u << 20) << "the first event of a long scan read " << bytes << " bytes";
}

}  // namespace
}  // namespace eventstore
