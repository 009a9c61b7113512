#include "services/api/services.h"

#include "services/domain/summary.h"
#include "services/domain/views.h"

namespace budget {

// Each RPC is one line of mapping: which Command field a mutation fills, or
// which pure read function a query calls. The method name doubles as the
// authorization table's key.
#define BUDGET_MUTATION(Service, Method, Request, field)                                   \
  grpc::ServerUnaryReactor* Service::Method(grpc::CallbackServerContext* ctx,              \
                                            const v1::Request* req,                        \
                                            v1::CommandResponse* resp) {                   \
    return api_->Mutate(ctx, #Method, *req, resp, &internal::Command::mutable_##field);    \
  }

#define BUDGET_QUERY(Service, Method, Request, Response, read)                             \
  grpc::ServerUnaryReactor* Service::Method(grpc::CallbackServerContext* ctx,              \
                                            const v1::Request* req, v1::Response* resp) {  \
    return api_->Query(ctx, #Method, resp,                                                 \
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
BUDGET_QUERY(RoundServiceImpl, ListRounds, ListRoundsRequest, ListRoundsResponse, budget::ListRounds)
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

#undef BUDGET_MUTATION
#undef BUDGET_QUERY

}  // namespace budget
