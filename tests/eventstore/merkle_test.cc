// The event store's Merkle tree against an independent implementation of RFC
// 9162 (tests/eventstore/merkle_reference.py, Python's hashlib), and what the
// tree does across reopening, importing and tampering.

#include <cstdio>
#include <fstream>
#include <map>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "eventstore/keys.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "tests/eventstore/store_fixture.h"

namespace eventstore {
namespace {

using ::testing::HasSubstr;

// Tree sizes checked: every size to 70, and both sides of larger powers of two.
std::vector<uint64_t> Sizes() {
  std::vector<uint64_t> out;
  for (uint64_t n = 1; n <= 70; ++n) out.push_back(n);
  for (uint64_t n : {127, 128, 129, 200, 255, 256, 257, 300}) out.push_back(n);
  return out;
}

std::string Hex(const std::vector<base::Hash>& hashes) {
  return absl::StrJoin(
      hashes, ",", [](std::string* out, const base::Hash& h) { out->append(base::HashToHex(h)); });
}

// The reference's answers, keyed by their line's first words.
std::map<std::string, std::string> RunReference(const std::string& hashes_file) {
  const std::string cmd = absl::StrCat("/usr/bin/python3 ", MERKLE_REFERENCE, " ", hashes_file, " ",
                                       absl::StrJoin(Sizes(), ","));
  FILE* p = popen(cmd.c_str(), "r");
  EXPECT_NE(p, nullptr);
  std::string text;
  char buf[1 << 16];
  for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) text.append(buf, n);
  EXPECT_EQ(pclose(p), 0) << cmd;
  std::map<std::string, std::string> out;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    const size_t last_space = line.rfind(' ');
    out[std::string(line.substr(0, last_space))] = std::string(line.substr(last_space + 1));
  }
  return out;
}

class MerkleTest : public StoreTest {
 protected:
  // Appends `n` events in several group commits, so commits end at many
  // different tree sizes; returns their envelope hashes.
  std::vector<base::Hash> AppendEvents(int n) {
    std::vector<base::Hash> hashes;
    for (int i = 0; i < n;) {
      std::vector<AppendRequest> batch;
      for (int j = 0; j < 1 + i % 5 && i < n; ++j, ++i) {
        batch.push_back(Request("", absl::StrCat("s", i % 3), "E", absl::StrCat("event ", i)));
      }
      for (auto& r : store_->AppendBatch(std::move(batch))) EXPECT_TRUE(r.ok()) << r.status();
    }
    auto events = store_->ReadAll(1, n);
    EXPECT_TRUE(events.ok());
    for (const Envelope& e : *events) hashes.push_back(e.hash);
    return hashes;
  }
};

TEST_F(MerkleTest, RootsAndProofsMatchAnIndependentImplementationOfRfc9162) {
  const std::vector<base::Hash> hashes = AppendEvents(300);
  const std::string file = dir_.Sub("hashes");
  {
    std::ofstream out(file);
    for (const base::Hash& h : hashes) out << base::HashToHex(h) << "\n";
  }
  std::map<std::string, std::string> expected = RunReference(file);
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(store_->tree_head().size, 300u);
  EXPECT_EQ(base::HashToHex(store_->tree_head().root), expected["root 300"]);

  int checked = 0;
  for (uint64_t n : Sizes()) {
    absl::StatusOr<base::Hash> root = store_->TreeRoot(n);
    ASSERT_TRUE(root.ok()) << root.status();
    ASSERT_EQ(base::HashToHex(*root), expected[absl::StrCat("root ", n)]) << "size " << n;
    for (uint64_t i = 0; i < n; ++i) {
      absl::StatusOr<std::vector<base::Hash>> proof = store_->InclusionProof(i + 1, n);
      ASSERT_TRUE(proof.ok()) << proof.status();
      ASSERT_EQ(Hex(*proof), expected[absl::StrCat("inclusion ", i, " ", n)])
          << "leaf " << i << " of " << n;
      ASSERT_TRUE(base::merkle::VerifyInclusion(i, n, TreeLeaf(hashes[i]), *proof, *root).ok());
      ++checked;
    }
    for (uint64_t m : Sizes()) {
      if (m > n) break;
      absl::StatusOr<std::vector<base::Hash>> proof = store_->ConsistencyProof(m, n);
      ASSERT_TRUE(proof.ok()) << proof.status();
      ASSERT_EQ(Hex(*proof), expected[absl::StrCat("consistency ", m, " ", n)]) << m << " to " << n;
      absl::Status verified =
          base::merkle::VerifyConsistency(m, n, *store_->TreeRoot(m), *root, *proof);
      ASSERT_TRUE(verified.ok()) << m << " to " << n << ": " << verified;
      ++checked;
    }
  }
  EXPECT_GT(checked, 7000);
}

