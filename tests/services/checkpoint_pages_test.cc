// Checkpoints in pages (snapshots.h): a checkpoint writes of a round its own
// fields and only the pages of proposals that changed, and what it wrote
// loads back as the round itself.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "budget/internal/snapshot.pb.h"
#include "eventstore/event_store.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "services/core/checkpointer.h"
#include "services/core/snapshots.h"
#include "tests/testing/temp_dir.h"

namespace budget {
namespace {

using google::protobuf::util::MessageDifferencer;

std::string Id(int n) { return absl::StrFormat("P-%04d", n); }

class CheckpointPagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = *eventstore::EventStore::Open(dir_.Sub("data"), {});
    RoundState& round = (*state_.mutable_rounds())["2024"];
    round.mutable_round()->set_name("rounds/2024");
    (*round.mutable_hearings())["H-0001"].set_name("rounds/2024/hearings/H-0001");
    for (int n = 1; n <= 2500; ++n) Change(n, 1);  // pages 0, 1 and 2
  }

  RoundState& Round() { return (*state_.mutable_rounds())["2024"]; }
  void Change(int n, int version) {
    v1::Proposal& p = (*Round().mutable_proposals())[Id(n)];
    p.set_name(absl::StrCat("rounds/2024/proposals/", Id(n)));
    p.mutable_content()->set_title(absl::StrCat("Forslag ", n, " – færre vikarer"));
    p.set_version(version);
  }

  // A checkpoint of state_ at an event of its own; the checkpoint's position.
  uint64_t Checkpoint(const CheckpointChanges& changes) {
    state_.set_log_position(NextEvent());
    EXPECT_TRUE(SaveCheckpoint(*store_, state_, store_->head().hash, changes).ok());
    return state_.log_position();
  }
  uint64_t NextEvent() {
    eventstore::AppendRequest r;
    r.actor = "users/test";
    r.recorded_at = absl::Now();
    r.events.push_back({"rounds/2024", "budget.test.Tick", "tick"});
    EXPECT_TRUE(store_->Append(std::move(r)).ok());
    return store_->head().position;
  }
  size_t Written(const std::string& name) { return store_->ListSnapshots(name)->size(); }
  void ExpectLoadsBack(uint64_t position) {
    std::optional<State> loaded = LoadCheckpoint(*store_, position);
    ASSERT_TRUE(loaded.has_value());
    EXPECT_TRUE(MessageDifferencer::Equals(*loaded, state_));
  }

  testing_util::TempDir dir_;
  std::unique_ptr<eventstore::EventStore> store_;
  State state_;
};

TEST(PageOfTest, ConsecutiveSequenceNumbersShareAPage) {
  EXPECT_EQ(PageOf("P-0001"), 0u);
  EXPECT_EQ(PageOf("P-1023"), 0u);
  EXPECT_EQ(PageOf("P-1024"), 1u);
  EXPECT_EQ(PageOf("P-2500"), 2u);
  EXPECT_EQ(PageOf("without-number"), 0u);
}

TEST_F(CheckpointPagesTest, OnlyTheChangedPagesAreWrittenAgain) {
  CheckpointChanges all;
  all.Round("2024");
  ExpectLoadsBack(Checkpoint(all));
  EXPECT_EQ(Written("round/2024"), 1u);
  for (int page = 0; page < 3; ++page) {
    EXPECT_EQ(Written(absl::StrCat("round/2024/proposals/", page)), 1u) << page;
  }

  // One proposal of page 2 changes, and a new one joins it: the round's own
  // fields and page 2 are written, pages 0 and 1 named again as they were.
  Change(2100, 2);
  Change(2501, 1);
  Round().set_next_proposal_number(2502);
  CheckpointChanges some;
  some.Proposal("2024", Id(2100));
  some.Proposal("2024", Id(2501));
  ExpectLoadsBack(Checkpoint(some));
  EXPECT_EQ(Written("round/2024"), 2u);
  EXPECT_EQ(Written("round/2024/proposals/0"), 1u);
  EXPECT_EQ(Written("round/2024/proposals/1"), 1u);
  EXPECT_EQ(Written("round/2024/proposals/2"), 2u);

  // A change that names no proposal: every page again.
  Change(5, 2);
  ExpectLoadsBack(Checkpoint(all));
  EXPECT_EQ(Written("round/2024/proposals/0"), 2u);
  EXPECT_EQ(Written("round/2024/proposals/1"), 2u);

  // An unchanged round is named again whole, and as-of reads still see it.
  const uint64_t quiet = Checkpoint(CheckpointChanges());
  ExpectLoadsBack(quiet);
  EXPECT_EQ(Written("round/2024"), 3u);
  absl::StatusOr<std::optional<RoundState>> round = RoundAt(*store_, "2024", quiet);
  ASSERT_TRUE(round.ok() && round->has_value());
  EXPECT_TRUE(MessageDifferencer::Equals(**round, Round()));
}

