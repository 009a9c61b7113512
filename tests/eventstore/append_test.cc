#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/eventstore/store_fixture.h"

namespace eventstore {
namespace {

using ::testing::HasSubstr;

class AppendTest : public StoreTest {
 protected:
  // Runs `refused`, expects `code`, and checks the log did not move.
  void ExpectRefusedUnchanged(AppendRequest req, absl::StatusCode code, std::string message) {
    Head before = store_->head();
    absl::StatusOr<AppendResult> r = store_->Append(std::move(req));
    EXPECT_EQ(r.status().code(), code) << r.status();
    EXPECT_THAT(std::string(r.status().message()), HasSubstr(message));
    Head after = store_->head();
    EXPECT_EQ(after.position, before.position);
    EXPECT_EQ(after.hash, before.hash);
  }
};

TEST_F(AppendTest, RoundTripThroughEveryReader) {
  AppendRequest req = Request("r1", "orders/1", "Placed", "p1");
  req.events.push_back({"orders/1", "Paid", "p2"});
  req.events.push_back({"orders/2", "Placed", "p3"});
  absl::StatusOr<AppendResult> r = store_->Append(req);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->first_position, 1u);
  EXPECT_EQ(r->last_position, 3u);
  EXPECT_FALSE(r->deduplicated);

  auto stream = store_->ReadStream("orders/1", 1, 100);
  ASSERT_TRUE(stream.ok());
  ASSERT_EQ(stream->size(), 2u);
  EXPECT_EQ((*stream)[0].type, "Placed");
  EXPECT_EQ((*stream)[0].version, 1u);
  EXPECT_EQ((*stream)[1].type, "Paid");
  EXPECT_EQ((*stream)[1].version, 2u);
  EXPECT_EQ((*stream)[1].position, 2u);
  EXPECT_EQ((*stream)[1].actor, "tester");
  EXPECT_EQ((*stream)[1].request_id, "r1");
  EXPECT_EQ((*stream)[1].recorded_at, clock_.Now());

  auto from2 = store_->ReadStream("orders/1", 2, 100);
  ASSERT_TRUE(from2.ok());
  ASSERT_EQ(from2->size(), 1u);
  EXPECT_EQ((*from2)[0].payload, "p2");

  auto all = store_->ReadAll(1, 100);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[2].stream, "orders/2");
  EXPECT_EQ((*all)[2].version, 1u);
  EXPECT_EQ((*all)[1].prev_hash, (*all)[0].hash);
  EXPECT_EQ((*all)[2].prev_hash, (*all)[1].hash);
  EXPECT_EQ(store_->head().position, 3u);
  EXPECT_EQ(store_->head().hash, (*all)[2].hash);

  auto page = store_->ReadAll(2, 1);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].position, 2u);

  EXPECT_EQ(*store_->StreamVersion("orders/1"), 2u);
  EXPECT_EQ(*store_->StreamVersion("orders/9"), 0u);
  EXPECT_TRUE(absl::IsNotFound(store_->ReadEvent(4).status()));
}