TEST_F(MerkleTest, WrongLeavesRootsAndProofsAreRefusedSayingWhy) {
  const std::vector<base::Hash> hashes = AppendEvents(21);
  const base::Hash root = store_->tree_head().root;
  std::vector<base::Hash> proof = *store_->InclusionProof(6, 21);
  EXPECT_TRUE(base::merkle::VerifyInclusion(5, 21, TreeLeaf(hashes[5]), proof, root).ok());
  EXPECT_THAT(base::merkle::VerifyInclusion(5, 21, TreeLeaf(hashes[6]), proof, root).message(),
              HasSubstr("not of this tree"));
  EXPECT_THAT(
      base::merkle::VerifyInclusion(5, 21, TreeLeaf(hashes[5]), proof, base::Sha256("forged"))
          .message(),
      HasSubstr("not of this tree"));
  std::vector<base::Hash> shorter(proof.begin(), proof.end() - 1);
  EXPECT_THAT(base::merkle::VerifyInclusion(5, 21, TreeLeaf(hashes[5]), shorter, root).message(),
              HasSubstr("too short"));
  EXPECT_THAT(base::merkle::VerifyInclusion(21, 21, TreeLeaf(hashes[5]), proof, root).message(),
              HasSubstr("cannot be in a tree of 21"));

  const base::Hash root13 = *store_->TreeRoot(13);
  std::vector<base::Hash> consistency = *store_->ConsistencyProof(13, 21);
  EXPECT_TRUE(base::merkle::VerifyConsistency(13, 21, root13, root, consistency).ok());
  EXPECT_THAT(
      base::merkle::VerifyConsistency(13, 21, base::Sha256("forked"), root, consistency).message(),
      HasSubstr("older root"));
  EXPECT_THAT(base::merkle::VerifyConsistency(13, 21, root13, base::Sha256("forked"), consistency)
                  .message(),
              HasSubstr("newer root"));
  EXPECT_THAT(base::merkle::VerifyConsistency(21, 21, root13, root, {}).message(),
              HasSubstr("forked or rewritten"));

  EXPECT_TRUE(absl::IsInvalidArgument(store_->InclusionProof(22, 22).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(store_->InclusionProof(0, 5).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(store_->ConsistencyProof(0, 5).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(store_->ConsistencyProof(6, 5).status()));
}

TEST_F(MerkleTest, TheServersWritePathAndImportBuildTheSameTree) {
  AppendEvents(37);
  const TreeHead appended = store_->tree_head();
  std::vector<Envelope> events = *store_->ReadAll(1, 100);

  // Import: an export restored elsewhere has the same tree.
  testing_util::TempDir other;
  auto imported = EventStore::Open(other.Sub("db"), StoreOptions());
  ASSERT_TRUE(imported.ok());
  ASSERT_TRUE((*imported)->Import(events).ok());
  EXPECT_EQ((*imported)->tree_head().root, appended.root);

  // Write: the single writer's path extends it like Append does.
  DecidedAppend a;
  a.first_position = 38;
  a.actor = "w";
  a.recorded_at = clock_.Now();
  a.events.push_back({"s1", "E", "written"});
  ASSERT_TRUE(store_->Write({a}).ok());
  EXPECT_EQ(store_->tree_head().size, 38u);
  std::vector<base::Hash> proof = *store_->ConsistencyProof(37, 38);
  EXPECT_TRUE(
      base::merkle::VerifyConsistency(37, 38, appended.root, store_->tree_head().root, proof).ok());
  EXPECT_TRUE(store_->VerifyTree().ok) << store_->VerifyTree().problem;
}

// Opens the closed store's database directly and runs `change` on it.
void ChangeDatabase(
    const std::string& path,
    const std::function<void(rocksdb::DB*, std::vector<rocksdb::ColumnFamilyHandle*>&)>& change) {
  std::vector<rocksdb::ColumnFamilyDescriptor> descs;
  for (const std::string& n : ColumnFamilyNames())
    descs.emplace_back(n, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), path, descs, &handles, &db).ok());
  change(db, handles);
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  delete db;
}

TEST_F(MerkleTest, StartUpResumesTheStoredTreeAndARebuildFindsAChangedEvent) {
  AppendEvents(25);
  const TreeHead before = store_->tree_head();
  store_.reset();
  // Change event 9's stored hash bytes (its last 32 bytes). Start-up takes
  // the tree from its stored edge, not from the events...
  ChangeDatabase(dir_.Sub("db"), [](rocksdb::DB* db, auto& handles) {
    std::string v;
    ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), handles[1], PositionKey(9), &v).ok());
    v[v.size() - 1] ^= 1;
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), handles[1], PositionKey(9), v).ok());
  });
  Reopen();
  EXPECT_EQ(store_->tree_head().size, before.size);
  EXPECT_EQ(store_->tree_head().root, before.root);
  // ...and the from-scratch rebuild shows the stored tree no longer fits.
  TreeReport report = store_->VerifyTree();
  EXPECT_FALSE(report.ok);
  // Leaves are not stored (each is its event's hash): the first stored node
  // above the changed event, its parent, no longer fits.
  EXPECT_THAT(report.problem, HasSubstr("level 1 index 4 differs from a rebuild"));
}

