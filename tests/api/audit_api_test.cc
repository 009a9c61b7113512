// The audit service through a real server: the live feed, chain verification
// after tampering (by the server and by the offline tool), exports.
#include <cstdio>
#include <functional>
#include <thread>

#include "budget/internal/snapshot.pb.h"
#include "budget/v1/audit_service.grpc.pb.h"
#include "eventstore/event_store.h"
#include "eventstore/keys.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/impl/codegen/grpc_types.h"
#include "rocksdb/db.h"
#include "services/domain/time_util.h"
#include "services/domain/validate.h"
#include "tests/api/server_fixture.h"

namespace budget::testing {
namespace {

using ::testing::HasSubstr;

class AuditApiTest : public ServerTest {
 protected:
  void SetUp() override {
    StartServer();
    audit_ = v1::AuditService::NewStub(channel_);
    OpenRound2024();
  }

  grpc::Status SubmitOne(const std::string& id, const std::string& title = "",
                         const std::string& description = "") {
    v1::SubmitProposalRequest r;
    r.set_request_id(id);
    r.set_parent("rounds/2024");
    v1::ProposalContent* c = r.mutable_content();
    c->set_title(title.empty() ? "Forslag " + id : title);
    c->set_description(description);
    c->set_category(v1::CATEGORY_CONSUMPTION);
    c->add_committees("rounds/2024/committees/socialudvalget");
    *c->mutable_implementation_start() = MakeDate(2024, 1, 1);
    c->set_submitter_kind(v1::SUBMITTER_ADMINISTRATION);
    v1::CommandResponse resp;
    return proposals_->SubmitProposal(As(v1::ROLE_CASE_WORKER).get(), r, &resp);
  }

  // Opens the stopped server's RocksDB directory and hands `change` the
  // value stored under `key` in column family `family` (1 events, 5 snapshots).
  void ChangeStored(int family, const std::string& key, std::function<void(std::string*)> change) {
    std::vector<rocksdb::ColumnFamilyDescriptor> descs;
    for (const std::string& n : eventstore::ColumnFamilyNames()) {
      descs.emplace_back(n, rocksdb::ColumnFamilyOptions());
    }
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(
        rocksdb::DB::Open(rocksdb::DBOptions(), dir_.Sub("data"), descs, &handles, &db).ok());
    std::string v;
    ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), handles[family], key, &v).ok());
    change(&v);
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), handles[family], key, v).ok());
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
    delete db;
  }

  // budget-verify on the (stopped) server's data directory: exit code and output.
  std::pair<int, std::string> OfflineVerify() {
    const std::string tool =
        std::string(BUDGET_VERIFY) + " --data_dir " + dir_.Sub("data") + " 2>&1";
    std::string out;
    FILE* p = popen(tool.c_str(), "r");
    char buf[4096];
    while (fgets(buf, sizeof buf, p) != nullptr) out += buf;
    return {WEXITSTATUS(pclose(p)), out};
  }

  std::unique_ptr<v1::AuditService::Stub> audit_;
};

TEST_F(AuditApiTest, SubscribeCatchesUpThenFollowsLiveWritesInOrder) {
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(SubmitOne(absl::StrCat("before-", i)).ok());
  constexpr int kWriters = 4, kEach = 50;
  const uint64_t expected_head = Head() + kWriters * kEach;
  std::vector<uint64_t> seen;
  auto ctx = As(v1::ROLE_AUDITOR);
  v1::SubscribeRequest req;
  req.set_from_position(1);
  auto reader = audit_->Subscribe(ctx.get(), req);
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < kEach; ++i) ASSERT_TRUE(SubmitOne(absl::StrCat("w", w, "-", i)).ok());
    });
  }
  v1::LogEntry entry;
  while (seen.size() < expected_head && reader->Read(&entry)) seen.push_back(entry.position());
  for (auto& t : writers) t.join();
  ctx->TryCancel();
  reader->Finish().IgnoreError();
  ASSERT_EQ(seen.size(), expected_head);
  for (size_t i = 0; i < seen.size(); ++i) ASSERT_EQ(seen[i], i + 1);
  EXPECT_EQ(server_->store()->head().position, expected_head);
}