// A page is written in place at its final size; its bytes are the
// RoundSnapshot protobuf itself writes for that page's proposals, so any
// reader of the format (and LoadCheckpoint) takes it as it is.
TEST_F(CheckpointPagesTest, APageIsTheRoundSnapshotProtobufWrites) {
  CheckpointChanges all;
  all.Round("2024");
  Checkpoint(all);
  Change(2100, 2);
  Round().set_next_proposal_number(2501);
  CheckpointChanges some;
  some.Proposal("2024", Id(2100));
  const uint64_t position = Checkpoint(some);

  internal::RoundSnapshot expected;
  expected.set_schema(kSnapshotSchema);
  expected.set_position(position);
  for (int n = 2 * static_cast<int>(kProposalsPerPage); n <= 2500; ++n) {
    (*expected.mutable_round()->mutable_proposals())[Id(n)] = Round().proposals().at(Id(n));
  }
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream out(&bytes);
    google::protobuf::io::CodedOutputStream coded(&out);
    coded.SetSerializationDeterministic(true);  // map entries by key: P-2048, P-2049, ...
    expected.SerializeToCodedStream(&coded);
  }
  absl::StatusOr<std::optional<eventstore::Snapshot>> page =
      store_->LatestSnapshot("round/2024/proposals/2", position);
  ASSERT_TRUE(page.ok() && page->has_value());
  EXPECT_EQ((*page)->position, position);
  EXPECT_EQ((*page)->bytes, bytes);
}

TEST_F(CheckpointPagesTest, WhatEachEventChanges) {
  CheckpointChanges changes;
  v1::Event submitted;
  submitted.mutable_proposal_submitted()->set_proposal("rounds/2024/proposals/P-1500");
  changes.Record(submitted);
  EXPECT_TRUE(changes.Contains("2024"));
  EXPECT_FALSE(changes.AllPagesChanged("2024"));
  EXPECT_TRUE(changes.ChangedPages("2024").contains(1));
  EXPECT_FALSE(changes.ChangedPages("2024").contains(0));
  // The round's own fields and one page of at most 1024 proposals.
  EXPECT_EQ(changes.EntitiesToWrite(state_), 1u + 1 + kProposalsPerPage);

  v1::Event formed;
  formed.mutable_pool_formed()->set_round("rounds/2024");
  changes.Record(formed);
  EXPECT_TRUE(changes.AllPagesChanged("2024"));
  EXPECT_EQ(changes.EntitiesToWrite(state_), 1u + 1 + 2500);
  changes.Clear();
  EXPECT_FALSE(changes.Contains("2024"));
}

// A start that replayed events after its checkpoint does not know what they
// changed: its first checkpoint writes everything again, the processes too.
TEST_F(CheckpointPagesTest, AfterAReplayEverythingIsWrittenAgain) {
  (*state_.mutable_processes()->mutable_policies())["p1"].set_name("policies/p1");
  CheckpointChanges all;
  all.Round("2024");
  all.Round(kProcessesScope);
  const uint64_t first = Checkpoint(all);

  // Events after it changed a proposal and the processes; the checkpointer
  // starts from the replayed state and stops at once.
  Change(7, 2);
  (*state_.mutable_processes()->mutable_policies())["p1"].set_name("policies/p1-renamed");
  state_.set_log_position(NextEvent());
  { Checkpointer checkpointer(store_.get(), 10, state_, first); }
  ExpectLoadsBack(state_.log_position());
}

// The checkpointer's thread wakes once enough events wait, not for every
// group commit; events handed over one at a time still reach a checkpoint
// while they come, not only at the stop.
TEST_F(CheckpointPagesTest, EventsHandedOverOneAtATimeStillReachACheckpoint) {
  CheckpointChanges all;
  all.Round("2024");
  const uint64_t first = Checkpoint(all);
  Round().set_next_proposal_number(2501);
  Checkpointer checkpointer(store_.get(), 2000, state_, first);
  for (int n = 2501; n <= 5500; ++n) {
    CommittedEvents c;
    c.first_position = NextEvent();
    c.recorded_at = absl::Now();
    c.actor = "users/test";
    c.events.emplace_back().mutable_proposal_submitted()->set_proposal(
        absl::StrCat("rounds/2024/proposals/", Id(n)));
    std::vector<CommittedEvents> batch;
    batch.push_back(std::move(c));
    checkpointer.Committed(std::move(batch));
  }
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  while (checkpointer.written() == 0 && absl::Now() < deadline)
    absl::SleepFor(absl::Milliseconds(5));
  EXPECT_EQ(checkpointer.written(), 1u);
  EXPECT_GE(checkpointer.last_position(), first + 2000);
}

}  // namespace
}  // namespace budget
