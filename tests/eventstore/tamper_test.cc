// Opens the RocksDB directory behind the store's back and changes history the
// way an attacker or a broken disk would; VerifyChain must name the position.
#include "eventstore/coding.h"
#include "eventstore/keys.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "tests/eventstore/store_fixture.h"

namespace eventstore {
namespace {

using ::testing::HasSubstr;

class TamperTest : public StoreTest {
 protected:
  void SetUp() override {
    for (int i = 1; i <= 10; ++i) {
      ASSERT_TRUE(store_->Append(Request("", "s", "E", absl::StrCat("event ", i))).ok());
    }
    ASSERT_TRUE(store_->VerifyChain().ok);
    store_.reset();
  }

  // Runs `change` on the raw events family, then reopens the store.
  void Tamper(const std::function<void(rocksdb::DB*, rocksdb::ColumnFamilyHandle*)>& change) {
    std::vector<rocksdb::ColumnFamilyDescriptor> descs;
    for (const std::string& n : eventstore::ColumnFamilyNames()) {
      descs.emplace_back(n, rocksdb::ColumnFamilyOptions());
    }
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), dir_.Sub("db"), descs, &handles, &db).ok());
    change(db, handles[1]);
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
    delete db;
    Reopen();
  }

  static std::string Get(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, uint64_t pos) {
    std::string v;
    EXPECT_TRUE(db->Get(rocksdb::ReadOptions(), cf, PositionKey(pos), &v).ok());
    return v;
  }
  static void Put(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, uint64_t pos,
                  const std::string& v) {
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), cf, PositionKey(pos), v).ok());
  }

  void ExpectBadAt(uint64_t position, const std::string& problem) {
    VerifyReport r = store_->VerifyChain();
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.first_bad_position, position) << r.problem;
    EXPECT_THAT(r.problem, HasSubstr(problem));
  }
};

TEST_F(TamperTest, ChangedByteIsFound) {
  Tamper([](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf) {
    std::string v = Get(db, cf, 4);
    v[v.size() - 33] ^= 0x20;  // the last payload byte
    Put(db, cf, 4, v);
  });
  ExpectBadAt(4, "does not match its hash");
}

TEST_F(TamperTest, ChangedEventWithRecomputedHashBreaksTheNextLink) {
  Tamper([](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf) {
    const std::string bytes = Get(db, cf, 6);  // the view points into it
    absl::StatusOr<EnvelopeView> e = DecodeEnvelope(bytes);
    ASSERT_TRUE(e.ok());
    Envelope owned = ToOwned(*e);
    owned.payload = "forged";
    EnvelopeView v = ToView(owned);
    Put(db, cf, 6, SealEnvelope(&v));
  });
  ExpectBadAt(7, "previous-hash link");
}

TEST_F(TamperTest, DeletedEventIsFound) {
  Tamper([](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf) {
    ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), cf, PositionKey(5)).ok());
  });
  ExpectBadAt(5, "missing");
}

TEST_F(TamperTest, DeletedLastEventIsFound) {
  Tamper([](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf) {
    ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), cf, PositionKey(10)).ok());
  });
  ExpectBadAt(10, "missing");
}

TEST_F(TamperTest, SwappedEventsAreFound) {
  Tamper([](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf) {
    std::string a = Get(db, cf, 3), b = Get(db, cf, 8);
    Put(db, cf, 3, b);
    Put(db, cf, 8, a);
  });
  ExpectBadAt(3, "says it is event 8");
}

TEST_F(TamperTest, InsertedEventAfterTheHeadIsFound) {
  Tamper([](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf) {
    const std::string bytes = Get(db, cf, 10);
    absl::StatusOr<EnvelopeView> last = DecodeEnvelope(bytes);
    ASSERT_TRUE(last.ok());
    EnvelopeView extra = *last;
    extra.position = 11;
    extra.prev_hash = last->hash;
    Put(db, cf, 11, SealEnvelope(&extra));
  });
  ExpectBadAt(11, "after the recorded head");
}

TEST_F(TamperTest, InsertedEventInTheMiddleIsFound) {
  // Shifting events 6..10 up by one and putting a forged event at 6 keeps
  // positions contiguous, but the chain breaks where the forgery starts.
  Tamper([](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf) {
    for (uint64_t p = 10; p >= 6; --p) Put(db, cf, p + 1, Get(db, cf, p));
    const std::string bytes = Get(db, cf, 5);
    absl::StatusOr<EnvelopeView> prev = DecodeEnvelope(bytes);
    ASSERT_TRUE(prev.ok());
    EnvelopeView forged = *prev;
    forged.position = 6;
    forged.payload = "forged";
    forged.prev_hash = prev->hash;
    Put(db, cf, 6, SealEnvelope(&forged));
  });
  ExpectBadAt(7, "says it is event 6");
}

TEST_F(TamperTest, RangeVerificationChecksOnlyTheRange) {
  Tamper([](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf) {
    std::string v = Get(db, cf, 9);
    v[v.size() - 33] ^= 0x20;
    Put(db, cf, 9, v);
  });
  VerifyReport early = store_->VerifyChain(1, 5);
  EXPECT_TRUE(early.ok) << early.problem;
  EXPECT_EQ(early.checked, 5u);
  EXPECT_EQ(early.last_position, 5u);
  VerifyReport late = store_->VerifyChain(6, 10);
  EXPECT_FALSE(late.ok);
  EXPECT_EQ(late.first_bad_position, 9u);
}

TEST_F(TamperTest, UntouchedLogVerifiesWithItsHead) {
  Reopen();
  VerifyReport r = store_->VerifyChain();
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(r.checked, 10u);
  EXPECT_EQ(r.last_hash, store_->head().hash);
}

}  // namespace
}  // namespace eventstore
