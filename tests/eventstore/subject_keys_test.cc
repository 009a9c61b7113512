// Crypto-shredding in the store: subjects' keys beside the log, outside its
// hashes; erasing one leaves the chain and the Merkle tree verifying and no
// copy of the key in the database's files.

#include <filesystem>
#include <fstream>
#include <iterator>

#include "base/aead.h"
#include "gtest/gtest.h"
#include "tests/eventstore/store_fixture.h"

namespace eventstore {
namespace {

// Every file under `dir` that contains `needle`.
std::vector<std::string> FilesHolding(const std::string& dir, const std::string& needle) {
  std::vector<std::string> out;
  for (const auto& f : std::filesystem::recursive_directory_iterator(dir)) {
    if (!f.is_regular_file()) continue;
    std::ifstream in(f.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.find(needle) != std::string::npos) out.push_back(f.path().string());
  }
  return out;
}

class SubjectKeysTest : public StoreTest {
 protected:
  // Writes one event whose payload is `text` sealed with `subject`'s key
  // (made now when it has none); returns the payload.
  std::string WritePersonal(const std::string& subject, const std::string& text) {
    DecidedAppend a;
    a.first_position = store_->head().position + 1;
    a.actor = "t";
    a.recorded_at = clock_.Now();
    std::optional<std::string> key = *store_->SubjectKey(subject);
    if (!key.has_value()) {
      key = base::NewAeadKey();
      a.new_subject_keys.emplace_back(subject, *key);
    }
    const std::string sealed = *base::AeadSeal(*key, text, subject);
    a.events.push_back({"hearings/1", "ResponseGiven", sealed});
    EXPECT_TRUE(store_->Write({a}).ok());
    return sealed;
  }
};

TEST_F(SubjectKeysTest, ErasingAKeyLeavesTheHashesIntactAndNoCopyOfTheKeyOnDisk) {
  const std::string sealed = WritePersonal("subjects/mette", "Mette Hansen er imod lukningen");
  WritePersonal("subjects/ole", "Ole Jensen er for");
  const std::string key = **store_->SubjectKey("subjects/mette");
  EXPECT_EQ(*base::AeadOpen(key, sealed, "subjects/mette"), "Mette Hansen er imod lukningen");
  // The key is durable with the event: it survives a reopen.
  Reopen();
  EXPECT_EQ(**store_->SubjectKey("subjects/mette"), key);
  const TreeHead tree = store_->tree_head();
  const Head head = store_->head();

  ASSERT_TRUE(store_->EraseSubjectKey("subjects/mette").ok());
  EXPECT_FALSE(store_->SubjectKey("subjects/mette")->has_value());
  EXPECT_TRUE(store_->SubjectKey("subjects/ole")->has_value());
  // The log and its hashes are untouched: the ciphertext is still there.
  EXPECT_EQ(store_->ReadEvent(1)->payload, sealed);
  EXPECT_TRUE(store_->VerifyChain().ok);
  EXPECT_TRUE(store_->VerifyTree().ok);
  EXPECT_EQ(store_->tree_head().root, tree.root);
  EXPECT_EQ(store_->head().hash, head.hash);
  // Nothing on disk holds the key or the plaintext, now or after a reopen.
  EXPECT_EQ(FilesHolding(dir_.Sub("db"), key), std::vector<std::string>());
  EXPECT_EQ(FilesHolding(dir_.Sub("db"), "Mette Hansen"), std::vector<std::string>());
  Reopen();
  EXPECT_FALSE(store_->SubjectKey("subjects/mette")->has_value());
  EXPECT_EQ(FilesHolding(dir_.Sub("db"), key), std::vector<std::string>());
  // A backup taken after the erasure has no key either.
  ASSERT_TRUE(store_->Checkpoint(dir_.Sub("backup")).ok());
  EXPECT_EQ(FilesHolding(dir_.Sub("backup"), key), std::vector<std::string>());
  EXPECT_TRUE(store_->EraseSubjectKey("subjects/nobody").ok());
}

}  // namespace
}  // namespace eventstore
