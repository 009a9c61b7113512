// The registry covers every command and event the protos define: a new oneof
// case without its handler fails here (and stops the server at start-up).
// And the two ways of applying an event agree.
#include "services/domain/registry.h"

#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "services/domain/apply.h"

namespace budget {
namespace {

using google::protobuf::util::MessageDifferencer;

TEST(RegistryTest, VerifiesComplete) { EXPECT_TRUE(VerifyRegistry().ok()) << VerifyRegistry(); }

TEST(RegistryTest, EveryCommandCaseHasItsHandler) {
  const auto* oneof = internal::Command::descriptor()->FindOneofByName("kind");
  ASSERT_NE(oneof, nullptr);
  for (int i = 0; i < oneof->field_count(); ++i) {
    const auto* field = oneof->field(i);
    const CommandHandler* h =
        FindCommand(static_cast<internal::Command::KindCase>(field->number()));
    ASSERT_NE(h, nullptr) << field->name() << " has no handler";
    EXPECT_EQ(h->request, field->message_type()) << field->name();
    EXPECT_FALSE(h->emits.empty()) << field->name() << " emits nothing";
  }
  EXPECT_EQ(FindCommand(internal::Command::KIND_NOT_SET), nullptr);
}

TEST(RegistryTest, EveryEventCaseHasItsApplier) {
  const auto* oneof = v1::Event::descriptor()->FindOneofByName("payload");
  ASSERT_NE(oneof, nullptr);
  for (int i = 0; i < oneof->field_count(); ++i) {
    const auto* field = oneof->field(i);
    const EventHandler* h = FindEvent(static_cast<v1::Event::PayloadCase>(field->number()));
    ASSERT_NE(h, nullptr) << field->name() << " has no applier";
    EXPECT_EQ(h->message, field->message_type()) << field->name();
  }
  EXPECT_EQ(FindEvent(v1::Event::PAYLOAD_NOT_SET), nullptr);
}

// Take (replay, the checkpointer) changes the state as Apply does, and moves
// a submitted proposal's content out of the event instead of copying it.
TEST(ApplyTest, TakeChangesTheStateAsApplyDoes) {
  State state;
  v1::Event created;
  created.mutable_round_created()->set_round("rounds/2024");
  created.mutable_round_created()->set_budget_year(2024);
  Apply(state, created, EventMeta{1, absl::FromUnixSeconds(1), "users/admin"});
  v1::Event submitted;
  v1::ProposalSubmitted* e = submitted.mutable_proposal_submitted();
  e->set_proposal("rounds/2024/proposals/P-0001");
  e->mutable_content()->set_title("Færre vikarer på Solsikken");
  e->mutable_content()->add_committees("rounds/2024/committees/boern");
  e->mutable_content()->add_committees("rounds/2024/committees/social");
  const EventMeta meta{2, absl::FromUnixSeconds(2), "users/sagsbehandler"};

  State applied = state;
  Apply(applied, submitted, meta);
  State taken = state;
  Take(taken, submitted, meta);
  EXPECT_TRUE(MessageDifferencer::Equals(applied, taken));
  const v1::Proposal& p = taken.rounds().at("2024").proposals().at("P-0001");
  EXPECT_EQ(p.content().title(), "Færre vikarer på Solsikken");
  EXPECT_TRUE(p.cross_cutting());  // derived from the content it took
  EXPECT_EQ(submitted.proposal_submitted().content().title(), "") << "copied, not moved";
  EXPECT_EQ(StreamOf(submitted), "rounds/2024/proposals/P-0001");

  // An amendment: the fields its mask names are replaced, by a move.
  v1::Event amended;
  v1::ProposalAmended* a = amended.mutable_proposal_amended();
  a->set_proposal("rounds/2024/proposals/P-0001");
  a->set_version(2);
  a->mutable_content()->set_title("Færre vikarer i hele området");
  a->add_paths("title");
  a->add_paths("committees");  // unset in the event: cleared
  const EventMeta later{3, absl::FromUnixSeconds(3), "users/sagsbehandler"};
  Apply(applied, amended, later);
  Take(taken, amended, later);
  EXPECT_TRUE(MessageDifferencer::Equals(applied, taken));
  const v1::Proposal& q = taken.rounds().at("2024").proposals().at("P-0001");
  EXPECT_EQ(q.content().title(), "Færre vikarer i hele området");
  EXPECT_EQ(q.content().committees_size(), 0);
  EXPECT_FALSE(q.cross_cutting());
  EXPECT_NE(amended.proposal_amended().content().title(), "Færre vikarer i hele området")
      << "copied, not moved";
}

}  // namespace
}  // namespace budget
