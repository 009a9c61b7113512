// Lawful erasure (crypto-shredding) through a real server: personal fields
// are sealed in the log and opened per reader; AdminService.EraseSubject
// destroys the subject's key, after which every read, export, as-of view and
// history shows "[slettet]" — across restarts (from a snapshot and from
// zero) and in a backup taken after it — while the chain, the Merkle tree
// and the proofs still verify, and no file of the data directory holds the
// plaintext or the key.

#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/ed25519.h"
#include "base/sha256.h"
#include "budget/v1/admin_service.grpc.pb.h"
#include "budget/v1/audit_service.grpc.pb.h"
#include "budget/v1/hearing_service.grpc.pb.h"
#include "budget/v1/trial_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "rocksdb/db.h"
#include "services/audit/log_entry.h"
#include "services/audit/tree_heads.h"
#include "services/core/personal_data.h"
#include "services/domain/time_util.h"
#include "services/tokens/token_file.h"
#include "tests/api/server_fixture.h"
#include "tests/api/trial_requests.h"

namespace budget::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Distinctive plaintext, to look for in every file.
constexpr char kHmuText[] = "Zebrafisk-7781: HMU frygter for arbejdsmiljoeet";
constexpr char kHmuSecret[] = "Zebrafisk-7781";
constexpr char kHmuAttachment[] = "https://intranet/zebrafisk-7781-bilag.pdf";
constexpr char kGroupText[] = "Okapi-3319: brugerraadet stoetter forslaget";
constexpr char kGroupToken[] = "token-of-brugerraad-0123456789";
constexpr char kHmu[] = "users/hmu";  // the fixture's HMU principal

// Every byte of every file under `dir`.
std::string AllFileBytes(const std::string& dir) {
  std::string all;
  for (const auto& f : std::filesystem::recursive_directory_iterator(dir)) {
    if (!f.is_regular_file()) continue;
    std::ifstream in(f.path(), std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    all += buf.str();
  }
  return all;
}

// Every key and value of every column family of the (closed) store at
// `dir`, as RocksDB decodes them (compressed tables included).
std::string AllStoredBytes(const std::string& dir) {
  std::vector<rocksdb::ColumnFamilyDescriptor> descs;
  for (const std::string& n : eventstore::ColumnFamilyNames()) {
    descs.emplace_back(n, rocksdb::ColumnFamilyOptions());
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  rocksdb::Status s = rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), dir, descs, &handles, &db);
  EXPECT_TRUE(s.ok()) << s.ToString();
  if (!s.ok()) return "";
  std::string all;
  for (auto* h : handles) {
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), h));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      all += it->key().ToString();
      all += it->value().ToString();
    }
    db->DestroyColumnFamilyHandle(h);
  }
  delete db;
  return all;
}

class ErasureApiTest : public ServerTest {
 protected:
  ErasureApiTest() {
    // A user group's representative, who answers for bodies/brugerraad.
    TokenEntry group;
    group.token_hash = base::Sha256(kGroupToken);
    group.principal.set_name("users/brugerraad");
    group.principal.add_roles(v1::ROLE_HEARING_BODY);
    group.principal.set_body("bodies/brugerraad");
    WriteTokenFile(dir_.Sub("tokens"), FormatTokenLine(group) + "\n");
  }

  void Start(ServerOptions options = {}) {
    options.signing_key = dir_.Sub("signing-key.pem");
    StartServer(options);
    hearings_ = v1::HearingService::NewStub(channel_);
    audit_ = v1::AuditService::NewStub(channel_);
    admin_ = v1::AdminService::NewStub(channel_);
  }

  std::unique_ptr<grpc::ClientContext> AsGroup() {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->AddMetadata("authorization", absl::StrCat("Bearer ", kGroupToken));
    return ctx;
  }

