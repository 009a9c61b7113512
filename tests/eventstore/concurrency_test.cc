#include <set>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/eventstore/store_fixture.h"

namespace eventstore {
namespace {

class ConcurrencyTest : public StoreTest {};

// 8 threads x 10,000 synced appends, half to a shared stream and half to each
// thread's own: positions and every stream's versions must come out
// contiguous, each event exactly once.
TEST_F(ConcurrencyTest, ConcurrentAppendsHaveNoGapsOrDuplicates) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 10'000;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        std::string stream = i % 2 == 0 ? "shared" : absl::StrCat("own-", t);
        AppendRequest r =
            Request(absl::StrCat("t", t, "-", i), stream, "E", absl::StrCat(t, ":", i));
        if (!store_->Append(std::move(r)).ok()) failures++;
      }
    });
  }
  for (auto& th : threads) th.join();
  ASSERT_EQ(failures.load(), 0);
  const uint64_t total = kThreads * kPerThread;
  EXPECT_EQ(store_->head().position, total);

  std::set<std::string> payloads;
  absl::flat_hash_map<std::string, uint64_t> versions;
  uint64_t expected_position = 1;
  auto it = store_->NewLogIterator(1);
  for (; it->Valid(); it->Next()) {
    const EnvelopeView& e = it->envelope();
    EXPECT_EQ(e.position, expected_position++);
    EXPECT_EQ(e.version, ++versions[std::string(e.stream)]) << e.stream;
    EXPECT_TRUE(payloads.insert(std::string(e.payload)).second) << "duplicate " << e.payload;
  }
  ASSERT_TRUE(it->status().ok()) << it->status();
  EXPECT_EQ(payloads.size(), total);
  EXPECT_EQ(versions["shared"], total / 2);
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(versions[absl::StrCat("own-", t)], kPerThread / 2u);
  EXPECT_TRUE(store_->VerifyChain().ok);
  // Group commit must have merged appends: fewer synced writes than appends.
  EXPECT_LT(store_->stats().group_commits, total);
}

// Subscribers that start before, during and after concurrent appends each see
// every event exactly once, in order, across the catch-up/live hand-over.
TEST_F(ConcurrencyTest, SubscriptionHandsOverFromCatchUpToLiveWithoutLossOrDuplicates) {
  constexpr int kEvents = 4000;
  for (int i = 0; i < 500; ++i) ASSERT_TRUE(store_->Append(Request("", "s", "E", "")).ok());

  std::atomic<bool> stop{false};
  auto consume = [&](uint64_t from, std::vector<uint64_t>* seen) {
    std::unique_ptr<Subscription> sub = store_->Subscribe(from);
    while (seen->size() < kEvents - from + 1 && !stop.load()) {
      auto batch = sub->Next(64, absl::Milliseconds(50));
      ASSERT_TRUE(batch.ok()) << batch.status();
      for (const Envelope& e : *batch) seen->push_back(e.position);
    }
  };
  std::vector<uint64_t> early, middle;
  std::thread a(consume, 1, &early);
  std::thread b(consume, 300, &middle);
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&] {
      for (int i = 0; i < (kEvents - 500) / 4; ++i) {
        ASSERT_TRUE(store_->Append(Request("", absl::StrCat("w", i % 3), "E", "")).ok());
      }
    });
  }
  for (auto& w : writers) w.join();
  std::vector<uint64_t> late;
  std::thread c(consume, 3900, &late);
  a.join();
  b.join();
  c.join();
  auto check = [&](const std::vector<uint64_t>& seen, uint64_t from) {
    ASSERT_EQ(seen.size(), kEvents - from + 1);
    for (size_t i = 0; i < seen.size(); ++i) ASSERT_EQ(seen[i], from + i);
  };
  check(early, 1);
  check(middle, 300);
  check(late, 3900);
}

TEST_F(ConcurrencyTest, CancelWakesAWaitingSubscriber) {
  std::unique_ptr<Subscription> sub = store_->Subscribe(1);
  std::thread t([&] {
    auto r = sub->Next(10, absl::Hours(1));
    EXPECT_TRUE(absl::IsCancelled(r.status()));
  });
  absl::SleepFor(absl::Milliseconds(20));
  sub->Cancel();
  t.join();
}

TEST_F(ConcurrencyTest, NextTimesOutEmptyWhenNothingArrives) {
  std::unique_ptr<Subscription> sub = store_->Subscribe(1);
  auto r = sub->Next(10, absl::Milliseconds(10));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
  ASSERT_TRUE(store_->Append(Request("", "s", "E", "")).ok());
  r = sub->Next(10, absl::Milliseconds(10));
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ(sub->cursor(), 2u);
}

}  // namespace
}  // namespace eventstore