TEST_F(AppendTest, RecordedTimeComesFromTheClockAndNeverGoesBack) {
  ASSERT_TRUE(store_->Append(Request("", "s", "A", "")).ok());
  clock_.Advance(absl::Hours(-1));
  ASSERT_TRUE(store_->Append(Request("", "s", "B", "")).ok());
  clock_.Advance(absl::Hours(2));
  ASSERT_TRUE(store_->Append(Request("", "s", "C", "")).ok());
  auto all = store_->ReadAll(1, 10);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ((*all)[0].recorded_at, absl::FromUnixSeconds(1'700'000'000));
  EXPECT_EQ((*all)[1].recorded_at, (*all)[0].recorded_at);
  EXPECT_EQ((*all)[2].recorded_at, absl::FromUnixSeconds(1'700'000'000 + 3600));
}

TEST_F(AppendTest, ExpectedVersionNoStream) {
  AppendRequest first = Request("", "s", "A", "");
  first.expected["s"] = ExpectedVersion::NoStream();
  ASSERT_TRUE(store_->Append(first).ok());

  AppendRequest again = Request("", "s", "A", "");
  again.expected["s"] = ExpectedVersion::NoStream();
  ExpectRefusedUnchanged(again, absl::StatusCode::kAborted,
                         "Expected stream 's' at no stream, but it is at version 1");
}

TEST_F(AppendTest, ExpectedVersionExact) {
  ASSERT_TRUE(store_->Append(Request("", "s", "A", "")).ok());
  ASSERT_TRUE(store_->Append(Request("", "s", "B", "")).ok());

  AppendRequest stale = Request("", "s", "C", "");
  stale.expected["s"] = ExpectedVersion::Exact(1);
  ExpectRefusedUnchanged(stale, absl::StatusCode::kAborted,
                         "Expected stream 's' at version 1, but it is at version 2");

  AppendRequest missing = Request("", "t", "C", "");
  missing.expected["t"] = ExpectedVersion::Exact(3);
  ExpectRefusedUnchanged(missing, absl::StatusCode::kAborted,
                         "Expected stream 't' at version 3, but it is at no stream");

  AppendRequest current = Request("", "s", "C", "");
  current.expected["s"] = ExpectedVersion::Exact(2);
  absl::StatusOr<AppendResult> r = store_->Append(current);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*store_->StreamVersion("s"), 3u);
}

TEST_F(AppendTest, ExpectedVersionAny) {
  AppendRequest any = Request("", "s", "A", "");
  any.expected["s"] = ExpectedVersion::Any();
  ASSERT_TRUE(store_->Append(any).ok());
  ASSERT_TRUE(store_->Append(any).ok());
  EXPECT_EQ(*store_->StreamVersion("s"), 2u);
}

TEST_F(AppendTest, MultiStreamAppendIsAllOrNothing) {
  ASSERT_TRUE(store_->Append(Request("", "b", "A", "")).ok());
  AppendRequest req = Request("", "a", "A", "");
  req.events.push_back({"b", "B", ""});
  req.expected["a"] = ExpectedVersion::NoStream();
  req.expected["b"] = ExpectedVersion::NoStream();  // wrong: b exists
  ExpectRefusedUnchanged(req, absl::StatusCode::kAborted, "stream 'b'");
  EXPECT_EQ(*store_->StreamVersion("a"), 0u);
}

TEST_F(AppendTest, RetryWithSameRequestIdReturnsFirstResultAndWritesNothing) {
  AppendRequest req = Request("req-7", "s", "A", "payload");
  req.response = "first answer";
  absl::StatusOr<AppendResult> first = store_->Append(req);
  ASSERT_TRUE(first.ok());
  Head head = store_->head();

  clock_.Advance(absl::Minutes(5));
  absl::StatusOr<AppendResult> retry = store_->Append(req);
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_TRUE(retry->deduplicated);
  EXPECT_EQ(retry->first_position, first->first_position);
  EXPECT_EQ(retry->last_position, first->last_position);
  EXPECT_EQ(retry->response, "first answer");
  EXPECT_EQ(store_->head().position, head.position);
  EXPECT_EQ(store_->head().hash, head.hash);

  auto record = store_->LookupRequest("req-7");
  ASSERT_TRUE(record.ok());
  ASSERT_TRUE(record->has_value());
  EXPECT_EQ((*record)->response, "first answer");
  EXPECT_FALSE(store_->LookupRequest("req-8")->has_value());
}

TEST_F(AppendTest, SameRequestIdWithDifferentContentIsAlreadyExists) {
  ASSERT_TRUE(store_->Append(Request("req-7", "s", "A", "payload")).ok());
  ExpectRefusedUnchanged(Request("req-7", "s", "A", "other payload"),
                         absl::StatusCode::kAlreadyExists,
                         "request id 'req-7' was already used for a different request");
}

TEST_F(AppendTest, CallerFingerprintDefinesSameness) {
  AppendRequest a = Request("req-1", "s", "A", "at 10:00");
  a.fingerprint = "command bytes";
  ASSERT_TRUE(store_->Append(a).ok());
  AppendRequest b = Request("req-1", "s", "A", "at 10:05");  // same command, later time
  b.fingerprint = "command bytes";
  absl::StatusOr<AppendResult> r = store_->Append(b);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->deduplicated);
  EXPECT_EQ(store_->head().position, 1u);
}

TEST_F(AppendTest, RequestWithoutEventsStillRecordsItsId) {
  AppendRequest req;
  req.request_id = "noop-1";
  req.response = "nothing to do";
  absl::StatusOr<AppendResult> r = store_->Append(req);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->first_position, 0u);
  EXPECT_EQ(store_->head().position, 0u);
  absl::StatusOr<AppendResult> retry = store_->Append(req);
  ASSERT_TRUE(retry.ok());
  EXPECT_TRUE(retry->deduplicated);
  EXPECT_EQ(retry->response, "nothing to do");
}

TEST_F(AppendTest, MalformedNamesAreInvalidArgument) {
  ExpectRefusedUnchanged(Request("", "", "A", ""), absl::StatusCode::kInvalidArgument,
                         "stream id must not be empty");
  ExpectRefusedUnchanged(Request("", std::string("a\0b", 3), "A", ""),
                         absl::StatusCode::kInvalidArgument, "NUL");
  ExpectRefusedUnchanged(Request("", "s", "", ""), absl::StatusCode::kInvalidArgument,
                         "event type must not be empty");
  ExpectRefusedUnchanged(Request("", std::string(2000, 's'), "A", ""),
                         absl::StatusCode::kInvalidArgument, "limit is 1024");
  ExpectRefusedUnchanged(Request(std::string(2000, 'r'), "s", "A", ""),
                         absl::StatusCode::kInvalidArgument, "request id is 2000 bytes");
}

TEST_F(AppendTest, BatchValidatesEachRequestAgainstThoseBeforeIt) {
  std::vector<AppendRequest> batch;
  AppendRequest a = Request("x", "s", "A", "");
  a.expected["s"] = ExpectedVersion::NoStream();
  batch.push_back(a);
  AppendRequest b = Request("", "s", "B", "");
  b.expected["s"] = ExpectedVersion::NoStream();  // conflicts with a
  batch.push_back(b);
  AppendRequest c = Request("", "s", "C", "");
  c.expected["s"] = ExpectedVersion::Exact(1);  // sees a
  batch.push_back(c);
  batch.push_back(a);                           // retry of a inside the batch
  batch.push_back(Request("x", "s", "Z", ""));  // id reuse inside the batch

  std::vector<absl::StatusOr<AppendResult>> r = store_->AppendBatch(batch);
  ASSERT_EQ(r.size(), 5u);
  ASSERT_TRUE(r[0].ok());
  EXPECT_EQ(r[0]->first_position, 1u);
  EXPECT_TRUE(absl::IsAborted(r[1].status()));
  ASSERT_TRUE(r[2].ok());
  EXPECT_EQ(r[2]->first_position, 2u);
  ASSERT_TRUE(r[3].ok());
  EXPECT_TRUE(r[3]->deduplicated);
  EXPECT_EQ(r[3]->first_position, 1u);
  EXPECT_TRUE(absl::IsAlreadyExists(r[4].status()));
  EXPECT_EQ(store_->head().position, 2u);
  EXPECT_EQ(store_->stats().group_commits, 1u);
}

DecidedAppend Decided(uint64_t first_position, absl::Time at, std::string stream) {
  DecidedAppend a;
  a.first_position = first_position;
  a.actor = "writer";
  a.request_id = "id";
  a.recorded_at = at;
  a.events.push_back({std::move(stream), "A", "payload"});
  return a;
}

TEST_F(AppendTest, WriteSealsWhatItIsGivenAndKeepsTheRecordUnderItsKey) {
  ASSERT_TRUE(store_->Append(Request("", "s", "A", "")).ok());
  const absl::Time at = clock_.Now() + absl::Hours(1);
  DecidedAppend a = Decided(2, at, "s");
  a.request_key = "principal/id";
  a.record.last_position = 3;
  a.record.response = "answer";
  a.events.push_back({"t", "B", "p2"});
  absl::StatusOr<Head> head = store_->Write({a});
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->position, 3u);
  EXPECT_EQ(store_->head().hash, head->hash);
  absl::StatusOr<Envelope> e = store_->ReadEvent(2);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->version, 2u);  // the stream's version is the store's own index
  EXPECT_EQ(e->recorded_at, at);
  EXPECT_EQ(e->actor, "writer");
  EXPECT_EQ(e->request_id, "id");
  absl::StatusOr<std::optional<RequestRecord>> record = store_->LookupRequest("principal/id");
  ASSERT_TRUE(record.ok() && record->has_value());
  EXPECT_EQ((*record)->last_position, 3u);
  EXPECT_EQ((*record)->response, "answer");
  EXPECT_FALSE(store_->LookupRequest("id")->has_value());
  EXPECT_TRUE(store_->VerifyChain().ok);
}

