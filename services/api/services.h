#ifndef SERVICES_API_SERVICES_H_
#define SERVICES_API_SERVICES_H_

// The gRPC service adapters: proto in, Api call, proto out. Nothing else.

#include "budget/v1/admin_service.grpc.pb.h"
#include "budget/v1/adoption_service.grpc.pb.h"
#include "budget/v1/allocation_service.grpc.pb.h"
#include "budget/v1/hearing_service.grpc.pb.h"
#include "budget/v1/proposal_service.grpc.pb.h"
#include "budget/v1/round_service.grpc.pb.h"
#include "services/api/api.h"

namespace budget {

class RoundServiceImpl final : public v1::RoundService::CallbackService {
 public:
  explicit RoundServiceImpl(Api* api) : api_(api) {}
  grpc::ServerUnaryReactor* CreateRound(grpc::CallbackServerContext* ctx,
                                        const v1::CreateRoundRequest* req,
                                        v1::CommandResponse* resp) override;
  grpc::ServerUnaryReactor* DefineCommittee(grpc::CallbackServerContext* ctx,
                                            const v1::DefineCommitteeRequest* req,
                                            v1::CommandResponse* resp) override;
  grpc::ServerUnaryReactor* DefineCentre(grpc::CallbackServerContext* ctx,
                                         const v1::DefineCentreRequest* req,
                                         v1::CommandResponse* resp) override;
  grpc::ServerUnaryReactor* DefineWorkplace(grpc::CallbackServerContext* ctx,
                                            const v1::DefineWorkplaceRequest* req,
                                            v1::CommandResponse* resp) override;
  grpc::ServerUnaryReactor* SetMilestone(grpc::CallbackServerContext* ctx,
                                         const v1::SetMilestoneRequest* req,
                                         v1::CommandResponse* resp) override;
  grpc::ServerUnaryReactor* ReachMilestone(grpc::CallbackServerContext* ctx,
                                           const v1::ReachMilestoneRequest* req,
                                           v1::CommandResponse* resp) override;
  grpc::ServerUnaryReactor* OverrideGate(grpc::CallbackServerContext* ctx,
                                         const v1::OverrideGateRequest* req,
                                         v1::CommandResponse* resp) override;
  grpc::ServerUnaryReactor* GetRound(grpc::CallbackServerContext* ctx,
                                     const v1::GetRoundRequest* req, v1::Round* resp) override;
  grpc::ServerUnaryReactor* ListRounds(grpc::CallbackServerContext* ctx,
                                       const v1::ListRoundsRequest* req,
                                       v1::ListRoundsResponse* resp) override;
  grpc::ServerUnaryReactor* GetRoundSummary(grpc::CallbackServerContext* ctx,
                                            const v1::GetRoundSummaryRequest* req,
                                            v1::RoundSummary* resp) override;

 private:
  Api* const api_;
};

class ProposalServiceImpl final : public v1::ProposalService::CallbackService {
 public:
  explicit ProposalServiceImpl(Api* api) : api_(api) {}
  grpc::ServerUnaryReactor* SubmitProposal(grpc::CallbackServerContext* ctx,
                                           const v1::SubmitProposalRequest* req,
                                           v1::CommandResponse* resp) override;
  grpc::ServerUnaryReactor* AmendProposal(grpc::CallbackServerContext* ctx,
                                          const v1::AmendProposalRequest* req,
                                          v1::CommandResponse* resp) override;
  grpc::ServerUnaryReactor* WithdrawProposal(grpc::CallbackServerContext* ctx,
                                             const v1::WithdrawProposalRequest* req,
                                             v1::CommandResponse* resp) override;
  grpc::ServerUnaryReactor* GetProposal(grpc::CallbackServerContext* ctx,
                                        const v1::GetProposalRequest* req,
                                        v1::Proposal* resp) override;
  grpc::ServerUnaryReactor* ListProposals(grpc::CallbackServerContext* ctx,
                                          const v1::ListProposalsRequest* req,
                                          v1::ListProposalsResponse* resp) override;

