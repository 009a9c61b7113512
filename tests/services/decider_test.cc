// The deciders, pure: a state and a command in, a decision (events and a
// subject) or a refusal out — no server, no store, no clock. One table row
// per step of a round's life; every command case of the registry appears in
// it and every event case in the log (checked), each decision emits only the
// events its handler registers, and at the end a from-zero replay of the
// recorded events gives the same projection as the live one.
#include <map>
#include <random>
#include <set>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "services/domain/apply.h"
#include "services/domain/decide.h"
#include "services/domain/registry.h"
#include "services/domain/time_util.h"
#include "services/domain/views.h"
#include "tests/testing/civil_time.h"

namespace budget {
namespace {

using internal::Command;
using testing_util::At;
using E = v1::Event;

constexpr char kRound[] = "rounds/2024";
constexpr char kSocial[] = "rounds/2024/committees/socialudvalget";
constexpr char kChildren[] = "rounds/2024/committees/boerne-og-uddannelsesudvalget";
constexpr char kEnghaven[] = "rounds/2024/workplaces/enghaven";
constexpr char kProgramme[] = "programmes/proevehandlinger";
constexpr char kAgreement[] = "agreements/A-0001";
constexpr char kPolicy[] = "policies/slagelse";

// The last subject decided of each kind: what later rows refer to. A kind
// not decided yet names nothing the state holds, so a row run before its
// subject exists (in a random walk) is refused as a client's would be.
struct Subjects {
  std::string at(Subject::Kind kind) const {
    auto it = last.find(kind);
    return it == last.end() ? std::string("rounds/2024/nothing") : it->second;
  }
  std::map<Subject::Kind, std::string> last;
};

struct Row {
  std::string name;
  absl::Time now;
  std::function<void(Command&, const Subjects&)> fill;
  // The events of the decision, in order; empty when it is refused.
  std::vector<E::PayloadCase> events;
  absl::StatusCode refused = absl::StatusCode::kOk;
};

v1::Principal Everyone() {
  v1::Principal p;
  p.set_name("users/everyone");
  for (int r = v1::ROLE_CASE_WORKER; r <= v1::ROLE_ADMINISTRATOR; ++r) {
    p.add_roles(static_cast<v1::Role>(r));
  }
  p.add_roles(v1::ROLE_FINANCE_COMMITTEE);
  p.set_committee("socialudvalget");
  p.set_body(kEnghaven);
  return p;
}

v1::ProposalContent Content(const std::string& title, std::vector<std::string> committees) {
  v1::ProposalContent c;
  c.set_title(title);
  c.set_category(v1::CATEGORY_VACANCIES);
  for (const std::string& name : committees) c.add_committees(name);
  *c.mutable_implementation_start() = MakeDate(2024, 1, 1);
  c.set_full_implementation_kr(1'000'000);
  c.set_submitter_kind(v1::SUBMITTER_ADMINISTRATION);
  c.set_citizen_consequences("Længere ventetid.");
  return c;
}

// The steering group marks `proposal` ready.
std::function<void(Command&, const Subjects&)> MarkReady(const std::string& proposal) {
  return [proposal](Command& c, const Subjects&) {
    auto* r = c.mutable_mark_proposal_ready();
    r->set_name(proposal);
    r->set_capacity(v1::APPROVER_STEERING_GROUP);
  };
}

std::function<void(Command&, const Subjects&)> SubmitSuggestion(const std::string& title) {
  return [title](Command& c, const Subjects&) {
    auto* r = c.mutable_submit_suggestion();
    r->set_parent(kRound);
    r->set_title(title);
    r->set_description("Vi kan samle vagtplanlægningen.");
  };
}

std::vector<Row> Rows() {
  const absl::Time autumn = At(2022, 10, 1);
  const absl::Time claims = At(2023, 4, 10);  // after the catalogue deadline
  const absl::Time pool = At(2023, 5, 9);
  const absl::Time summer = At(2023, 6, 1);
  const absl::Time august = At(2023, 8, 15);  // ØK's law compensation decisions
  return {
      {"CreateRound",
       autumn,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_create_round();
         r->set_round_id("2024");
         r->set_municipality("Næstved Kommune");
         r->set_budget_year(2024);
         r->set_template_(v1::ROUND_TEMPLATE_STRATEGY_2024);
       },
       {E::kRoundCreated, E::kMilestoneSet}},
      {"CreateRound again",
       autumn,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_create_round();
         r->set_round_id("2024");
         r->set_municipality("Næstved Kommune");
         r->set_budget_year(2024);
       },
       {},
       absl::StatusCode::kAlreadyExists},
      {"DefineCommittee",
       autumn,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_define_committee();
         r->set_parent(kRound);
         r->set_committee_id("socialudvalget");
         r->mutable_committee()->set_display_name("Socialudvalget");
         r->mutable_committee()->set_shortfall_kr(10'000'000);
       },
       {E::kCommitteeDefined}},
      {"ReviseShortfall",
       autumn,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_revise_shortfall();
         r->set_committee(kSocial);
         r->set_shortfall_kr(9'000'000);
         r->set_reason("Ny prognose for botilbud");
       },
       {E::kShortfallRevised}},
      {"DefineCommittee children",
       autumn,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_define_committee();
         r->set_parent(kRound);
         r->set_committee_id("boerne-og-uddannelsesudvalget");
         r->mutable_committee()->set_display_name("Børne- og uddannelsesudvalget");
       },
       {E::kCommitteeDefined}},
      {"DefineCentre",
       autumn,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_define_centre();
         r->set_parent(kRound);
         r->set_centre_id("handicap");
         r->mutable_centre()->set_display_name("Handicap");
         r->mutable_centre()->set_committee(kSocial);
       },
       {E::kCentreDefined}},
      {"DefineWorkplace",
       autumn,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_define_workplace();
         r->set_parent(kRound);
         r->set_workplace_id("enghaven");
         r->mutable_workplace()->set_display_name("Enghaven");
         r->mutable_workplace()->set_centre("rounds/2024/centres/handicap");
         r->mutable_workplace()->set_committee(kSocial);
       },
       {E::kWorkplaceDefined}},
      {"SetMilestone",
       autumn,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_set_milestone();
         r->set_round(kRound);
         r->set_kind(v1::MILESTONE_THEME_MEETING_FEBRUARY);
         *r->mutable_planned_at() = ToProto(At(2023, 2, 15));
       },
       {E::kMilestoneSet}},
      {"ReachMilestone",
       autumn,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_reach_milestone();
         r->set_round(kRound);
         r->set_kind(v1::MILESTONE_CROSS_CUTTING_DISCUSSION);
       },
       {E::kMilestoneReached}},
      {"OverrideGate",
       autumn,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_override_gate();
         r->set_round(kRound);
         r->set_gate(v1::GATE_EXPANSION_REQUESTS);
         r->set_mode(v1::GATE_MODE_FORCED_OPEN);
         r->set_reason("Tidlig start");
       },
       {E::kGateOverridden}},
      {"SubmitProposal",
       autumn,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_submit_proposal();
         r->set_parent(kRound);
         *r->mutable_content() = Content("Forslag 1", {kSocial});
       },
       {E::kProposalSubmitted}},
      {"SubmitProposal cross-cutting",
       autumn,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_submit_proposal();
         r->set_parent(kRound);
         *r->mutable_content() = Content("Forslag 2", {kSocial, kChildren});
       },
       {E::kProposalSubmitted}},
      {"SubmitProposal with a workplace",
       autumn,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_submit_proposal();
         r->set_parent(kRound);
         *r->mutable_content() = Content("Forslag 3", {kSocial});
         r->mutable_content()->add_workplaces(kEnghaven);
       },
       {E::kProposalSubmitted}},
      {"SubmitProposal unknown committee",
       autumn,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_submit_proposal();
         r->set_parent(kRound);
         *r->mutable_content() = Content("Forslag x", {"rounds/2024/committees/ukendt"});
       },
       {},
       absl::StatusCode::kNotFound},
      {"SubmitProposal to withdraw",
       autumn,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_submit_proposal();
         r->set_parent(kRound);
         *r->mutable_content() = Content("Forslag 4", {kSocial});
       },
       {E::kProposalSubmitted}},
      {"AmendProposal",
       autumn,
       [](Command& c, const Subjects& s) {
         auto* r = c.mutable_amend_proposal();
         r->set_name(s.at(Subject::kProposal));
         r->set_expected_version(1);
         r->mutable_update_mask()->add_paths("title");
         r->mutable_content()->set_title("Forslag 4, ændret");
       },
       {E::kProposalAmended}},
      {"AmendProposal stale",
       autumn,
       [](Command& c, const Subjects& s) {
         auto* r = c.mutable_amend_proposal();
         r->set_name(s.at(Subject::kProposal));
         r->set_expected_version(1);
         r->mutable_update_mask()->add_paths("title");
         r->mutable_content()->set_title("Forslag 4, igen");
       },
       {},
       absl::StatusCode::kAborted},
      {"WithdrawProposal",
       autumn,
       [](Command& c, const Subjects& s) {
         auto* r = c.mutable_withdraw_proposal();
         r->set_name(s.at(Subject::kProposal));
         r->set_reason("Dublet");
       },
       {E::kProposalWithdrawn}},
      {"OpenHearing on a draft",
       autumn,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_open_hearing();
         r->set_round(kRound);
         r->set_title("Høring");
         r->add_proposals("rounds/2024/proposals/P-0003");
         v1::HearingBody* b = r->add_bodies();
         b->set_kind(v1::BODY_WORKPLACE);
         b->set_name(kEnghaven);
         *r->mutable_deadline() = ToProto(At(2022, 11, 1));
       },
       {},
       absl::StatusCode::kFailedPrecondition},
      {"MarkProposalReady",
       autumn,
       MarkReady("rounds/2024/proposals/P-0001"),
       {E::kProposalMarkedReady}},
      {"MarkProposalReady cross-cutting",
       autumn,
       MarkReady("rounds/2024/proposals/P-0002"),
       {E::kProposalMarkedReady}},
      {"MarkProposalReady with a workplace",
       autumn,
       MarkReady("rounds/2024/proposals/P-0003"),
       {E::kProposalMarkedReady}},
      {"MarkProposalReady again",
       autumn,
       MarkReady("rounds/2024/proposals/P-0003"),
       {},
       absl::StatusCode::kFailedPrecondition},
      {"PublishCatalogue",
       autumn,
       [](Command& c, const Subjects&) { c.mutable_publish_catalogue()->set_round(kRound); },
       {E::kCataloguePublished}},
      {"SubmitSuggestion", autumn, SubmitSuggestion("Fælles vagtplan"), {E::kSuggestionSubmitted}},
      {"ScreenSuggestion accepted",
       autumn,
       [](Command& c, const Subjects& s) {
         auto* r = c.mutable_screen_suggestion();
         r->set_name(s.at(Subject::kSuggestion));
         r->set_outcome(v1::SUGGESTION_ACCEPTED);
         *r->mutable_content() = Content("Fælles vagtplan", {kSocial});
         r->mutable_content()->set_submitter_kind(v1::SUBMITTER_EMPLOYEE);
       },
       {E::kProposalSubmitted, E::kSuggestionScreened}},
      {"SubmitSuggestion to decline",
       autumn,
       SubmitSuggestion("Lukke kantinen"),
       {E::kSuggestionSubmitted}},
      {"ScreenSuggestion declined",
       autumn,
       [](Command& c, const Subjects& s) {
         auto* r = c.mutable_screen_suggestion();
         r->set_name(s.at(Subject::kSuggestion));
         r->set_outcome(v1::SUGGESTION_DECLINED);
         r->set_reason("Kantinen drives af en ekstern leverandør.");
       },
       {E::kSuggestionScreened}},
      {"ClaimProposal",
       claims,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_claim_proposal();
         r->set_proposal("rounds/2024/proposals/P-0001");
         r->set_committee(kSocial);
       },
       {E::kProposalClaimed}},
      {"ReleaseClaim",
       claims,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_release_claim();
         r->set_proposal("rounds/2024/proposals/P-0001");
         r->set_reason("Fejl");
       },
       {E::kClaimReleased}},
      {"ClaimProposal cross-cutting",
       claims,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_claim_proposal();
         r->set_proposal("rounds/2024/proposals/P-0002");
         r->set_committee(kSocial);
       },
       {},
       absl::StatusCode::kFailedPrecondition},
      {"OpenHearing",
       autumn,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_open_hearing();
         r->set_round(kRound);
         r->set_title("Høring");
         r->add_proposals("rounds/2024/proposals/P-0003");
         v1::HearingBody* b = r->add_bodies();
         b->set_kind(v1::BODY_WORKPLACE);
         b->set_name(kEnghaven);
         *r->mutable_deadline() = ToProto(At(2022, 11, 1));
       },
       {E::kHearingOpened}},
      {"SubmitResponse",
       autumn,
       [](Command& c, const Subjects& s) {
         auto* r = c.mutable_submit_response();
         r->set_hearing(s.at(Subject::kHearing));
         r->set_proposal("rounds/2024/proposals/P-0003");
         r->set_body(kEnghaven);
         r->set_stance(v1::STANCE_OBJECTS);
         r->set_text("Vi er imod.");
       },
       {E::kResponseSubmitted}},
      {"AmendResponse",
       autumn,
       [](Command& c, const Subjects& s) {
         auto* r = c.mutable_amend_response();
         r->set_hearing(s.at(Subject::kHearing));
         r->set_proposal("rounds/2024/proposals/P-0003");
         r->set_body(kEnghaven);
         r->set_stance(v1::STANCE_SUPPORTS);
         r->set_text("Vi er for.");
       },
       {E::kResponseSubmitted}},
      {"EraseSubject",
       autumn,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_erase_subject();
         r->set_subject("users/everyone");
         r->set_reason("Anmodning om sletning, sag 24-1234");
       },
       {E::kSubjectErased}},
      {"EraseSubject without a reason",
       autumn,
       [](Command& c, const Subjects&) {
         c.mutable_erase_subject()->set_subject("users/everyone");
       },
       {},
       absl::StatusCode::kInvalidArgument},
      {"DecideRehearing",
       autumn,
       [](Command& c, const Subjects& s) {
         auto* r = c.mutable_decide_rehearing();
         r->set_hearing(s.at(Subject::kHearing));
         r->set_proposal("rounds/2024/proposals/P-0003");
         r->set_decision(v1::REHEARING_NOT_NEEDED);
         r->set_reason("Uændret");
       },
       {E::kRehearingDecided}},
      {"CloseHearing",
       autumn,
       [](Command& c, const Subjects& s) {
         auto* r = c.mutable_close_hearing();
         r->set_hearing(s.at(Subject::kHearing));
         r->set_reason("Alle har svaret");
       },
       {E::kHearingClosed}},
      {"RecordMeeting",
       autumn,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_record_meeting();
         r->set_round(kRound);
         r->set_kind(v1::MEETING_THEME_NOVEMBER);
         *r->mutable_date() = MakeDate(2022, 11, 15);
         r->add_proposals("rounds/2024/proposals/P-0002");
       },
       {E::kMeetingRecorded}},
      {"InformBody",
       autumn,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_inform_body();
         r->set_round(kRound);
         r->set_body("bodies/hmu");
         r->set_what("Katalogets indhold");
       },
       {E::kBodyInformed}},
      {"AskQuestion",
       autumn,
       [](Command& c, const Subjects& s) {
         auto* r = c.mutable_ask_question();
         r->set_proposal("rounds/2024/proposals/P-0002");
         r->set_meeting(s.at(Subject::kMeeting));
         r->set_text("Hvad koster det?");
       },
       {E::kQuestionAsked}},
      {"AnswerQuestion",
       autumn,
       [](Command& c, const Subjects& s) {
         auto* r = c.mutable_answer_question();
         r->set_question(s.at(Subject::kQuestion));
         r->set_answer("En million.");
       },
       {E::kQuestionAnswered}},
      {"WaiveRequirement",
       autumn,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_waive_requirement();
         r->set_round(kRound);
         r->set_requirement(v1::REQUIREMENT_HMU_DIALOGUE_APRIL);
         r->set_reason("Holdt på anden vis");
       },
       {E::kRequirementWaived}},
      {"DecideExpansionProcess",
       autumn,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_decide_expansion_process();
         r->set_round(kRound);
         *r->mutable_meeting_date() = MakeDate(2022, 10, 1);
         r->set_agenda_item("punkt 6");
         v1::CommitteeFrame* f = r->add_frames();
         f->set_committee(kSocial);
         f->set_frame_kr(3'000'000);
         r->set_cap_kr(10'000'000);
         r->add_topics("Demografi");
       },
       {E::kExpansionProcessDecided, E::kMilestoneReached}},
      {"RequestExpansion",
       autumn,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_request_expansion();
         r->set_round(kRound);
         r->set_title("Flere pædagoger");
         r->set_committee(kSocial);
       },
       {E::kExpansionRequested}},
      {"CostExpansion",
       autumn,
       [](Command& c, const Subjects& s) {
         auto* r = c.mutable_cost_expansion();
         r->set_expansion(s.at(Subject::kExpansion));
         v1::YearAmount* y = r->add_costs();
         y->set_year(2024);
         y->set_amount_kr(500'000);
         r->set_full_implementation_kr(500'000);
         r->set_assumptions("To stillinger");
       },
       {E::kExpansionCosted}},
      {"SetExpansionFrame",
       autumn,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_set_expansion_frame();
         r->set_committee(kSocial);
         r->set_frame_kr(2'000'000);
       },
       {E::kExpansionFrameSet}},
      {"RecordFrameCorrection",
       autumn,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_record_frame_correction();
         r->set_committee(kSocial);
         r->set_kind(v1::CORRECTION_C_LAW_AND_CIRCULAR);
         r->set_law("L 1 2022/23");
         v1::YearAmount* y = r->add_amounts();
         y->set_year(2024);
         y->set_amount_kr(3'000'000);
         r->set_reason("Ny lov");
       },
       {E::kFrameCorrectionRecorded}},
      {"AssessFrameCorrection",
       autumn,
       [](Command& c, const Subjects& s) {
         auto* r = c.mutable_assess_frame_correction();
         r->set_correction(s.at(Subject::kCorrection));
         v1::YearAmount* y = r->add_assessed_amounts();
         y->set_year(2024);
         y->set_amount_kr(2'600'000);
         r->set_basis("Konkret beregning");
       },
       {E::kFrameCorrectionAssessed}},
      {"SelectFromPool",
       pool,
       [](Command& c, const Subjects&) {
         c.mutable_select_from_pool()->set_proposal("rounds/2024/proposals/P-0002");
       },
       {E::kPoolFormed, E::kProposalSelected}},
      {"DeselectFromPool",
       pool,
       [](Command& c, const Subjects&) {
         c.mutable_deselect_from_pool()->set_proposal("rounds/2024/proposals/P-0002");
       },
       {E::kProposalDeselected}},
      {"SelectFromPool again",
       pool,
       [](Command& c, const Subjects&) {
         c.mutable_select_from_pool()->set_proposal("rounds/2024/proposals/P-0002");
       },
       {E::kProposalSelected}},
      {"RecommendSelection",
       pool,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_recommend_selection();
         r->set_round(kRound);
         *r->mutable_meeting_date() = MakeDate(2023, 5, 9);
         r->set_agenda_item("ØK punkt 4");
       },
       {E::kSelectionRecommended}},
      {"ApproveSelection",
       pool,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_approve_selection();
         r->set_round(kRound);
         *r->mutable_meeting_date() = MakeDate(2023, 5, 9);
         r->set_agenda_item("Byrådet punkt 9");
       },
       {E::kSelectionApproved, E::kMilestoneReached}},
      {"DecideExpansion",
       summer,
       [](Command& c, const Subjects& s) {
         auto* r = c.mutable_decide_expansion();
         r->set_expansion(s.at(Subject::kExpansion));
         r->set_approve(true);
       },
       {E::kExpansionDecided}},
      {"RecordSeminar",
       summer,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_record_seminar();
         r->set_round(kRound);
         *r->mutable_first_day() = MakeDate(2023, 6, 1);
         *r->mutable_last_day() = MakeDate(2023, 6, 1);
       },
       {E::kSeminarRecorded, E::kMilestoneReached}},
      {"SetIndicativePriority",
       summer,
       [](Command& c, const Subjects& s) {
         auto* r = c.mutable_set_indicative_priority();
         r->set_round(kRound);
         r->add_ranking(s.at(Subject::kExpansion));
       },
       {E::kIndicativePrioritySet}},
      {"RecordReading READING_FIRST_FINANCE_COMMITTEE",
       summer,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_record_reading();
         r->set_round(kRound);
         r->set_kind(v1::READING_FIRST_FINANCE_COMMITTEE);
         *r->mutable_date() = MakeDate(2023, 6, 1);
         r->set_outcome("Oversendt");
       },
       {E::kReadingRecorded, E::kMilestoneReached}},
      {"RecordReading READING_FIRST_COUNCIL",
       summer,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_record_reading();
         r->set_round(kRound);
         r->set_kind(v1::READING_FIRST_COUNCIL);
         *r->mutable_date() = MakeDate(2023, 6, 1);
         r->set_outcome("Oversendt");
       },
       {E::kReadingRecorded, E::kMilestoneReached}},
      {"RecordReading READING_SECOND_FINANCE_COMMITTEE",
       summer,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_record_reading();
         r->set_round(kRound);
         r->set_kind(v1::READING_SECOND_FINANCE_COMMITTEE);
         *r->mutable_date() = MakeDate(2023, 6, 1);
         r->set_outcome("Oversendt");
       },
       {E::kReadingRecorded, E::kMilestoneReached}},
      {"RecordReading READING_SECOND_COUNCIL",
       summer,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_record_reading();
         r->set_round(kRound);
         r->set_kind(v1::READING_SECOND_COUNCIL);
         *r->mutable_date() = MakeDate(2023, 6, 1);
         r->set_outcome("Oversendt");
       },
       {E::kReadingRecorded, E::kMilestoneReached}},
      {"DecideFrameCorrection",
       august,
       [](Command& c, const Subjects& s) {
         auto* r = c.mutable_decide_frame_correction();
         r->set_correction(s.at(Subject::kCorrection));
         r->set_approve(true);
         r->set_reason("Godkendt");
       },
       {E::kFrameCorrectionDecided}},
      {"AdoptBudget",
       summer,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_adopt_budget();
         r->set_round(kRound);
         *r->mutable_meeting_date() = MakeDate(2023, 6, 1);
       },
       {E::kBudgetAdopted}},
      {"anything after adoption",
       summer,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_inform_body();
         r->set_round(kRound);
         r->set_body("bodies/hmu");
         r->set_what("For sent");
       },
       {},
       absl::StatusCode::kFailedPrecondition},
  };
}

