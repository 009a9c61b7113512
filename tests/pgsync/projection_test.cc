// pgsync's projection: the chain checked on every event (a break stops it
// with the position, and nothing changes), what each event changed, and the
// rows built for it.
#include "clients/pgsync/projection.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "clients/pgsync/rows.h"
#include "eventstore/envelope.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/audit/log_entry.h"
#include "services/core/personal_data.h"

namespace budget::pgsync {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A log of sealed, chained events, as budgetd's Subscribe sends them in
// `form` (pgsync asks for kBytesUnlessPersonal).
class Log {
 public:
  explicit Log(PayloadForm form = PayloadForm::kStructured) : form_(form) {}

  v1::LogEntry Add(const v1::Event& event, const std::string& stream) {
    eventstore::Envelope e;
    e.position = entries_.size() + 1;
    e.stream = stream;
    e.version = 1;
    e.type = PayloadOf(event)->GetDescriptor()->full_name();
    e.recorded_at = absl::FromUnixSeconds(1'700'000'000 + e.position);
    e.actor = "users/cko";
    e.request_id = absl::StrCat("r", e.position);
    e.payload = event.SerializeAsString();
    e.prev_hash = prev_;
    eventstore::EnvelopeView view = eventstore::ToView(e);
    eventstore::SealEnvelope(&view);
    prev_ = view.hash;
    v1::LogEntry entry = *ToLogEntry(view, {}, form_);
    entries_.push_back(entry);
    return entry;
  }

 private:
  const PayloadForm form_;
  std::vector<v1::LogEntry> entries_;
  base::Hash prev_{};
};

v1::Event RoundCreated() {
  v1::Event e;
  e.mutable_round_created()->set_round("rounds/2024");
  e.mutable_round_created()->set_budget_year(2024);
  e.mutable_round_created()->mutable_targets()->set_catalogue_total_kr(110'000'000);
  return e;
}

v1::Event Submitted(const std::string& id, int64_t kr) {
  v1::Event e;
  e.mutable_proposal_submitted()->set_proposal("rounds/2024/proposals/" + id);
  v1::ProposalContent* c = e.mutable_proposal_submitted()->mutable_content();
  c->set_title("Sammenlægning");
  c->set_full_implementation_kr(kr);
  c->add_committees("rounds/2024/committees/socialudvalget");
  v1::YearAmount* y = c->add_effects();
  y->set_year(2024);
  y->set_amount_kr(kr / 2);
  return e;
}

// A hearing response whose text is sealed for `subject`, as the log holds it.
v1::Event Responded(const std::string& subject) {
  v1::Event e;
  v1::ResponseSubmitted* r = e.mutable_response_submitted();
  r->set_hearing("rounds/2024/hearings/H-0001");
  r->set_proposal("rounds/2024/proposals/P-0001");
  r->set_body("rounds/2024/bodies/hmu");
  r->set_version(1);
  r->set_text(absl::StrCat(kSealedPrefix, absl::WebSafeBase64Escape(subject), ":AAAA"));
  return e;
}

v1::Event Erased(const std::string& subject) {
  v1::Event e;
  e.mutable_subject_erased()->set_stream("erasures");
  e.mutable_subject_erased()->set_subject(subject);
  return e;
}

// The positions of the events' rows, in order.
std::vector<int64_t> EventPositions(const BatchRows& rows) {
  std::vector<int64_t> out;
  for (const auto& row : rows.at("events").rows) out.push_back(row["position"].get<int64_t>());
  return out;
}

TEST(ProjectionTest, AnErasureInTheBatchOfWhatItErasesWritesEachEventOnceErased) {
  // A --rebuild replays the log from 0: the response and its erasure arrive
  // in one batch. Each event is one row (a second would break the key, and
  // pgsync would retry it for ever), the response's as the erasure left it.
  Log log;
  Projection p;
  ASSERT_TRUE(p.Apply(log.Add(RoundCreated(), "rounds/2024"), true).ok());
  ASSERT_TRUE(p.Apply(log.Add(Responded("users/anna"), "rounds/2024/hearings/H-0001"), true).ok());
  ASSERT_TRUE(p.Apply(log.Add(Erased("users/anna"), "erasures"), true).ok());
  BatchRows rows = BuildRows(p.state(), p.TakeChanges());
  RevealPersonal(p, &rows);
  EXPECT_THAT(EventPositions(rows), ElementsAre(1, 2, 3));
  EXPECT_TRUE(rows.at("events").scopes.empty());
  EXPECT_EQ(rows.at("events").rows[1]["payload"]["text"], std::string(kErasedMarker));
  EXPECT_THAT(rows.at("events").rows.dump(), ::testing::Not(HasSubstr(std::string(kSealedPrefix))));
}

// pgsync subscribes with payload_bytes_suffice: budgetd leaves the
// structured payload out where the event cannot hold personal fields, and
// the events' rows must not change for it.
TEST(ProjectionTest, EventRowsAreTheSameFromPayloadBytesAsFromStructuredPayloads) {
  std::vector<nlohmann::json> events;
  for (PayloadForm form : {PayloadForm::kStructured, PayloadForm::kBytesUnlessPersonal}) {
    Log log(form);
    Projection p;
    const v1::LogEntry round = log.Add(RoundCreated(), "rounds/2024");
    EXPECT_EQ(round.has_payload(), form == PayloadForm::kStructured);
    ASSERT_TRUE(p.Apply(round, true).ok());
    ASSERT_TRUE(
        p.Apply(log.Add(Submitted("P-0001", 1'000'000), "rounds/2024/proposals/P-0001"), true)
            .ok());
    const v1::LogEntry responded = log.Add(Responded("users/anna"), "rounds/2024/hearings/H-0001");
    EXPECT_TRUE(responded.has_payload());  // its text is personal
    ASSERT_TRUE(p.Apply(responded, true).ok());
    ASSERT_TRUE(p.Apply(log.Add(Erased("users/anna"), "erasures"), true).ok());
    BatchRows rows = BuildRows(p.state(), p.TakeChanges());
    RevealPersonal(p, &rows);
    ASSERT_THAT(EventPositions(rows), ElementsAre(1, 2, 3, 4));
    EXPECT_EQ(rows.at("events").rows[0]["payload"]["targets"]["catalogue_total_kr"], "110000000");
    events.push_back(rows.at("events").rows);
  }
  EXPECT_EQ(events[0], events[1]);
}

TEST(ProjectionTest, AnErasureOfAnEarlierBatchReplacesTheEventsRow) {
  Log log;
  Projection p;
  ASSERT_TRUE(p.Apply(log.Add(RoundCreated(), "rounds/2024"), true).ok());
  ASSERT_TRUE(p.Apply(log.Add(Responded("users/anna"), "rounds/2024/hearings/H-0001"), true).ok());
  ASSERT_TRUE(p.Apply(log.Add(Responded("users/bo"), "rounds/2024/hearings/H-0001"), true).ok());
  (void)p.TakeChanges();  // committed
  ASSERT_TRUE(p.Apply(log.Add(Erased("users/anna"), "erasures"), true).ok());
  ASSERT_TRUE(p.Apply(log.Add(Erased("users/anna"), "erasures"), true).ok());  // again
  BatchRows rows = BuildRows(p.state(), p.TakeChanges());
  RevealPersonal(p, &rows);
  EXPECT_THAT(EventPositions(rows), ElementsAre(2, 4, 5));
  ASSERT_EQ(rows.at("events").scopes.size(), 1u);
  EXPECT_EQ(rows.at("events").scopes[0]["position"], 2);
  EXPECT_EQ(rows.at("events").rows[0]["payload"]["text"], std::string(kErasedMarker));
}

TEST(ProjectionTest, AppliesInOrderAndNotesWhatChanged) {
  Log log;
  Projection p;
  ASSERT_TRUE(p.Apply(log.Add(RoundCreated(), "rounds/2024"), true).ok());
  ASSERT_TRUE(
      p.Apply(log.Add(Submitted("P-0001", 1'000'000), "rounds/2024/proposals/P-0001"), true).ok());
  EXPECT_EQ(p.position(), 2u);
  Changes c = p.TakeChanges();
  EXPECT_THAT(c.rounds, ElementsAre("2024"));
  // The committee it names belongs to the round's rows; the proposal is an entity.
  EXPECT_THAT(c.entities,
              ElementsAre("rounds/2024/committees/socialudvalget", "rounds/2024/proposals/P-0001"));
  ASSERT_EQ(c.versions.size(), 1u);
  EXPECT_EQ(c.versions[0].version, 1);
  EXPECT_EQ(c.events.size(), 2u);
  EXPECT_TRUE(p.TakeChanges().empty());

  const BatchRows rows = BuildRows(p.state(), c);
  ASSERT_EQ(rows.at("proposals").rows.size(), 1u);
  EXPECT_EQ(rows.at("proposals").rows[0]["full_implementation_kr"], 1'000'000);
  EXPECT_EQ(rows.at("proposals").rows[0]["status"], "PROPOSAL_SUBMITTED");
  EXPECT_THAT(rows.at("proposals").scope_columns, ElementsAre("proposal_id", "round_id"));
  EXPECT_EQ(rows.at("proposal_effects").rows[0]["amount_kr"], 500'000);
  EXPECT_EQ(rows.at("events").rows.size(), 2u);
  EXPECT_EQ(rows.at("proposal_versions").rows.size(), 1u);
  // The round's rows and its summary, from the domain's own Summarize.
  EXPECT_EQ(rows.at("round_totals").rows[0]["catalogue_kr"], 1'000'000);
  EXPECT_THAT(rows.at("rounds").scope_columns, ElementsAre("round_id"));
}

TEST(ProjectionTest, AChangedEventStopsItAtThatPosition) {
  Log log;
  Projection p;
  ASSERT_TRUE(p.Apply(log.Add(RoundCreated(), "rounds/2024"), true).ok());
  v1::LogEntry changed = log.Add(Submitted("P-0001", 1'000'000), "rounds/2024/proposals/P-0001");
  v1::Event more = Submitted("P-0001", 9'000'000);  // a larger saving than recorded
  changed.set_payload_bytes(more.SerializeAsString());
  absl::Status s = p.Apply(changed, true);
  EXPECT_TRUE(absl::IsDataLoss(s)) << s;
  EXPECT_THAT(s.message(), HasSubstr("hash chain broken at position 2"));
  EXPECT_THAT(s.message(), HasSubstr("does not match its hash"));
  EXPECT_EQ(p.position(), 1u);
  EXPECT_EQ(p.state().rounds().at("2024").proposals_size(), 0);
}

TEST(ProjectionTest, AMissingEventStopsIt) {
  Log log;
  Projection p;
  ASSERT_TRUE(p.Apply(log.Add(RoundCreated(), "rounds/2024"), true).ok());
  log.Add(Submitted("P-0001", 1), "rounds/2024/proposals/P-0001");
  absl::Status s = p.Apply(log.Add(Submitted("P-0002", 2), "rounds/2024/proposals/P-0002"), true);
  EXPECT_TRUE(absl::IsDataLoss(s)) << s;
  EXPECT_THAT(s.message(), HasSubstr("expected event 2 next, found 3"));
}

TEST(ProjectionTest, ReplayingWithoutTrackingNotesNothing) {
  Log log;
  Projection p;
  ASSERT_TRUE(p.Apply(log.Add(RoundCreated(), "rounds/2024"), false).ok());
  EXPECT_TRUE(p.TakeChanges().empty());
  EXPECT_EQ(p.position(), 1u);
}

}  // namespace
}  // namespace budget::pgsync