  // Round 2024, a proposal, a hearing on it, and two responses: HMU's and
  // the user group's. Returns the hearing's name.
  std::string SetUpHearing() {
    OpenRound2024();
    v1::SubmitProposalRequest p;
    p.set_request_id("p-1");
    p.set_parent("rounds/2024");
    v1::ProposalContent* c = p.mutable_content();
    c->set_title("Bofællesskaber lægges sammen");
    c->set_category(v1::CATEGORY_CONSUMPTION);
    c->add_committees("rounds/2024/committees/socialudvalget");
    *c->mutable_implementation_start() = MakeDate(2024, 1, 1);
    c->set_submitter_kind(v1::SUBMITTER_ADMINISTRATION);
    c->set_citizen_consequences("Beboerne flytter.");
    v1::CommandResponse resp;
    EXPECT_TRUE(proposals_->SubmitProposal(As(v1::ROLE_CASE_WORKER).get(), p, &resp).ok());
    proposal_ = resp.proposal().name();
    v1::MarkProposalReadyRequest ready;  // hearings take only ready proposals (rule 13)
    ready.set_request_id("ready");
    ready.set_name(proposal_);
    ready.set_capacity(v1::APPROVER_STEERING_GROUP);
    EXPECT_TRUE(proposals_->MarkProposalReady(As(v1::ROLE_COORDINATOR).get(), ready, &resp).ok());

    v1::OpenHearingRequest h;
    h.set_request_id("h-1");
    h.set_round("rounds/2024");
    h.set_title("Høring");
    h.add_proposals(proposal_);
    auto* hmu = h.add_bodies();
    hmu->set_name("bodies/hmu");
    hmu->set_kind(v1::BODY_HMU);
    hmu->set_display_name("MED-Hovedudvalget");
    auto* group = h.add_bodies();
    group->set_name("bodies/brugerraad");
    group->set_kind(v1::BODY_USER_GROUP);
    group->set_display_name("Brugerrådet");
    *h.mutable_deadline() = ToProto(At(2022, 10, 15));
    grpc::Status s = hearings_->OpenHearing(As(v1::ROLE_COORDINATOR).get(), h, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    const std::string hearing = resp.hearing().name();

    v1::SubmitResponseRequest r;
    r.set_request_id("r-hmu");
    r.set_hearing(hearing);
    r.set_proposal(proposal_);
    r.set_body("bodies/hmu");
    r.set_stance(v1::STANCE_OBJECTS);
    r.set_text(kHmuText);
    r.add_attachments(kHmuAttachment);
    s = hearings_->SubmitResponse(As(v1::ROLE_HMU).get(), r, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    // The author's own answer shows what they wrote.
    EXPECT_EQ(resp.hearing().responses(0).versions(0).text(), kHmuText);
    hmu_response_position_ = resp.log_position();

    r.set_request_id("r-group");
    r.set_body("bodies/brugerraad");
    r.set_stance(v1::STANCE_SUPPORTS);
    r.set_text(kGroupText);
    r.clear_attachments();
    s = hearings_->SubmitResponse(AsGroup().get(), r, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return hearing;
  }

  v1::Hearing GetHearing(const std::string& name, std::unique_ptr<grpc::ClientContext> ctx) {
    v1::GetHearingRequest r;
    r.set_name(name);
    v1::Hearing h;
    grpc::Status s = hearings_->GetHearing(ctx.get(), r, &h);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return h;
  }
  // The current text of `body`'s response in `h`.
  static std::string TextOf(const v1::Hearing& h, const std::string& body) {
    for (const auto& r : h.responses()) {
      if (r.body() == body) return r.versions(r.versions_size() - 1).text();
    }
    return "(none)";
  }
  static std::string AttachmentOf(const v1::Hearing& h, const std::string& body) {
    for (const auto& r : h.responses()) {
      if (r.body() == body && r.versions(0).attachments_size() > 0) {
        return r.versions(0).attachments(0);
      }
    }
    return "(none)";
  }

  absl::Status Erase(const std::string& subject, const std::string& request_id,
                     v1::CommandResponse* resp) {
    v1::EraseSubjectRequest r;
    r.set_request_id(request_id);
    r.set_subject(subject);
    r.set_reason("Anmodning om sletning efter GDPR art. 17, sag 24-0042");
    grpc::Status s = admin_->EraseSubject(As(v1::ROLE_ADMINISTRATOR).get(), r, resp);
    return s.ok() ? absl::OkStatus() : absl::UnknownError(s.error_message());
  }

  // Everything an auditor can read about the hearing and its proposal, as
  // text: the hearing, the log, the proposal's history, the state as of now
  // and as of the response, and the log export.
  std::string EverythingAnAuditorReads(const std::string& hearing) {
    std::string all = GetHearing(hearing, As(v1::ROLE_AUDITOR)).DebugString();
    v1::ReadLogRequest log;
    v1::ReadLogResponse entries;
    EXPECT_TRUE(audit_->ReadLog(As(v1::ROLE_AUDITOR).get(), log, &entries).ok());
    std::string json;
    (void)google::protobuf::util::MessageToJsonString(entries, &json);
    all += json;
    v1::ProposalHistoryRequest hist;
    hist.set_proposal(proposal_);
    v1::ProposalHistoryResponse history;
    EXPECT_TRUE(audit_->ProposalHistory(As(v1::ROLE_AUDITOR).get(), hist, &history).ok());
    json.clear();
    (void)google::protobuf::util::MessageToJsonString(history, &json);
    all += json;
    for (uint64_t at : {hmu_response_position_, Head()}) {
      v1::GetStateAsOfRequest asof;
      asof.set_round("rounds/2024");
      asof.set_position(at);
      v1::RoundState state;
      grpc::Status s = audit_->GetStateAsOf(As(v1::ROLE_AUDITOR).get(), asof, &state);
      EXPECT_TRUE(s.ok()) << s.error_message();
      EXPECT_GE(state.hearings_size(), 1);
      all += state.DebugString();
    }
    all += ExportAll(v1::EXPORT_LOG, v1::EXPORT_JSON_LINES);
    return all;
  }

  std::string proposal_;
  uint64_t hmu_response_position_ = 0;
  std::unique_ptr<v1::HearingService::Stub> hearings_;
  std::unique_ptr<v1::AuditService::Stub> audit_;
  std::unique_ptr<v1::AdminService::Stub> admin_;
};

TEST_F(ErasureApiTest, PersonalFieldsAreSealedInTheLogAndShownByRole) {
  Start();
  const std::string hearing = SetUpHearing();
  // The auditor and the administration see both responses.
  v1::Hearing seen = GetHearing(hearing, As(v1::ROLE_AUDITOR));
  EXPECT_EQ(TextOf(seen, "bodies/hmu"), kHmuText);
  EXPECT_EQ(AttachmentOf(seen, "bodies/hmu"), kHmuAttachment);
  EXPECT_EQ(TextOf(seen, "bodies/brugerraad"), kGroupText);
  EXPECT_EQ(TextOf(GetHearing(hearing, As(v1::ROLE_COUNCIL)), "bodies/hmu"), kHmuText);
  // A hearing body sees its own response, and not another's.
  seen = GetHearing(hearing, AsGroup());
  EXPECT_EQ(TextOf(seen, "bodies/brugerraad"), kGroupText);
  EXPECT_EQ(TextOf(seen, "bodies/hmu"), kWithheldMarker);
  EXPECT_EQ(AttachmentOf(seen, "bodies/hmu"), kWithheldMarker);
  // The log holds the tokens; what is read never does.
  absl::StatusOr<eventstore::Envelope> stored = server_->store()->ReadEvent(hmu_response_position_);
  ASSERT_TRUE(stored.ok());
  v1::Event event;
  ASSERT_TRUE(event.ParseFromString(stored->payload));
  EXPECT_TRUE(IsSealed(event.response_submitted().text())) << event.DebugString();
  EXPECT_THAT(stored->payload, Not(HasSubstr(kHmuSecret)));
  const std::string read = EverythingAnAuditorReads(hearing);
  EXPECT_THAT(read, HasSubstr(kHmuText));
  EXPECT_THAT(read, Not(HasSubstr(kSealedPrefix)));
  // Not even before an erasure does a file hold the plaintext.
  server_.reset();
  EXPECT_THAT(AllStoredBytes(dir_.Sub("data")), Not(HasSubstr(kHmuSecret)));
  EXPECT_THAT(AllFileBytes(dir_.Sub("data")), Not(HasSubstr(kHmuSecret)));
}

// The whole log through Subscribe, as `ctx`'s caller reads it.
std::vector<v1::LogEntry> Feed(v1::AuditService::Stub* audit, grpc::ClientContext* ctx,
                               uint64_t head, bool payload_bytes_suffice) {
  v1::SubscribeRequest req;
  req.set_from_position(1);
  req.set_payload_bytes_suffice(payload_bytes_suffice);
  auto reader = audit->Subscribe(ctx, req);
  std::vector<v1::LogEntry> out;
  v1::LogEntry entry;
  while (out.size() < head && reader->Read(&entry)) out.push_back(entry);
  ctx->TryCancel();
  reader->Finish().IgnoreError();
  return out;
}

// A feed that asks for payload_bytes_suffice (budget-pgsync's) carries the
// structured payload only where the event can hold personal fields, and
// there it shows them as the full feed does; every other entry's payload
// bytes say what its structured payload would have.
TEST_F(ErasureApiTest, AFeedOfPayloadBytesStillShowsPersonalFieldsStructured) {
  Start();
  SetUpHearing();
  const uint64_t head = Head();
  const std::vector<v1::LogEntry> full =
      Feed(audit_.get(), As(v1::ROLE_AUDITOR).get(), head, false);
  const std::vector<v1::LogEntry> bytes =
      Feed(audit_.get(), As(v1::ROLE_AUDITOR).get(), head, true);
  ASSERT_EQ(full.size(), head);
  ASSERT_EQ(bytes.size(), head);
  int structured = 0, without = 0;
  for (size_t i = 0; i < full.size(); ++i) {
    SCOPED_TRACE(full[i].type());
    EXPECT_EQ(bytes[i].position(), full[i].position());
    EXPECT_EQ(bytes[i].hash(), full[i].hash());
    EXPECT_EQ(bytes[i].payload_bytes(), full[i].payload_bytes());
    if (full[i].type() == "budget.v1.ResponseSubmitted") {
      EXPECT_TRUE(bytes[i].has_payload());
    }
    if (bytes[i].has_payload()) {
      ++structured;
      EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(bytes[i].payload(),
                                                                     full[i].payload()));
      continue;
    }
    ++without;
    v1::Event event;
    ASSERT_TRUE(event.ParseFromString(bytes[i].payload_bytes()));
    std::string json;
    google::protobuf::util::JsonPrintOptions names;
    names.preserve_proto_field_names = true;  // as the log's structured payloads
    ASSERT_TRUE(google::protobuf::util::MessageToJsonString(*PayloadOf(event), &json, names).ok());
    google::protobuf::Struct from_bytes;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &from_bytes).ok());
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(from_bytes, full[i].payload()))
        << json;
    EXPECT_THAT(bytes[i].payload_bytes(), Not(HasSubstr(kSealedPrefix)));
  }
  EXPECT_GT(without, 0);
  EXPECT_GE(structured, 2);  // the two hearing responses
  std::string shown;
  for (const v1::LogEntry& e : bytes) {
    if (e.has_payload()) shown += e.payload().DebugString();
  }
  EXPECT_THAT(shown, HasSubstr(kHmuText));
  EXPECT_THAT(shown, HasSubstr(kGroupText));
  EXPECT_THAT(shown, Not(HasSubstr(kSealedPrefix)));
}