// Trial actions (decide_trial.cc), after the round: their streams are not
// the round's, so its adoption does not freeze them.
std::vector<Row> TrialRows() {
  const absl::Time spring = At(2023, 6, 1);
  auto meeting = [](v1::DecisionMeeting* m) {
    m->set_body("Direktionen");
    *m->mutable_date() = MakeDate(2023, 6, 1);
  };
  return {
      {"CreateTrialProgramme",
       spring,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_create_trial_programme();
         r->set_programme_id("proevehandlinger");
         r->set_title("Prøvehandlinger");
         r->add_criteria()->set_id("borgeren-foerst");
         r->mutable_criteria(0)->set_text("Sætter borgeren først");
         *r->add_application_deadlines() = ToProto(At(2023, 9, 1));
       },
       {E::kTrialProgrammeCreated}},
      {"AmendTrialProgramme",
       spring,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_amend_trial_programme();
         r->set_programme(kProgramme);
         r->set_expected_version(1);
         r->add_criteria()->set_id("borgeren-foerst");
         r->mutable_criteria(0)->set_text("Sætter borgeren først");
         *r->add_application_deadlines() = ToProto(At(2023, 9, 1));
         *r->add_application_deadlines() = ToProto(At(2024, 3, 1));
       },
       {E::kTrialProgrammeAmended}},
      {"ProposeTrial outside the criteria (rule 21)",
       spring,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_propose_trial();
         r->set_programme(kProgramme);
         auto* t = r->mutable_content();
         t->set_title("Faste teams");
         t->set_description("Faste teams omkring hver beboer");
         t->add_workplaces("workplaces/enghaven");
         t->set_why("Færre skift");
         t->add_criteria_met("ukendt");
         t->set_duration_months(6);
         t->add_success_measures()->set_id("sygefravaer");
         t->mutable_success_measures(0)->set_description("Sygefraværet falder");
         t->mutable_success_measures(0)->set_indicator("sygefravær i %");
         t->mutable_success_measures(0)->set_target("under 6 %");
       },
       {},
       absl::StatusCode::kFailedPrecondition},
      {"ProposeTrial",
       spring,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_propose_trial();
         r->set_programme(kProgramme);
         auto* t = r->mutable_content();
         t->set_title("Faste teams");
         t->set_description("Faste teams omkring hver beboer");
         t->add_workplaces("workplaces/enghaven");
         t->set_why("Færre skift");
         t->add_criteria_met("borgeren-foerst");
         t->set_duration_months(6);
         t->add_success_measures()->set_id("sygefravaer");
         t->mutable_success_measures(0)->set_description("Sygefraværet falder");
         t->mutable_success_measures(0)->set_indicator("sygefravær i %");
         t->mutable_success_measures(0)->set_target("under 6 %");
       },
       {E::kTrialProposed}},
      {"DecideTrial",
       spring,
       [meeting](Command& c, const Subjects& s) {
         auto* r = c.mutable_decide_trial();
         r->set_trial(s.at(Subject::kTrial));
         r->set_run(true);
         meeting(r->mutable_meeting());
         *r->mutable_start() = MakeDate(2023, 7, 1);
         *r->mutable_end() = MakeDate(2024, 1, 1);
       },
       {E::kTrialDecided}},
      {"ReportTrialStatus",
       spring,
       [](Command& c, const Subjects& s) {
         auto* r = c.mutable_report_trial_status();
         r->set_trial(s.at(Subject::kTrial));
         *r->mutable_date() = MakeDate(2023, 10, 1);
         r->set_text("I gang");
       },
       {E::kTrialStatusReported}},
      {"EvaluateTrial",
       spring,
       [](Command& c, const Subjects& s) {
         auto* r = c.mutable_evaluate_trial();
         r->set_trial(s.at(Subject::kTrial));
         *r->mutable_date() = MakeDate(2024, 1, 15);
         r->add_results()->set_measure("sygefravaer");
         r->mutable_results(0)->set_result("5,1 %");
         r->mutable_results(0)->set_met(true);
       },
       {E::kTrialEvaluated}},
      {"ConcludeTrial SCALE",
       spring,
       [meeting](Command& c, const Subjects& s) {
         auto* r = c.mutable_conclude_trial();
         r->set_trial(s.at(Subject::kTrial));
         r->mutable_outcome()->set_kind(v1::TRIAL_OUTCOME_SCALE);
         meeting(r->mutable_outcome()->mutable_meeting());
         r->mutable_outcome()->add_scale_to("workplaces/korsoer-plejecenter");
         r->mutable_outcome()->set_budget_link(s.at(Subject::kProposal));
       },
       {E::kTrialConcluded}},
      {"LinkTrialBudget",
       spring,
       [](Command& c, const Subjects& s) {
         auto* r = c.mutable_link_trial_budget();
         r->set_trial(s.at(Subject::kTrial));
         r->set_budget_link(s.at(Subject::kExpansion));
       },
       {E::kTrialBudgetLinked}},
  };
}

