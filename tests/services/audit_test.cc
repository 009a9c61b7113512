// The auditors' queries: history with diffs, state as of any moment (with and
// without snapshots), exports that restore to the same chain.
#include "services/audit/audit.h"

#include <random>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/json_util.h"
#include "services/audit/export.h"
#include "services/audit/log_entry.h"
#include "services/core/replay.h"
#include "services/core/snapshots.h"
#include "services/domain/summary.h"
#include "services/domain/views.h"
#include "tests/services/harness.h"

namespace budget::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class AuditTest : public Harness {
 protected:
  void SetUp() override { CreateStrategyRound(); }

  // A busy round: proposals, amendments, a hearing, questions, claims, the
  // pool and the selection.
  std::string Busy() {
    v1::ProposalContent c = Content("Bofællesskaber lægges sammen", {kSocial}, 1'000'000);
    c.add_workplaces(kEnghaven);
    const std::string p = Submit(c);
    for (int i = 0; i < 12; ++i)
      Submit(absl::StrCat("Forslag ", i), {i % 2 ? kChildren : kTechnical}, 100'000 * (i + 1));
    v1::AmendProposalRequest a;
    a.set_name(p);
    a.set_expected_version(1);
    a.mutable_content()->set_title("Bofællesskaberne Enghaven og Solbakken lægges sammen");
    a.mutable_content()->set_full_implementation_kr(1'500'000);
    a.mutable_update_mask()->add_paths("title");
    a.mutable_update_mask()->add_paths("full_implementation_kr");
    Ok(Make(who_.case_worker, &Command::mutable_amend_proposal, a));
    v1::AmendProposalRequest b;
    b.set_name(p);
    b.set_expected_version(2);
    b.mutable_content()->add_committees(kSocial);
    b.mutable_content()->add_committees(kChildren);
    b.mutable_update_mask()->add_paths("committees");
    Ok(Make(who_.case_worker, &Command::mutable_amend_proposal, b));
    v1::OpenHearingRequest h;
    h.set_round(kRound);
    h.set_title("Høring");
    h.add_proposals(p);
    *h.mutable_deadline() = ToProto(At(2022, 10, 15));
    const std::string hearing =
        Ok(Make(who_.coordinator, &Command::mutable_open_hearing, h)).hearing().name();
    v1::SubmitResponseRequest resp;
    resp.set_hearing(hearing);
    resp.set_proposal(p);
    resp.set_body(kEnghaven);
    resp.set_stance(v1::STANCE_OBJECTS);
    resp.set_text("Vi er imod");
    Ok(Make(who_.coordinator, &Command::mutable_submit_response, resp));
    const std::string theme =
        RecordMeeting(v1::MEETING_THEME_NOVEMBER, MakeDate(2022, 11, 15), {p});
    v1::AskQuestionRequest q;
    q.set_proposal(p);
    q.set_meeting(theme);
    q.set_text("Hvad siger de pårørende?");
    const std::string question =
        Ok(Make(who_.council, &Command::mutable_ask_question, q)).question().name();
    v1::AnswerQuestionRequest ans;
    ans.set_question(question);
    ans.set_answer("De inddrages.");
    Ok(Make(who_.case_worker, &Command::mutable_answer_question, ans));
    clock_.Set(ProposalsPresented() + absl::Hours(1));
    Tick();
    v1::SelectFromPoolRequest sel;
    sel.set_proposal(p);
    Ok(Make(who_.finance_committee, &Command::mutable_select_from_pool, sel));
    return p;
  }
};

TEST_F(AuditTest, ProposalHistoryDiffsFieldByFieldAndListsEverythingThatTouchedIt) {
  const std::string p = Busy();
  v1::ProposalHistoryRequest r;
  r.set_proposal(p);
  const State state = Published();
  absl::StatusOr<v1::ProposalHistoryResponse> h =
      ProposalHistory(*store_, r, state.rounds().at("2024"));
  ASSERT_TRUE(h.ok()) << h.status();
  ASSERT_EQ(h->versions_size(), 3);
  EXPECT_EQ(h->versions(0).version(), 1);
  EXPECT_EQ(h->versions(0).changes_size(), 0);
  EXPECT_EQ(h->versions(0).actor(), "users/anna");
  const v1::ProposalVersion& v2 = h->versions(1);
  ASSERT_EQ(v2.changes_size(), 2);
  EXPECT_EQ(v2.changes(0).field(), "title");
  EXPECT_EQ(v2.changes(0).old_value(), "\"Bofællesskaber lægges sammen\"");
  EXPECT_EQ(v2.changes(0).new_value(), "\"Bofællesskaberne Enghaven og Solbakken lægges sammen\"");
  EXPECT_EQ(v2.changes(1).field(), "full_implementation_kr");
  EXPECT_EQ(v2.changes(1).old_value(), "1000000");
  EXPECT_EQ(v2.changes(1).new_value(), "1500000");
  const v1::ProposalVersion& v3 = h->versions(2);
  ASSERT_EQ(v3.changes_size(), 1);
  EXPECT_EQ(v3.changes(0).field(), "committees");
  EXPECT_EQ(v3.changes(0).old_value(), "[\"rounds/2024/committees/socialudvalget\"]");
  EXPECT_THAT(v3.changes(0).new_value(), HasSubstr("boerne-og-uddannelsesudvalget"));
  EXPECT_EQ(v3.content().full_implementation_kr(), 1'500'000);

  std::vector<std::string> types;
  uint64_t last = 0;
  for (const auto& e : h->events()) {
    EXPECT_GT(e.position(), last);
    last = e.position();
    types.push_back(e.type());
  }
  EXPECT_THAT(types, ElementsAre("budget.v1.ProposalSubmitted", "budget.v1.ProposalMarkedReady",
                                 "budget.v1.ProposalAmended", "budget.v1.ProposalAmended",
                                 "budget.v1.HearingOpened", "budget.v1.ResponseSubmitted",
                                 "budget.v1.MeetingRecorded", "budget.v1.QuestionAsked",
                                 "budget.v1.QuestionAnswered", "budget.v1.PoolFormed",
                                 "budget.v1.ProposalSelected"));
  EXPECT_EQ(h->events(2).payload().fields().at("version").string_value(), "2");  // int64 in JSON
}

TEST_F(AuditTest, AsOfEqualsTheLiveStateAtEveryPosition) {
  // Record the live projection after every command, then ask for each
  // position after the fact: with snapshots (written every 10 events here)
  // and without, the answers are the live ones.
  processor_.reset();
  processor_ = *CommandProcessor::Start(store_.get(), {.clock = &clock_, .snapshot_interval = 10});
  std::map<uint64_t, State> live;
  live[Head()] = Published();
  std::mt19937 rng(7);
  for (int i = 0; i < 60; ++i) {
    Submit(absl::StrCat("Forslag ", i), {i % 3 ? kSocial : kChildren}, 50'000 * (1 + rng() % 40));
    live[Head()] = Published();
  }
  // Checkpoints are written in the background; a stop waits for them and
  // adds one at the head.
  Restart();
  EXPECT_GE(store_->ListSnapshots("checkpoint")->size(), 3u);
  EXPECT_GE(store_->ListSnapshots("round/2024")->size(), 3u);
  for (const auto& [position, state] : live) {
    v1::GetStateAsOfRequest r;
    r.set_round(kRound);
    r.set_position(position);
    absl::StatusOr<v1::RoundState> with = GetStateAsOf(*store_, r, true);
    absl::StatusOr<v1::RoundState> without = GetStateAsOf(*store_, r, false);
    ASSERT_TRUE(with.ok()) << with.status();
    ASSERT_TRUE(without.ok());
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*with, *without)) << position;
    EXPECT_EQ(with->proposals_size(), state.rounds().at("2024").proposals_size());
    EXPECT_EQ(
        with->summary().full_implementation().catalogue_kr(),
        Summarize(state.rounds().at("2024"), clock_.Now()).full_implementation().catalogue_kr());
    absl::StatusOr<State> at = StateAt(*store_, position);
    ASSERT_TRUE(at.ok());
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*at, state)) << position;
  }
  // Snapshots are a cache: without them, every answer is the same.
  v1::GetStateAsOfRequest r;
  r.set_round(kRound);
  r.set_position(Head() - 5);
  const v1::RoundState before = *GetStateAsOf(*store_, r);
  ASSERT_TRUE(store_->ClearSnapshots().ok());
  EXPECT_TRUE(store_->ListSnapshots("checkpoint")->empty());
  EXPECT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(*GetStateAsOf(*store_, r), before));
}

