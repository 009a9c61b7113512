// Rules 10–11: expansions on request, the seminar's ranking, readings,
// adoption (and the freeze after it), and the technical corrections.
#include "services/domain/summary.h"
#include "services/domain/timeline.h"
#include "services/domain/views.h"
#include "tests/services/harness.h"

namespace budget::testing {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kMio = 1'000'000;

class AdoptionTest : public Harness {
 protected:
  void SetUp() override {
    CreateStrategyRound();
    clock_.Set(At(2023, 3, 15));  // the expansion process is decided (1 March)
  }

  Command Request(const v1::Principal& who, const std::string& committee,
                  const std::string& title) {
    v1::RequestExpansionRequest r;
    r.set_round(kRound);
    r.set_title(title);
    r.set_description("Beskrivelse");
    r.set_committee(committee);
    return Make(who, &Command::mutable_request_expansion, r);
  }
  Command Cost(const std::string& expansion, int64_t kr) {
    v1::CostExpansionRequest r;
    r.set_expansion(expansion);
    for (int y = 2024; y <= 2027; ++y) {
      auto* c = r.add_costs();
      c->set_year(y);
      c->set_amount_kr(kr);
    }
    r.set_full_implementation_kr(kr);
    r.set_assumptions("Lønniveau 2023, fuld indfasning fra 2024");
    return Make(who_.case_worker, &Command::mutable_cost_expansion, r);
  }
  Command Decide(const std::string& expansion, bool approve) {
    v1::DecideExpansionRequest r;
    r.set_expansion(expansion);
    r.set_approve(approve);
    r.set_reason("Besluttet på budgetseminaret");
    return Make(who_.council, &Command::mutable_decide_expansion, r);
  }
  Command Reading(v1::ReadingKind kind, v1::Date date) {
    v1::RecordReadingRequest r;
    r.set_round(kRound);
    r.set_kind(kind);
    *r.mutable_date() = date;
    r.set_outcome("Budgetforslaget oversendt");
    return Make(who_.council, &Command::mutable_record_reading, r);
  }
  Command Correction(v1::CorrectionKind kind, int64_t kr) {
    v1::RecordFrameCorrectionRequest r;
    r.set_committee(kSocial);
    r.set_kind(kind);
    for (int y = 2024; y <= 2027; ++y) {
      auto* a = r.add_amounts();
      a->set_year(y);
      a->set_amount_kr(kr);
    }
    r.set_reason("Lov- og cirkulæreprogrammet 2023");
    return Make(who_.coordinator, &Command::mutable_record_frame_correction, r);
  }
  Command DecideCorrection(const std::string& correction, bool approve) {
    v1::DecideFrameCorrectionRequest r;
    r.set_correction(correction);
    r.set_approve(approve);
    r.set_reason("Behandlet i Økonomiudvalget i august");
    return Make(who_.council, &Command::mutable_decide_frame_correction, r);
  }
  v1::CommitteeTotals SocialTotals() {
    const State state = Published();
    const v1::RoundSummary summary = Summarize(state.rounds().at("2024"), clock_.Now());
    for (const auto& c : summary.full_implementation().committees()) {
      if (c.committee() == kSocial) return c;
    }
    return {};
  }
  void ReadAll() {
    Ok(Reading(v1::READING_FIRST_FINANCE_COMMITTEE, MakeDate(2023, 8, 11)));
    Ok(Reading(v1::READING_FIRST_COUNCIL, MakeDate(2023, 8, 19)));
    Ok(Reading(v1::READING_SECOND_FINANCE_COMMITTEE, MakeDate(2023, 10, 2)));
    Ok(Reading(v1::READING_SECOND_COUNCIL, MakeDate(2023, 10, 10)));
  }
};

TEST_F(AdoptionTest, Rule10OnlyPoliticalBodiesAskForExpansions) {
  absl::Status s = Refusal(
      Request(who_.case_worker, kSocial, "Flere pædagoger"), absl::StatusCode::kFailedPrecondition,
      "rule 10 (expansions are costed only on request): Expected a request from a "
      "political body");
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "RULE_10_EXPANSIONS_ON_REQUEST");
  Refused(Request(who_.coordinator, kSocial, "Flere pædagoger"),
          absl::StatusCode::kFailedPrecondition, "acts for the administration");
  Refused(Request(who_.children, kSocial, "Andres område"), absl::StatusCode::kPermissionDenied,
          "a committee asks for its own area");
  v1::CommandResponse x = Ok(Request(who_.council, kChildren, "Flere pædagoger i dagtilbud"));
  EXPECT_EQ(x.expansion().name(), "rounds/2024/expansions/E-0001");
  EXPECT_EQ(x.expansion().status(), v1::EXPANSION_REQUESTED);
  EXPECT_EQ(x.expansion().requested_by(), "users/byraad");
  Ok(Request(who_.social, kSocial, "Aktivitetstilbud for unge"));
}

