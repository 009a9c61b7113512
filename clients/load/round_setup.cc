#include "clients/load/round_setup.h"

#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "budget/v1/proposal_service.grpc.pb.h"
#include "budget/v1/round_service.grpc.pb.h"
#include "clients/load/proposal_content.h"
#include "clients/load/workload.h"

namespace budget_load {
namespace v1 = budget::v1;
namespace {

constexpr char kCommitteeId[] = "socialudvalget";

// Each synchronous call of the set-up and the check: a token and a deadline.
class Caller {
 public:
  Caller(const std::string& token, std::chrono::milliseconds timeout)
      : token_(token), timeout_(timeout) {}

  // Calls `method` of `stub` with `request`; returns the status.
  template <class Stub, class Request, class Response>
  grpc::Status Call(Stub* stub,
                    grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                    const Request& request, Response* response) const {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token_);
    context.set_deadline(std::chrono::system_clock::now() + timeout_);
    return (stub->*method)(&context, request, response);
  }

 private:
  std::string token_;
  std::chrono::milliseconds timeout_;
};

// A set-up step is done when it succeeded now or before (the round or the
// committee already exists, perhaps made by someone else).
void RequireDone(const grpc::Status& status, const std::string& what) {
  if (status.ok() || status.error_code() == grpc::StatusCode::ALREADY_EXISTS) return;
  throw std::runtime_error(absl::StrCat("--setup: ", what, " failed: ", status.error_message()));
}

std::string RoundName(const std::string& round_id) { return absl::StrCat("rounds/", round_id); }

google::protobuf::Timestamp ToProto(absl::Time t) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(absl::ToUnixSeconds(t));
  return ts;
}

void PlanMilestone(v1::RoundService::Stub* rounds, const Caller& caller,
                   const std::string& round_id, v1::MilestoneKind kind, absl::Time at) {
  const std::string day = absl::FormatTime("%Y-%m-%d", at, absl::UTCTimeZone());
  v1::SetMilestoneRequest request;
  request.set_request_id(
      absl::StrCat("budget-load-", round_id, "-", v1::MilestoneKind_Name(kind), "-", day));
  request.set_round(RoundName(round_id));
  request.set_kind(kind);
  *request.mutable_planned_at() = ToProto(at);
  v1::CommandResponse response;
  RequireDone(caller.Call(rounds, &v1::RoundService::Stub::SetMilestone, request, &response),
              absl::StrCat("planning ", v1::MilestoneKind_Name(kind), " for ", day));
}

const v1::GateStatus* FindGate(const v1::Round& round, v1::Gate gate) {
  for (const v1::GateStatus& g : round.gates()) {
    if (g.gate() == gate) return &g;
  }
  return nullptr;
}

void RequireOpen(const v1::Round& round, v1::Gate gate, const std::string& needed_by) {
  const v1::GateStatus* status = FindGate(round, gate);
  if (status != nullptr && status->open()) return;
  throw std::runtime_error(absl::StrCat(
      needed_by, " needs ", v1::Gate_Name(gate), " open in ", round.name(), ", but it is closed",
      status == nullptr ? "" : absl::StrCat(" (", status->explanation(), ")"),
      "; --setup plans its milestones"));
}

}  // namespace