// Development agreements and dialogue (decide_agreement.cc).
std::vector<Row> AgreementRows() {
  const absl::Time spring = At(2023, 6, 1);
  auto terms = [](v1::AgreementTerms* t) {
    t->add_goals()->set_id("sygefravaer");
    t->mutable_goals(0)->set_title("Lavere sygefravær");
    t->mutable_goals(0)->set_indicator("sygefravær i %");
    t->mutable_goals(0)->set_target("under 6 %");
    t->set_first_year(2023);
    t->set_last_year(2024);
  };
  return {
      {"DraftAgreement",
       spring,
       [terms](Command& c, const Subjects&) {
         auto* r = c.mutable_draft_agreement();
         r->set_committee("committees/socialudvalget");
         r->set_workplace("workplaces/enghaven");
         r->set_title("Udviklingsaftale");
         terms(r->mutable_terms());
       },
       {E::kAgreementDrafted}},
      {"ReviseAgreement",
       spring,
       [terms](Command& c, const Subjects&) {
         auto* r = c.mutable_revise_agreement();
         r->set_agreement(kAgreement);
         r->set_expected_version(1);
         terms(r->mutable_terms());
         r->mutable_terms()->set_last_year(2025);
       },
       {E::kAgreementRevised}},
      {"SignAgreement COMMITTEE",
       spring,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_sign_agreement();
         r->set_agreement(kAgreement);
         r->set_party(v1::AGREEMENT_PARTY_COMMITTEE);
         r->set_version(2);
         *r->mutable_date() = MakeDate(2023, 6, 1);
       },
       {E::kAgreementSigned}},
      {"FollowUpGoal before both signed (rule 32)",
       spring,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_follow_up_goal();
         r->set_agreement(kAgreement);
         r->set_year(2023);
         r->set_goal("sygefravaer");
         r->set_reported_value("5,9 %");
       },
       {},
       absl::StatusCode::kFailedPrecondition},
      {"SignAgreement WORKPLACE",
       spring,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_sign_agreement();
         r->set_agreement(kAgreement);
         r->set_party(v1::AGREEMENT_PARTY_WORKPLACE);
         r->set_version(2);
         *r->mutable_date() = MakeDate(2023, 6, 2);
       },
       {E::kAgreementSigned}},
      {"FollowUpGoal",
       spring,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_follow_up_goal();
         r->set_agreement(kAgreement);
         r->set_year(2023);
         r->set_goal("sygefravaer");
         r->set_reported_value("5,9 %");
         r->set_met(true);
       },
       {E::kGoalFollowedUp}},
      {"EndAgreement renewing it",
       spring,
       [terms](Command& c, const Subjects&) {
         auto* r = c.mutable_end_agreement();
         r->set_agreement(kAgreement);
         *r->mutable_date() = MakeDate(2023, 12, 31);
         r->set_reason("Nye mål");
         r->set_renew(true);
         terms(r->mutable_renewal_terms());
       },
       {E::kAgreementEnded, E::kAgreementDrafted}},
      {"PlanDialogueMeetings",
       spring,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_plan_dialogue_meetings();
         r->set_committee("committees/socialudvalget");
         r->set_year(2023);
         r->add_workplaces("workplaces/enghaven");
       },
       {E::kDialogueMeetingPlanned}},
      {"RecordDialogueMeeting",
       spring,
       [](Command& c, const Subjects& s) {
         auto* r = c.mutable_record_dialogue_meeting();
         r->set_meeting(s.at(Subject::kDialogueMeeting));
         *r->mutable_date() = MakeDate(2023, 9, 5);
         r->set_place("Enghaven");
         r->add_participants("Socialudvalget");
         r->set_presenter("Virksomhedslederen");
         r->add_questions()->set_text("Hvordan går rekrutteringen?");
         r->mutable_questions(0)->set_asked_by("Formanden");
       },
       {E::kDialogueMeetingHeld}},
      {"AnswerDialogueQuestion",
       spring,
       [](Command& c, const Subjects& s) {
         auto* r = c.mutable_answer_dialogue_question();
         r->set_meeting(s.at(Subject::kDialogueMeeting));
         r->set_question("Q1");
         r->set_answer("Godt");
       },
       {E::kDialogueQuestionAnswered}},
      {"RecordCommitteeCase",
       spring,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_record_committee_case();
         r->set_committee("committees/socialudvalget");
         r->set_workplace("workplaces/enghaven");
         r->set_title("Ny åbningstid");
         *r->mutable_meeting_date() = MakeDate(2023, 10, 3);
         r->set_presenter("Virksomhedslederen");
         r->set_presenter_role(v1::PRESENTER_WORKPLACE_LEADER);
         *r->mutable_heard()->mutable_date() = MakeDate(2023, 9, 20);
         r->mutable_heard()->set_how("Høringssvar");
       },
       {E::kCommitteeCaseRecorded}},
  };
}