TEST_F(AdoptionTest, ExpansionRequestsWaitForTheProcessDecision) {
  // The writer's time never moves back, so "before" is a round a year later.
  v1::CreateRoundRequest r;
  r.set_round_id("2025");
  r.set_municipality("Næstved Kommune");
  r.set_budget_year(2025);
  r.set_template_(v1::ROUND_TEMPLATE_STRATEGY_2024);
  Ok(Make(who_.coordinator, &Command::mutable_create_round, r));
  v1::DefineCommitteeRequest d;
  d.set_parent("rounds/2025");
  d.set_committee_id("socialudvalget");
  d.mutable_committee()->set_display_name("Socialudvalget");
  Ok(Make(who_.coordinator, &Command::mutable_define_committee, d));
  v1::RequestExpansionRequest x;
  x.set_round("rounds/2025");
  x.set_title("For tidligt");
  x.set_committee("rounds/2025/committees/socialudvalget");
  Refused(Make(who_.council, &Command::mutable_request_expansion, x),
          absl::StatusCode::kFailedPrecondition,
          "the expansion request phase (GATE_EXPANSION_REQUESTS) is not open until "
          "MILESTONE_EXPANSION_PROCESS_DECIDED on 2024-02-29 23:00:00 UTC");
}

TEST_F(AdoptionTest, CostingAndFrameFlags) {
  v1::SetExpansionFrameRequest frame;
  frame.set_committee(kSocial);
  frame.set_frame_kr(5 * kMio);
  Ok(Make(who_.council, &Command::mutable_set_expansion_frame, frame));
  std::string a = Ok(Request(who_.social, kSocial, "Aktivitetstilbud for unge")).expansion().name();
  std::string b =
      Ok(Request(who_.council, kSocial, "Styrket misbrugsbehandling")).expansion().name();
  v1::CommandResponse costed = Ok(Cost(a, 3 * kMio));
  EXPECT_EQ(costed.expansion().status(), v1::EXPANSION_COSTED);
  EXPECT_EQ(costed.expansion().costed_by(), "users/anna");
  EXPECT_FALSE(SocialTotals().expansions_over_frame());
  Ok(Cost(b, 4 * kMio));
  v1::CommitteeTotals t = SocialTotals();
  EXPECT_EQ(t.expansion_frame_kr(), 5 * kMio);
  EXPECT_EQ(t.costed_expansions_kr(), 7 * kMio);
  EXPECT_TRUE(t.expansions_over_frame());  // flagged, not refused
  // Politicians decide between June and August; a rejected one leaves the total.
  Refused(Decide(b, false), absl::StatusCode::kFailedPrecondition, "GATE_EXPANSION_DECISIONS");
  clock_.Set(At(2023, 6, 15));
  Ok(Decide(b, false));
  EXPECT_EQ(SocialTotals().costed_expansions_kr(), 3 * kMio);
  EXPECT_FALSE(SocialTotals().expansions_over_frame());
  Refused(Decide(b, true), absl::StatusCode::kFailedPrecondition, "it was rejected");
  Refused(Cost(b, kMio), absl::StatusCode::kFailedPrecondition, "it was rejected");
}

TEST_F(AdoptionTest, Rule10NothingIsDecidedBeforeItIsCosted) {
  std::string a = Ok(Request(who_.council, kSocial, "Ukosted")).expansion().name();
  clock_.Set(At(2023, 6, 15));
  Refused(Decide(a, true), absl::StatusCode::kFailedPrecondition,
          "rule 10 (expansions are costed only on request): Expected an expansion the "
          "administration has costed");
}