void SetUpRound(const std::shared_ptr<grpc::Channel>& channel, const std::string& round_id,
                const std::string& coordinator_token, std::chrono::milliseconds timeout) {
  auto rounds = v1::RoundService::NewStub(channel);
  const Caller caller(coordinator_token, timeout);
  v1::CommandResponse response;

  v1::CreateRoundRequest create;
  create.set_request_id(absl::StrCat("budget-load-", round_id, "-create"));
  create.set_round_id(round_id);
  create.set_municipality("Næstved Kommune");
  create.set_budget_year(kLoadBudgetYear);
  create.mutable_targets()->set_catalogue_total_kr(110'000'000);
  create.mutable_targets()->set_raaderum_kr(45'000'000);
  create.set_template_(v1::ROUND_TEMPLATE_NONE);
  // Rule 2 stops a committee's claims once its shortfall is covered; the load
  // claims without end, to measure the write path, so its round allows it.
  create.mutable_settings()->set_claim_margin_kr(1'000'000'000'000);
  RequireDone(caller.Call(rounds.get(), &v1::RoundService::Stub::CreateRound, create, &response),
              "creating " + RoundName(round_id));

  // Whole days, so that the same day's set-up sends the same requests.
  const absl::Time today = absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()) / 86400 * 86400);
  const absl::Time yesterday = today - absl::Hours(24);
  const absl::Time next_year = today + absl::Hours(24 * 366);
  PlanMilestone(rounds.get(), caller, round_id, v1::MILESTONE_WORK_STARTED, yesterday);
  PlanMilestone(rounds.get(), caller, round_id, v1::MILESTONE_CLAIMS_DEADLINE, next_year);
  PlanMilestone(rounds.get(), caller, round_id, v1::MILESTONE_PROPOSALS_PRESENTED, next_year);

  v1::DefineCommitteeRequest committee;
  committee.set_request_id(absl::StrCat("budget-load-", round_id, "-committee-", kCommitteeId));
  committee.set_parent(RoundName(round_id));
  committee.set_committee_id(kCommitteeId);
  committee.mutable_committee()->set_display_name("Socialudvalget");
  committee.mutable_committee()->set_operating_frame_kr(1'200'000'000);
  committee.mutable_committee()->set_shortfall_kr(25'000'000);
  RequireDone(
      caller.Call(rounds.get(), &v1::RoundService::Stub::DefineCommittee, committee, &response),
      "defining committee socialudvalget");
}

void CheckRound(const std::shared_ptr<grpc::Channel>& channel, const std::string& round_id,
                const std::string& reader_token, const Mix& mix,
                std::chrono::milliseconds timeout) {
  auto rounds = v1::RoundService::NewStub(channel);
  v1::GetRoundRequest request;
  request.set_name(RoundName(round_id));
  v1::Round round;
  const grpc::Status status =
      Caller(reader_token, timeout)
          .Call(rounds.get(), &v1::RoundService::Stub::GetRound, request, &round);
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
    throw std::runtime_error(
        absl::StrCat(request.name(), " does not exist: create it with --setup"));
  }
  if (!status.ok()) {
    throw std::runtime_error(
        absl::StrCat("reading ", request.name(), " failed: ", status.error_message()));
  }
  if (mix.Includes(Op::kSubmit) || mix.NeedsProposals()) {
    RequireOpen(round, v1::GATE_SUBMISSION, "submitting proposals");
    const std::string committee = Workload::CommitteeOf(round.name());
    bool defined = false;
    for (const v1::Committee& c : round.committees()) defined = defined || c.name() == committee;
    if (!defined) {
      throw std::runtime_error(absl::StrCat("submitting proposals needs ", committee,
                                            ", which is not defined; "
                                            "--setup defines it"));
    }
  }
  if (mix.Includes(Op::kClaim)) RequireOpen(round, v1::GATE_CLAIMS, "claiming proposals");
}

void MarkReadyForClaims(const std::shared_ptr<grpc::Channel>& channel,
                        const std::string& coordinator_token, std::chrono::milliseconds timeout,
                        ProposalPool* pool) {
  const Caller caller(coordinator_token, timeout);
  auto proposals = v1::ProposalService::NewStub(channel);
  for (const ProposalPool::Ref& ref : pool->All()) {
    v1::MarkProposalReadyRequest request;
    request.set_request_id(absl::StrCat("budget-load-ready-", ref.name));
    request.set_name(ref.name);
    request.set_capacity(v1::APPROVER_STEERING_GROUP);
    v1::CommandResponse response;
    const grpc::Status status = caller.Call(
        proposals.get(), &v1::ProposalService::Stub::MarkProposalReady, request, &response);
    if (!status.ok()) {
      throw std::runtime_error(
          absl::StrCat("marking ", ref.name, " ready failed: ", status.error_message()));
    }
    pool->ReturnUnclaimed(ref);
  }
}

}  // namespace budget_load