// The economic policy (decide_policy.cc).
std::vector<Row> PolicyRows() {
  const absl::Time spring = At(2023, 6, 1);
  return {
      {"DefinePolicy",
       spring,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_define_policy();
         r->set_policy_id("slagelse");
         r->set_municipality("Slagelse Kommune");
         r->set_title("Ressourcepolitik");
         r->add_key_figures()->set_id("anlaeg-brutto");
         r->mutable_key_figures(0)->set_title("Bruttoanlægsbudget");
         r->mutable_key_figures(0)->set_unit(v1::FIGURE_UNIT_KR);
       },
       {E::kPolicyDefined}},
      {"SetPolicyTarget",
       spring,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_set_policy_target();
         r->set_policy(kPolicy);
         auto* t = r->mutable_target();
         t->set_id("anlaeg");
         t->set_title("Anlægsbudgettet");
         t->set_goal_number(8);
         t->set_key_figure("anlaeg-brutto");
         t->set_year(2024);
         t->set_direction(v1::TARGET_WITHIN_BOUNDS);
         t->set_has_minimum(true);
         t->set_minimum(100'000'000);
       },
       {E::kPolicyTargetSet}},
      {"RecordKeyFigure",
       spring,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_record_key_figure();
         r->set_policy(kPolicy);
         r->set_key_figure("anlaeg-brutto");
         r->set_year(2024);
         r->set_kind(v1::FIGURE_KIND_BUDGET);
         r->set_value(120'000'000);
         r->set_source("Budget 2024");
       },
       {E::kKeyFigureRecorded}},
      {"LinkProposalToKeyFigure",
       spring,
       [](Command& c, const Subjects& s) {
         auto* r = c.mutable_link_proposal_to_key_figure();
         r->set_policy(kPolicy);
         r->set_key_figure("anlaeg-brutto");
         r->set_proposal(s.at(Subject::kProposal));
       },
       {E::kProposalLinkedToKeyFigure}},
  };
}