TEST_F(AdoptionTest, TheSeminarRankingIsIndicativeAndEveryChangeIsAnEvent) {
  std::string a = Ok(Request(who_.council, kSocial, "A")).expansion().name();
  std::string b = Ok(Request(who_.council, kChildren, "B")).expansion().name();
  std::string p = Submit("Et forslag der er tilbage", {kTechnical}, kMio);
  v1::SetIndicativePriorityRequest rank;
  rank.set_round(kRound);
  rank.add_ranking(b);
  rank.add_ranking(a);
  Refused(Make(who_.council, &Command::mutable_set_indicative_priority, rank),
          absl::StatusCode::kFailedPrecondition, "no seminar is recorded yet");
  clock_.Set(At(2023, 8, 25));
  v1::RecordSeminarRequest seminar;
  seminar.set_round(kRound);
  *seminar.mutable_first_day() = MakeDate(2023, 8, 24);
  *seminar.mutable_last_day() = MakeDate(2023, 8, 25);
  seminar.add_participants("Byrådet");
  seminar.add_participants("MED-Hovedudvalget");
  v1::CommandResponse sem = Ok(Make(who_.coordinator, &Command::mutable_record_seminar, seminar));
  EXPECT_TRUE(FindMilestone(sem.round(), v1::MILESTONE_BUDGET_SEMINAR)->has_reached_at());
  Ok(Make(who_.council, &Command::mutable_set_indicative_priority, rank));
  rank.add_ranking(p);
  rank.set_note("Efter drøftelse i grupperne");
  v1::CommandResponse second =
      Ok(Make(who_.council, &Command::mutable_set_indicative_priority, rank));
  const v1::IndicativePriority& ip = second.round().indicative_priority();
  EXPECT_EQ(ip.revision(), 2);
  EXPECT_EQ(ip.label(), "indicative (vejledende), non-binding");
  EXPECT_THAT(ip.ranking(), ::testing::ElementsAre(b, a, p));
  int changes = 0;
  const auto events = store_->ReadStream(kRound, 1, 1000);
  ASSERT_TRUE(events.ok());
  for (const auto& e : *events) changes += e.type == "budget.v1.IndicativePrioritySet";
  EXPECT_EQ(changes, 2);
  rank.add_ranking(a);
  Refused(Make(who_.council, &Command::mutable_set_indicative_priority, rank),
          absl::StatusCode::kInvalidArgument, "repeats an earlier entry");
}

TEST_F(AdoptionTest, ReadingsComeInOrder) {
  const std::string proposal = Submit("Forslag", {kSocial}, kMio);
  clock_.Set(At(2023, 8, 11, 12));
  Refused(
      Reading(v1::READING_SECOND_COUNCIL, MakeDate(2023, 10, 10)),
      absl::StatusCode::kFailedPrecondition,
      "Expected READING_FIRST_FINANCE_COMMITTEE next, but got READING_SECOND_COUNCIL: readings are "
      "recorded in order, the 1st before the 2nd");
  v1::CommandResponse first =
      Ok(Reading(v1::READING_FIRST_FINANCE_COMMITTEE, MakeDate(2023, 8, 11)));
  EXPECT_TRUE(FindMilestone(first.round(), v1::MILESTONE_FIRST_READING_FINANCE_COMMITTEE)
                  ->has_reached_at());
  Refused(Reading(v1::READING_FIRST_FINANCE_COMMITTEE, MakeDate(2023, 8, 11)),
          absl::StatusCode::kFailedPrecondition, "is already recorded");
  Refused(Reading(v1::READING_SECOND_FINANCE_COMMITTEE, MakeDate(2023, 10, 2)),
          absl::StatusCode::kFailedPrecondition, "Expected READING_FIRST_COUNCIL next");
  Ok(Reading(v1::READING_FIRST_COUNCIL, MakeDate(2023, 8, 19)));
  v1::RecordReadingRequest amended;
  amended.set_round(kRound);
  amended.set_kind(v1::READING_SECOND_FINANCE_COMMITTEE);
  *amended.mutable_date() = MakeDate(2023, 10, 2);
  amended.set_outcome("Ændringsforslag vedtaget");
  auto* a = amended.add_amendments();
  a->set_subject("rounds/2024/proposals/P-0099");
  a->set_amount_kr(-2 * kMio);
  Refused(Make(who_.council, &Command::mutable_record_reading, amended),
          absl::StatusCode::kNotFound, "P-0099");
  a->set_subject(proposal);
  v1::CommandResponse r = Ok(Make(who_.council, &Command::mutable_record_reading, amended));
  ASSERT_EQ(r.round().readings_size(), 3);
  EXPECT_EQ(r.round().readings(2).amendments(0).amount_kr(), -2 * kMio);
}

