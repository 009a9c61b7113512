#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/eventstore/store_fixture.h"
#include "tests/testing/faulty_fs.h"

namespace eventstore {
namespace {

using ::testing::HasSubstr;

TEST(DurabilityTest, FailedDurableWriteStopsWritesUntilReopen) {
  testing_util::TempDir dir;
  testing_util::FaultyEnv faulty;
  base::ManualClock clock(absl::FromUnixSeconds(1'700'000'000));
  Options o;
  o.clock = &clock;
  o.env = faulty.env.get();
  auto opened = EventStore::Open(dir.Sub("db"), o);
  ASSERT_TRUE(opened.ok()) << opened.status();
  std::unique_ptr<EventStore> store = std::move(*opened);

  AppendRequest req;
  req.actor = "t";
  req.events.push_back({"s", "E", "kept"});
  ASSERT_TRUE(store->Append(req).ok());
  const Head before = store->head();

  faulty.fs->set_fail_writes(true);
  req.events[0].payload = "lost";
  absl::StatusOr<AppendResult> failed = store->Append(req);
  EXPECT_TRUE(absl::IsUnavailable(failed.status())) << failed.status();
  EXPECT_THAT(std::string(failed.status().message()), HasSubstr("stopped accepting writes"));
  EXPECT_EQ(store->head().position, before.position);

  // Space is back, but the store does not guess: it refuses until reopened.
  faulty.fs->set_fail_writes(false);
  absl::StatusOr<AppendResult> after = store->Append(req);
  EXPECT_TRUE(absl::IsUnavailable(after.status())) << after.status();
  EXPECT_FALSE(store->write_status().ok());
  // Reads keep working.
  auto all = store->ReadAll(1, 10);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 1u);

  store.reset();
  opened = EventStore::Open(dir.Sub("db"), o);
  ASSERT_TRUE(opened.ok()) << opened.status();
  store = std::move(*opened);
  EXPECT_EQ(store->head().position, before.position);
  EXPECT_EQ(store->head().hash, before.hash);
  EXPECT_TRUE(store->VerifyChain().ok);
  req.events[0].payload = "after recovery";
  absl::StatusOr<AppendResult> ok = store->Append(req);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->first_position, 2u);
  EXPECT_TRUE(store->VerifyChain().ok);
}

class SnapshotTest : public StoreTest {
 protected:
  absl::Status Put(absl::string_view name, uint64_t position, absl::string_view bytes) {
    return store_->PutSnapshots({{name, position, bytes}});
  }
};

TEST_F(SnapshotTest, LatestAtOrBeforeAPosition) {
  ASSERT_TRUE(Put("state", 10, "ten").ok());
  ASSERT_TRUE(Put("state", 20, "twenty").ok());
  ASSERT_TRUE(Put("other", 15, "x").ok());
  EXPECT_FALSE(store_->LatestSnapshot("state", 9)->has_value());
  EXPECT_EQ((*store_->LatestSnapshot("state", 10))->bytes, "ten");
  EXPECT_EQ((*store_->LatestSnapshot("state", 19))->position, 10u);
  EXPECT_EQ((*store_->LatestSnapshot("state", 1000))->bytes, "twenty");
  EXPECT_EQ(*store_->ListSnapshots("state"), (std::vector<uint64_t>{10, 20}));
  ASSERT_TRUE(store_->DeleteSnapshots("state").ok());
  EXPECT_FALSE(store_->LatestSnapshot("state", 1000)->has_value());
  EXPECT_EQ((*store_->LatestSnapshot("other", 1000))->bytes, "x");
}

TEST_F(SnapshotTest, SeveralAreWrittenTogetherAndSurviveAReopen) {
  ASSERT_TRUE(store_->PutSnapshots({{"a", 3, "three"}, {"b", 3, std::string(1 << 20, 'x')}}).ok());
  Reopen();
  EXPECT_EQ((*store_->LatestSnapshot("a", 3))->bytes, "three");
  EXPECT_EQ((*store_->LatestSnapshot("b", 3))->bytes.size(), 1u << 20);
}

TEST_F(SnapshotTest, ABadNameWritesNoneOfTheBatch) {
  EXPECT_EQ(store_->PutSnapshots({{"a", 1, "x"}, {"", 1, "y"}}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(store_->LatestSnapshot("a", 1)->has_value());
}

TEST_F(SnapshotTest, SnapshotsAreNotPartOfTheChain) {
  ASSERT_TRUE(store_->Append(Request("", "s", "E", "")).ok());
  Head head = store_->head();
  ASSERT_TRUE(Put("state", 1, "bytes").ok());
  EXPECT_EQ(store_->head().hash, head.hash);
  EXPECT_TRUE(store_->VerifyChain().ok);
}

TEST_F(SnapshotTest, CheckpointIsAConsistentCopy) {
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(store_->Append(Request("", "s", "E", "")).ok());
  absl::StatusOr<Head> head = store_->Checkpoint(dir_.Sub("backup"));
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->position, 20u);
  auto copy = EventStore::Open(dir_.Sub("backup"), StoreOptions());
  ASSERT_TRUE(copy.ok()) << copy.status();
  EXPECT_EQ((*copy)->head().hash, store_->head().hash);
  EXPECT_TRUE((*copy)->VerifyChain().ok);
}

}  // namespace
}  // namespace eventstore
