// Signed tree heads, inclusion and consistency proofs through a real server,
// checked with the public key the server wrote, and published heads.

#include <fstream>

#include "absl/strings/str_split.h"
#include "base/ed25519.h"
#include "base/file.h"
#include "budget/v1/audit_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "services/audit/tree_heads.h"
#include "services/domain/time_util.h"
#include "tests/api/server_fixture.h"

namespace budget::testing {
namespace {

using ::testing::HasSubstr;

class TreeHeadApiTest : public ServerTest {
 protected:
  void Start(ServerOptions options = {}) {
    if (options.signing_key.empty()) options.signing_key = KeyFile();
    StartServer(options);
    audit_ = v1::AuditService::NewStub(channel_);
  }
  std::string KeyFile() const { return dir_.Sub("signing-key.pem"); }
  std::string PublicKey() const {
    absl::StatusOr<std::string> pem = base::ReadFile(base::PublicKeyPath(KeyFile()), "key");
    EXPECT_TRUE(pem.ok()) << pem.status();
    absl::StatusOr<std::string> key = base::PublicKeyFromPem(pem.ok() ? *pem : "");
    EXPECT_TRUE(key.ok()) << key.status();
    return key.ok() ? *key : "";
  }

  v1::CommandResponse Submit(const std::string& id) {
    v1::SubmitProposalRequest r;
    r.set_request_id(id);
    r.set_parent("rounds/2024");
    v1::ProposalContent* c = r.mutable_content();
    c->set_title("Forslag " + id);
    c->set_category(v1::CATEGORY_CONSUMPTION);
    c->add_committees("rounds/2024/committees/socialudvalget");
    *c->mutable_implementation_start() = MakeDate(2024, 1, 1);
    c->set_submitter_kind(v1::SUBMITTER_ADMINISTRATION);
    v1::CommandResponse resp;
    grpc::Status s = proposals_->SubmitProposal(As(v1::ROLE_CASE_WORKER).get(), r, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp;
  }

  v1::SignedTreeHead NewestHead() {
    v1::SignedTreeHead head;
    grpc::Status s = audit_->GetSignedTreeHead(As(v1::ROLE_AUDITOR).get(),
                                               v1::GetSignedTreeHeadRequest(), &head);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return head;
  }

  std::unique_ptr<v1::AuditService::Stub> audit_;
};

TEST_F(TreeHeadApiTest, HeadsAndProofsVerifyWithThePublicKeyTheServerWroteBesideItsKey) {
  Start();
  const std::string public_key = PublicKey();
  OpenRound2024();
  const v1::SignedTreeHead saved = NewestHead();
  EXPECT_EQ(saved.tree_size(), Head());
  EXPECT_TRUE(VerifyTreeHead(saved, public_key).ok()) << VerifyTreeHead(saved, public_key);

  // Every mutation says where it is and in which tree.
  const v1::CommandResponse submitted = Submit("p-1");
  EXPECT_GT(submitted.log_position(), saved.tree_size());
  EXPECT_EQ(submitted.tree_size(), Head());
  for (int i = 2; i <= 6; ++i) Submit(absl::StrCat("p-", i));
  // A retry's answer is in the newest tree too.
  const v1::CommandResponse retried = Submit("p-1");
  EXPECT_TRUE(retried.deduplicated());
  EXPECT_EQ(retried.log_position(), submitted.log_position());
  EXPECT_EQ(retried.tree_size(), Head());

  v1::GetInclusionProofRequest ireq;
  ireq.set_position(submitted.log_position());
  ireq.set_tree_size(submitted.tree_size());
  v1::InclusionProof inclusion;
  grpc::Status s = audit_->GetInclusionProof(As(v1::ROLE_AUDITOR).get(), ireq, &inclusion);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(inclusion.head().tree_size(), submitted.tree_size());
  absl::StatusOr<eventstore::Envelope> event =
      server_->store()->ReadEvent(submitted.log_position());
  ASSERT_TRUE(event.ok());
  EXPECT_TRUE(VerifyInclusionProof(inclusion, public_key, event->hash).ok())
      << VerifyInclusionProof(inclusion, public_key, event->hash);

  v1::GetConsistencyProofRequest creq;
  creq.set_first_size(saved.tree_size());
  v1::ConsistencyProof consistency;
  s = audit_->GetConsistencyProof(As(v1::ROLE_COORDINATOR).get(), creq, &consistency);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(consistency.second_size(), Head());
  EXPECT_TRUE(VerifyConsistencyProof(saved, consistency, public_key).ok())
      << VerifyConsistencyProof(saved, consistency, public_key);

  // A restart keeps the key (and the tree): the newest head extends the saved one.
  const std::string key_id = saved.key_id();
  Start();
  EXPECT_EQ(NewestHead().key_id(), key_id);
  s = audit_->GetConsistencyProof(As(v1::ROLE_ADMINISTRATOR).get(), creq, &consistency);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(VerifyConsistencyProof(saved, consistency, public_key).ok());

  // Sizes outside the log are refused naming the field.
  const uint64_t head = Head();
  ireq.set_position(0);
  s = audit_->GetInclusionProof(As(v1::ROLE_AUDITOR).get(), ireq, &inclusion);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("position"));
  ireq.set_position(1);
  ireq.set_tree_size(head + 1);
  s = audit_->GetInclusionProof(As(v1::ROLE_AUDITOR).get(), ireq, &inclusion);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("tree_size"));
  creq.set_first_size(head + 1);
  s = audit_->GetConsistencyProof(As(v1::ROLE_AUDITOR).get(), creq, &consistency);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("first_size"));
  EXPECT_EQ(Head(), head);
}