TEST_F(AdoptionTest, The2ndReadingAdoptsABudgetAgreementByAVotePerParty) {
  // 004 §4: after the 1st reading the parties negotiate; the 2nd reading
  // adopts the budget as they agreed it, by a vote.
  const std::string proposal = Submit("Forslag", {kSocial}, kMio);
  clock_.Set(At(2023, 8, 11, 12));
  v1::RecordReadingRequest first;
  first.set_round(kRound);
  first.set_kind(v1::READING_FIRST_FINANCE_COMMITTEE);
  *first.mutable_date() = MakeDate(2023, 8, 11);
  first.set_outcome("Oversendt");
  v1::PartyVote* early = first.add_votes();
  early->set_party("Venstre");
  early->set_vote(v1::VOTE_FOR);
  const uint64_t head = Head();
  absl::Status s = Refusal(Make(who_.council, &Command::mutable_record_reading, first),
                           absl::StatusCode::kInvalidArgument, "only a 2nd reading");
  EXPECT_EQ(BadRequestOf(s).field_violations(0).field(), "votes");
  first.clear_votes();
  first.mutable_agreement()->add_parties("Venstre");
  first.mutable_agreement()->set_text("Forlig");
  Refused(Make(who_.council, &Command::mutable_record_reading, first),
          absl::StatusCode::kInvalidArgument, "agreement: only a 2nd reading adopts");
  EXPECT_EQ(Head(), head);
  Ok(Reading(v1::READING_FIRST_FINANCE_COMMITTEE, MakeDate(2023, 8, 11)));
  Ok(Reading(v1::READING_FIRST_COUNCIL, MakeDate(2023, 8, 19)));

  const uint64_t before = Head();
  v1::RecordReadingRequest second;
  second.set_round(kRound);
  second.set_kind(v1::READING_SECOND_FINANCE_COMMITTEE);
  *second.mutable_date() = MakeDate(2023, 10, 2);
  second.set_outcome("Budgetforliget indarbejdet");
  v1::BudgetAgreement* agreement = second.mutable_agreement();
  for (const char* party : {"Socialdemokratiet", "Venstre", "SF"}) agreement->add_parties(party);
  agreement->set_text("Budgetforlig af 28. september 2023");
  agreement->add_items("rounds/2024/proposals/P-0099");
  for (const auto& [party, vote] :
       std::vector<std::pair<std::string, v1::Vote>>{{"Socialdemokratiet", v1::VOTE_FOR},
                                                     {"Venstre", v1::VOTE_FOR},
                                                     {"Enhedslisten", v1::VOTE_AGAINST},
                                                     {"Enhedslisten", v1::VOTE_ABSTAINED}}) {
    v1::PartyVote* v = second.add_votes();
    v->set_party(party);
    v->set_vote(vote);
  }
  s = Refusal(Make(who_.council, &Command::mutable_record_reading, second),
              absl::StatusCode::kInvalidArgument, "names a party again");
  EXPECT_EQ(BadRequestOf(s).field_violations(0).field(), "votes[3].party");
  second.mutable_votes(3)->set_party("Dansk Folkeparti");
  second.mutable_votes(3)->set_vote(v1::VOTE_UNSPECIFIED);
  Refused(Make(who_.council, &Command::mutable_record_reading, second),
          absl::StatusCode::kInvalidArgument, "votes[3].vote: state the vote");
  second.mutable_votes(3)->set_vote(v1::VOTE_ABSTAINED);
  // The agreement's items are the round's proposals and expansions.
  Refused(Make(who_.council, &Command::mutable_record_reading, second), absl::StatusCode::kNotFound,
          "P-0099");
  EXPECT_EQ(Head(), before);
  agreement->set_items(0, proposal);
  const v1::CommandResponse r = Ok(Make(who_.council, &Command::mutable_record_reading, second));
  const v1::Reading& reading = r.round().readings(2);
  EXPECT_EQ(reading.agreement().parties_size(), 3);
  EXPECT_EQ(reading.agreement().items(0), proposal);
  ASSERT_EQ(reading.votes_size(), 4);
  EXPECT_EQ(reading.votes(2).party(), "Enhedslisten");
  EXPECT_EQ(reading.votes(2).vote(), v1::VOTE_AGAINST);
  EXPECT_EQ(reading.votes(3).vote(), v1::VOTE_ABSTAINED);
}