TEST_F(AuditTest, AsOfByTimeAndBeforeTheRoundExisted) {
  const uint64_t created = Head();
  clock_.Set(At(2022, 10, 1));
  Submit("Efter oktober", {kSocial}, 1'000'000);
  v1::GetStateAsOfRequest r;
  r.set_round(kRound);
  *r.mutable_time() = ToProto(At(2022, 9, 30));
  absl::StatusOr<v1::RoundState> before = GetStateAsOf(*store_, r);
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_EQ(before->position(), created);
  EXPECT_EQ(before->proposals_size(), 0);
  *r.mutable_time() = ToProto(At(2022, 10, 1));
  EXPECT_EQ(GetStateAsOf(*store_, r)->proposals_size(), 1);
  *r.mutable_time() = ToProto(At(2020, 1, 1));
  EXPECT_TRUE(absl::IsNotFound(GetStateAsOf(*store_, r).status()));
  r.clear_time();
  EXPECT_TRUE(absl::IsInvalidArgument(GetStateAsOf(*store_, r).status()));
  r.set_position(Head() + 1);
  EXPECT_TRUE(absl::IsInvalidArgument(GetStateAsOf(*store_, r).status()));
}

TEST_F(AuditTest, StartUpReplaysOnlyTheTailAfterTheLatestSnapshot) {
  processor_.reset();
  processor_ = *CommandProcessor::Start(store_.get(), {.clock = &clock_, .snapshot_interval = 5});
  for (int i = 0; i < 23; ++i) Submit(absl::StrCat("F", i), {kSocial}, 1000);
  State before = Published();
  Restart();  // a clean stop writes a snapshot at the head
  EXPECT_EQ(processor_->replayed_at_start(), 0u);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(before, Published()));
  // Without the newest snapshot the start replays the tail since an older one.
  const std::vector<uint64_t> snaps = *store_->ListSnapshots("checkpoint");
  ASSERT_GE(snaps.size(), 2u);
  processor_.reset();
  ASSERT_TRUE(store_->ClearSnapshots().ok());
  auto p = CommandProcessor::Start(store_.get(), {.clock = &clock_, .snapshot_interval = 0});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ((*p)->replayed_at_start(), Head());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
      before, (*p)->Read([](const State& s, absl::Time) { return s; })));
}