TEST_F(ErasureApiTest, AnErasureShowsTheMarkerEverywhereAndEveryProofStillVerifies) {
  Start();
  const std::string hearing = SetUpHearing();
  const std::string public_key = [&] {
    std::ifstream in(base::PublicKeyPath(dir_.Sub("signing-key.pem")));
    std::stringstream pem;
    pem << in.rdbuf();
    return *base::PublicKeyFromPem(pem.str());
  }();
  v1::SignedTreeHead before;
  ASSERT_TRUE(audit_->GetSignedTreeHead(As(v1::ROLE_AUDITOR).get(), {}, &before).ok());
  absl::StatusOr<std::optional<std::string>> key = server_->store()->SubjectKey(kHmu);
  ASSERT_TRUE(key.ok() && key->has_value());
  const std::string hmu_key = **key;

  // Refused: nothing is written.
  const uint64_t head = Head();
  v1::EraseSubjectRequest refused;
  refused.set_request_id("e-0");
  refused.set_subject(kHmu);
  refused.set_reason("Sag 1");
  v1::CommandResponse resp;
  grpc::Status s = admin_->EraseSubject(As(v1::ROLE_AUDITOR).get(), refused, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  refused.clear_reason();
  s = admin_->EraseSubject(As(v1::ROLE_ADMINISTRATOR).get(), refused, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("reason"));
  EXPECT_EQ(Head(), head);

  ASSERT_TRUE(Erase(kHmu, "e-1", &resp).ok());
  EXPECT_EQ(resp.log_position(), head + 1);
  EXPECT_EQ(resp.event_count(), 1);
  // Acknowledged means done: the key is gone.
  key = server_->store()->SubjectKey(kHmu);
  ASSERT_TRUE(key.ok());
  EXPECT_FALSE(key->has_value());
  // A retry is answered from the record, and writes nothing.
  v1::CommandResponse again;
  ASSERT_TRUE(Erase(kHmu, "e-1", &again).ok());
  EXPECT_TRUE(again.deduplicated());
  EXPECT_EQ(Head(), head + 1);

  // Every read shows the marker, for everyone; the other subject is intact.
  for (v1::Role role : {v1::ROLE_AUDITOR, v1::ROLE_COORDINATOR, v1::ROLE_HMU}) {
    v1::Hearing h = GetHearing(hearing, As(role));
    EXPECT_EQ(TextOf(h, "bodies/hmu"), kErasedMarker) << role;
    EXPECT_EQ(AttachmentOf(h, "bodies/hmu"), kErasedMarker) << role;
    EXPECT_EQ(TextOf(h, "bodies/brugerraad"), kGroupText) << role;
  }
  std::string read = EverythingAnAuditorReads(hearing);
  EXPECT_THAT(read, HasSubstr(kErasedMarker));
  EXPECT_THAT(read, Not(HasSubstr(kHmuSecret)));
  EXPECT_THAT(read, Not(HasSubstr(kSealedPrefix)));
  EXPECT_THAT(read, HasSubstr(kGroupText));
  EXPECT_THAT(read, HasSubstr("budget.v1.SubjectErased"));

  // The chain, the tree and the proofs are unchanged and verify.
  v1::VerifyChainResponse chain;
  ASSERT_TRUE(audit_->VerifyChain(As(v1::ROLE_AUDITOR).get(), {}, &chain).ok());
  EXPECT_TRUE(chain.ok()) << chain.problem();
  EXPECT_TRUE(server_->store()->VerifyTree().ok);
  v1::GetInclusionProofRequest ireq;
  ireq.set_position(hmu_response_position_);
  ireq.set_tree_size(Head());
  v1::InclusionProof inclusion;
  ASSERT_TRUE(audit_->GetInclusionProof(As(v1::ROLE_AUDITOR).get(), ireq, &inclusion).ok());
  absl::StatusOr<eventstore::Envelope> event = server_->store()->ReadEvent(hmu_response_position_);
  ASSERT_TRUE(event.ok());
  EXPECT_TRUE(VerifyInclusionProof(inclusion, public_key, event->hash).ok());
  v1::GetConsistencyProofRequest creq;
  creq.set_first_size(before.tree_size());
  v1::ConsistencyProof consistency;
  ASSERT_TRUE(audit_->GetConsistencyProof(As(v1::ROLE_AUDITOR).get(), creq, &consistency).ok());
  EXPECT_TRUE(VerifyConsistencyProof(before, consistency, public_key).ok())
      << VerifyConsistencyProof(before, consistency, public_key);

  // A backup taken after the erasure holds no key.
  v1::BackupRequest backup;
  backup.set_dir(dir_.Sub("backup"));
  v1::BackupResponse backed_up;
  ASSERT_TRUE(admin_->Backup(As(v1::ROLE_ADMINISTRATOR).get(), backup, &backed_up).ok());

  // Restarts: from the snapshot written at stop, and replaying from zero.
  Start();
  EXPECT_EQ(TextOf(GetHearing(hearing, As(v1::ROLE_AUDITOR)), "bodies/hmu"), kErasedMarker);
  server_.reset();
  {
    auto store = eventstore::EventStore::Open(dir_.Sub("data"), {});
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->ClearSnapshots().ok());
  }
  ServerOptions zero;
  zero.snapshot_interval = 0;
  Start(zero);
  EXPECT_EQ(server_->processor()->replayed_at_start(), Head());
  EXPECT_EQ(TextOf(GetHearing(hearing, As(v1::ROLE_AUDITOR)), "bodies/hmu"), kErasedMarker);
  EXPECT_EQ(TextOf(GetHearing(hearing, As(v1::ROLE_AUDITOR)), "bodies/brugerraad"), kGroupText);

  // No file holds the plaintext or the destroyed key, decoded or raw.
  server_.reset();
  for (const std::string& dir : {dir_.Sub("data"), dir_.Sub("backup")}) {
    const std::string stored = AllStoredBytes(dir);
    const std::string raw = AllFileBytes(dir);
    EXPECT_THAT(stored, Not(HasSubstr(kHmuSecret))) << dir;
    EXPECT_THAT(raw, Not(HasSubstr(kHmuSecret))) << dir;
    EXPECT_THAT(stored, Not(HasSubstr(hmu_key))) << dir;
    EXPECT_THAT(raw, Not(HasSubstr(hmu_key))) << dir;
  }

  // Restored from the backup, the erasure holds.
  std::filesystem::remove_all(dir_.Sub("data"));
  std::filesystem::rename(dir_.Sub("backup"), dir_.Sub("data"));
  Start();
  EXPECT_EQ(Head(), backed_up.position());
  v1::Hearing restored = GetHearing(hearing, As(v1::ROLE_AUDITOR));
  EXPECT_EQ(TextOf(restored, "bodies/hmu"), kErasedMarker);
  EXPECT_EQ(TextOf(restored, "bodies/brugerraad"), kGroupText);
  read = EverythingAnAuditorReads(hearing);
  EXPECT_THAT(read, Not(HasSubstr(kHmuSecret)));
  EXPECT_THAT(read, Not(HasSubstr(kSealedPrefix)));
}

