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
    clock_.Set(At(2023, 3, 15));
    Ok(ExpansionProcessCommand());  // 004: ØK decides the process in the spring
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
    return RecordReadingCommand(r);
  }
  // A correction of `committee`'s frame by `kr` in each year; a law
  // compensation of the law `law`.
  Command Correction(v1::CorrectionKind kind, int64_t kr, const std::string& committee = kSocial,
                     const std::string& law = "L 1 2022/23") {
    v1::RecordFrameCorrectionRequest r;
    r.set_committee(committee);
    r.set_kind(kind);
    if (kind == v1::CORRECTION_C_LAW_AND_CIRCULAR) r.set_law(law);
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
    return Make(who_.finance_committee, &Command::mutable_decide_frame_correction, r);
  }
  Command Assess(const std::string& correction, int64_t kr) {
    v1::AssessFrameCorrectionRequest r;
    r.set_correction(correction);
    for (int y = 2024; y <= 2027; ++y) {
      auto* a = r.add_assessed_amounts();
      a->set_year(y);
      a->set_amount_kr(kr);
    }
    r.set_basis("Konkret beregning af merudgiften i Næstved Kommune");
    return Make(who_.case_worker, &Command::mutable_assess_frame_correction, r);
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
  absl::Status s = Refusal(Make(who_.council, &Command::mutable_request_expansion, x),
                           absl::StatusCode::kFailedPrecondition,
                           "Expected ØK's decision on the expansion process "
                           "(DecideExpansionProcess) first");
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "RULE_10_EXPANSIONS_ON_REQUEST");
  v1::DecideExpansionProcessRequest process;
  process.set_round("rounds/2025");
  *process.mutable_meeting_date() = MakeDate(2023, 3, 15);
  process.set_agenda_item("punkt 3");
  Ok(Make(who_.finance_committee, &Command::mutable_decide_expansion_process, process));
  // ØK's decision reaches the milestone, which opens the requests.
  Ok(Make(who_.council, &Command::mutable_request_expansion, x));
}

// 004: "Økonomiudvalget beslutter i foråret 2023 en proces": the frames, an
// overall cap and the topics are ØK's decision, recorded once.
TEST_F(AdoptionTest, OekDecidesTheExpansionProcessWithFramesCapAndTopics) {
  const uint64_t head = Head();
  absl::Status s = Refusal(ExpansionProcessCommand(), absl::StatusCode::kFailedPrecondition,
                           "ØK decided it on 2023-03-01");
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "ALREADY_DECIDED");
  EXPECT_EQ(Head(), head);
  const v1::Round round = Published().rounds().at("2024").round();
  EXPECT_EQ(round.expansion_process().decided_by(), "users/oek");
  EXPECT_EQ(round.expansion_process().topics(0), "Demografi og velfærd");
  EXPECT_TRUE(FindMilestone(round, v1::MILESTONE_EXPANSION_PROCESS_DECIDED)->has_reached_at());
}

class ExpansionProcessTest : public Harness {
 protected:
  void SetUp() override {
    CreateStrategyRound();
    clock_.Set(At(2023, 3, 1, 12));
  }
};

TEST_F(ExpansionProcessTest, TheFramesAndTheCapAreOeksAndTheSummaryFlagsTheCap) {
  Refused(ExpansionProcessCommand({{"rounds/2024/committees/ukendt", kMio}}),
          absl::StatusCode::kNotFound, "ukendt");
  Command twice = ExpansionProcessCommand({{kSocial, kMio}, {kSocial, 2 * kMio}});
  absl::Status s = Refusal(twice, absl::StatusCode::kInvalidArgument, "names the committee again");
  EXPECT_THAT(BadRequestOf(s), HasViolation("frames[1]"));
  v1::CommandResponse r = Ok(ExpansionProcessCommand({{kSocial, 5 * kMio}}, 4 * kMio));
  EXPECT_EQ(FindCommittee(r.round(), kSocial)->expansion_frame_kr(), 5 * kMio);
  EXPECT_EQ(r.round().expansion_process().cap_kr(), 4 * kMio);
  v1::RequestExpansionRequest x;
  x.set_round(kRound);
  x.set_title("Flere pædagoger");
  x.set_committee(kSocial);
  const std::string name =
      Ok(Make(who_.finance_committee, &Command::mutable_request_expansion, x)).expansion().name();
  v1::CostExpansionRequest cost;
  cost.set_expansion(name);
  cost.set_full_implementation_kr(5 * kMio);
  cost.set_assumptions("Lønniveau 2023");
  Ok(Make(who_.case_worker, &Command::mutable_cost_expansion, cost));
  clock_.Set(At(2023, 6, 15));
  v1::DecideExpansionRequest decide;
  decide.set_expansion(name);
  decide.set_approve(true);
  Ok(Make(who_.council, &Command::mutable_decide_expansion, decide));
  const v1::Totals full = Summary().full_implementation();
  EXPECT_EQ(full.expansion_cap_kr(), 4 * kMio);
  EXPECT_TRUE(full.expansions_over_cap());  // flagged, not refused: the politicians decide
}