TEST_F(AuditTest, ALargeRoundIsCheckpointedOnlyAfterHalfAsManyEventsAsItHoldsEntities) {
  // 300 proposals; then 40 amendments. The interval (10) has passed four
  // times over, but rewriting 300 proposals for 40 events would cost more
  // than the events themselves: the only new checkpoint is the one at stop.
  for (int i = 0; i < 300; ++i) Submit(absl::StrCat("F", i), {kSocial}, 1000);
  const std::string p = Submit("Ændres", {kSocial}, 1000);
  processor_.reset();
  processor_ = *CommandProcessor::Start(store_.get(), {.clock = &clock_, .snapshot_interval = 10});
  const size_t before = store_->ListSnapshots("checkpoint")->size();
  for (int v = 1; v <= 40; ++v) {
    v1::AmendProposalRequest a;
    a.set_name(p);
    a.set_expected_version(v);
    a.mutable_content()->set_full_implementation_kr(1000 + v);
    a.mutable_update_mask()->add_paths("full_implementation_kr");
    Ok(Make(who_.case_worker, &Command::mutable_amend_proposal, a));
  }
  Restart();
  EXPECT_EQ(store_->ListSnapshots("checkpoint")->size(), before + 1);
  EXPECT_EQ(processor_->replayed_at_start(), 0u);
}

TEST_F(AuditTest, ASnapshotThatDoesNotMatchTheLogIsIgnored) {
  Submit("Forslag", {kSocial}, 1000);
  // A forged checkpoint claiming a different state at the head.
  State forged = Published();
  (*forged.mutable_rounds())["2024"].mutable_round()->set_municipality("Forfalsket Kommune");
  CheckpointChanges changes;
  changes.Round("2024");
  ASSERT_TRUE(SaveCheckpoint(*store_, forged, base::Sha256("not the head"), changes).ok());
  absl::StatusOr<State> at = StateAt(*store_, Head());
  ASSERT_TRUE(at.ok());
  EXPECT_EQ(at->rounds().at("2024").round().municipality(), "Næstved Kommune");
  absl::StatusOr<std::optional<RoundState>> round = RoundAt(*store_, "2024", Head());
  ASSERT_TRUE(round.ok() && round->has_value());
  EXPECT_EQ((*round)->round().municipality(), "Næstved Kommune");
}

TEST_F(AuditTest, ReadLogFiltersAndPaginates) {
  const std::string p = Busy();
  v1::ReadLogRequest r;
  r.set_stream(p);
  absl::StatusOr<v1::ReadLogResponse> own = ReadLog(*store_, r);
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own->entries_size(), 5);  // submitted, marked ready, amended twice, selected
  r.clear_stream();
  r.set_type("budget.v1.ProposalSubmitted");
  r.set_page_size(5);
  std::vector<uint64_t> positions;
  for (int pages = 0; pages < 10; ++pages) {
    absl::StatusOr<v1::ReadLogResponse> page = ReadLog(*store_, r);
    ASSERT_TRUE(page.ok());
    for (const auto& e : page->entries()) positions.push_back(e.position());
    if (page->next_page_token().empty()) break;
    r.set_page_token(page->next_page_token());
  }
  EXPECT_EQ(positions.size(), 13u);
  v1::ReadLogRequest by_actor;
  by_actor.set_actor("users/byraad");
  const absl::StatusOr<v1::ReadLogResponse> council_events = ReadLog(*store_, by_actor);
  ASSERT_TRUE(council_events.ok());
  for (const auto& e : council_events->entries()) EXPECT_EQ(e.actor(), "users/byraad");
  v1::ReadLogRequest by_time;
  *by_time.mutable_since() = ToProto(ProposalsPresented());
  absl::StatusOr<v1::ReadLogResponse> late = ReadLog(*store_, by_time);
  ASSERT_EQ(late->entries_size(), 2);  // the pool, the selection
  EXPECT_EQ(late->entries(0).type(), "budget.v1.PoolFormed");
  EXPECT_EQ(late->entries(0).actor(), "system/clock");
  v1::ReadLogRequest bad;
  bad.set_page_token("nonsense");
  EXPECT_TRUE(absl::IsInvalidArgument(ReadLog(*store_, bad).status()));
}