TEST_F(ErasureApiTest, AnEmployeesSuggestionAndAnOutsidersNameAreErasedWithTheirSubject) {
  // 004: any employee may suggest; 001: citizens propose trials through a
  // coordinator. An employee's words are the employee's data; a citizen's
  // name and contact are the data of the trial that names them.
  Start();
  OpenRound2024();
  v1::SubmitSuggestionRequest idea;
  idea.set_request_id("idea");
  idea.set_parent("rounds/2024");
  idea.set_title("Fælles vagtplan, foreslået af Birthe fra Enghaven");
  idea.set_description("Birthe har selv prøvet det på nattevagten.");
  v1::CommandResponse resp;
  ASSERT_TRUE(proposals_->SubmitSuggestion(As(v1::ROLE_EMPLOYEE).get(), idea, &resp).ok());
  EXPECT_EQ(resp.suggestion().title(), idea.title());  // the author's own answer

  auto trials = v1::TrialService::NewStub(channel_);
  ASSERT_TRUE(
      trials->CreateTrialProgramme(As(v1::ROLE_COORDINATOR).get(), TrialProgrammeRequest(), &resp)
          .ok());
  v1::ProposeTrialRequest trial = TrialProposalRequest("trial", "Frivillige i haven");
  trial.mutable_external_proposer()->set_kind(v1::EXTERNAL_PROPOSER_CITIZEN);
  trial.mutable_external_proposer()->set_name("Grethe Hansen");
  trial.mutable_external_proposer()->set_contact("grethe@example.dk");
  grpc::Status s = trials->ProposeTrial(As(v1::ROLE_COORDINATOR).get(), trial, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  const std::string trial_name = resp.trial().name();

  v1::ListSuggestionsRequest list;
  list.set_parent("rounds/2024");
  auto suggestions = [&](v1::Role role) {
    v1::ListSuggestionsResponse out;
    grpc::Status st = proposals_->ListSuggestions(As(role).get(), list, &out);
    EXPECT_TRUE(st.ok()) << st.error_message();
    EXPECT_EQ(out.suggestions_size(), 1);
    return out.suggestions_size() == 1 ? out.suggestions(0) : v1::Suggestion();
  };
  auto proposer = [&] {
    v1::GetTrialRequest get;
    get.set_name(trial_name);
    v1::Trial t;
    grpc::Status st = trials->GetTrial(As(v1::ROLE_AUDITOR).get(), get, &t);
    EXPECT_TRUE(st.ok()) << st.error_message();
    return t;
  };
  EXPECT_EQ(suggestions(v1::ROLE_COORDINATOR).description(), idea.description());
  EXPECT_EQ(suggestions(v1::ROLE_EMPLOYEE).title(), idea.title());
  EXPECT_EQ(proposer().external_proposer().name(), "Grethe Hansen");
  // The trial's history says who kind of proposer it was, never the name.
  EXPECT_THAT(proposer().DebugString(), HasSubstr("proposed for a citizen"));
  const std::string before = ExportAll(v1::EXPORT_LOG, v1::EXPORT_JSON_LINES);
  EXPECT_THAT(before, HasSubstr("Birthe"));  // the auditor reads both until they are erased
  EXPECT_THAT(before, HasSubstr("Grethe Hansen"));

  // A retry is answered from its record...
  ASSERT_TRUE(proposals_->SubmitSuggestion(As(v1::ROLE_EMPLOYEE).get(), idea, &resp).ok());
  EXPECT_TRUE(resp.deduplicated());

  ASSERT_TRUE(Erase("users/employee", "erase-employee", &resp).ok());
  ASSERT_TRUE(Erase(trial_name, "erase-trial", &resp).ok());
  // ...until the erasure: the record's fingerprint was keyed with the
  // subject's key, so it can no longer confirm what the request said (nor
  // can anyone holding the data directory test a guess of the erased name).
  const uint64_t head = Head();
  for (auto [status, what] :
       {std::pair(proposals_->SubmitSuggestion(As(v1::ROLE_EMPLOYEE).get(), idea, &resp),
                  "the suggestion"),
        std::pair(trials->ProposeTrial(As(v1::ROLE_COORDINATOR).get(), trial, &resp),
                  "the trial")}) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS) << what;
    EXPECT_THAT(status.error_message(), HasSubstr("was already used")) << what;
  }
  EXPECT_EQ(Head(), head);
  const v1::Suggestion erased = suggestions(v1::ROLE_COORDINATOR);
  EXPECT_EQ(erased.title(), kErasedMarker);
  EXPECT_EQ(erased.description(), kErasedMarker);
  EXPECT_EQ(erased.submitted_by(), "users/employee");  // the principal is the record
  EXPECT_EQ(proposer().external_proposer().name(), kErasedMarker);
  EXPECT_EQ(proposer().external_proposer().contact(), kErasedMarker);
  EXPECT_EQ(proposer().content().title(), "Frivillige i haven");  // not personal
  const std::string log = ExportAll(v1::EXPORT_LOG, v1::EXPORT_JSON_LINES);
  for (const char* gone : {"Birthe", "Grethe", "grethe@"}) {
    EXPECT_THAT(log, Not(HasSubstr(gone)));
  }
  server_.reset();
  EXPECT_THAT(AllStoredBytes(dir_.Sub("data")), Not(HasSubstr("Grethe")));
  EXPECT_THAT(AllFileBytes(dir_.Sub("data")), Not(HasSubstr("Birthe")));
}