TEST_F(AdoptionTest, CostingAndFrameFlags) {
  v1::SetExpansionFrameRequest frame;
  frame.set_committee(kSocial);
  frame.set_frame_kr(5 * kMio);
  Ok(Make(who_.finance_committee, &Command::mutable_set_expansion_frame, frame));
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
  Refused(RecordReadingCommand(amended), absl::StatusCode::kNotFound, "P-0099");
  a->set_subject(proposal);
  v1::CommandResponse r = Ok(RecordReadingCommand(amended));
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
  absl::Status s = Refusal(RecordReadingCommand(first), absl::StatusCode::kInvalidArgument,
                           "only a 2nd reading");
  EXPECT_EQ(BadRequestOf(s).field_violations(0).field(), "votes");
  first.clear_votes();
  first.mutable_agreement()->add_parties("Venstre");
  first.mutable_agreement()->set_text("Forlig");
  Refused(RecordReadingCommand(first), absl::StatusCode::kInvalidArgument,
          "agreement: only a 2nd reading adopts");
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
  s = Refusal(RecordReadingCommand(second), absl::StatusCode::kInvalidArgument,
              "names a party again");
  EXPECT_EQ(BadRequestOf(s).field_violations(0).field(), "votes[3].party");
  second.mutable_votes(3)->set_party("Dansk Folkeparti");
  second.mutable_votes(3)->set_vote(v1::VOTE_UNSPECIFIED);
  Refused(RecordReadingCommand(second), absl::StatusCode::kInvalidArgument,
          "votes[3].vote: state the vote");
  second.mutable_votes(3)->set_vote(v1::VOTE_ABSTAINED);
  // The agreement's items are the round's proposals and expansions.
  Refused(RecordReadingCommand(second), absl::StatusCode::kNotFound, "P-0099");
  EXPECT_EQ(Head(), before);
  agreement->set_items(0, proposal);
  const v1::CommandResponse r = Ok(RecordReadingCommand(second));
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
  clock_.Set(At(2023, 8, 15));
  absl::Status s =
      Refusal(DecideCorrection(r.correction().name(), true), absl::StatusCode::kFailedPrecondition,
              "rule 11 (frames hold): Expected an assessed law compensation");
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "RULE_11_FRAMES_HOLD");
  Refused(Assess(r.correction().name(), kMio), absl::StatusCode::kFailedPrecondition,
          "awaiting an assessment or ØK's decision, but it is CORRECTION_APPLIED");
}

// 004 §2 c: "Er kompensationsbeløbet over 3 mio. kr. skal der ske en konkret
// beregning/vurdering ... behandles i Økonomiudvalget i august". Exactly 3
// mio. kr. is not "under", so it is assessed.
TEST_F(AdoptionTest, Rule11LawCompensationOfThreeMillionIsAssessedThenDecidedByOekInAugust) {
  v1::CommandResponse r = Ok(Correction(v1::CORRECTION_C_LAW_AND_CIRCULAR, -3 * kMio));
  const std::string name = r.correction().name();
  EXPECT_EQ(r.correction().state(), v1::CORRECTION_AWAITING_ASSESSMENT);
  EXPECT_EQ(SocialTotals().resulting_frame_kr(), 900 * kMio);  // unchanged until decided
  Refused(DecideCorrection(name, true), absl::StatusCode::kFailedPrecondition,
          "Expected the administration's assessment (AssessFrameCorrection) before ØK decides");
  v1::CommandResponse assessed = Ok(Assess(name, -2'500'000));
  EXPECT_EQ(assessed.correction().state(), v1::CORRECTION_AWAITING_DECISION);
  EXPECT_EQ(assessed.correction().assessed_by(), "users/anna");
  // ØK decides in August (GATE_LAW_COMPENSATION), not in March.
  Refused(DecideCorrection(name, true), absl::StatusCode::kFailedPrecondition,
          "GATE_LAW_COMPENSATION");
  clock_.Set(At(2023, 8, 15));
  v1::CommandResponse decided = Ok(DecideCorrection(name, true));
  EXPECT_EQ(decided.correction().decided_by(), "users/oek");
  // The frame changes by the assessed amount, not the compensation.
  EXPECT_EQ(SocialTotals().resulting_frame_kr(), 900 * kMio - 2'500'000);
  v1::CommandResponse second =
      Ok(Correction(v1::CORRECTION_C_LAW_AND_CIRCULAR, 4 * kMio, kSocial, "L 2 2022/23"));
  Ok(Assess(second.correction().name(), 4 * kMio));
  v1::CommandResponse rejected = Ok(DecideCorrection(second.correction().name(), false));
  EXPECT_EQ(rejected.correction().state(), v1::CORRECTION_REJECTED);
  EXPECT_EQ(SocialTotals().resulting_frame_kr(), 900 * kMio - 2'500'000);
  EXPECT_EQ(SocialTotals().corrections_size(), 2);
  Refused(DecideCorrection(second.correction().name(), true), absl::StatusCode::kFailedPrecondition,
          "rule 11");
  clock_.Set(At(2023, 9, 1, 12));
  v1::CommandResponse third =
      Ok(Correction(v1::CORRECTION_C_LAW_AND_CIRCULAR, 5 * kMio, kSocial, "L 3 2022/23"));
  Ok(Assess(third.correction().name(), 5 * kMio));
  Refused(DecideCorrection(third.correction().name(), true), absl::StatusCode::kFailedPrecondition,
          "GATE_LAW_COMPENSATION");
}