std::vector<Row> AllRows() {
  std::vector<Row> all;
  for (Row& row : Rows()) {
    // A proposal names its key figure while its round is open: an adopted
    // round's proposals are frozen with it.
    if (row.name == "AdoptBudget") {
      for (Row& policy : PolicyRows()) all.push_back(std::move(policy));
    }
    all.push_back(std::move(row));
  }
  for (Row& row : TrialRows()) all.push_back(std::move(row));
  for (Row& row : AgreementRows()) all.push_back(std::move(row));
  return all;
}

// The event cases in order, a run of one case (a template's milestones) once.
std::vector<E::PayloadCase> CasesOf(const std::vector<v1::Event>& events) {
  std::vector<E::PayloadCase> out;
  for (const v1::Event& e : events) {
    if (out.empty() || out.back() != e.payload_case()) out.push_back(e.payload_case());
  }
  return out;
}

// Runs rows as the writer does — the round's time-driven events first, then
// the decision — and keeps the state, the log and the subjects decided.
class Walk {
 public:
  // Decides `row` at `now` and, when accepted, applies and logs its events.
  // Returns the events written (time-driven ones included) or the refusal.
  // Checks, with EXPECT, that a decision emits only registered events and
  // that its subject names something the state now holds.
  absl::StatusOr<std::vector<v1::Event>> Step(const Row& row, absl::Time now) {
    Command c;
    row.fill(c, subjects_);
    *c.mutable_actor() = everyone_;
    google::protobuf::Message* request = c.GetReflection()->MutableMessage(
        &c, Command::descriptor()->FindFieldByNumber(c.kind_case()));
    request->GetReflection()->SetString(
        request, request->GetDescriptor()->FindFieldByName("request_id"), absl::StrCat("r", ++n_));
    decided_.insert(c.kind_case());
    std::vector<v1::Event> events;
    if (const RoundState* round =
            state_.rounds().contains("2024") ? &state_.rounds().at("2024") : nullptr) {
      events = DueEvents(*round, now);
    }
    State next = state_;
    uint64_t position = log_.size();
    for (const v1::Event& e : events) Apply(next, e, EventMeta{++position, now, "clock"});
    absl::StatusOr<Decision> d = Decide(next, c, Context{now, &everyone_});
    if (!d.ok()) return d.status();
    const CommandHandler* handler = FindCommand(c.kind_case());
    for (const v1::Event& e : d->events) {
      EXPECT_THAT(handler->emits, ::testing::Contains(e.payload_case()))
          << row.name << " emits an unregistered " << TypeOf(e);
    }
    events.insert(events.end(), d->events.begin(), d->events.end());
    position = log_.size();
    for (const v1::Event& e : events) {
      const EventMeta meta{++position, now, "users/everyone"};
      Apply(state_, e, meta);
      log_.emplace_back(e, meta);
    }
    if (d->subject.kind == Subject::kNone) return events;  // the reply names no resource
    subjects_.last[d->subject.kind] = d->subject.name;
    EXPECT_NE(ResponseFor(state_, d->subject, now).resource_case(),
              v1::CommandResponse::RESOURCE_NOT_SET)
        << row.name;
    return events;
  }