TEST_F(AdoptionTest, AdoptionFreezesTheRoundButEveryReadWorks) {
  std::string p = Submit("Forslag", {kSocial}, kMio);
  clock_.Set(At(2023, 10, 10, 18));
  v1::AdoptBudgetRequest adopt;
  adopt.set_round(kRound);
  *adopt.mutable_meeting_date() = MakeDate(2023, 10, 10);
  Refused(Make(who_.council, &Command::mutable_adopt_budget, adopt),
          absl::StatusCode::kFailedPrecondition,
          "Expected the 2nd reading in Byrådet before adoption");
  ReadAll();
  v1::CommandResponse adopted = Ok(Make(who_.council, &Command::mutable_adopt_budget, adopt));
  EXPECT_EQ(adopted.round().adoption().adopted_by(), "users/byraad");

  const std::string frozen =
      "Expected an open round, but rounds/2024 was adopted on 2023-10-10 and is frozen";
  v1::OverrideGateRequest gate;
  gate.set_round(kRound);
  gate.set_gate(v1::GATE_SUBMISSION);
  gate.set_mode(v1::GATE_MODE_FORCED_OPEN);
  gate.set_reason("Efter vedtagelsen");
  absl::Status s = Refusal(Make(who_.coordinator, &Command::mutable_override_gate, gate),
                           absl::StatusCode::kFailedPrecondition, frozen);
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "ROUND_ADOPTED");
  v1::ClaimProposalRequest claim;
  claim.set_proposal(p);
  claim.set_committee(kSocial);
  Refused(Make(who_.social, &Command::mutable_claim_proposal, claim),
          absl::StatusCode::kFailedPrecondition, frozen);
  Refused(Make(who_.council, &Command::mutable_adopt_budget, adopt),
          absl::StatusCode::kFailedPrecondition, frozen);
  Refused(Correction(v1::CORRECTION_A_PRICE_WAGE_INDEXATION, kMio),
          absl::StatusCode::kFailedPrecondition, frozen);
  Refused(Request(who_.council, kSocial, "Efter vedtagelsen"),
          absl::StatusCode::kFailedPrecondition, frozen);
  v1::RecordMeetingRequest meeting;
  meeting.set_round(kRound);
  meeting.set_kind(v1::MEETING_THEME_NOVEMBER);
  *meeting.mutable_date() = MakeDate(2023, 11, 15);
  Refused(Make(who_.coordinator, &Command::mutable_record_meeting, meeting),
          absl::StatusCode::kFailedPrecondition, frozen);
  // Reads keep working.
  v1::GetProposalRequest get;
  get.set_name(p);
  EXPECT_TRUE(
      processor_->Read([&](const State& st, absl::Time now) { return GetProposal(st, get, now); })
          .ok());
  v1::GetRoundSummaryRequest summary;
  summary.set_round(kRound);
  EXPECT_TRUE(
      processor_
          ->Read([&](const State& st, absl::Time now) { return GetRoundSummary(st, summary, now); })
          .ok());
}