// The 3 mio. kr. is the law's, across committees: one law of 4 mio. kr.
// booked as two slices of 2 mio. kr. is assessed, the first slice included.
TEST_F(AdoptionTest, Rule11TheThresholdIsTheLawsTotalAcrossCommittees) {
  v1::CommandResponse first =
      Ok(Correction(v1::CORRECTION_C_LAW_AND_CIRCULAR, 2 * kMio, kSocial, "L 7 dagtilbud"));
  EXPECT_EQ(first.correction().state(), v1::CORRECTION_APPLIED);
  EXPECT_EQ(SocialTotals().resulting_frame_kr(), 902 * kMio);
  // Another law's slice does not count.
  EXPECT_EQ(Ok(Correction(v1::CORRECTION_C_LAW_AND_CIRCULAR, 2 * kMio, kChildren, "L 8"))
                .correction()
                .state(),
            v1::CORRECTION_APPLIED);
  v1::CommandResponse second =
      Ok(Correction(v1::CORRECTION_C_LAW_AND_CIRCULAR, 2 * kMio, kChildren, "L 7 dagtilbud"));
  EXPECT_EQ(second.correction().state(), v1::CORRECTION_AWAITING_ASSESSMENT);
  const v1::Round round = Published().rounds().at("2024").round();
  const State state = Published();
  EXPECT_EQ(state.rounds().at("2024").corrections().at("C-0001").state(),
            v1::CORRECTION_AWAITING_ASSESSMENT);
  EXPECT_EQ(SocialTotals().resulting_frame_kr(), 900 * kMio);  // back until ØK decides
  Ok(Assess(first.correction().name(), 1'800'000));
  clock_.Set(At(2023, 8, 15));
  Ok(DecideCorrection(first.correction().name(), true));
  EXPECT_EQ(SocialTotals().resulting_frame_kr(), 901'800'000);
}

// 004 §2 b: "Der reguleres på Handicap/Psykiatri, Ældre, Børn og Unge,
// Dagpasning og Undervisning" (the template's setting).
TEST_F(AdoptionTest, Rule11DemographyRegulatesOnlyTheRoundsAreas) {
  v1::RecordFrameCorrectionRequest r;
  r.set_committee(kSocial);
  r.set_kind(v1::CORRECTION_B_DEMOGRAPHY);
  auto* a = r.add_amounts();
  a->set_year(2024);
  a->set_amount_kr(3 * kMio);
  r.set_reason("Flere borgere med handicap");
  absl::Status s = Refusal(Make(who_.coordinator, &Command::mutable_record_frame_correction, r),
                           absl::StatusCode::kInvalidArgument, "area");
  EXPECT_THAT(BadRequestOf(s), HasViolation("area"));
  r.set_area("Kultur");
  s = Refusal(Make(who_.coordinator, &Command::mutable_record_frame_correction, r),
              absl::StatusCode::kFailedPrecondition,
              "for an area the round regulates (Handicap/Psykiatri, Ældre, Børn og Unge, "
              "Dagpasning, Undervisning), but got \"Kultur\"");
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "RULE_11_FRAMES_HOLD");
  r.set_area("Handicap/Psykiatri");
  EXPECT_EQ(
      Ok(Make(who_.coordinator, &Command::mutable_record_frame_correction, r)).correction().area(),
      "Handicap/Psykiatri");
  r.set_kind(v1::CORRECTION_A_PRICE_WAGE_INDEXATION);
  Refused(Make(who_.coordinator, &Command::mutable_record_frame_correction, r),
          absl::StatusCode::kInvalidArgument, "only a demography correction (b) names its area");
}

