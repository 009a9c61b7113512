#include "services/api/authorization.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/api/authenticator.h"

namespace budget {

const std::vector<Permission>& Permissions() {
  using R = v1::Role;
  static const auto* const table = new std::vector<Permission>{
      // RoundService
      {"CreateRound", {R::ROLE_COORDINATOR}},
      {"DefineCommittee", {R::ROLE_COORDINATOR}},
      {"DefineCentre", {R::ROLE_COORDINATOR}},
      {"DefineWorkplace", {R::ROLE_COORDINATOR}},
      {"SetMilestone", {R::ROLE_COORDINATOR}},
      {"ReachMilestone", {R::ROLE_COORDINATOR}},
      {"OverrideGate", {R::ROLE_COORDINATOR}},
      {"GetRound", {}},
      {"ListRounds", {}},
      {"GetRoundSummary", {}},
      // ProposalService
      {"SubmitProposal", {R::ROLE_CASE_WORKER, R::ROLE_COORDINATOR, R::ROLE_HMU}},
      {"AmendProposal", {R::ROLE_CASE_WORKER, R::ROLE_COORDINATOR, R::ROLE_HMU}},
      {"WithdrawProposal", {R::ROLE_CASE_WORKER, R::ROLE_COORDINATOR, R::ROLE_HMU}},
      {"GetProposal", {}},
      {"ListProposals", {}},
      // CommitteeService
      {"ClaimProposal", {R::ROLE_COMMITTEE}},
      {"ReleaseClaim", {R::ROLE_COMMITTEE}},
      // CouncilService
      {"SelectFromPool", {R::ROLE_COUNCIL}},
      {"DeselectFromPool", {R::ROLE_COUNCIL}},
      {"ApproveSelection", {R::ROLE_COUNCIL}},
      // HearingService
      {"OpenHearing", {R::ROLE_COORDINATOR}},
      {"SubmitResponse", {R::ROLE_HEARING_BODY, R::ROLE_HMU, R::ROLE_COORDINATOR}},
      {"AmendResponse", {R::ROLE_HEARING_BODY, R::ROLE_HMU, R::ROLE_COORDINATOR}},
      {"CloseHearing", {R::ROLE_COORDINATOR}},
      {"DecideRehearing", {R::ROLE_COORDINATOR}},
      {"GetHearing", {}},
      {"ListHearings", {}},
      // MeetingService
      {"RecordMeeting", {R::ROLE_COORDINATOR}},
      {"InformBody", {R::ROLE_COORDINATOR}},
      {"AskQuestion", {R::ROLE_COUNCIL}},
      {"AnswerQuestion", {R::ROLE_CASE_WORKER, R::ROLE_COORDINATOR}},
      {"WaiveRequirement", {R::ROLE_COORDINATOR}},
      {"ListMeetings", {}},
      // ExpansionService. The administration may call RequestExpansion only
      // to be told rule 10's answer by the domain.
      {"RequestExpansion",
       {R::ROLE_COUNCIL, R::ROLE_COMMITTEE, R::ROLE_CASE_WORKER, R::ROLE_COORDINATOR}},
      {"CostExpansion", {R::ROLE_CASE_WORKER, R::ROLE_COORDINATOR}},
      {"SetExpansionFrame", {R::ROLE_COUNCIL}},
      {"DecideExpansion", {R::ROLE_COUNCIL}},
      {"GetExpansion", {}},
      {"ListExpansions", {}},
      // AdoptionService
      {"RecordSeminar", {R::ROLE_COORDINATOR}},
      {"SetIndicativePriority", {R::ROLE_COUNCIL}},
      {"RecordReading", {R::ROLE_COUNCIL}},
      {"AdoptBudget", {R::ROLE_COUNCIL}},
      {"RecordFrameCorrection", {R::ROLE_COORDINATOR}},
      {"DecideFrameCorrection", {R::ROLE_COUNCIL}},
      // AdminService
      {"SetClock", {R::ROLE_ADMINISTRATOR}},
      {"Backup", {R::ROLE_ADMINISTRATOR}},
      // AuditService: auditors, and those who run the process and the server.
      {"ReadLog", {R::ROLE_AUDITOR, R::ROLE_COORDINATOR, R::ROLE_ADMINISTRATOR}},
      {"ProposalHistory", {}},
      {"GetStateAsOf", {R::ROLE_AUDITOR, R::ROLE_COORDINATOR, R::ROLE_ADMINISTRATOR}},
      {"Subscribe", {R::ROLE_AUDITOR, R::ROLE_COORDINATOR, R::ROLE_ADMINISTRATOR}},
      {"VerifyChain", {R::ROLE_AUDITOR, R::ROLE_COORDINATOR, R::ROLE_ADMINISTRATOR}},
      {"Export", {R::ROLE_AUDITOR, R::ROLE_COORDINATOR, R::ROLE_ADMINISTRATOR}},
      // SignInService
      {"GetSignInConfig", {}, /*open=*/true},
      {"WhoAmI", {}},
  };
  return *table;
}

bool IsOpen(absl::string_view method) {
  for (const Permission& p : Permissions()) {
    if (p.method == method) return p.open;
  }
  return false;
}

absl::Status Authorize(const v1::Principal& principal, absl::string_view method) {
  for (const Permission& p : Permissions()) {
    if (p.method != method) continue;
    if (p.roles.empty()) return absl::OkStatus();
    for (v1::Role allowed : p.roles) {
      for (int held : principal.roles()) {
        if (held == allowed) return absl::OkStatus();
      }
    }
    std::vector<std::string> names;
    for (v1::Role r : p.roles) names.push_back(RoleName(r));
    return absl::PermissionDeniedError(absl::StrCat(method, " needs the role ",
                                                    absl::StrJoin(names, " or "), "; ",
                                                    principal.name(), " does not have it"));
  }
  return absl::PermissionDeniedError(absl::StrCat(method, " is not in the authorization table"));
}

}  // namespace budget