TEST_F(AdoptionTest, TheClockWritesNothingIntoAnAdoptedRound) {
  const std::string p = Submit("Forslag", {kSocial}, kMio);
  // Adopted before the claims deadline (April 2023): adoption is not refused
  // for coming early (docs/domain.md says why), and it freezes the round.
  clock_.Set(At(2022, 12, 1));
  ReadAll();
  v1::AdoptBudgetRequest adopt;
  adopt.set_round(kRound);
  *adopt.mutable_meeting_date() = MakeDate(2022, 12, 1);
  Ok(Make(who_.council, &Command::mutable_adopt_budget, adopt));
  const uint64_t head = Head();
  clock_.Set(At(2023, 6, 1));  // the claims deadline has passed
  Tick();
  EXPECT_EQ(Head(), head) << "the clock wrote into an adopted round";
  v1::GetProposalRequest get;
  get.set_name(p);
  const v1::Proposal after =
      *processor_->Read([&](const State& st, absl::Time now) { return GetProposal(st, get, now); });
  EXPECT_FALSE(after.in_pool());
  EXPECT_NE(after.status(), v1::PROPOSAL_IN_POOL);
}

TEST_F(AdoptionTest, Rule11LawCompensationUnderThreeMillionIsAutomatic) {
  v1::CommandResponse r = Ok(Correction(v1::CORRECTION_C_LAW_AND_CIRCULAR, 3 * kMio - 1));
  EXPECT_EQ(r.correction().state(), v1::CORRECTION_APPLIED);
  v1::CommitteeTotals t = SocialTotals();
  EXPECT_EQ(t.original_frame_kr(), 900 * kMio);
  EXPECT_EQ(t.corrections_kr(), 3 * kMio - 1);
  EXPECT_EQ(t.resulting_frame_kr(), 903 * kMio - 1);
  ASSERT_EQ(t.corrections_size(), 1);
  absl::Status s =
      Refusal(DecideCorrection(r.correction().name(), true), absl::StatusCode::kFailedPrecondition,
              "rule 11 (frames hold): Expected a law compensation of 3 mio. kr. or more");
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "RULE_11_FRAMES_HOLD");
}

TEST_F(AdoptionTest, Rule11LawCompensationOfThreeMillionWaitsForAPoliticalDecision) {
  v1::CommandResponse r = Ok(Correction(v1::CORRECTION_C_LAW_AND_CIRCULAR, -3 * kMio));
  EXPECT_EQ(r.correction().state(), v1::CORRECTION_AWAITING_DECISION);
  EXPECT_EQ(SocialTotals().resulting_frame_kr(), 900 * kMio);  // unchanged until decided
  Ok(DecideCorrection(r.correction().name(), true));
  EXPECT_EQ(SocialTotals().resulting_frame_kr(), 897 * kMio);
  v1::CommandResponse second = Ok(Correction(v1::CORRECTION_C_LAW_AND_CIRCULAR, 4 * kMio));
  v1::CommandResponse rejected = Ok(DecideCorrection(second.correction().name(), false));
  EXPECT_EQ(rejected.correction().state(), v1::CORRECTION_REJECTED);
  EXPECT_EQ(SocialTotals().resulting_frame_kr(), 897 * kMio);
  EXPECT_EQ(SocialTotals().corrections_size(), 2);
  Refused(DecideCorrection(second.correction().name(), true), absl::StatusCode::kFailedPrecondition,
          "rule 11");
}

TEST_F(AdoptionTest, Rule11OtherTechnicalCorrectionsApplyDirectlyAndOnlyKnownKinds) {
  v1::CommandResponse r = Ok(Correction(v1::CORRECTION_A_PRICE_WAGE_INDEXATION, 18 * kMio));
  EXPECT_EQ(r.correction().state(), v1::CORRECTION_APPLIED);
  EXPECT_EQ(SocialTotals().resulting_frame_kr(), 918 * kMio);
  absl::Status s =
      Refusal(Correction(static_cast<v1::CorrectionKind>(12), kMio),
              absl::StatusCode::kInvalidArgument, "invalid kind: has unknown value 12");
  EXPECT_THAT(BadRequestOf(s), HasViolation("kind"));
  Refused(Correction(v1::CORRECTION_KIND_UNSPECIFIED, kMio), absl::StatusCode::kInvalidArgument,
          "invalid kind: is required");
}

}  // namespace
}  // namespace budget::testing
