#include "clients/load/workload.h"

#include "absl/strings/str_cat.h"
#include "clients/load/proposal_content.h"

namespace budget_load {
namespace v1 = budget::v1;

namespace {

std::string Bearer(const std::string& token) { return token.empty() ? "" : "Bearer " + token; }

// A request id no other call of any run repeats: the lane's prefix carries
// a random run id and the thread.
std::string NextRequestId(Lane& lane) {
  return absl::StrCat(lane.request_id_prefix, ++lane.requests);
}

}  // namespace

ChannelStubs::ChannelStubs(const std::shared_ptr<grpc::Channel>& channel)
    : proposals(v1::ProposalService::NewStub(channel)),
      committees(v1::CommitteeService::NewStub(channel)),
      health(grpc::health::v1::Health::NewStub(channel)) {}

Workload::Workload(const Settings& settings, ProposalPool* pool)
    : round_(settings.round),
      committee_(CommitteeOf(settings.round)),
      timeout_(settings.timeout),
      case_worker_(Bearer(settings.identity.case_worker)),
      social_(Bearer(settings.identity.social)),
      auditor_(Bearer(settings.identity.auditor)),
      pool_(pool) {}

std::string Workload::CommitteeOf(const std::string& round) {
  return absl::StrCat(round, "/committees/socialudvalget");
}

Call* Workload::Start(Op op, Clock::time_point intended, Lane& lane) const {
  switch (op) {
    case Op::kSubmit:
      return Submit(intended, lane);
    case Op::kAmend:
      if (auto target = pool_->HoldForAmend(lane.rng)) return Amend(*target, intended, lane);
      break;
    case Op::kClaim:
      if (auto target = pool_->TakeUnclaimed(lane.rng)) return Claim(*target, intended, lane);
      break;
    case Op::kGet:
      if (auto target = pool_->Any(lane.rng)) return Get(*target, intended, lane);
      break;
    case Op::kList:
      return List(intended, lane);
    case Op::kNoop:
      return Noop(intended, lane);
  }
  // Nothing to act on: make something, so the next draw has it.
  return Submit(intended, lane);
}

template <class Stub, class Request, class Response>
Call* Workload::Launch(Op op, Clock::time_point intended, Lane& lane,
                       const std::string& authorization, std::unique_ptr<Stub> ChannelStubs::*stub,
                       std::unique_ptr<grpc::ClientAsyncResponseReader<Response>> (Stub::*prepare)(
                           grpc::ClientContext*, const Request&, grpc::CompletionQueue*),
                       const Request& request, typename UnaryCall<Response>::OnDone on_done) const {
  Stub* channel_stub = (lane.channels[lane.next_channel].*stub).get();
  lane.next_channel = (lane.next_channel + 1) % lane.channels.size();
  auto* call = new UnaryCall<Response>(op, intended, std::move(on_done));
  call->Start(
      [&](grpc::ClientContext* context, grpc::CompletionQueue* cq) {
        return (channel_stub->*prepare)(context, request, cq);
      },
      lane.cq, authorization, std::chrono::system_clock::now() + timeout_);
  return call;
}

Call* Workload::Submit(Clock::time_point intended, Lane& lane) const {
  v1::SubmitProposalRequest request;
  request.set_request_id(NextRequestId(lane));
  request.set_parent(round_);
  *request.mutable_content() = NewProposalContent(committee_, request.request_id(), lane.rng);
  ProposalPool* pool = pool_;
  return Launch(Op::kSubmit, intended, lane, case_worker_, &ChannelStubs::proposals,
                &v1::ProposalService::Stub::PrepareAsyncSubmitProposal, request,
                [pool](const grpc::Status& status, const v1::CommandResponse& response) {
                  if (status.ok() && response.has_proposal()) {
                    pool->Add(response.proposal().name(), response.proposal().version());
                  }
                });
}

Call* Workload::Amend(const ProposalPool::Ref& target, Clock::time_point intended,
                      Lane& lane) const {
  v1::AmendProposalRequest request;
  request.set_request_id(NextRequestId(lane));
  request.set_name(target.name);
  request.set_expected_version(target.version);
  request.mutable_content()->set_full_implementation_kr(NewFullImplementationKr(lane.rng));
  request.mutable_update_mask()->add_paths("full_implementation_kr");
  ProposalPool* pool = pool_;
  return Launch(Op::kAmend, intended, lane, case_worker_, &ChannelStubs::proposals,
                &v1::ProposalService::Stub::PrepareAsyncAmendProposal, request,
                [pool, target](const grpc::Status& status, const v1::CommandResponse& response) {
                  pool->EndAmend(target, status.ok() && response.has_proposal()
                                             ? std::optional<int64_t>(response.proposal().version())
                                             : std::nullopt);
                });
}

Call* Workload::Claim(const ProposalPool::Ref& target, Clock::time_point intended,
                      Lane& lane) const {
  v1::ClaimProposalRequest request;
  request.set_request_id(NextRequestId(lane));
  request.set_proposal(target.name);
  request.set_committee(committee_);
  ProposalPool* pool = pool_;
  return Launch(
      Op::kClaim, intended, lane, social_, &ChannelStubs::committees,
      &v1::CommitteeService::Stub::PrepareAsyncClaimProposal, request,
      [pool, target](const grpc::Status& status, const v1::CommandResponse&) {
        // A refusal by a rule means the proposal cannot be claimed (again);
        // any other failure left it as it was.
        if (!status.ok() && status.error_code() != grpc::StatusCode::FAILED_PRECONDITION) {
          pool->ReturnUnclaimed(target);
        }
      });
}

Call* Workload::Get(const ProposalPool::Ref& target, Clock::time_point intended, Lane& lane) const {
  v1::GetProposalRequest request;
  request.set_name(target.name);
  ProposalPool* pool = pool_;
  return Launch(Op::kGet, intended, lane, auditor_, &ChannelStubs::proposals,
                &v1::ProposalService::Stub::PrepareAsyncGetProposal, request,
                [pool, target](const grpc::Status& status, const v1::Proposal& proposal) {
                  if (status.ok()) pool->SawVersion(target, proposal.version());
                });
}

Call* Workload::List(Clock::time_point intended, Lane& lane) const {
  v1::ListProposalsRequest request;
  request.set_parent(round_);
  request.set_page_size(50);
  return Launch(Op::kList, intended, lane, auditor_, &ChannelStubs::proposals,
                &v1::ProposalService::Stub::PrepareAsyncListProposals, request, nullptr);
}

Call* Workload::Noop(Clock::time_point intended, Lane& lane) const {
  grpc::health::v1::HealthCheckRequest request;  // "": the server as a whole
  return Launch(Op::kNoop, intended, lane, "", &ChannelStubs::health,
                &grpc::health::v1::Health::Stub::PrepareAsyncCheck, request, nullptr);
}

}  // namespace budget_load
