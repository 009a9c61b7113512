// Request ids: a retry returns the first answer and writes nothing.
#include <thread>

#include "tests/services/harness.h"

namespace budget::testing {
namespace {

class IdempotencyTest : public Harness {
 protected:
  void SetUp() override { CreateStrategyRound(); }
  Command SubmitWithId(const std::string& id, const std::string& title) {
    v1::SubmitProposalRequest r;
    r.set_request_id(id);
    r.set_parent(kRound);
    *r.mutable_content() = Content(title, {kSocial}, 1'000'000);
    return Make(who_.case_worker, &Command::mutable_submit_proposal, r);
  }
};

TEST_F(IdempotencyTest, RetryReturnsTheFirstAnswerAndWritesNothing) {
  v1::CommandResponse first = Ok(SubmitWithId("retry-1", "Forslag"));
  EXPECT_FALSE(first.deduplicated());
  const uint64_t head = Head();
  clock_.Advance(absl::Hours(1));
  v1::CommandResponse again = Ok(SubmitWithId("retry-1", "Forslag"));
  EXPECT_TRUE(again.deduplicated());
  EXPECT_EQ(again.log_position(), first.log_position());
  EXPECT_EQ(again.proposal().name(), first.proposal().name());
  EXPECT_EQ(again.proposal().create_time().seconds(), first.proposal().create_time().seconds());
  EXPECT_EQ(Head(), head);
  // Even after a restart, from the request record.
  Restart();
  v1::CommandResponse after = Ok(SubmitWithId("retry-1", "Forslag"));
  EXPECT_TRUE(after.deduplicated());
  EXPECT_EQ(after.proposal().name(), first.proposal().name());
  EXPECT_EQ(Head(), head);
}

TEST_F(IdempotencyTest, SameIdDifferentRequestIsAlreadyExists) {
  Ok(SubmitWithId("retry-2", "Forslag"));
  Refused(SubmitWithId("retry-2", "Et andet forslag"), absl::StatusCode::kAlreadyExists,
          "request id 'retry-2' was already used for a different request");
}

TEST_F(IdempotencyTest, EachPrincipalHasItsOwnRequestIds) {
  v1::CommandResponse first = Ok(SubmitWithId("retry-3", "Forslag"));
  Command c = SubmitWithId("retry-3", "Forslag");
  *c.mutable_actor() = who_.coordinator;
  v1::CommandResponse other = Ok(c);
  EXPECT_FALSE(other.deduplicated());
  EXPECT_NE(other.proposal().name(), first.proposal().name());
  // The same principal with other roles is a different request.
  c = SubmitWithId("retry-3", "Forslag");
  c.mutable_actor()->add_roles(v1::ROLE_AUDITOR);
  Refused(c, absl::StatusCode::kAlreadyExists, "already used");
}

TEST_F(IdempotencyTest, RefusedCommandDoesNotConsumeItsId) {
  v1::OverrideGateRequest gate;
  gate.set_round(kRound);
  gate.set_gate(v1::GATE_SUBMISSION);
  gate.set_mode(v1::GATE_MODE_FORCED_CLOSED);
  gate.set_reason("Pause");
  Ok(Make(who_.coordinator, &Command::mutable_override_gate, gate));
  Refused(SubmitWithId("retry-4", "For sent"), absl::StatusCode::kFailedPrecondition,
          "GATE_SUBMISSION");
  gate.set_mode(v1::GATE_MODE_AUTOMATIC);
  Ok(Make(who_.coordinator, &Command::mutable_override_gate, gate));
  v1::CommandResponse r = Ok(SubmitWithId("retry-4", "For sent"));
  EXPECT_FALSE(r.deduplicated());
}

TEST_F(IdempotencyTest, ConcurrentRetriesInOneBatchWriteOnce) {
  const uint64_t head = Head();
  std::vector<std::thread> threads;
  std::atomic<int> fresh{0}, dedup{0};
  std::vector<v1::CommandResponse> answers(16);
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&, i] {
      absl::StatusOr<v1::CommandResponse> r = Run(SubmitWithId("same-id", "Samtidigt forslag"));
      ASSERT_TRUE(r.ok()) << r.status();
      (r->deduplicated() ? dedup : fresh)++;
      answers[i] = *r;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(fresh.load(), 1);
  EXPECT_EQ(dedup.load(), 15);
  EXPECT_EQ(Head(), head + 1);
  // Every copy answers with the proposal, a retry in the same batch too.
  for (const v1::CommandResponse& r : answers) {
    EXPECT_EQ(r.proposal().content().title(), "Samtidigt forslag");
    EXPECT_EQ(r.proposal().name(), answers[0].proposal().name());
  }
}

TEST_F(IdempotencyTest, ManyConcurrentWritersAreAllDurableAndOrdered) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i) {
        ASSERT_TRUE(
            Run(SubmitWithId(absl::StrCat("w", t, "-", i), absl::StrCat("F ", t, " ", i))).ok());
      }
    });
  }
  for (auto& t : threads) t.join();
  State live = Published();
  EXPECT_EQ(live.rounds().at("2024").proposals_size(), 800);
  Restart();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(live, Published()));
  EXPECT_TRUE(store_->VerifyChain().ok);
}

}  // namespace
}  // namespace budget::testing
