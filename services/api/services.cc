#include "services/api/services.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "services/common/log.h"
#include "services/domain/errors.h"
#include "services/domain/summary.h"
#include "services/domain/time_util.h"
#include "services/domain/views.h"

namespace budget {

// Each RPC is one line of mapping: which Command field a mutation fills, or
// which pure read function a query calls. The method name doubles as the
// authorization table's key.
#define BUDGET_MUTATION(Service, Method, Request, field)                                         \
  grpc::ServerUnaryReactor* Service::Method(grpc::CallbackServerContext* ctx,                    \
                                            const v1::Request* req, v1::CommandResponse* resp) { \
    return api_->Mutate(ctx, #Method, *req, resp, &internal::Command::mutable_##field);          \
  }

#define BUDGET_QUERY(Service, Method, Request, Response, read)                                \
  grpc::ServerUnaryReactor* Service::Method(grpc::CallbackServerContext* ctx,                 \
                                            const v1::Request* req, v1::Response* resp) {     \
    return api_->Query(ctx, #Method, resp,                                                    \
                       [req](const State& s, absl::Time now) { return read(s, *req, now); }); \
  }

BUDGET_MUTATION(RoundServiceImpl, CreateRound, CreateRoundRequest, create_round)
BUDGET_MUTATION(RoundServiceImpl, DefineCommittee, DefineCommitteeRequest, define_committee)
BUDGET_MUTATION(RoundServiceImpl, DefineCentre, DefineCentreRequest, define_centre)
BUDGET_MUTATION(RoundServiceImpl, DefineWorkplace, DefineWorkplaceRequest, define_workplace)
BUDGET_MUTATION(RoundServiceImpl, SetMilestone, SetMilestoneRequest, set_milestone)
BUDGET_MUTATION(RoundServiceImpl, ReachMilestone, ReachMilestoneRequest, reach_milestone)
BUDGET_MUTATION(RoundServiceImpl, OverrideGate, OverrideGateRequest, override_gate)
BUDGET_QUERY(RoundServiceImpl, GetRound, GetRoundRequest, Round, budget::GetRound)
BUDGET_QUERY(RoundServiceImpl, ListRounds, ListRoundsRequest, ListRoundsResponse,
             budget::ListRounds)
BUDGET_QUERY(RoundServiceImpl, GetRoundSummary, GetRoundSummaryRequest, RoundSummary,
             budget::GetRoundSummary)

BUDGET_MUTATION(ProposalServiceImpl, SubmitProposal, SubmitProposalRequest, submit_proposal)
BUDGET_MUTATION(ProposalServiceImpl, AmendProposal, AmendProposalRequest, amend_proposal)
BUDGET_MUTATION(ProposalServiceImpl, WithdrawProposal, WithdrawProposalRequest, withdraw_proposal)
BUDGET_QUERY(ProposalServiceImpl, GetProposal, GetProposalRequest, Proposal, budget::GetProposal)
BUDGET_QUERY(ProposalServiceImpl, ListProposals, ListProposalsRequest, ListProposalsResponse,
             budget::ListProposals)

BUDGET_MUTATION(CommitteeServiceImpl, ClaimProposal, ClaimProposalRequest, claim_proposal)
BUDGET_MUTATION(CommitteeServiceImpl, ReleaseClaim, ReleaseClaimRequest, release_claim)

BUDGET_MUTATION(CouncilServiceImpl, SelectFromPool, SelectFromPoolRequest, select_from_pool)
BUDGET_MUTATION(CouncilServiceImpl, DeselectFromPool, DeselectFromPoolRequest, deselect_from_pool)
BUDGET_MUTATION(CouncilServiceImpl, ApproveSelection, ApproveSelectionRequest, approve_selection)

BUDGET_MUTATION(HearingServiceImpl, OpenHearing, OpenHearingRequest, open_hearing)
BUDGET_MUTATION(HearingServiceImpl, SubmitResponse, SubmitResponseRequest, submit_response)
BUDGET_MUTATION(HearingServiceImpl, AmendResponse, SubmitResponseRequest, amend_response)
BUDGET_MUTATION(HearingServiceImpl, CloseHearing, CloseHearingRequest, close_hearing)
BUDGET_MUTATION(HearingServiceImpl, DecideRehearing, DecideRehearingRequest, decide_rehearing)
BUDGET_QUERY(HearingServiceImpl, GetHearing, GetHearingRequest, Hearing, budget::GetHearing)
BUDGET_QUERY(HearingServiceImpl, ListHearings, ListHearingsRequest, ListHearingsResponse,
             budget::ListHearings)

BUDGET_MUTATION(MeetingServiceImpl, RecordMeeting, RecordMeetingRequest, record_meeting)
BUDGET_MUTATION(MeetingServiceImpl, InformBody, InformBodyRequest, inform_body)
BUDGET_MUTATION(MeetingServiceImpl, AskQuestion, AskQuestionRequest, ask_question)
BUDGET_MUTATION(MeetingServiceImpl, AnswerQuestion, AnswerQuestionRequest, answer_question)
BUDGET_MUTATION(MeetingServiceImpl, WaiveRequirement, WaiveRequirementRequest, waive_requirement)
BUDGET_QUERY(MeetingServiceImpl, ListMeetings, ListMeetingsRequest, ListMeetingsResponse,
             budget::ListMeetings)

BUDGET_MUTATION(ExpansionServiceImpl, RequestExpansion, RequestExpansionRequest, request_expansion)
BUDGET_MUTATION(ExpansionServiceImpl, CostExpansion, CostExpansionRequest, cost_expansion)
BUDGET_MUTATION(ExpansionServiceImpl, SetExpansionFrame, SetExpansionFrameRequest,
                set_expansion_frame)
BUDGET_MUTATION(ExpansionServiceImpl, DecideExpansion, DecideExpansionRequest, decide_expansion)
BUDGET_QUERY(ExpansionServiceImpl, GetExpansion, GetExpansionRequest, Expansion,
             budget::GetExpansion)
BUDGET_QUERY(ExpansionServiceImpl, ListExpansions, ListExpansionsRequest, ListExpansionsResponse,
             budget::ListExpansions)

BUDGET_MUTATION(AdoptionServiceImpl, RecordSeminar, RecordSeminarRequest, record_seminar)
BUDGET_MUTATION(AdoptionServiceImpl, SetIndicativePriority, SetIndicativePriorityRequest,
                set_indicative_priority)
BUDGET_MUTATION(AdoptionServiceImpl, RecordReading, RecordReadingRequest, record_reading)
BUDGET_MUTATION(AdoptionServiceImpl, AdoptBudget, AdoptBudgetRequest, adopt_budget)
BUDGET_MUTATION(AdoptionServiceImpl, RecordFrameCorrection, RecordFrameCorrectionRequest,
                record_frame_correction)
BUDGET_MUTATION(AdoptionServiceImpl, DecideFrameCorrection, DecideFrameCorrectionRequest,
                decide_frame_correction)

#undef BUDGET_MUTATION
#undef BUDGET_QUERY

}  // namespace budget

namespace budget {

grpc::ServerUnaryReactor* AdminServiceImpl::SetClock(grpc::CallbackServerContext* ctx,
                                                     const v1::SetClockRequest* req,
                                                     v1::SetClockResponse* resp) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  const absl::Time start = absl::Now();
  absl::Status status = api_->Admit(*ctx, "SetClock").status();
  if (status.ok() && demo_clock_ == nullptr) {
    status = absl::FailedPreconditionError(
        "the server runs on the real clock; start budgetd with --demo_clock to move it");
  }
  if (status.ok()) {
    const absl::Time now = FromProto(req->now());
    if (now < demo_clock_->Now()) {
      status = InvalidField(
          "now", absl::StrCat("must not be before the clock's ", TimeString(demo_clock_->Now()),
                              ": time never moves back"));
    } else {
      demo_clock_->Set(now);
      log::Info("clock_set", {{"now", TimeString(now)}});
      *resp->mutable_now() = ToProto(now);
    }
  }
  api_->Record("SetClock", status, start, "", true);
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

grpc::ServerUnaryReactor* AdminServiceImpl::Backup(grpc::CallbackServerContext* ctx,
                                                   const v1::BackupRequest* req,
                                                   v1::BackupResponse* resp) {
  return api_->Answer(ctx, "Backup", resp, [&]() -> absl::StatusOr<v1::BackupResponse> {
    if (req->dir().empty() || req->dir()[0] != '/') {
      return InvalidField("dir", "must be an absolute path on the server");
    }
    if (std::filesystem::exists(req->dir()))
      return AlreadyExists("the backup directory", req->dir());
    absl::StatusOr<eventstore::Head> head = api_->processor()->store()->Checkpoint(req->dir());
    if (!head.ok()) return head.status();
    log::Info("backup", {{"dir", req->dir()}, {"position", absl::StrCat(head->position)}});
    v1::BackupResponse out;
    out.set_dir(req->dir());
    out.set_position(head->position);
    out.set_head_hash(base::HashToHex(head->hash));
    return out;
  });
}

}  // namespace budget