 private:
  Api* const api_;
};

class CommitteeServiceImpl final : public v1::CommitteeService::CallbackService {
 public:
  explicit CommitteeServiceImpl(Api* api) : api_(api) {}
  grpc::ServerUnaryReactor* ClaimProposal(grpc::CallbackServerContext* ctx,
                                          const v1::ClaimProposalRequest* req,
                                          v1::CommandResponse* resp) override;
  grpc::ServerUnaryReactor* ReleaseClaim(grpc::CallbackServerContext* ctx,
                                         const v1::ReleaseClaimRequest* req,
                                         v1::CommandResponse* resp) override;

 private:
  Api* const api_;
};

class CouncilServiceImpl final : public v1::CouncilService::CallbackService {
 public:
  explicit CouncilServiceImpl(Api* api) : api_(api) {}
  grpc::ServerUnaryReactor* SelectFromPool(grpc::CallbackServerContext* ctx,
                                           const v1::SelectFromPoolRequest* req,
                                           v1::CommandResponse* resp) override;
  grpc::ServerUnaryReactor* DeselectFromPool(grpc::CallbackServerContext* ctx,
                                             const v1::DeselectFromPoolRequest* req,
                                             v1::CommandResponse* resp) override;
  grpc::ServerUnaryReactor* ApproveSelection(grpc::CallbackServerContext* ctx,
                                             const v1::ApproveSelectionRequest* req,
                                             v1::CommandResponse* resp) override;

 private:
  Api* const api_;
};

class HearingServiceImpl final : public v1::HearingService::CallbackService {
 public:
  explicit HearingServiceImpl(Api* api) : api_(api) {}
  grpc::ServerUnaryReactor* OpenHearing(grpc::CallbackServerContext* ctx,
                                        const v1::OpenHearingRequest* req,
                                        v1::CommandResponse* resp) override;
  grpc::ServerUnaryReactor* SubmitResponse(grpc::CallbackServerContext* ctx,
                                           const v1::SubmitResponseRequest* req,
                                           v1::CommandResponse* resp) override;
  grpc::ServerUnaryReactor* AmendResponse(grpc::CallbackServerContext* ctx,
                                          const v1::SubmitResponseRequest* req,
                                          v1::CommandResponse* resp) override;
  grpc::ServerUnaryReactor* CloseHearing(grpc::CallbackServerContext* ctx,
                                         const v1::CloseHearingRequest* req,
                                         v1::CommandResponse* resp) override;
  grpc::ServerUnaryReactor* DecideRehearing(grpc::CallbackServerContext* ctx,
                                            const v1::DecideRehearingRequest* req,
                                            v1::CommandResponse* resp) override;
  grpc::ServerUnaryReactor* GetHearing(grpc::CallbackServerContext* ctx,
                                       const v1::GetHearingRequest* req,
                                       v1::Hearing* resp) override;
  grpc::ServerUnaryReactor* ListHearings(grpc::CallbackServerContext* ctx,
                                         const v1::ListHearingsRequest* req,
                                         v1::ListHearingsResponse* resp) override;

 private:
  Api* const api_;
};

class MeetingServiceImpl final : public v1::MeetingService::CallbackService {
 public:
  explicit MeetingServiceImpl(Api* api) : api_(api) {}
  grpc::ServerUnaryReactor* RecordMeeting(grpc::CallbackServerContext* ctx,
                                          const v1::RecordMeetingRequest* req,
                                          v1::CommandResponse* resp) override;
  grpc::ServerUnaryReactor* InformBody(grpc::CallbackServerContext* ctx,
                                       const v1::InformBodyRequest* req,
                                       v1::CommandResponse* resp) override;
  grpc::ServerUnaryReactor* AskQuestion(grpc::CallbackServerContext* ctx,
                                        const v1::AskQuestionRequest* req,
                                        v1::CommandResponse* resp) override;
  grpc::ServerUnaryReactor* AnswerQuestion(grpc::CallbackServerContext* ctx,
                                           const v1::AnswerQuestionRequest* req,
                                           v1::CommandResponse* resp) override;
  grpc::ServerUnaryReactor* WaiveRequirement(grpc::CallbackServerContext* ctx,
                                             const v1::WaiveRequirementRequest* req,
                                             v1::CommandResponse* resp) override;
  grpc::ServerUnaryReactor* ListMeetings(grpc::CallbackServerContext* ctx,
                                         const v1::ListMeetingsRequest* req,
                                         v1::ListMeetingsResponse* resp) override;

