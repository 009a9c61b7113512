#include "clients/budgetctl/demo_runner.h"

#include "budget/v1/admin_service.grpc.pb.h"
#include "budget/v1/round_service.grpc.pb.h"
#include "clients/budgetctl/parse.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace budgetctl::demo {
namespace {

namespace v1 = budget::v1;

// SetClock refused because the clock is already later: INVALID_ARGUMENT
// naming the field "now" ("time never moves back").
bool ClockIsPast(const grpc::Status& status) {
  if (status.error_code() != grpc::StatusCode::INVALID_ARGUMENT) return false;
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return false;
  for (const google::protobuf::Any& any : details.details()) {
    google::rpc::BadRequest bad;
    if (!any.UnpackTo(&bad)) continue;
    for (const auto& v : bad.field_violations()) {
      if (v.field() == "now") return true;
    }
  }
  return false;
}

}  // namespace

const std::vector<std::string>& TokenNames() {
  static const std::vector<std::string> names = {
      "BUDGET_TOKEN_COORDINATOR", "BUDGET_TOKEN_CASE_WORKER", "BUDGET_TOKEN_SOCIAL",
      "BUDGET_TOKEN_CHILDREN",    "BUDGET_TOKEN_TECHNICAL",   "BUDGET_TOKEN_COUNCIL",
      "BUDGET_TOKEN_HMU",         "BUDGET_TOKEN_WORKPLACE",   "BUDGET_TOKEN_AUDITOR",
      "BUDGET_TOKEN_ADMIN",       "BUDGET_TOKEN_EMPLOYEE",    "BUDGET_TOKEN_FINANCE_COMMITTEE",
  };
  return names;
}

Role CommitteeRole(const std::string& committee_id) {
  if (committee_id == "socialudvalget") return Role::kSocial;
  if (committee_id == "boerne-og-uddannelsesudvalget") return Role::kChildren;
  if (committee_id == "teknik-og-miljoeudvalget") return Role::kTechnical;
  throw CommandError(absl::StrCat("demo data: no committee token acts for ", committee_id));
}

Runner::Runner(const Session& base, const std::map<std::string, std::string>& tokens,
               std::string round_id, bool verbose)
    : round_id_(std::move(round_id)), round_("rounds/" + round_id_), verbose_(verbose) {
  for (const std::string& name : TokenNames()) sessions_.push_back(base.WithToken(tokens.at(name)));
}

void Runner::CheckStart() {
  v1::GetRoundRequest request;
  request.set_name(round_);
  v1::Round round;
  grpc::ClientContext context;
  As(Role::kCoordinator).Prepare(&context);
  const grpc::Status status =
      v1::RoundService::Stub(As(Role::kCoordinator).channel()).GetRound(&context, request, &round);
  if (status.ok()) {
    resumed_ = true;
  } else if (status.error_code() != grpc::StatusCode::NOT_FOUND) {
    throw Stopped{ReportStatus(status)};
  }
}

void Runner::Phase(const std::string& when, const std::string& what) const {
  std::cout << absl::StrFormat("%-9s %s\n", when, what);
}

void Runner::At(const std::string& instant) {
  v1::SetClockRequest request;
  *request.mutable_now() = ParseInstant(instant);
  v1::SetClockResponse response;
  grpc::ClientContext context;
  As(Role::kAdmin).Prepare(&context);
  const grpc::Status status =
      v1::AdminService::Stub(As(Role::kAdmin).channel()).SetClock(&context, request, &response);
  if (status.ok()) return;
  if (ClockIsPast(status)) {
    if (resumed_) return;  // a re-run: these steps happened at their time before
    std::cerr << "the server's clock is already past " << instant
              << ": start budgetd on an empty --data_dir with --demo_clock=2022-08-01T08:00:00Z\n";
    throw Stopped{kRefused};
  }
  const int code = ReportStatus(status);
  if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
    std::cerr << "  the demo moves the server's clock: start budgetd with "
                 "--demo_clock=2022-08-01T08:00:00Z\n";
  }
  throw Stopped{code};
}

const std::string& Runner::Name(const std::string& key) const {
  auto it = names_.find(key);
  if (it == names_.end()) throw CommandError(absl::StrCat("demo script: nothing named ", key));
  return it->second;
}

}  // namespace budgetctl::demo