TEST_F(AuditTest, ExportedLogRestoresToTheSameHeadHash) {
  Busy();
  v1::ExportRequest r;
  r.set_kind(v1::EXPORT_LOG);
  r.set_format(v1::EXPORT_JSON_LINES);
  std::string out;
  ASSERT_TRUE(Export(*store_, nullptr, r, [&](absl::string_view chunk) {
                out.append(chunk.data(), chunk.size());
                return true;
              }).ok());
  testing_util::TempDir copy_dir;
  auto copy = eventstore::EventStore::Open(copy_dir.Sub("copy"), {});
  ASSERT_TRUE(copy.ok());
  std::vector<eventstore::Envelope> events;
  for (absl::string_view line : absl::StrSplit(out, '\n', absl::SkipEmpty())) {
    v1::LogEntry entry;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(std::string(line), &entry).ok());
    events.push_back(*ToEnvelope(entry));
  }
  ASSERT_TRUE((*copy)->Import(events).ok());
  EXPECT_EQ((*copy)->head().position, Head());
  EXPECT_EQ((*copy)->head().hash, store_->head().hash);
  EXPECT_TRUE((*copy)->VerifyChain().ok);
  // Importing again does not follow the head: refused, nothing written.
  EXPECT_TRUE(absl::IsFailedPrecondition((*copy)->Import({events[0]})));
  // A changed payload is caught.
  testing_util::TempDir other;
  auto bad = eventstore::EventStore::Open(other.Sub("bad"), {});
  events[3].payload[5] ^= 1;
  EXPECT_TRUE(absl::IsDataLoss((*bad)->Import(events)));
  EXPECT_EQ((*bad)->head().position, 0u);
}

TEST_F(AuditTest, CatalogueAndDecisionExports) {
  const std::string p = Busy();
  auto run = [&](v1::ExportKind kind, v1::ExportFormat format) {
    v1::ExportRequest r;
    r.set_kind(kind);
    r.set_format(format);
    r.set_round(kRound);
    std::string out;
    const State state = Published();
    EXPECT_TRUE(Export(*store_, &state.rounds().at("2024"), r, [&](absl::string_view chunk) {
                  out.append(chunk.data(), chunk.size());
                  return true;
                }).ok());
    return std::vector<std::string>(absl::StrSplit(out, '\n', absl::SkipEmpty()));
  };
  std::vector<std::string> csv = run(v1::EXPORT_CATALOGUE, v1::EXPORT_CSV);
  ASSERT_EQ(csv.size(), 14u);  // header + 13 proposals
  EXPECT_THAT(csv[0], HasSubstr("name,title,category,committees"));
  EXPECT_THAT(csv[0], HasSubstr("effect_2024,effect_2025,effect_2026,effect_2027"));
  EXPECT_THAT(csv[1], HasSubstr(p + ",Bofællesskaberne Enghaven og Solbakken lægges sammen,"));
  EXPECT_THAT(csv[1], HasSubstr("PROPOSAL_SELECTED"));
  std::vector<std::string> jsonl = run(v1::EXPORT_CATALOGUE, v1::EXPORT_JSON_LINES);
  ASSERT_EQ(jsonl.size(), 13u);
  v1::Proposal parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(jsonl[0], &parsed).ok());
  EXPECT_EQ(parsed.name(), p);
  std::vector<std::string> decisions = run(v1::EXPORT_DECISIONS, v1::EXPORT_CSV);
  EXPECT_EQ(decisions[0], "position,recorded_at,actor,decision,subject,outcome,detail");
  int pool_rows = 0, selected = 0;
  for (const std::string& row : decisions) {
    pool_rows += absl::StrContains(row, ",PoolFormed,");
    selected += absl::StrContains(row, ",ProposalSelected," + p + ",selected");
  }
  EXPECT_EQ(pool_rows, 13);
  EXPECT_EQ(selected, 1);
}

}  // namespace
}  // namespace budget::testing