TEST_F(ErasureApiTest, ASubjectErasedWritesAgainUnderANewKeyThatOpensOnlyTheNewData) {
  Start();
  const std::string hearing = SetUpHearing();
  v1::CommandResponse resp;
  ASSERT_TRUE(Erase(kHmu, "e-1", &resp).ok());
  v1::SubmitResponseRequest r;
  r.set_request_id("r-hmu-2");
  r.set_hearing(hearing);
  r.set_proposal(proposal_);
  r.set_body("bodies/hmu");
  r.set_stance(v1::STANCE_SUPPORTS);
  r.set_text("Nyt svar efter sletningen");
  grpc::Status s = hearings_->AmendResponse(As(v1::ROLE_HMU).get(), r, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  v1::Hearing h = GetHearing(hearing, As(v1::ROLE_AUDITOR));
  ASSERT_EQ(h.responses(0).body(), "bodies/hmu");
  ASSERT_EQ(h.responses(0).versions_size(), 2);
  EXPECT_EQ(h.responses(0).versions(0).text(), kErasedMarker);
  EXPECT_EQ(h.responses(0).versions(1).text(), "Nyt svar efter sletningen");
  // Erasing an unknown subject is recorded, and not an error.
  const uint64_t head = Head();
  ASSERT_TRUE(Erase("users/ingen", "e-2", &resp).ok());
  EXPECT_EQ(Head(), head + 1);
}

}  // namespace
}  // namespace budget::testing