TEST_F(AuditApiTest, SubscribeFullLogIsForAuditRolesAndEveryOtherRoleFollowsItsOwn) {
  ASSERT_TRUE(SubmitOne("mine-1").ok());
  ASSERT_TRUE(SubmitOne("mine-2").ok());
  v1::LogEntry entry;
  // A committee asking for the full log is refused, naming who may.
  auto committee = As(v1::ROLE_COMMITTEE);
  v1::SubscribeRequest full;
  full.set_scope(v1::SUBSCRIBE_SCOPE_FULL_LOG);
  auto denied = audit_->Subscribe(committee.get(), full);
  EXPECT_FALSE(denied->Read(&entry));
  const grpc::Status s = denied->Finish();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(s.error_message(),
              HasSubstr("may not read the full log: it is for auditors, the coordinator and "
                        "administrators"));

  // The case worker follows the proposals it submitted, not the round's own events.
  auto worker = As(v1::ROLE_CASE_WORKER);
  worker->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(800));
  v1::SubscribeRequest followed;
  followed.set_from_position(1);
  auto feed = audit_->Subscribe(worker.get(), followed);
  std::vector<std::string> streams;
  while (feed->Read(&entry)) streams.push_back(entry.stream());
  EXPECT_EQ(feed->Finish().error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_THAT(streams, ::testing::ElementsAre("rounds/2024/proposals/P-0001",
                                              "rounds/2024/proposals/P-0002"));

  // The auditor reads the full log, here of a round with no events.
  auto ok_ctx = As(v1::ROLE_AUDITOR);
  full.set_round("rounds/2030");
  ok_ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(800));
  auto other = audit_->Subscribe(ok_ctx.get(), full);
  EXPECT_FALSE(other->Read(&entry));  // nothing of that round: the deadline ends it
  EXPECT_EQ(other->Finish().error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
}

TEST_F(AuditApiTest, SubscribeEndsWithDataLossNamingAnUnreadableEvent) {
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(SubmitOne(absl::StrCat("p", i)).ok());
  const uint64_t bad = Head() - 3;
  // The checkpoint written at shutdown spares start-up a replay of it.
  server_.reset();
  ChangeStored(1, eventstore::PositionKey(bad), [](std::string* v) { v->resize(20); });
  StartServer();
  audit_ = v1::AuditService::NewStub(channel_);
  auto ctx = As(v1::ROLE_AUDITOR);
  v1::SubscribeRequest req;
  req.set_from_position(1);
  auto reader = audit_->Subscribe(ctx.get(), req);
  v1::LogEntry entry;
  uint64_t last = 0;
  while (reader->Read(&entry)) last = entry.position();
  const grpc::Status s = reader->Finish();
  EXPECT_EQ(last, bad - 1);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::DATA_LOSS) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr(absl::StrCat("event ", bad, " is unreadable")));
}

TEST_F(AuditApiTest, TamperingIsFoundByTheServerAndByTheOfflineTool) {
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(SubmitOne(absl::StrCat("p", i)).ok());
  v1::VerifyChainResponse before;
  ASSERT_TRUE(audit_->VerifyChain(As(v1::ROLE_AUDITOR).get(), {}, &before).ok());
  EXPECT_TRUE(before.ok());
  EXPECT_EQ(before.last_position(), Head());
  EXPECT_EQ(before.last_hash(), base::HashToHex(server_->store()->head().hash));

  // The offline tool prints the same head hash as the server.
  server_.reset();
  auto [code, out] = OfflineVerify();
  EXPECT_EQ(code, 0) << out;
  EXPECT_THAT(out, HasSubstr("head hash: " + before.last_hash()));
  EXPECT_THAT(out, HasSubstr("rounds/2024 (Næstved Kommune, budget 2024): 10 proposals"));

  // Change one byte of event 7 behind the server's back.
  ChangeStored(1, eventstore::PositionKey(7), [](std::string* v) { (*v)[v->size() - 40] ^= 0x01; });
  std::tie(code, out) = OfflineVerify();
  EXPECT_EQ(code, 1) << out;
  EXPECT_THAT(out, HasSubstr("chain: BROKEN at position 7"));
  StartServer();
  audit_ = v1::AuditService::NewStub(channel_);
  v1::VerifyChainResponse after;
  ASSERT_TRUE(audit_->VerifyChain(As(v1::ROLE_AUDITOR).get(), {}, &after).ok());
  EXPECT_FALSE(after.ok());
  EXPECT_EQ(after.first_bad_position(), 7u);
  EXPECT_THAT(after.problem(), HasSubstr("does not match its hash"));
}