  // The command cases attempted and the event cases logged.
  const std::set<int>& decided() const { return decided_; }
  std::set<int> logged() const {
    std::set<int> out;
    for (const auto& [event, meta] : log_) out.insert(event.payload_case());
    return out;
  }

  // Whether replaying the log from zero gives the live projection.
  bool ReplaysToTheLiveState() const {
    State replayed;
    for (const auto& [event, meta] : log_) Apply(replayed, event, meta);
    return google::protobuf::util::MessageDifferencer::Equals(replayed, state_);
  }

 private:
  const v1::Principal everyone_ = Everyone();
  State state_;
  std::vector<std::pair<v1::Event, EventMeta>> log_;
  Subjects subjects_;
  std::set<int> decided_;
  int n_ = 0;
};

// The field numbers of a oneof that `seen` lacks, by name.
std::vector<std::string> Missing(const google::protobuf::OneofDescriptor* oneof,
                                 const std::set<int>& seen) {
  std::vector<std::string> out;
  for (int i = 0; i < oneof->field_count(); ++i) {
    if (!seen.contains(oneof->field(i)->number())) out.push_back(oneof->field(i)->name());
  }
  return out;
}

TEST(DeciderTest, EveryCommandStateInDecisionOut) {
  Walk walk;
  for (const Row& row : AllRows()) {
    absl::StatusOr<std::vector<v1::Event>> events = walk.Step(row, row.now);
    if (row.refused != absl::StatusCode::kOk) {
      EXPECT_EQ(events.status().code(), row.refused) << row.name << ": " << events.status();
    } else if (!events.ok()) {
      ADD_FAILURE() << row.name << ": " << events.status();
    } else {
      EXPECT_EQ(CasesOf(*events), row.events) << row.name;
    }
  }
  // Every command case the registry knows is in the table, and every event
  // case is in the log.
  EXPECT_THAT(Missing(Command::descriptor()->FindOneofByName("kind"), walk.decided()),
              ::testing::IsEmpty());
  EXPECT_THAT(Missing(v1::Event::descriptor()->FindOneofByName("payload"), walk.logged()),
              ::testing::IsEmpty());
  EXPECT_TRUE(walk.ReplaysToTheLiveState());
}