TEST_F(MerkleTest, LeavesAreReadFromTheEventsNotStored) {
  AppendEvents(25);
  const TreeHead head = store_->tree_head();
  store_.reset();
  int stored = 0;
  ChangeDatabase(dir_.Sub("db"), [&](rocksdb::DB* db, auto& handles) {
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), handles[6]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      EXPECT_NE(it->key()[0], 0) << "a leaf was stored";
      ++stored;
    }
  });
  EXPECT_EQ(stored, 22);  // 12 + 6 + 3 + 1 completed nodes above 25 leaves
  Reopen();
  // Every proof still reaches the root, its leaves read from the events.
  for (uint64_t position = 1; position <= 25; ++position) {
    absl::StatusOr<std::vector<base::Hash>> proof = store_->InclusionProof(position, 25);
    ASSERT_TRUE(proof.ok()) << proof.status();
    absl::StatusOr<Envelope> e = store_->ReadEvent(position);
    ASSERT_TRUE(e.ok());
    EXPECT_TRUE(
        base::merkle::VerifyInclusion(position - 1, 25, TreeLeaf(e->hash), *proof, head.root).ok())
        << position;
  }
  EXPECT_TRUE(store_->VerifyTree().ok) << store_->VerifyTree().problem;
}

TEST_F(MerkleTest, ALogWithoutATreeGetsOneBuiltAtStartUp) {
  AppendEvents(45);
  const TreeHead before = store_->tree_head();
  store_.reset();
  // As a log written before the tree existed: no edge, no nodes.
  ChangeDatabase(dir_.Sub("db"), [](rocksdb::DB* db, auto& handles) {
    ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), handles[4], "tree").ok());
    ASSERT_TRUE(db->DropColumnFamily(handles[6]).ok());
  });
  Reopen();
  EXPECT_EQ(store_->tree_head().size, 45u);
  EXPECT_EQ(store_->tree_head().root, before.root);
  EXPECT_TRUE(store_->VerifyTree().ok) << store_->VerifyTree().problem;
  EXPECT_TRUE(store_->InclusionProof(3, 45).ok());
}

}  // namespace
}  // namespace eventstore