TEST_F(AuditApiTest, StartUpVerifiesTheChainAndABreakStopsWritesAndSaysWhere) {
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(SubmitOne(absl::StrCat("p", i)).ok());
  const uint64_t head = Head();
  server_.reset();  // a checkpoint at the head: start-up replays nothing
  ChangeStored(1, eventstore::PositionKey(7), [](std::string* v) { (*v)[v->size() - 40] ^= 0x01; });

  // Before the checkpoint: found in the background while the server serves.
  ::testing::internal::CaptureStderr();
  StartServer();
  server_->WaitForChainVerification();
  EXPECT_THAT(::testing::internal::GetCapturedStderr(), HasSubstr("event=chain_broken position=7"));
  EXPECT_EQ(server_->chain_state(), Server::ChainState::kBroken);
  EXPECT_THAT(server_->metrics().Render(), HasSubstr("budget_chain_state -1"));
  EXPECT_THAT(server_->metrics().Render(), HasSubstr("budget_chain_first_bad_position 7"));
  auto health = grpc::health::v1::Health::NewStub(channel_);
  grpc::ClientContext health_ctx;
  grpc::health::v1::HealthCheckResponse serving;
  ASSERT_TRUE(health->Check(&health_ctx, {}, &serving).ok());
  EXPECT_EQ(serving.status(), grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  grpc::Status refused = SubmitOne("after the break");
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(refused.error_message(), HasSubstr("the hash chain is broken at position 7"));
  EXPECT_EQ(Head(), head);
  v1::GetProposalRequest get;  // reads go on
  get.set_name("rounds/2024/proposals/P-0001");
  v1::Proposal p;
  EXPECT_TRUE(proposals_->GetProposal(As(v1::ROLE_AUDITOR).get(), get, &p).ok());

  // From the checkpoint to the head: found before the server serves.
  server_.reset();
  ChangeStored(1, eventstore::PositionKey(head),
               [](std::string* v) { (*v)[v->size() - 40] ^= 0x01; });
  StartServer();
  EXPECT_EQ(server_->chain_state(), Server::ChainState::kBroken);
  EXPECT_THAT(server_->metrics().Render(),
              HasSubstr(absl::StrCat("budget_chain_first_bad_position ", head)));
  EXPECT_EQ(SubmitOne("still broken").error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Head(), head);
}

TEST_F(AuditApiTest, AnIntactChainIsReportedIntactAfterStartUp) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(SubmitOne(absl::StrCat("p", i)).ok());
  StartServer();
  server_->WaitForChainVerification();
  EXPECT_EQ(server_->chain_state(), Server::ChainState::kIntact);
  EXPECT_THAT(server_->metrics().Render(), HasSubstr("budget_chain_state 1"));
  EXPECT_TRUE(SubmitOne("after").ok());
}