// 004 §2 e, g finance the municipality: booked on the round, not a committee.
TEST_F(AdoptionTest, Rule11FinancingCorrectionsAreTheRounds) {
  v1::RecordFrameCorrectionRequest r;
  r.set_committee(kSocial);
  r.set_kind(v1::CORRECTION_G_TAX_GRANTS_EQUALISATION);
  auto* a = r.add_amounts();
  a->set_year(2024);
  a->set_amount_kr(2'800'000);
  r.set_reason("Renter af ny låntagning");
  const uint64_t head = Head();
  absl::Status s = Refusal(Make(who_.coordinator, &Command::mutable_record_frame_correction, r),
                           absl::StatusCode::kInvalidArgument, "booked on the round");
  EXPECT_THAT(BadRequestOf(s), HasViolation("committee"));
  EXPECT_THAT(BadRequestOf(s), HasViolation("round"));
  EXPECT_EQ(Head(), head);
  r.clear_committee();
  r.set_round(kRound);
  v1::CommandResponse ok = Ok(Make(who_.coordinator, &Command::mutable_record_frame_correction, r));
  EXPECT_EQ(ok.correction().round(), kRound);
  EXPECT_TRUE(ok.correction().committee().empty());
  const v1::RoundSummary summary = Summary();
  EXPECT_EQ(summary.full_implementation().financing_corrections_kr(), 2'800'000);
  EXPECT_EQ(summary.full_implementation().financing_corrections_size(), 1);
  EXPECT_EQ(SocialTotals().corrections_kr(), 0);
  r.set_kind(v1::CORRECTION_D_CIVIL_SERVANT_PENSIONS);
  Refused(Make(who_.coordinator, &Command::mutable_record_frame_correction, r),
          absl::StatusCode::kInvalidArgument, "only a financing correction (e, g) names the round");
  r.set_kind(v1::CORRECTION_C_LAW_AND_CIRCULAR);
  r.clear_round();
  r.set_committee(kSocial);
  s = Refusal(Make(who_.coordinator, &Command::mutable_record_frame_correction, r),
              absl::StatusCode::kInvalidArgument, "law");
  EXPECT_THAT(BadRequestOf(s), HasViolation("law"));
}

// Issue 20 §3: operating frames per year of the period.
TEST_F(AdoptionTest, OperatingFramesArePerYear) {
  v1::DefineCommitteeRequest d;
  d.set_parent(kRound);
  d.set_committee_id("kultur-og-fritidsudvalget");
  d.mutable_committee()->set_display_name("Kultur- og Fritidsudvalget");
  d.mutable_committee()->set_operating_frame_kr(100 * kMio);
  auto* y = d.mutable_committee()->add_operating_frames();
  y->set_year(2031);
  y->set_amount_kr(110 * kMio);
  absl::Status s = Refusal(Make(who_.coordinator, &Command::mutable_define_committee, d),
                           absl::StatusCode::kInvalidArgument, "must lie in the period 2024..2027");
  EXPECT_THAT(BadRequestOf(s), HasViolation("committee.operating_frames[0].year"));
  y->set_year(2025);
  Ok(Make(who_.coordinator, &Command::mutable_define_committee, d));
  const v1::RoundSummary summary = Summary();
  const std::string kultur = "rounds/2024/committees/kultur-og-fritidsudvalget";
  EXPECT_EQ(Committee(summary.full_implementation(), kultur).original_frame_kr(), 100 * kMio);
  for (const v1::Totals& t : summary.by_year()) {
    EXPECT_EQ(Committee(t, kultur).original_frame_kr(), t.year() == 2025 ? 110 * kMio : 100 * kMio)
        << t.year();
  }
}

// Each body records its own readings.
TEST_F(AdoptionTest, OekAndByraadetRecordTheirOwnReadings) {
  clock_.Set(At(2023, 8, 11, 12));
  v1::RecordReadingRequest r;
  r.set_round(kRound);
  r.set_kind(v1::READING_FIRST_FINANCE_COMMITTEE);
  *r.mutable_date() = MakeDate(2023, 8, 11);
  r.set_outcome("Oversendt");
  Refused(Make(who_.council, &Command::mutable_record_reading, r),
          absl::StatusCode::kPermissionDenied,
          "may not record READING_FIRST_FINANCE_COMMITTEE: ØK records its own readings");
  Ok(Make(who_.finance_committee, &Command::mutable_record_reading, r));
  r.set_kind(v1::READING_FIRST_COUNCIL);
  Refused(Make(who_.finance_committee, &Command::mutable_record_reading, r),
          absl::StatusCode::kPermissionDenied, "Byrådet records its own readings (ROLE_COUNCIL)");
  Ok(Make(who_.council, &Command::mutable_record_reading, r));
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
