// Aug 2022 - Feb 2023: ØK decides the strategy, the administration describes
// the catalogue, the council sees proposals at its theme meetings.
#include "budget/v1/hearing_service.grpc.pb.h"
#include "budget/v1/proposal_service.grpc.pb.h"
#include "budget/v1/round_service.grpc.pb.h"
#include "clients/budgetctl/demo_data.h"
#include "clients/budgetctl/demo_script.h"
#include "clients/budgetctl/parse.h"
#include "services/domain/names.h"

namespace budgetctl::demo {
namespace {

namespace v1 = budget::v1;
using Rounds = v1::RoundService::Stub;
using Proposals = v1::ProposalService::Stub;
using Meetings = v1::MeetingService::Stub;

void CreateRound(Runner& run) {
  v1::CreateRoundRequest r;
  r.set_round_id(run.round_id());
  r.set_municipality("Næstved Kommune");
  r.set_budget_year(TheData().budget_year);
  r.mutable_targets()->set_catalogue_total_kr(110'000'000);
  r.mutable_targets()->set_raaderum_kr(45'000'000);
  // The demo's choices (004 leaves them open): 40 % of the catalogue across
  // committees, 1 % of each centre's budget within the centre.
  r.mutable_targets()->set_cross_cutting_share_bp(4000);
  r.mutable_targets()->set_centre_own_share_bp(100);
  r.set_template_(v1::ROUND_TEMPLATE_STRATEGY_2024);
  run.Do(Role::kCoordinator, &Rounds::CreateRound, r, "create the round");
}

void DefineOrganisation(Runner& run) {
  for (const Committee& c : TheData().committees) {
    v1::DefineCommitteeRequest r;
    r.set_parent(run.round());
    r.set_committee_id(c.id);
    r.mutable_committee()->set_display_name(c.display_name);
    r.mutable_committee()->set_operating_frame_kr(c.operating_frame_kr);
    r.mutable_committee()->set_shortfall_kr(c.shortfall_kr);
    run.Do(Role::kCoordinator, &Rounds::DefineCommittee, r, c.display_name);
  }
  for (const Centre& c : TheData().centres) {
    v1::DefineCentreRequest r;
    r.set_parent(run.round());
    r.set_centre_id(c.id);
    r.mutable_centre()->set_display_name(c.display_name);
    r.mutable_centre()->set_committee(Child(run, budget::kCommittees, c.committee));
    r.mutable_centre()->set_budget_kr(c.budget_kr);
    run.Do(Role::kCoordinator, &Rounds::DefineCentre, r, c.display_name);
  }
  for (const Workplace& w : TheData().workplaces) {
    v1::DefineWorkplaceRequest r;
    r.set_parent(run.round());
    r.set_workplace_id(w.id);
    r.mutable_workplace()->set_display_name(w.display_name);
    r.mutable_workplace()->set_centre(Child(run, budget::kCentres, w.centre));
    r.mutable_workplace()->set_committee(Child(run, budget::kCommittees, w.committee));
    run.Do(Role::kCoordinator, &Rounds::DefineWorkplace, r, w.display_name);
  }
}

void AddNames(const Runner& run, absl::string_view collection, const std::vector<std::string>& ids,
              google::protobuf::RepeatedPtrField<std::string>* names) {
  for (const std::string& id : ids) *names->Add() = Child(run, collection, id);
}

v1::ProposalContent Content(const Runner& run, const Proposal& p) {
  v1::ProposalContent c;
  c.set_title(p.title);
  c.set_description(p.description);
  c.set_category(p.category);
  AddNames(run, budget::kCommittees, p.committees, c.mutable_committees());
  AddNames(run, budget::kCentres, p.centres, c.mutable_centres());
  AddNames(run, budget::kWorkplaces, p.workplaces, c.mutable_workplaces());
  SetYears(p.effects, c.mutable_effects());
  c.set_full_implementation_kr(p.full_implementation_kr);
  *c.mutable_implementation_start() = ParseDate(p.implementation_start);
  c.set_citizen_consequences(p.citizen_consequences);
  c.set_staff_consequences(p.staff_consequences);
  c.set_staff_reduction_fte_hundredths(p.staff_reduction_fte_hundredths);
  c.set_submitter_kind(p.submitter);
  c.MergeFrom(p.economics);
  for (v1::StaffEffect& s : *c.mutable_staff_effects())
    s.set_workplace(Child(run, budget::kWorkplaces, s.workplace()));
  return c;
}

// Submits the proposals `keys` at `at`; HMU's own proposals with HMU's token.
void Submit(Runner& run, const char* at, const std::vector<std::string>& keys) {
  run.At(at);
  for (const std::string& key : keys) {
    const Proposal& p = FindProposal(key);
    v1::SubmitProposalRequest r;
    r.set_parent(run.round());
    *r.mutable_content() = Content(run, p);
    const Role role = p.submitter == v1::SUBMITTER_HMU ? Role::kHmu : Role::kCaseWorker;
    run.Remember(key, ResourceName(run.Do(role, &Proposals::SubmitProposal, r, p.title)));
  }
}

// Employees put their ideas in the screening queue (004: any employee may
// propose); each is remembered by its key.
void Suggest(Runner& run) {
  for (const Suggestion& g : TheData().suggestions) {
    v1::SubmitSuggestionRequest r;
    r.set_parent(run.round());
    r.set_title(g.title);
    r.set_description(g.description);
    r.set_estimated_effect_kr(g.estimated_effect_kr);
    run.Remember(g.key, ResourceName(run.Do(Role::kEmployee, &Proposals::SubmitSuggestion, r,
                                            absl::StrCat("suggestion ", g.key))));
  }
}

// The coordinator screens each suggestion: into a draft proposal, or declined
// with the reason.
void Screen(Runner& run) {
  for (const Suggestion& g : TheData().suggestions) {
    v1::ScreenSuggestionRequest r;
    r.set_name(run.Name(g.key));
    r.set_outcome(g.outcome);
    r.set_reason(g.reason);
    if (g.proposal.has_value()) *r.mutable_content() = Content(run, *g.proposal);
    run.Do(Role::kCoordinator, &Proposals::ScreenSuggestion, r, absl::StrCat("screen ", g.key));
  }
}

// The steering group marks every proposal of the catalogue ready (W1 was
// withdrawn, the suggestion's draft is still being described), and the
// coordinator publishes the catalogue to citizens and employees before the
// spring hearing.
void ApproveAndPublish(Runner& run) {
  run.At("2023-02-27T09:00:00Z");
  for (const Proposal& p : TheData().proposals) {
    if (p.key == "W1") continue;
    v1::MarkProposalReadyRequest r;
    r.set_name(run.Name(p.key));
    r.set_capacity(v1::APPROVER_STEERING_GROUP);
    run.Do(Role::kCoordinator, &Proposals::MarkProposalReady, r,
           absl::StrCat("steering group: ", p.key, " ready"));
  }
  run.At("2023-02-28T12:00:00Z");
  v1::PublishCatalogueRequest r;
  r.set_round(run.round());
  run.Do(Role::kCoordinator, &Proposals::PublishCatalogue, r, "publish the catalogue");
}

// Council members ask the questions of the theme meeting `kind` (recorded as
// `meeting`); each is remembered by its key.
void Ask(Runner& run, v1::MeetingKind kind, const std::string& meeting) {
  for (const Question& q : TheData().questions) {
    if (q.meeting != kind) continue;
    v1::AskQuestionRequest r;
    r.set_proposal(run.Name(q.proposal));
    r.set_meeting(meeting);
    r.set_text(q.text);
    run.Remember(q.key, ResourceName(run.Do(Role::kCouncil, &Meetings::AskQuestion, r,
                                            absl::StrCat("question on ", q.proposal))));
  }
}

// The administration answers the questions of the theme meeting `kind`.
void Answer(Runner& run, v1::MeetingKind kind) {
  for (const Question& q : TheData().questions) {
    if (q.meeting != kind) continue;
    v1::AnswerQuestionRequest r;
    r.set_question(run.Name(q.key));
    r.set_answer(q.answer);
    run.Do(Role::kCaseWorker, &Meetings::AnswerQuestion, r, absl::StrCat("answer ", q.key));
  }
}

void Autumn2022(Runner& run) {
  run.Phase("Aug 2022", "ØK decides budget strategy 2024: the round, its targets and organisation");
  run.At("2022-08-15T09:00:00Z");
  CreateRound(run);
  DefineOrganisation(run);
  run.At("2022-08-22T10:00:00Z");
  Inform(run, "bodies/hmu",
         "Budgetstrategi 2024 og kommissorium for omprioriteringer. MED-Hovedudvalget er "
         "følgegruppe og kan selv indsende forslag.");

  run.Phase("Sep 2022", "work starts: the administration describes proposals, employees suggest");
  Submit(run, "2022-09-19T09:00:00Z",
         {"X1", "X2", "X3", "S1", "B1", "X9", "X5", "S2", "X10", "W1"});
  run.At("2022-10-03T08:00:00Z");
  Suggest(run);
  Submit(run, "2022-10-17T09:00:00Z", {"S3", "A3", "X4", "X6", "M1", "K2", "O1", "B4", "X7", "X8"});

  run.Phase("Nov 2022", "Fælles Lederforum; the council's first theme meeting");
  run.At("2022-11-03T13:00:00Z");
  RecordMeeting(run, v1::MEETING_LEADERS_FORUM, "2022-11-03", {"Fælles Lederforum", "CKO"},
                "Drøftelse af de tværgående forslag; ønske om én samlet ungeindsats.",
                {"X1", "X2", "X3", "X5", "X9", "X10"});
  run.At("2022-11-15T16:00:00Z");
  const std::string november = RecordMeeting(
      run, v1::MEETING_THEME_NOVEMBER, "2022-11-15", {"Byrådet", "Direktionen", "CKO"},
      "Udvalgte foreløbige forslag blev forelagt; byrådet drøftede dilemmaer.",
      {"X1", "X3", "S1", "B1", "X9"});
  Ask(run, v1::MEETING_THEME_NOVEMBER, november);
  run.At("2022-11-22T10:00:00Z");
  Answer(run, v1::MEETING_THEME_NOVEMBER);
  Submit(run, "2022-12-05T09:00:00Z",
         {"S4", "S5", "S6", "B2", "B3", "B5", "B6", "B7", "T1", "T2", "T3"});
}

void Winter2023(Runner& run) {
  run.Phase("Jan 2023", "HMU's own proposals; the last proposals");
  Submit(run, "2023-01-16T09:00:00Z", {"X12", "X13", "H3"});
  Submit(run, "2023-01-23T09:00:00Z", {"A1", "A2", "K1", "M2", "O2", "X14", "O3", "C1"});

  run.Phase("Feb 2023", "the council's second theme meeting; answers go back into a proposal");
  run.At("2023-02-15T16:00:00Z");
  const std::string february = RecordMeeting(
      run, v1::MEETING_THEME_FEBRUARY, "2023-02-15", {"Byrådet", "Direktionen", "CKO"},
      "Foreløbige forslag forelagt; spørgsmål til hjemtagning og bibliotek.",
      {"X7", "A3", "K2", "M1", "B4", "X12"});
  Ask(run, v1::MEETING_THEME_FEBRUARY, february);
  run.At("2023-02-21T10:00:00Z");
  Answer(run, v1::MEETING_THEME_FEBRUARY);
  // The answer to Q4 goes back into the proposal: version 2.
  v1::AmendProposalRequest amend;
  amend.set_name(run.Name("B4"));
  amend.set_expected_version(1);
  amend.mutable_content()->set_full_implementation_kr(3'600'000);
  SetYears({1'800'000, 3'600'000, 3'600'000, 3'600'000},
           amend.mutable_content()->mutable_effects());
  amend.mutable_content()->set_description(
      "To nye specialklasser på Herlufsholmvej Skole tager 12 elever, som i dag går i private "
      "specialskoler (opdateret efter temamødet i februar).");
  for (const char* path : {"full_implementation_kr", "effects", "description"}) {
    amend.mutable_update_mask()->add_paths(path);
  }
  run.Do(Role::kCaseWorker, &Proposals::AmendProposal, amend, "amend B4 after question Q4");
  v1::WithdrawProposalRequest withdraw;
  withdraw.set_name(run.Name("W1"));
  withdraw.set_reason("Indgår i forslaget om et fælles værested (Kilden og Fyrtårnet).");
  run.Do(Role::kCaseWorker, &Proposals::WithdrawProposal, withdraw, "withdraw W1");

  run.Phase("Feb 2023",
            "suggestions screened; the steering group approves the catalogue, published");
  run.At("2023-02-24T09:00:00Z");
  Screen(run);
  ApproveAndPublish(run);
}

}  // namespace

void PlayCatalogue(Runner& run) {
  Autumn2022(run);
  Winter2023(run);
}

}  // namespace budgetctl::demo