TEST_F(AuditApiTest, AChangedSnapshotIsNeverServedAndVerificationFindsIt) {
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(SubmitOne(absl::StrCat("p", i)).ok());
  const uint64_t head = Head();
  server_.reset();  // stopping writes a checkpoint at the head
  // One byte of a title inside the snapshot of the round's first page of
  // proposals, behind the server's back.
  ChangeStored(5, eventstore::StreamKey("round/2024/proposals/0", head), [](std::string* v) {
    const size_t at = v->find("Forslag p3");
    ASSERT_NE(at, std::string::npos);
    (*v)[at + 8] = 'q';
  });
  auto [code, out] = OfflineVerify();
  EXPECT_EQ(code, 1) << out;
  EXPECT_THAT(out, HasSubstr("snapshots: MISMATCH"));
  EXPECT_THAT(out, HasSubstr("snapshot round/2024/proposals/0 at position " + absl::StrCat(head)));

  StartServer();
  audit_ = v1::AuditService::NewStub(channel_);
  v1::GetProposalRequest get;
  get.set_name("rounds/2024/proposals/P-0004");
  v1::Proposal p;
  ASSERT_TRUE(proposals_->GetProposal(As(v1::ROLE_AUDITOR).get(), get, &p).ok());
  EXPECT_EQ(p.content().title(), "Forslag p3");
  v1::GetStateAsOfRequest as_of;
  as_of.set_round("rounds/2024");
  as_of.set_position(head);
  v1::RoundState state;
  ASSERT_TRUE(audit_->GetStateAsOf(As(v1::ROLE_AUDITOR).get(), as_of, &state).ok());
  EXPECT_EQ(state.proposals(3).content().title(), "Forslag p3");
  v1::VerifyChainResponse verify;
  ASSERT_TRUE(audit_->VerifyChain(As(v1::ROLE_AUDITOR).get(), {}, &verify).ok());
  EXPECT_TRUE(verify.ok());  // the log itself is intact
  EXPECT_FALSE(verify.snapshots_ok());
  EXPECT_THAT(verify.snapshot_problem(), HasSubstr("does not match the hash its checkpoint"));

  // Changing the checkpoint's hash too is found by the replay comparison.
  server_.reset();  // rewrites the refused snapshot at the head
  EXPECT_EQ(OfflineVerify().first, 0);
  std::string snapshot;
  ChangeStored(5, eventstore::StreamKey("round/2024/proposals/0", head), [&](std::string* v) {
    (*v)[v->find("Forslag p3") + 8] = 'q';
    snapshot = *v;
  });
  ChangeStored(5, eventstore::StreamKey("checkpoint", head), [&](std::string* v) {
    internal::Checkpoint cp;
    ASSERT_TRUE(cp.ParseFromString(*v));
    cp.mutable_rounds(0)->mutable_pages(0)->set_sha256(
        std::string(base::AsBytes(base::Sha256(snapshot))));
    *v = cp.SerializeAsString();
  });
  std::tie(code, out) = OfflineVerify();
  EXPECT_EQ(code, 1) << out;
  EXPECT_THAT(out, HasSubstr("differs from a replay of the log"));
}