// A random walk through the same table: between the rows, in order, any row
// again at a random time near its own, accepted or refused as the state then
// says. However the walk went, a from-zero replay of its log is the live
// projection, and the walks together log every event case.
TEST(DeciderTest, RandomWalksOverEveryCommandReplayFromZero) {
  const std::vector<Row> rows = AllRows();
  std::set<int> logged;
  for (uint32_t seed = 1; seed <= 8; ++seed) {
    std::mt19937 rng(seed);
    Walk walk;
    int accepted = 0;
    for (const Row& row : rows) {
      for (int extra = rng() % 3; extra > 0; --extra) {
        const Row& other = rows[rng() % rows.size()];
        const absl::Time when = row.now + absl::Hours(static_cast<int>(rng() % 1440) - 720);
        accepted += walk.Step(other, when).ok();
      }
      accepted += walk.Step(row, row.now).ok();
    }
    EXPECT_GT(accepted, static_cast<int>(rows.size()) / 2) << "seed " << seed;
    EXPECT_THAT(Missing(Command::descriptor()->FindOneofByName("kind"), walk.decided()),
                ::testing::IsEmpty());
    EXPECT_TRUE(walk.ReplaysToTheLiveState()) << "seed " << seed;
    logged.merge(walk.logged());
  }
  EXPECT_THAT(Missing(v1::Event::descriptor()->FindOneofByName("payload"), logged),
              ::testing::IsEmpty());
}

}  // namespace
}  // namespace budget