 private:
  Api* const api_;
};

class ExpansionServiceImpl final : public v1::ExpansionService::CallbackService {
 public:
  explicit ExpansionServiceImpl(Api* api) : api_(api) {}
  grpc::ServerUnaryReactor* RequestExpansion(grpc::CallbackServerContext* ctx,
                                             const v1::RequestExpansionRequest* req,
                                             v1::CommandResponse* resp) override;
  grpc::ServerUnaryReactor* CostExpansion(grpc::CallbackServerContext* ctx,
                                          const v1::CostExpansionRequest* req,
                                          v1::CommandResponse* resp) override;
  grpc::ServerUnaryReactor* SetExpansionFrame(grpc::CallbackServerContext* ctx,
                                              const v1::SetExpansionFrameRequest* req,
                                              v1::CommandResponse* resp) override;
  grpc::ServerUnaryReactor* DecideExpansion(grpc::CallbackServerContext* ctx,
                                            const v1::DecideExpansionRequest* req,
                                            v1::CommandResponse* resp) override;
  grpc::ServerUnaryReactor* GetExpansion(grpc::CallbackServerContext* ctx,
                                         const v1::GetExpansionRequest* req,
                                         v1::Expansion* resp) override;
  grpc::ServerUnaryReactor* ListExpansions(grpc::CallbackServerContext* ctx,
                                           const v1::ListExpansionsRequest* req,
                                           v1::ListExpansionsResponse* resp) override;

 private:
  Api* const api_;
};

class AdoptionServiceImpl final : public v1::AdoptionService::CallbackService {
 public:
  explicit AdoptionServiceImpl(Api* api) : api_(api) {}
  grpc::ServerUnaryReactor* RecordSeminar(grpc::CallbackServerContext* ctx,
                                          const v1::RecordSeminarRequest* req,
                                          v1::CommandResponse* resp) override;
  grpc::ServerUnaryReactor* SetIndicativePriority(grpc::CallbackServerContext* ctx,
                                                  const v1::SetIndicativePriorityRequest* req,
                                                  v1::CommandResponse* resp) override;
  grpc::ServerUnaryReactor* RecordReading(grpc::CallbackServerContext* ctx,
                                          const v1::RecordReadingRequest* req,
                                          v1::CommandResponse* resp) override;
  grpc::ServerUnaryReactor* AdoptBudget(grpc::CallbackServerContext* ctx,
                                        const v1::AdoptBudgetRequest* req,
                                        v1::CommandResponse* resp) override;
  grpc::ServerUnaryReactor* RecordFrameCorrection(grpc::CallbackServerContext* ctx,
                                                  const v1::RecordFrameCorrectionRequest* req,
                                                  v1::CommandResponse* resp) override;
  grpc::ServerUnaryReactor* DecideFrameCorrection(grpc::CallbackServerContext* ctx,
                                                  const v1::DecideFrameCorrectionRequest* req,
                                                  v1::CommandResponse* resp) override;

 private:
  Api* const api_;
};

// Server operations. The demo clock is owned by the server; null when the
// server runs on the real clock.
class AdminServiceImpl final : public v1::AdminService::CallbackService {
 public:
  AdminServiceImpl(Api* api, base::ManualClock* demo_clock) : api_(api), demo_clock_(demo_clock) {}
  grpc::ServerUnaryReactor* SetClock(grpc::CallbackServerContext* ctx,
                                     const v1::SetClockRequest* req,
                                     v1::SetClockResponse* resp) override;
  grpc::ServerUnaryReactor* Backup(grpc::CallbackServerContext* ctx, const v1::BackupRequest* req,
                                   v1::BackupResponse* resp) override;

 private:
  Api* const api_;
  base::ManualClock* const demo_clock_;
};

}  // namespace budget

#endif  // SERVICES_API_SERVICES_H_
