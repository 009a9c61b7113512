// The deciders, pure: a state and a command in, a decision (events and a
// subject) or a refusal out — no server, no store, no clock. One table row
// per step of a round's life; every command case of the registry appears in
// it and every event case in the log (checked), each decision emits only the
// events its handler registers, and at the end a from-zero replay of the
// recorded events gives the same projection as the live one.
#include <map>
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

// The last subject decided of each kind: what later rows refer to.
using Subjects = std::map<Subject::Kind, std::string>;

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
  return c;
}

std::vector<Row> Rows() {
  const absl::Time autumn = At(2022, 10, 1);
  const absl::Time claims = At(2023, 4, 10);  // after the catalogue deadline
  const absl::Time pool = At(2023, 5, 9);
  const absl::Time summer = At(2023, 6, 1);
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
         *r->mutable_date() = MakeDate(2022, 9, 20);
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
         v1::YearAmount* y = r->add_amounts();
         y->set_year(2024);
         y->set_amount_kr(3'000'000);
         r->set_reason("Ny lov");
       },
       {E::kFrameCorrectionRecorded}},
      {"DecideFrameCorrection",
       autumn,
       [](Command& c, const Subjects& s) {
         auto* r = c.mutable_decide_frame_correction();
         r->set_correction(s.at(Subject::kCorrection));
         r->set_approve(true);
         r->set_reason("Godkendt");
       },
       {E::kFrameCorrectionDecided}},
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
      {"ApproveSelection",
       pool,
       [](Command& c, const Subjects&) {
         auto* r = c.mutable_approve_selection();
         r->set_round(kRound);
         *r->mutable_meeting_date() = MakeDate(2023, 5, 9);
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

// The event cases in order, a run of one case (a template's milestones) once.
std::vector<E::PayloadCase> CasesOf(const std::vector<v1::Event>& events) {
  std::vector<E::PayloadCase> out;
  for (const v1::Event& e : events) {
    if (out.empty() || out.back() != e.payload_case()) out.push_back(e.payload_case());
  }
  return out;
}

TEST(DeciderTest, EveryCommandStateInDecisionOut) {
  const v1::Principal everyone = Everyone();
  State state;
  std::vector<std::pair<v1::Event, EventMeta>> log;
  Subjects subjects;
  std::set<int> decided;
  int n = 0;
  for (const Row& row : Rows()) {
    Command c;
    row.fill(c, subjects);
    *c.mutable_actor() = everyone;
    google::protobuf::Message* request = c.GetReflection()->MutableMessage(
        &c, Command::descriptor()->FindFieldByNumber(c.kind_case()));
    request->GetReflection()->SetString(
        request, request->GetDescriptor()->FindFieldByName("request_id"), absl::StrCat("r", ++n));
    decided.insert(c.kind_case());
    // Time-driven events first, as the writer does.
    std::vector<v1::Event> events;
    if (const RoundState* round =
            state.rounds().contains("2024") ? &state.rounds().at("2024") : nullptr) {
      events = DueEvents(*round, row.now);
    }
    State next = state;
    uint64_t position = log.size();
    for (const v1::Event& e : events) Apply(next, e, EventMeta{++position, row.now, "clock"});
    absl::StatusOr<Decision> d = Decide(next, c, Context{row.now, &everyone});
    if (row.refused != absl::StatusCode::kOk) {
      EXPECT_EQ(d.status().code(), row.refused) << row.name << ": " << d.status();
      continue;
    }
    if (!d.ok()) {
      ADD_FAILURE() << row.name << ": " << d.status();
      continue;
    }
    const CommandHandler* handler = FindCommand(c.kind_case());
    for (const v1::Event& e : d->events) {
      EXPECT_THAT(handler->emits, ::testing::Contains(e.payload_case()))
          << row.name << " emits an unregistered " << TypeOf(e);
    }
    events.insert(events.end(), d->events.begin(), d->events.end());
    EXPECT_EQ(CasesOf(events), row.events) << row.name;
    position = log.size();
    for (const v1::Event& e : events) {
      const EventMeta meta{++position, row.now, "users/everyone"};
      Apply(state, e, meta);
      log.emplace_back(e, meta);
    }
    subjects[d->subject.kind] = d->subject.name;
    // The subject names something the state now holds.
    EXPECT_NE(ResponseFor(state, d->subject, row.now).resource_case(),
              v1::CommandResponse::RESOURCE_NOT_SET)
        << row.name;
  }
  // Every command case the registry knows is in the table.
  const auto* kind = Command::descriptor()->FindOneofByName("kind");
  for (int i = 0; i < kind->field_count(); ++i) {
    EXPECT_TRUE(decided.contains(kind->field(i)->number())) << kind->field(i)->name();
  }
  // ... and every event case is in the log.
  std::set<int> logged;
  for (const auto& [event, meta] : log) logged.insert(event.payload_case());
  const auto* payload = v1::Event::descriptor()->FindOneofByName("payload");
  for (int i = 0; i < payload->field_count(); ++i) {
    EXPECT_TRUE(logged.contains(payload->field(i)->number())) << payload->field(i)->name();
  }
  // Replaying the log from zero gives the live projection.
  State replayed;
  for (const auto& [event, meta] : log) Apply(replayed, event, meta);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(replayed, state));
}

}  // namespace
}  // namespace budget
