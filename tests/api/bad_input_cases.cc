#include "tests/api/bad_input_cases.h"

#include "budget/v1/admin_service.pb.h"
#include "budget/v1/adoption_service.pb.h"
#include "budget/v1/allocation_service.pb.h"
#include "budget/v1/audit_service.pb.h"
#include "budget/v1/hearing_service.pb.h"
#include "budget/v1/proposal_service.pb.h"
#include "budget/v1/round_service.pb.h"
#include "services/domain/time_util.h"

namespace budget::testing {
namespace {

template <typename T>
std::function<std::string()> Req(std::function<void(T&)> fill) {
  return [fill] {
    T r;
    fill(r);
    return r.SerializeAsString();
  };
}

}  // namespace

void GoodContent(v1::ProposalContent* c) {
  c->set_title("Et forslag");
  c->set_category(v1::CATEGORY_VACANCIES);
  c->add_committees(kSocial);
  *c->mutable_implementation_start() = MakeDate(2024, 1, 1);
  c->set_submitter_kind(v1::SUBMITTER_ADMINISTRATION);
}

std::vector<SetupCall> BadInputSetup() {
  return {
      {"/budget.v1.RoundService/CreateRound", Req<v1::CreateRoundRequest>([](auto& r) {
         r.set_request_id("setup-round");
         r.set_round_id("2024");
         r.set_municipality("Næstved Kommune");
         r.set_budget_year(2024);
         r.set_template_(v1::ROUND_TEMPLATE_STRATEGY_2024);
       })(),
       v1::ROLE_COORDINATOR},
      {"/budget.v1.RoundService/DefineCommittee", Req<v1::DefineCommitteeRequest>([](auto& r) {
         r.set_request_id("setup-committee");
         r.set_parent(kRound);
         r.set_committee_id("socialudvalget");
         r.mutable_committee()->set_display_name("Socialudvalget");
       })(),
       v1::ROLE_COORDINATOR},
      {"/budget.v1.ProposalService/SubmitProposal", Req<v1::SubmitProposalRequest>([](auto& r) {
         r.set_request_id("setup-proposal");
         r.set_parent(kRound);
         GoodContent(r.mutable_content());
       })(),
       v1::ROLE_CASE_WORKER},
  };
}

std::vector<BadInputCase> BadInputCases() {
  const std::string huge(1 << 20, 'x');
  return {
      // Missing fields: an empty request names request_id and the rest.
      {"empty CreateRound", "/budget.v1.RoundService/CreateRound",
       Req<v1::CreateRoundRequest>([](auto&) {}), v1::ROLE_COORDINATOR,
       grpc::StatusCode::INVALID_ARGUMENT, "request_id"},
      {"empty SubmitProposal", "/budget.v1.ProposalService/SubmitProposal",
       Req<v1::SubmitProposalRequest>([](auto&) {}), v1::ROLE_CASE_WORKER,
       grpc::StatusCode::INVALID_ARGUMENT, "content.title"},
      {"empty ClaimProposal", "/budget.v1.CommitteeService/ClaimProposal",
       Req<v1::ClaimProposalRequest>([](auto&) {}), v1::ROLE_COMMITTEE,
       grpc::StatusCode::INVALID_ARGUMENT, "proposal"},
      {"empty OpenHearing", "/budget.v1.HearingService/OpenHearing",
       Req<v1::OpenHearingRequest>([](auto&) {}), v1::ROLE_COORDINATOR,
       grpc::StatusCode::INVALID_ARGUMENT, "deadline"},
      {"empty RecordReading", "/budget.v1.AdoptionService/RecordReading",
       Req<v1::RecordReadingRequest>([](auto&) {}), v1::ROLE_COUNCIL,
       grpc::StatusCode::INVALID_ARGUMENT, "kind"},
      // Empty and huge strings.
      {"empty municipality", "/budget.v1.RoundService/CreateRound",
       Req<v1::CreateRoundRequest>([](auto& r) {
         r.set_request_id("c1");
         r.set_round_id("r1");
         r.set_budget_year(2024);
       }),
       v1::ROLE_COORDINATOR, grpc::StatusCode::INVALID_ARGUMENT, "municipality"},
      {"1 MiB title", "/budget.v1.ProposalService/SubmitProposal",
       Req<v1::SubmitProposalRequest>([huge](auto& r) {
         r.set_request_id("c2");
         r.set_parent(kRound);
         GoodContent(r.mutable_content());
         r.mutable_content()->set_title(huge);
       }),
       v1::ROLE_CASE_WORKER, grpc::StatusCode::INVALID_ARGUMENT, "content.title"},
      // Negative and overflowing amounts.
      // An extra cost is a negative effect, down to -10^12 kr.
      {"effect below -10^12", "/budget.v1.ProposalService/SubmitProposal",
       Req<v1::SubmitProposalRequest>([](auto& r) {
         r.set_request_id("c3");
         r.set_parent(kRound);
         GoodContent(r.mutable_content());
         auto* e = r.mutable_content()->add_effects();
         e->set_year(2024);
         e->set_amount_kr(-1'000'000'000'001);
       }),
       v1::ROLE_CASE_WORKER, grpc::StatusCode::INVALID_ARGUMENT, "content.effects[0].amount_kr"},
      // Issue 20 §1: the economics name their bad field.
      {"unknown expenditure type", "/budget.v1.ProposalService/SubmitProposal",
       Req<v1::SubmitProposalRequest>([](auto& r) {
         r.set_request_id("c3a");
         r.set_parent(kRound);
         GoodContent(r.mutable_content());
         auto* e = r.mutable_content()->add_one_off_costs();
         e->set_year(2024);
         e->set_amount_kr(5);
         e->set_expenditure_type(static_cast<v1::ExpenditureType>(12));
       }),
       v1::ROLE_CASE_WORKER, grpc::StatusCode::INVALID_ARGUMENT,
       "content.one_off_costs[0].expenditure_type"},
      {"FTE change without a workplace", "/budget.v1.ProposalService/SubmitProposal",
       Req<v1::SubmitProposalRequest>([](auto& r) {
         r.set_request_id("c3b");
         r.set_parent(kRound);
         GoodContent(r.mutable_content());
         auto* s = r.mutable_content()->add_staff_effects();
         s->set_staff_group("pædagoger");
         s->set_fte_reduction_hundredths(150);
         s->set_mode(v1::STAFF_ATTRITION);
       }),
       v1::ROLE_CASE_WORKER, grpc::StatusCode::INVALID_ARGUMENT,
       "content.staff_effects[0].workplace"},
      {"hash not 64 hex digits", "/budget.v1.ProposalService/SubmitProposal",
       Req<v1::SubmitProposalRequest>([](auto& r) {
         r.set_request_id("c3c");
         r.set_parent(kRound);
         GoodContent(r.mutable_content());
         auto* a = r.mutable_content()->add_attachments();
         a->set_uri("https://esdh.example.dk/doc/1");
         a->set_title("Notat");
         a->set_sha256(std::string(64, 'z'));
       }),
       v1::ROLE_CASE_WORKER, grpc::StatusCode::INVALID_ARGUMENT, "content.attachments[0].sha256"},
      {"overflowing amount", "/budget.v1.ProposalService/SubmitProposal",
       Req<v1::SubmitProposalRequest>([](auto& r) {
         r.set_request_id("c4");
         r.set_parent(kRound);
         GoodContent(r.mutable_content());
         r.mutable_content()->set_full_implementation_kr(INT64_MAX);
       }),
       v1::ROLE_CASE_WORKER, grpc::StatusCode::INVALID_ARGUMENT, "content.full_implementation_kr"},
      {"overflowing target", "/budget.v1.RoundService/CreateRound",
       Req<v1::CreateRoundRequest>([](auto& r) {
         r.set_request_id("c5");
         r.set_round_id("r2");
         r.set_municipality("M");
         r.set_budget_year(2024);
         r.mutable_targets()->set_raaderum_kr(INT64_MIN);
       }),
       v1::ROLE_COORDINATOR, grpc::StatusCode::INVALID_ARGUMENT, "targets.raaderum_kr"},
      // Years outside the period.
      {"year outside period", "/budget.v1.ProposalService/SubmitProposal",
       Req<v1::SubmitProposalRequest>([](auto& r) {
         r.set_request_id("c6");
         r.set_parent(kRound);
         GoodContent(r.mutable_content());
         auto* e = r.mutable_content()->add_effects();
         e->set_year(2031);
         e->set_amount_kr(5);
       }),
       v1::ROLE_CASE_WORKER, grpc::StatusCode::INVALID_ARGUMENT, "content.effects[0].year"},
      {"correction year outside period", "/budget.v1.AdoptionService/RecordFrameCorrection",
       Req<v1::RecordFrameCorrectionRequest>([](auto& r) {
         r.set_request_id("c7");
         r.set_committee(kSocial);
         r.set_kind(v1::CORRECTION_B_DEMOGRAPHY);
         r.set_area("Ældre");
         r.set_reason("Demografi");
         auto* a = r.add_amounts();
         a->set_year(2019);
         a->set_amount_kr(-5);
       }),
       v1::ROLE_COORDINATOR, grpc::StatusCode::INVALID_ARGUMENT, "amounts[0].year"},
      {"financing correction on a committee", "/budget.v1.AdoptionService/RecordFrameCorrection",
       Req<v1::RecordFrameCorrectionRequest>([](auto& r) {
         r.set_request_id("c7e");
         r.set_committee(kSocial);
         r.set_kind(v1::CORRECTION_E_LAND_AND_BUILDINGS);
         r.set_reason("Grundsalg");
         auto* a = r.add_amounts();
         a->set_year(2024);
         a->set_amount_kr(-5);
       }),
       v1::ROLE_COORDINATOR, grpc::StatusCode::INVALID_ARGUMENT, "committee"},
      {"law assessment without a basis", "/budget.v1.AdoptionService/AssessFrameCorrection",
       Req<v1::AssessFrameCorrectionRequest>([](auto& r) {
         r.set_request_id("c7a");
         r.set_correction("rounds/2024/corrections/C-0001");
         auto* a = r.add_assessed_amounts();
         a->set_year(2024);
         a->set_amount_kr(5);
       }),
       v1::ROLE_CASE_WORKER, grpc::StatusCode::INVALID_ARGUMENT, "basis"},
      {"ØK's recommendation without its agenda item",
       "/budget.v1.CouncilService/RecommendSelection",
       Req<v1::RecommendSelectionRequest>([](auto& r) {
         r.set_request_id("c7r");
         r.set_round(kRound);
         *r.mutable_meeting_date() = MakeDate(2023, 5, 24);
       }),
       v1::ROLE_FINANCE_COMMITTEE, grpc::StatusCode::INVALID_ARGUMENT, "agenda_item"},
      {"expansion process with an empty topic",
       "/budget.v1.ExpansionService/DecideExpansionProcess",
       Req<v1::DecideExpansionProcessRequest>([](auto& r) {
         r.set_request_id("c7p");
         r.set_round(kRound);
         *r.mutable_meeting_date() = MakeDate(2023, 3, 1);
         r.set_agenda_item("punkt 6");
         r.add_topics("");
       }),
       v1::ROLE_FINANCE_COMMITTEE, grpc::StatusCode::INVALID_ARGUMENT, "topics[0]"},
      // Unknown names.
      {"unknown committee", "/budget.v1.ProposalService/SubmitProposal",
       Req<v1::SubmitProposalRequest>([](auto& r) {
         r.set_request_id("c8");
         r.set_parent(kRound);
         GoodContent(r.mutable_content());
         r.mutable_content()->set_committees(0, "rounds/2024/committees/ukendt");
       }),
       v1::ROLE_CASE_WORKER, grpc::StatusCode::NOT_FOUND, "rounds/2024/committees/ukendt"},
      {"unknown round", "/budget.v1.RoundService/GetRound",
       Req<v1::GetRoundRequest>([](auto& r) { r.set_name("rounds/1999"); }), v1::ROLE_AUDITOR,
       grpc::StatusCode::NOT_FOUND, "rounds/1999"},
      {"unknown proposal", "/budget.v1.ProposalService/WithdrawProposal",
       Req<v1::WithdrawProposalRequest>([](auto& r) {
         r.set_request_id("c9");
         r.set_name("rounds/2024/proposals/P-0404");
         r.set_reason("x");
       }),
       v1::ROLE_CASE_WORKER, grpc::StatusCode::NOT_FOUND, "P-0404"},
      // Malformed resource names.
      {"malformed parent", "/budget.v1.ProposalService/SubmitProposal",
       Req<v1::SubmitProposalRequest>([](auto& r) {
         r.set_request_id("c10");
         r.set_parent("round/2024");
         GoodContent(r.mutable_content());
       }),
       v1::ROLE_CASE_WORKER, grpc::StatusCode::INVALID_ARGUMENT, "parent"},
      {"malformed proposal name", "/budget.v1.CommitteeService/ClaimProposal",
       Req<v1::ClaimProposalRequest>([](auto& r) {
         r.set_request_id("c11");
         r.set_proposal("rounds/2024/proposals/../../x");
         r.set_committee(kSocial);
       }),
       v1::ROLE_COMMITTEE, grpc::StatusCode::INVALID_ARGUMENT, "proposal"},
      {"malformed hearing name", "/budget.v1.HearingService/GetHearing",
       Req<v1::GetHearingRequest>([](auto& r) { r.set_name("hearings/H-0001"); }), v1::ROLE_AUDITOR,
       grpc::StatusCode::INVALID_ARGUMENT, "name"},
      // Unknown enum values.
      {"unknown category", "/budget.v1.ProposalService/SubmitProposal",
       Req<v1::SubmitProposalRequest>([](auto& r) {
         r.set_request_id("c12");
         r.set_parent(kRound);
         GoodContent(r.mutable_content());
         r.mutable_content()->set_category(static_cast<v1::ProposalCategory>(99));
       }),
       v1::ROLE_CASE_WORKER, grpc::StatusCode::INVALID_ARGUMENT, "content.category"},
      {"unknown milestone kind", "/budget.v1.RoundService/ReachMilestone",
       Req<v1::ReachMilestoneRequest>([](auto& r) {
         r.set_request_id("c13");
         r.set_round(kRound);
         r.set_kind(static_cast<v1::MilestoneKind>(1000));
       }),
       v1::ROLE_COORDINATOR, grpc::StatusCode::INVALID_ARGUMENT, "kind"},
      {"unknown reading kind", "/budget.v1.AdoptionService/RecordReading",
       Req<v1::RecordReadingRequest>([](auto& r) {
         r.set_request_id("c14");
         r.set_round(kRound);
         r.set_kind(static_cast<v1::ReadingKind>(9));
         *r.mutable_date() = MakeDate(2023, 8, 11);
         r.set_outcome("x");
       }),
       v1::ROLE_COUNCIL, grpc::StatusCode::INVALID_ARGUMENT, "kind"},
      {"a party's vote at a 1st reading", "/budget.v1.AdoptionService/RecordReading",
       Req<v1::RecordReadingRequest>([](auto& r) {
         r.set_request_id("c14-votes");
         r.set_round(kRound);
         r.set_kind(v1::READING_FIRST_COUNCIL);
         *r.mutable_date() = MakeDate(2023, 8, 19);
         r.set_outcome("Oversendt");
         r.add_votes()->set_party("Venstre");
       }),
       v1::ROLE_COUNCIL, grpc::StatusCode::INVALID_ARGUMENT, "votes"},
      // Dates that are not days.
      {"30 February", "/budget.v1.MeetingService/RecordMeeting",
       Req<v1::RecordMeetingRequest>([](auto& r) {
         r.set_request_id("c15");
         r.set_round(kRound);
         r.set_kind(v1::MEETING_THEME_FEBRUARY);
         *r.mutable_date() = MakeDate(2023, 2, 30);
       }),
       v1::ROLE_COORDINATOR, grpc::StatusCode::INVALID_ARGUMENT, "date"},
      // A request id reused with other content.
      {"reused request id", "/budget.v1.ProposalService/SubmitProposal",
       Req<v1::SubmitProposalRequest>([](auto& r) {
         r.set_request_id("setup-proposal");
         r.set_parent(kRound);
         GoodContent(r.mutable_content());
         r.mutable_content()->set_title("Andet indhold");
       }),
       v1::ROLE_CASE_WORKER, grpc::StatusCode::ALREADY_EXISTS, "request id 'setup-proposal'"},
      // Paging.
      {"negative page size", "/budget.v1.ProposalService/ListProposals",
       Req<v1::ListProposalsRequest>([](auto& r) {
         r.set_parent(kRound);
         r.set_page_size(-1);
       }),
       v1::ROLE_AUDITOR, grpc::StatusCode::INVALID_ARGUMENT, "page_size"},
      {"forged page token", "/budget.v1.AuditService/ReadLog",
       Req<v1::ReadLogRequest>([](auto& r) { r.set_page_token("bG9nOjA="); }), v1::ROLE_AUDITOR,
       grpc::StatusCode::INVALID_ARGUMENT, "page_token"},
      // A backup must go to an absolute path.
      {"relative backup dir", "/budget.v1.AdminService/Backup",
       Req<v1::BackupRequest>([](auto& r) { r.set_dir("backup"); }), v1::ROLE_ADMINISTRATOR,
       grpc::StatusCode::INVALID_ARGUMENT, "dir"},
      // Erasure: the administrator's alone, and a subject and a reason.
      {"erasure without a subject", "/budget.v1.AdminService/EraseSubject",
       Req<v1::EraseSubjectRequest>([](auto& r) { r.set_reason("Sag 24-1"); }),
       v1::ROLE_ADMINISTRATOR, grpc::StatusCode::INVALID_ARGUMENT, "subject"},
      {"erasure without a reason", "/budget.v1.AdminService/EraseSubject",
       Req<v1::EraseSubjectRequest>([](auto& r) { r.set_subject("users/anna"); }),
       v1::ROLE_ADMINISTRATOR, grpc::StatusCode::INVALID_ARGUMENT, "reason"},
      {"erasure by an auditor", "/budget.v1.AdminService/EraseSubject",
       Req<v1::EraseSubjectRequest>([](auto& r) {
         r.set_subject("users/anna");
         r.set_reason("Sag 24-1");
       }),
       v1::ROLE_AUDITOR, grpc::StatusCode::PERMISSION_DENIED, "EraseSubject needs the role"},
      {"erasure by the coordinator", "/budget.v1.AdminService/EraseSubject",
       Req<v1::EraseSubjectRequest>([](auto& r) {
         r.set_subject("users/anna");
         r.set_reason("Sag 24-1");
       }),
       v1::ROLE_COORDINATOR, grpc::StatusCode::PERMISSION_DENIED, "EraseSubject needs the role"},
  };
}

}  // namespace budget::testing