TEST_F(TreeHeadApiTest, WithoutASigningKeyHeadsAreRefusedSayingWhichFlag) {
  StartServer();
  audit_ = v1::AuditService::NewStub(channel_);
  v1::SignedTreeHead head;
  grpc::Status s =
      audit_->GetSignedTreeHead(As(v1::ROLE_AUDITOR).get(), v1::GetSignedTreeHeadRequest(), &head);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("--signing_key"));
}

TEST_F(TreeHeadApiTest, AnUnusableKeyFileStopsStartUpNamingIt) {
  std::ofstream(KeyFile()) << "not a key\n";
  ServerOptions o;
  o.signing_key = KeyFile();
  o.data_dir = dir_.Sub("data");
  o.token_file = dir_.Sub("tokens");
  WriteTokenFile(o.token_file);
  o.listen = "127.0.0.1:0";
  o.metrics_listen = "";
  absl::StatusOr<std::unique_ptr<Server>> server = Server::Start(o);
  ASSERT_FALSE(server.ok());
  EXPECT_THAT(std::string(server.status().message()), HasSubstr(KeyFile()));
}

std::vector<v1::SignedTreeHead> ReadHeads(const std::string& path) {
  std::vector<v1::SignedTreeHead> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    v1::SignedTreeHead head;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(line, &head).ok()) << line;
    out.push_back(head);
  }
  return out;
}

TEST_F(TreeHeadApiTest, HeadsArePublishedEveryNEventsAndAtStopEachExtendingTheLast) {
  ServerOptions o;
  o.heads.file = dir_.Sub("heads.jsonl");
  o.heads.every_events = 4;
  o.heads.every = absl::Hours(1);
  Start(o);
  OpenRound2024();
  for (int i = 0; i < 12; ++i) Submit(absl::StrCat("p-", i));
  const uint64_t head = Head();
  server_->Shutdown();
  std::vector<v1::SignedTreeHead> heads = ReadHeads(o.heads.file);
  ASSERT_GE(heads.size(), 3u);
  EXPECT_EQ(heads.back().tree_size(), head);  // the last one at stop
  const std::string public_key = PublicKey();
  for (size_t i = 0; i < heads.size(); ++i) {
    EXPECT_TRUE(VerifyTreeHead(heads[i], public_key).ok());
    if (i > 0) {
      EXPECT_GT(heads[i].tree_size(), heads[i - 1].tree_size());
    }
  }
  // Each published head is one the log still proves it extends.
  Start(o);
  for (const v1::SignedTreeHead& h : heads) {
    v1::GetConsistencyProofRequest req;
    req.set_first_size(h.tree_size());
    v1::ConsistencyProof proof;
    ASSERT_TRUE(audit_->GetConsistencyProof(As(v1::ROLE_AUDITOR).get(), req, &proof).ok());
    EXPECT_TRUE(VerifyConsistencyProof(h, proof, public_key).ok());
  }
}

TEST_F(TreeHeadApiTest, AHeadIsPublishedAfterTheIntervalWhenTheLogGrewAtAll) {
  ServerOptions o;
  o.heads.file = dir_.Sub("heads.jsonl");
  o.heads.every_events = 1000;
  o.heads.every = absl::Milliseconds(100);
  Start(o);
  OpenRound2024();
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (absl::Now() < deadline &&
         (ReadHeads(o.heads.file).empty() || ReadHeads(o.heads.file).back().tree_size() < Head())) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  ASSERT_FALSE(ReadHeads(o.heads.file).empty());
  EXPECT_EQ(ReadHeads(o.heads.file).back().tree_size(), Head());
}

}  // namespace
}  // namespace budget::testing
