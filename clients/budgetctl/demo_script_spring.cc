// Mar - May 2023: ØK decides the expansion process, the spring hearing runs,
// the committees claim before the April deadline, the pool forms, ØK selects
// and recommends the råderum, and Byrådet approves it.
#include "budget/v1/adoption_service.grpc.pb.h"
#include "budget/v1/allocation_service.grpc.pb.h"
#include "budget/v1/hearing_service.grpc.pb.h"
#include "budget/v1/round_service.grpc.pb.h"
#include "clients/budgetctl/demo_data.h"
#include "clients/budgetctl/demo_script.h"
#include "clients/budgetctl/parse.h"
#include "services/domain/names.h"

namespace budgetctl::demo {
namespace {

namespace v1 = budget::v1;
using ExpansionStub = v1::ExpansionService::Stub;
using Hearings = v1::HearingService::Stub;

// The expansion frames ØK decides per committee (rule 10: not binding).
const std::pair<const char*, int64_t> kExpansionFrames[] = {
    {"socialudvalget", 5'000'000},
    {"boerne-og-uddannelsesudvalget", 6'000'000},
    {"aeldre-og-sundhedsudvalget", 10'000'000},
    {"teknik-og-miljoeudvalget", 5'000'000},
    {"kultur-og-fritidsudvalget", 1'000'000},
};

// A decision of the round taken at a meeting on `date` (YYYY-MM-DD), under
// agenda item `item`.
template <typename Req>
Req AtMeeting(const Runner& run, const char* date, const char* item) {
  Req r;
  r.set_round(run.round());
  *r.mutable_meeting_date() = ParseDate(date);
  r.set_agenda_item(item);
  return r;
}

void ExpansionProcess(Runner& run) {
  run.At("2023-03-01T12:00:00Z");
  auto r = AtMeeting<v1::DecideExpansionProcessRequest>(
      run, "2023-03-01",
      "ØK 1. marts 2023, punkt 6: Proces for udvidelsesforslag til budget 2024-2027");
  for (const auto& [committee, frame] : kExpansionFrames) {
    v1::CommitteeFrame* f = r.add_frames();
    f->set_committee(Child(run, budget::kCommittees, committee));
    f->set_frame_kr(frame);
  }
  r.set_cap_kr(30'000'000);
  for (const char* topic : {"Demografi og velfærd", "Børn og unges trivsel", "Grøn omstilling",
                            "Landdistrikter og mobilitet"}) {
    r.add_topics(topic);
  }
  run.Do(Role::kFinanceCommittee, &ExpansionStub::DecideExpansionProcess, r,
         "ØK decides the expansion process");
}

void RequestExpansions(Runner& run) {
  run.At("2023-03-15T10:00:00Z");
  for (const Expansion& x : TheData().expansions) {
    v1::RequestExpansionRequest r;
    r.set_round(run.round());
    r.set_title(x.title);
    r.set_description(x.description);
    r.set_committee(Child(run, budget::kCommittees, x.committee));
    // Rule 10: the politicians ask, the council or a committee for its own area.
    const Role role = x.by_council ? Role::kCouncil : CommitteeRole(x.committee);
    run.Remember(x.key, ResourceName(run.Do(role, &ExpansionStub::RequestExpansion, r, x.title)));
  }
}

void CostExpansions(Runner& run) {
  run.At("2023-03-30T10:00:00Z");
  for (const Expansion& x : TheData().expansions) {
    v1::CostExpansionRequest r;
    r.set_expansion(run.Name(x.key));
    SetYears(x.costs, r.mutable_costs());
    r.set_full_implementation_kr(x.full_implementation_kr);
    r.set_assumptions(x.assumptions);
    run.Do(Role::kCaseWorker, &ExpansionStub::CostExpansion, r, absl::StrCat("cost ", x.key));
  }
}

v1::HearingBody Body(const char* name, v1::BodyKind kind, const char* display_name) {
  v1::HearingBody b;
  b.set_name(name);
  b.set_kind(kind);
  b.set_display_name(display_name);
  return b;
}

// The usual spring hearing on the whole catalogue; the workplaces the
// proposals name are invited by the server (rule 7).
std::string OpenSpringHearing(Runner& run) {
  run.At("2023-03-06T09:00:00Z");
  v1::OpenHearingRequest r;
  r.set_round(run.round());
  r.set_title("Forårets høring om omprioriteringsforslagene til budget 2024");
  for (const Proposal& p : TheData().proposals) {
    if (p.key != "W1") r.add_proposals(run.Name(p.key));  // W1 was withdrawn
  }
  *r.add_bodies() = Body("bodies/hmu", v1::BODY_HMU, "MED-Hovedudvalget");
  *r.add_bodies() = Body("bodies/handicapraadet", v1::BODY_USER_GROUP, "Handicaprådet");
  *r.add_bodies() = Body("bodies/aeldreraadet", v1::BODY_USER_GROUP, "Ældrerådet");
  *r.add_bodies() = Body("bodies/landdistrikternes-faellesraad", v1::BODY_CITIZEN_GROUP,
                         "Landdistrikternes Fællesråd");
  *r.mutable_deadline() = ParseInstant("2023-04-12T22:00:00Z");  // midnight, Danish summer time
  r.set_spring(true);
  return ResourceName(
      run.Do(Role::kCoordinator, &Hearings::OpenHearing, r, "open the spring hearing"));
}

// Who records a response: HMU itself, the Enghaven workplace with its own
// token (./run.sh's acts for round 2024), everyone else on paper through the
// coordinator.
Role Responder(const Runner& run, const std::string& body) {
  if (body == budget::kHmuBody) return Role::kHmu;
  if (body == "bofaellesskab-enghaven" && run.round_id() == "2024") return Role::kWorkplace;
  return Role::kCoordinator;
}

// The responses of batch `batch` of the data's hearing responses.
void Respond(Runner& run, const std::string& hearing, size_t batch) {
  const Batch<Response>& responses = TheData().hearing_responses.at(batch);
  run.At(responses.at);
  for (const Response& a : responses.items) {
    v1::SubmitResponseRequest r;
    r.set_hearing(hearing);
    r.set_proposal(run.Name(a.proposal));
    const std::string& body = a.body;
    r.set_body(body.find('/') == std::string::npos ? Child(run, budget::kWorkplaces, body) : body);
    r.set_stance(a.stance);
    r.set_text(a.text);
    run.Do(Responder(run, body), &Hearings::SubmitResponse, r,
           absl::StrCat("response of ", a.body, " on ", a.proposal));
  }
}

void FirstResponses(Runner& run, const std::string& hearing) { Respond(run, hearing, 0); }

void LastResponses(Runner& run, const std::string& hearing) {
  Respond(run, hearing, 1);
  // HMU amends its response before the deadline.
  v1::SubmitResponseRequest amend;
  amend.set_hearing(hearing);
  amend.set_proposal(run.Name("X3"));
  amend.set_body(std::string(budget::kHmuBody));
  amend.set_stance(v1::STANCE_NO_COMMENT);
  amend.set_text("HMU kan acceptere forslaget, hvis enheder under 20 ansatte undtages.");
  run.Do(Role::kHmu, &Hearings::AmendResponse, amend, "HMU amends its response on X3");
}

// Each committee claims from its own area (rules 2, 3), heard first (rule 7).
void Claim(Runner& run, const char* at, const char* committee,
           const std::vector<std::string>& keys) {
  run.At(at);
  for (const std::string& key : keys) {
    v1::ClaimProposalRequest r;
    r.set_proposal(run.Name(key));
    r.set_committee(Child(run, budget::kCommittees, committee));
    run.Do(CommitteeRole(committee), &v1::CommitteeService::Stub::ClaimProposal, r,
           absl::StrCat(committee, " claims ", key));
  }
}

void Claims(Runner& run) {
  // S5 crosses the shortfall (rule 2: allowed, nothing after it).
  Claim(run, "2023-04-19T10:00:00Z", "socialudvalget", {"S1", "S2", "S3", "S4", "S6", "S5"});
  Claim(run, "2023-04-20T10:00:00Z", "boerne-og-uddannelsesudvalget",
        {"B1", "B2", "B3", "B4", "B5", "B6"});
  Claim(run, "2023-04-21T10:00:00Z", "teknik-og-miljoeudvalget", {"T1", "T2"});
  run.At("2023-04-26T10:00:00Z");
  v1::ReleaseClaimRequest release;
  release.set_proposal(run.Name("S6"));
  release.set_reason("Udfordringen er dækket uden forslaget; det går til råderumspuljen.");
  run.Do(Role::kSocial, &v1::CommitteeService::Stub::ReleaseClaim, release,
         "socialudvalget releases S6");
}

void Select(Runner& run, const std::vector<std::string>& keys) {
  for (const std::string& key : keys) {
    v1::SelectFromPoolRequest r;
    r.set_proposal(run.Name(key));
    run.Do(Role::kFinanceCommittee, &v1::CouncilService::Stub::SelectFromPool, r,
           absl::StrCat("ØK selects ", key));
  }
}

void Selection(Runner& run) {
  run.At("2023-05-09T14:00:00Z");
  Select(run, {"X1", "X3", "X2", "X5", "A3", "X7", "X8", "O3", "O1"});
  run.At("2023-05-24T14:00:00Z");
  v1::DeselectFromPoolRequest deselect;
  deselect.set_proposal(run.Name("O1"));
  run.Do(Role::kFinanceCommittee, &v1::CouncilService::Stub::DeselectFromPool, deselect,
         "ØK deselects O1");
  run.At("2023-05-24T17:00:00Z");
  run.Do(Role::kFinanceCommittee, &v1::CouncilService::Stub::RecommendSelection,
         AtMeeting<v1::RecommendSelectionRequest>(
             run, "2023-05-24", "ØK 24. maj 2023, punkt 4: Omprioriteringsforslag til råderummet"),
         "ØK recommends the selection");
  run.At("2023-05-31T15:00:00Z");
  run.Do(Role::kCouncil, &v1::CouncilService::Stub::ApproveSelection,
         AtMeeting<v1::ApproveSelectionRequest>(
             run, "2023-05-31",
             "Byrådet 31. maj 2023, punkt 9: Omprioriteringsforslag til råderummet"),
         "Byrådet approves ØK's recommendation");
}

}  // namespace

void PlaySpring(Runner& run) {
  run.Phase("Mar 2023", "ØK decides the expansion process; the spring hearing opens");
  ExpansionProcess(run);
  const std::string hearing = OpenSpringHearing(run);
  RequestExpansions(run);
  FirstResponses(run, hearing);
  CostExpansions(run);
  LastResponses(run, hearing);
  run.Phase("Apr 2023", "HMU dialogue meeting; the committees claim before the deadline");
  run.At("2023-04-17T15:00:00Z");
  RecordMeeting(run, v1::MEETING_HMU_DIALOGUE_APRIL, "2023-04-17", {"Byrådet", "MED-Hovedudvalget"},
                "Dialog om forslagene, før byrådet prioriterer.", {"X1", "X3", "X12", "X13", "H3"});
  Claims(run);
  run.Phase("May 2023", "the pool forms; the council selects and approves the råderum");
  // The claims deadline (1 May) has passed: the next command forms the pool first.
  run.At("2023-05-02T08:00:00Z");
  Inform(run, "bodies/hmu",
         "Omprioriteringskataloget efter udvalgenes valg: de resterende forslag udgør "
         "råderumspuljen, som ØK/Byrådet udvælger fra i maj.");
  Selection(run);
}

}  // namespace budgetctl::demo