TEST_F(AppendTest, WriteRefusesAGapOrAnEarlierTimeAndWritesNothing) {
  ASSERT_TRUE(store_->Append(Request("", "s", "A", "")).ok());
  const Head before = store_->head();
  absl::StatusOr<Head> gap = store_->Write({Decided(3, clock_.Now(), "s")});
  EXPECT_EQ(gap.status().code(), absl::StatusCode::kFailedPrecondition) << gap.status();
  EXPECT_THAT(std::string(gap.status().message()), HasSubstr("do not follow the head 1"));
  absl::StatusOr<Head> earlier = store_->Write({Decided(2, clock_.Now() - absl::Seconds(1), "s")});
  EXPECT_EQ(earlier.status().code(), absl::StatusCode::kFailedPrecondition) << earlier.status();
  EXPECT_THAT(std::string(earlier.status().message()), HasSubstr("before the last one recorded"));
  absl::StatusOr<Head> bad = store_->Write({Decided(2, clock_.Now(), "")});
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument) << bad.status();
  EXPECT_EQ(store_->head().position, before.position);
  EXPECT_EQ(store_->head().hash, before.hash);
  EXPECT_TRUE(store_->write_status().ok());
}

TEST_F(AppendTest, ReopenRecoversHeadVersionsChainAndRequestIds) {
  ASSERT_TRUE(store_->Append(Request("r1", "s", "A", "1")).ok());
  ASSERT_TRUE(store_->Append(Request("r2", "s", "B", "2")).ok());
  Head head = store_->head();
  Reopen();
  EXPECT_EQ(store_->head().position, head.position);
  EXPECT_EQ(store_->head().hash, head.hash);
  EXPECT_EQ(*store_->StreamVersion("s"), 2u);

  absl::StatusOr<AppendResult> retry = store_->Append(Request("r2", "s", "B", "2"));
  ASSERT_TRUE(retry.ok());
  EXPECT_TRUE(retry->deduplicated);

  AppendRequest next = Request("r3", "s", "C", "3");
  next.expected["s"] = ExpectedVersion::Exact(2);
  absl::StatusOr<AppendResult> r = store_->Append(next);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->first_position, 3u);
  auto e = store_->ReadEvent(3);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->prev_hash, head.hash);
  EXPECT_EQ(e->version, 3u);
  EXPECT_TRUE(store_->VerifyChain().ok);
}

TEST_F(AppendTest, ReadOnlyStoreRefusesAppends) {
  ASSERT_TRUE(store_->Append(Request("", "s", "A", "")).ok());
  store_.reset();
  Options o = StoreOptions();
  o.read_only = true;
  auto ro = EventStore::Open(dir_.Sub("db"), o);
  ASSERT_TRUE(ro.ok()) << ro.status();
  EXPECT_EQ((*ro)->head().position, 1u);
  EXPECT_TRUE(absl::IsFailedPrecondition((*ro)->Append(Request("", "s", "B", "")).status()));
  EXPECT_TRUE((*ro)->VerifyChain().ok);
}

TEST_F(AppendTest, SecondOpenOfTheSameDirectoryIsRefused) {
  auto second = EventStore::Open(dir_.Sub("db"), StoreOptions());
  ASSERT_FALSE(second.ok());
  EXPECT_TRUE(absl::IsFailedPrecondition(second.status())) << second.status();
  EXPECT_THAT(std::string(second.status().message()), HasSubstr("in use by another process"));
}

}  // namespace
}  // namespace eventstore
