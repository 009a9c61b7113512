// Jun - Oct 2023: the politicians decide on expansions, the frames are
// corrected (a-k), the budget is read twice in ØK and Byrådet, the seminar
// ranks the expansions, and the budget is adopted on 10 October 2023.
#include <utility>

#include "budget/v1/adoption_service.grpc.pb.h"
#include "clients/budgetctl/demo_data.h"
#include "clients/budgetctl/demo_script.h"
#include "clients/budgetctl/parse.h"
#include "services/domain/names.h"

namespace budgetctl::demo {
namespace {

namespace v1 = budget::v1;
using ExpansionStub = v1::ExpansionService::Stub;
using Adoption = v1::AdoptionService::Stub;

// The council's decisions of batch `batch` of the data's expansion decisions.
void Decide(Runner& run, size_t batch) {
  const Batch<ExpansionDecision>& decisions = TheData().expansion_decisions.at(batch);
  run.At(decisions.at);
  for (const ExpansionDecision& d : decisions.items) {
    v1::DecideExpansionRequest r;
    r.set_expansion(run.Name(d.expansion));
    r.set_approve(d.approve);
    r.set_reason(d.reason);
    run.Do(Role::kCouncil, &ExpansionStub::DecideExpansion, r,
           absl::StrCat(d.approve ? "approve " : "reject ", d.expansion));
  }
}

void RecordCorrections(Runner& run) {
  run.At("2023-08-07T09:00:00Z");
  for (const Correction& c : TheData().corrections) {
    v1::RecordFrameCorrectionRequest r;
    if (c.committee.empty()) {
      r.set_round(run.round());
    } else {
      r.set_committee(Child(run, budget::kCommittees, c.committee));
    }
    r.set_kind(c.kind);
    SetYears(c.amounts, r.mutable_amounts());
    r.set_reason(c.reason);
    r.set_law(c.law);
    r.set_area(c.area);
    run.Remember(c.key, ResourceName(run.Do(Role::kCoordinator, &Adoption::RecordFrameCorrection, r,
                                            absl::StrCat("correction ", c.key))));
  }
  // 004 §2 c: a law of 3 mio. kr. or more is assessed, then ØK decides in August.
  for (const Correction& c : TheData().corrections) {
    if (!c.assessed.has_value()) continue;
    v1::AssessFrameCorrectionRequest r;
    r.set_correction(run.Name(c.key));
    SetYears(*c.assessed, r.mutable_assessed_amounts());
    r.set_basis(c.basis);
    run.Do(Role::kCaseWorker, &Adoption::AssessFrameCorrection, r,
           absl::StrCat("assess correction ", c.key));
  }
}

// E1's costing revised before the seminar, with the new staffing standard.
void ReviseCosting(Runner& run) {
  run.At("2023-08-10T10:00:00Z");
  v1::CostExpansionRequest r;
  r.set_expansion(run.Name("E1"));
  SetYears({8'600'000, 11'400'000, 11'400'000, 11'400'000}, r.mutable_costs());
  r.set_full_implementation_kr(11'400'000);
  r.set_assumptions("Revideret: 23,75 årsværk efter den nye normering; halvt år i 2024.");
  run.Do(Role::kCaseWorker, &ExpansionStub::CostExpansion, r, "revise the costing of E1");
}

v1::Amendment Amend(const Runner& run, const char* key, int64_t amount_kr, const char* what) {
  v1::Amendment a;
  a.set_subject(run.Name(key));
  a.set_amount_kr(amount_kr);
  a.set_description(what);
  return a;
}

v1::RecordReadingRequest Reading(const Runner& run, v1::ReadingKind kind, const char* date,
                                 const char* outcome,
                                 const std::vector<v1::Amendment>& amendments = {}) {
  v1::RecordReadingRequest r;
  r.set_round(run.round());
  r.set_kind(kind);
  *r.mutable_date() = ParseDate(date);
  r.set_outcome(outcome);
  r.mutable_amendments()->Assign(amendments.begin(), amendments.end());
  return r;
}

// Each body records its own readings.
void RecordReadingAt(Runner& run, const char* at, const v1::RecordReadingRequest& r) {
  run.At(at);
  const bool oek = r.kind() == v1::READING_FIRST_FINANCE_COMMITTEE ||
                   r.kind() == v1::READING_SECOND_FINANCE_COMMITTEE;
  run.Do(oek ? Role::kFinanceCommittee : Role::kCouncil, &Adoption::RecordReading, r,
         v1::ReadingKind_Name(r.kind()));
}

// The budget agreement behind the 2nd readings (004 §4), and Byrådet's vote.
constexpr const char* kAgreementParties[] = {"Socialdemokratiet", "Venstre",
                                             "Det Konservative Folkeparti", "SF"};
constexpr std::pair<const char*, v1::Vote> kVotes[] = {
    {"Socialdemokratiet", v1::VOTE_FOR},
    {"Venstre", v1::VOTE_FOR},
    {"Det Konservative Folkeparti", v1::VOTE_FOR},
    {"SF", v1::VOTE_FOR},
    {"Enhedslisten", v1::VOTE_AGAINST},
    {"Dansk Folkeparti", v1::VOTE_ABSTAINED}};

void Seminar(Runner& run) {
  run.At("2023-08-24T09:00:00Z");
  v1::RecordSeminarRequest seminar;
  seminar.set_round(run.round());
  *seminar.mutable_first_day() = ParseDate("2023-08-24");
  *seminar.mutable_last_day() = ParseDate("2023-08-25");
  for (const char* who : {"Byrådet", "Direktionen", "MED-Hovedudvalget"})
    seminar.add_participants(who);
  seminar.set_minutes("Udvidelsesforslagene drøftet; dialog med MED-Hovedudvalget.");
  run.Do(Role::kCoordinator, &Adoption::RecordSeminar, seminar, "the budget seminar");
  RecordMeeting(run, v1::MEETING_HMU_DIALOGUE_AUGUST, "2023-08-24",
                {"Byrådet", "MED-Hovedudvalget"},
                "Dialog om udvidelsesforslagene på budgetseminaret.", {});
  run.At("2023-08-25T15:00:00Z");
  v1::SetIndicativePriorityRequest ranking;
  ranking.set_round(run.round());
  for (const char* key : {"E1", "E3", "E4", "E5", "E2", "E8"}) ranking.add_ranking(run.Name(key));
  ranking.set_note("Vejledende prioritering som oplæg til budgetforhandlingerne.");
  run.Do(Role::kCouncil, &Adoption::SetIndicativePriority, ranking, "the indicative ranking");
}

}  // namespace

void PlayAutumn(Runner& run) {
  run.Phase("Jun 2023", "the first political decisions on expansions");
  Decide(run, 0);

  run.Phase("Aug 2023", "technical corrections a-k; 1st readings; the budget seminar");
  RecordCorrections(run);
  ReviseCosting(run);
  RecordReadingAt(run, "2023-08-11T15:00:00Z",
                  Reading(run, v1::READING_FIRST_FINANCE_COMMITTEE, "2023-08-11",
                          "Budgetforslaget 2024-2027 oversendes til 1. behandling i Byrådet."));
  RecordReadingAt(run, "2023-08-19T12:00:00Z",
                  Reading(run, v1::READING_FIRST_COUNCIL, "2023-08-19",
                          "Budgetforslaget oversendt til 2. behandling; ændringsforslag senest 25. "
                          "september."));
  Seminar(run);
  Decide(run, 1);
  v1::DecideFrameCorrectionRequest law;
  law.set_correction(run.Name("c-aeldre"));
  law.set_approve(true);
  law.set_reason("ØK 29. august: rammen reguleres med den konkrete beregning, 4,1 mio. kr.");
  run.Do(Role::kFinanceCommittee, &Adoption::DecideFrameCorrection, law,
         "ØK decides the law compensation");

  run.Phase("Oct 2023", "2nd readings; the budget is adopted");
  v1::RecordReadingRequest oek = Reading(
      run, v1::READING_SECOND_FINANCE_COMMITTEE, "2023-10-02",
      "Budgetforliget indarbejdet; indstilles til vedtagelse.",
      {Amend(run, "E2", -3'400'000, "Budgetforlig: mindre klasser i 0. klasse (halv model)."),
       Amend(run, "X3", -1'000'000, "Vakancegevinsten gælder ikke enheder under 20 ansatte.")});
  for (const char* party : kAgreementParties) oek.mutable_agreement()->add_parties(party);
  oek.mutable_agreement()->set_text(
      "Budgetforlig 2024-2027 af 28. september 2023: mindre klasser i 0. klasse (halv model); "
      "vakancegevinsten gælder ikke enheder under 20 ansatte.");
  for (const char* key : {"E2", "X3"}) oek.mutable_agreement()->add_items(run.Name(key));
  RecordReadingAt(run, "2023-10-02T15:00:00Z", oek);
  v1::RecordReadingRequest council =
      Reading(run, v1::READING_SECOND_COUNCIL, "2023-10-10", "Budget 2024-2027 vedtaget.",
              {Amend(run, "E8", -1'300'000, "Forsøg med flextrafik i landdistrikterne.")});
  for (const auto& [party, vote] : kVotes) {
    v1::PartyVote* v = council.add_votes();
    v->set_party(party);
    v->set_vote(vote);
  }
  RecordReadingAt(run, "2023-10-10T17:00:00Z", council);
  v1::AdoptBudgetRequest adopt;
  adopt.set_round(run.round());
  *adopt.mutable_meeting_date() = ParseDate("2023-10-10");
  run.Do(Role::kCouncil, &Adoption::AdoptBudget, adopt, "adopt the budget");
}

}  // namespace budgetctl::demo