TEST_F(AuditApiTest, VerifyingARangePastTheHeadIsABadRequestNotATamperedLog) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(SubmitOne(absl::StrCat("p", i)).ok());
  v1::VerifyChainRequest req;
  v1::VerifyChainResponse resp;
  req.set_from_position(Head() + 1);
  grpc::Status past = audit_->VerifyChain(As(v1::ROLE_AUDITOR).get(), req, &resp);
  EXPECT_EQ(past.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(UnpackDetail(past, &bad));
  EXPECT_EQ(bad.field_violations(0).field(), "from_position");
  req.set_from_position(Head() + 1000);
  EXPECT_EQ(audit_->VerifyChain(As(v1::ROLE_AUDITOR).get(), req, &resp).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  req.set_from_position(3);
  req.set_to_position(2);
  grpc::Status reversed = audit_->VerifyChain(As(v1::ROLE_AUDITOR).get(), req, &resp);
  EXPECT_EQ(reversed.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_TRUE(UnpackDetail(reversed, &bad));
  EXPECT_EQ(bad.field_violations(0).field(), "to_position");
  // The last event alone, and a range reaching past the head, are verified.
  req.set_from_position(Head());
  req.set_to_position(Head() + 5);
  ASSERT_TRUE(audit_->VerifyChain(As(v1::ROLE_AUDITOR).get(), req, &resp).ok());
  EXPECT_TRUE(resp.ok());
  EXPECT_EQ(resp.checked(), 1u);
}

TEST_F(AuditApiTest, ExportsAreByteForByteReproducible) {
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(SubmitOne(absl::StrCat("p", i)).ok());
  for (v1::ExportKind kind : {v1::EXPORT_LOG, v1::EXPORT_CATALOGUE, v1::EXPORT_DECISIONS}) {
    for (v1::ExportFormat format : {v1::EXPORT_JSON_LINES, v1::EXPORT_CSV}) {
      SCOPED_TRACE(absl::StrCat(v1::ExportKind_Name(kind), " ", v1::ExportFormat_Name(format)));
      const std::string first = ExportAll(kind, format);
      EXPECT_EQ(ExportAll(kind, format), first);
    }
  }
  // The payload's keys come in the payload message's field order.
  EXPECT_THAT(
      ExportAll(v1::EXPORT_LOG, v1::EXPORT_JSON_LINES),
      HasSubstr("\"payload\":{\"proposal\":\"rounds/2024/proposals/P-0001\",\"content\":{"));
}

TEST_F(AuditApiTest, CsvCellsThatASpreadsheetWouldRunAreNeutralised) {
  const std::vector<std::string> titles = {"=HYPERLINK(\"http://x.example\",\"klik\")",
                                           "+1+1",
                                           "-2+3",
                                           "@SUM(A1:A2)",
                                           "\tTAB",
                                           "\rCR",
                                           "\uFF1D1+1",
                                           "Plain, with a comma"};
  for (size_t i = 0; i < titles.size(); ++i) {
    ASSERT_TRUE(SubmitOne(absl::StrCat("f", i), titles[i]).ok()) << i;
  }
  const std::string csv = ExportAll(v1::EXPORT_CATALOGUE, v1::EXPORT_CSV);
  EXPECT_THAT(csv, HasSubstr(",\"'=HYPERLINK(\"\"http://x.example\"\",\"\"klik\"\")\","));
  EXPECT_THAT(csv, HasSubstr(",\"'+1+1\","));
  EXPECT_THAT(csv, HasSubstr(",\"'-2+3\","));
  EXPECT_THAT(csv, HasSubstr(",\"'@SUM(A1:A2)\","));
  EXPECT_THAT(csv, HasSubstr(",\"'\tTAB\","));
  EXPECT_THAT(csv, HasSubstr(",\"'\rCR\","));
  EXPECT_THAT(csv, HasSubstr(",\"'\uFF1D1+1\","));
  EXPECT_THAT(csv, HasSubstr(",\"Plain, with a comma\","));
  EXPECT_THAT(csv, HasSubstr(",CATEGORY_CONSUMPTION,"));
}

// Content with every text at its limit, in 4-byte UTF-8 characters.
v1::ProposalContent LargestContent(const std::string& tag) {
  std::string wide;
  for (size_t i = 0; i < kMaxTextChars; ++i) wide += "\U0001F4B0";
  v1::ProposalContent c;
  c.set_title(tag + wide.substr(0, 4 * (kMaxTitleChars - tag.size())));
  c.set_description(wide);
  c.set_citizen_consequences(wide);
  c.set_staff_consequences(wide);
  c.set_category(v1::CATEGORY_CONSUMPTION);
  c.add_committees("rounds/2024/committees/socialudvalget");
  *c.mutable_implementation_start() = MakeDate(2024, 1, 1);
  c.set_submitter_kind(v1::SUBMITTER_ADMINISTRATION);
  return c;
}

// Calls `read` with each page token until the last page; the pages.
template <typename Resp>
std::vector<Resp> AllPages(std::function<grpc::Status(const std::string&, Resp*)> read) {
  std::vector<Resp> pages;
  std::string token;
  do {
    Resp page;
    grpc::Status s = read(token, &page);
    EXPECT_TRUE(s.ok()) << s.error_message();
    if (!s.ok()) break;
    EXPECT_LE(page.ByteSizeLong(), size_t{2} << 20) << "a page far beyond kMaxPageBytes";
    token = page.next_page_token();
    pages.push_back(std::move(page));
  } while (!token.empty());
  return pages;
}

TEST_F(AuditApiTest, ReadsOfMaximumSizeProposalsComeInPagesOfBoundedBytes) {
  constexpr int kProposals = 30;  // about 7 MB of proposals, 14 MB of log
  for (int i = 0; i < kProposals; ++i) {
    v1::SubmitProposalRequest r;
    r.set_request_id(absl::StrCat("max-", i));
    r.set_parent("rounds/2024");
    *r.mutable_content() = LargestContent(absl::StrCat(i, " "));
    v1::CommandResponse resp;
    ASSERT_TRUE(proposals_->SubmitProposal(As(v1::ROLE_CASE_WORKER).get(), r, &resp).ok());
  }
  for (int v = 1; v <= 5; ++v) {  // P-0001 in six maximum-size versions
    v1::AmendProposalRequest a;
    a.set_request_id(absl::StrCat("amend-", v));
    a.set_name("rounds/2024/proposals/P-0001");
    a.set_expected_version(v);
    *a.mutable_content() = LargestContent(absl::StrCat("v", v + 1, " "));
    a.mutable_update_mask()->add_paths("title");
    a.mutable_update_mask()->add_paths("description");
    v1::CommandResponse resp;
    grpc::Status amended = proposals_->AmendProposal(As(v1::ROLE_CASE_WORKER).get(), a, &resp);
    ASSERT_TRUE(amended.ok()) << amended.error_message();
  }
  const uint64_t head = Head();

  auto listed = AllPages<v1::ListProposalsResponse>([&](const std::string& t, auto* out) {
    v1::ListProposalsRequest r;
    r.set_parent("rounds/2024");
    r.set_page_token(t);
    return proposals_->ListProposals(As(v1::ROLE_AUDITOR).get(), r, out);
  });
  EXPECT_GT(listed.size(), 1u);
  int proposals = 0;
  for (const auto& page : listed) proposals += page.proposals_size();
  EXPECT_EQ(proposals, kProposals);

  auto log = AllPages<v1::ReadLogResponse>([&](const std::string& t, auto* out) {
    v1::ReadLogRequest r;
    r.set_page_token(t);
    return audit_->ReadLog(As(v1::ROLE_AUDITOR).get(), r, out);
  });
  uint64_t entries = 0;
  for (const auto& page : log) {
    for (const auto& e : page.entries()) EXPECT_EQ(e.position(), ++entries);
  }
  EXPECT_EQ(entries, head);

  auto state = AllPages<v1::RoundState>([&](const std::string& t, auto* out) {
    v1::GetStateAsOfRequest r;
    r.set_round("rounds/2024");
    r.set_position(head);
    r.set_page_token(t);
    return audit_->GetStateAsOf(As(v1::ROLE_AUDITOR).get(), r, out);
  });
  ASSERT_GT(state.size(), 1u);
  EXPECT_EQ(state[0].round().name(), "rounds/2024");
  EXPECT_TRUE(state[0].has_summary());
  EXPECT_FALSE(state[1].has_summary());
  EXPECT_FALSE(state[1].has_round());
  std::vector<std::string> names;
  for (const auto& page : state) {
    EXPECT_EQ(page.position(), head);
    for (const auto& p : page.proposals()) names.push_back(p.name());
  }
  ASSERT_EQ(names.size(), static_cast<size_t>(kProposals));
  EXPECT_EQ(names.back(), "rounds/2024/proposals/P-0030");
  EXPECT_THAT(state[0].proposals(0).content().title(), ::testing::StartsWith("v6 "));

  auto history = AllPages<v1::ProposalHistoryResponse>([&](const std::string& t, auto* out) {
    v1::ProposalHistoryRequest r;
    r.set_proposal("rounds/2024/proposals/P-0001");
    r.set_page_token(t);
    return audit_->ProposalHistory(As(v1::ROLE_AUDITOR).get(), r, out);
  });
  EXPECT_GT(history.size(), 2u);
  int versions = 0, events = 0;
  for (const auto& page : history) {
    versions += page.versions_size();
    events += page.events_size();
  }
  EXPECT_EQ(versions, 6);
  EXPECT_EQ(events, 6);
  EXPECT_EQ(Head(), head);
}

TEST_F(AuditApiTest, ExportStreamsTheLogAsJsonLines) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(SubmitOne(absl::StrCat("p", i)).ok());
  v1::ExportRequest req;
  req.set_kind(v1::EXPORT_LOG);
  req.set_format(v1::EXPORT_JSON_LINES);
  auto ctx = As(v1::ROLE_AUDITOR);
  auto reader = audit_->Export(ctx.get(), req);
  std::string all;
  v1::ExportChunk chunk;
  while (reader->Read(&chunk)) all += chunk.data();
  ASSERT_TRUE(reader->Finish().ok());
  EXPECT_EQ(std::count(all.begin(), all.end(), '\n'), static_cast<long>(Head()));
  EXPECT_THAT(all, HasSubstr("\"type\":\"budget.v1.ProposalSubmitted\""));
  req.clear_kind();
  auto bad_ctx = As(v1::ROLE_AUDITOR);
  auto bad = audit_->Export(bad_ctx.get(), req);
  while (bad->Read(&chunk)) {
  }
  EXPECT_EQ(bad->Finish().error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

// Issue 17.10: small limits, and a log larger than gRPC's windows hold, so a
// client that stops reading stalls the server's writes.
class StreamLimitTest : public AuditApiTest {
 protected:
  static constexpr size_t kBuffer = 32 << 10;
  // At most one entry of the log below (8,000 characters twice: the payload
  // and its JSON).
  static constexpr size_t kEntry = 20 << 10;

  void SetUp() override {
    ServerOptions o;
    o.streams.buffer_bytes = kBuffer;
    o.streams.stall_deadline = absl::Seconds(1);
    o.streams.max_exports = 1;
    StartServer(o);
    audit_ = v1::AuditService::NewStub(channel_);
    OpenRound2024();
    for (int i = 0; i < 120; ++i) {
      ASSERT_TRUE(SubmitOne(absl::StrCat("big-", i), "", std::string(8000, 'x')).ok());
    }
    // Without BDP probing the client's windows stay at their initial size.
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
    stalled_ = v1::AuditService::NewStub(
        grpc::CreateCustomChannel(Address(), grpc::InsecureChannelCredentials(), args));
  }

  std::unique_ptr<v1::AuditService::Stub> stalled_;
};

TEST_F(StreamLimitTest, AStalledFeedHoldsItsBufferAtMostThenEndsSayingWhy) {
  auto ctx = As(v1::ROLE_AUDITOR);
  v1::SubscribeRequest req;
  req.set_from_position(1);
  auto reader = stalled_->Subscribe(ctx.get(), req);
  v1::LogEntry entry;
  ASSERT_TRUE(reader->Read(&entry));
  absl::SleepFor(absl::Milliseconds(500));  // the client reads nothing
  // The buffer, and at most one entry over it (one is always taken whole).
  const size_t held = server_->feeds()->buffered_bytes();
  EXPECT_GT(held, kBuffer / 2);
  EXPECT_LE(held, kBuffer + kEntry);
  absl::SleepFor(absl::Seconds(2));  // past the stall deadline
  // Only the message gRPC holds, which goes out before the status.
  EXPECT_LE(server_->feeds()->buffered_bytes(), kEntry);
  uint64_t last = entry.position();
  while (reader->Read(&entry)) last = entry.position();
  const grpc::Status s = reader->Finish();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("the client took nothing for 1s"));
  EXPECT_THAT(s.error_message(), HasSubstr(absl::StrCat("resume from position ", last + 1)));
  EXPECT_LT(last, Head());
  // The server forgets the feed when gRPC reports the call done, which may
  // come a moment after the client has read the status.
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (server_->feeds()->feeds() != 0 && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_EQ(server_->feeds()->feeds(), 0u);
}

TEST_F(StreamLimitTest, ExportsAreCappedAndAStalledOneEndsSayingWhy) {
  v1::ExportRequest req;
  req.set_kind(v1::EXPORT_LOG);
  req.set_format(v1::EXPORT_JSON_LINES);
  auto stalled_ctx = As(v1::ROLE_AUDITOR);
  auto stalled = stalled_->Export(stalled_ctx.get(), req);
  v1::ExportChunk chunk;
  ASSERT_TRUE(stalled->Read(&chunk));  // running, and now not read

  auto second_ctx = As(v1::ROLE_AUDITOR);
  auto second = audit_->Export(second_ctx.get(), req);
  while (second->Read(&chunk)) {
  }
  const grpc::Status refused = second->Finish();
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(refused.error_message(), HasSubstr("at most 1 exports at once"));

  absl::SleepFor(absl::Seconds(2));  // past the stall deadline
  while (stalled->Read(&chunk)) {
  }
  const grpc::Status ended = stalled->Finish();
  EXPECT_EQ(ended.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << ended.error_message();
  EXPECT_THAT(ended.error_message(), HasSubstr("the client took nothing for 1s"));

  // The slot is free again.
  auto third_ctx = As(v1::ROLE_AUDITOR);
  auto third = audit_->Export(third_ctx.get(), req);
  std::string all;
  while (third->Read(&chunk)) all += chunk.data();
  ASSERT_TRUE(third->Finish().ok());
  EXPECT_EQ(std::count(all.begin(), all.end(), '\n'), static_cast<long>(Head()));
}

}  // namespace
}  // namespace budget::testing
