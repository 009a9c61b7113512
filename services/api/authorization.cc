#include "services/api/authorization.h"

#include <algorithm>
#include <set>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "budget/v1/admin_service.pb.h"
#include "budget/v1/adoption_service.pb.h"
#include "budget/v1/agreement_service.pb.h"
#include "budget/v1/allocation_service.pb.h"
#include "budget/v1/audit_service.pb.h"
#include "budget/v1/hearing_service.pb.h"
#include "budget/v1/options.pb.h"
#include "budget/v1/policy_service.pb.h"
#include "budget/v1/process_service.pb.h"
#include "budget/v1/proposal_service.pb.h"
#include "budget/v1/round_service.pb.h"
#include "budget/v1/sign_in_service.pb.h"
#include "budget/v1/trial_service.pb.h"
#include "google/rpc/error_details.pb.h"
#include "services/api/authenticator.h"
#include "services/domain/errors.h"

namespace budget {

const std::vector<const google::protobuf::ServiceDescriptor*>& ApiServices() {
  static const auto* const services = [] {
    auto* out = new std::vector<const google::protobuf::ServiceDescriptor*>;
    // One message of each service file leads to the file's services.
    for (const auto* message :
         {v1::CreateRoundRequest::descriptor(), v1::SubmitProposalRequest::descriptor(),
          v1::ClaimProposalRequest::descriptor(), v1::OpenHearingRequest::descriptor(),
          v1::RequestExpansionRequest::descriptor(), v1::SetClockRequest::descriptor(),
          v1::ReadLogRequest::descriptor(), v1::GetSignInConfigRequest::descriptor(),
          v1::CreateTrialProgrammeRequest::descriptor(), v1::GetProcessesAsOfRequest::descriptor(),
          v1::DraftAgreementRequest::descriptor(), v1::DefinePolicyRequest::descriptor()}) {
      const google::protobuf::FileDescriptor* file = message->file();
      for (int i = 0; i < file->service_count(); ++i) out->push_back(file->service(i));
    }
    return out;
  }();
  return *services;
}

const std::vector<Permission>& Permissions() {
  static const auto* const table = [] {
    auto* out = new std::vector<Permission>;
    for (const auto* service : ApiServices()) {
      for (int i = 0; i < service->method_count(); ++i) {
        const auto* method = service->method(i);
        const v1::Access& access = method->options().GetExtension(v1::access);
        Permission& p = out->emplace_back();
        p.method = method->name();
        p.descriptor = method;
        for (int r : access.allowed_roles()) p.roles.push_back(static_cast<v1::Role>(r));
        for (int r : access.outside_roles()) p.outside_roles.push_back(static_cast<v1::Role>(r));
        p.open = access.open();
        p.mutation = access.mutation();
      }
    }
    return out;
  }();
  return *table;
}

absl::Status VerifyPermissions() {
  std::vector<std::string> faults;
  std::set<std::string> names;
  for (const Permission& p : Permissions()) {
    if (!p.descriptor->options().HasExtension(v1::access)) {
      faults.push_back(
          absl::StrCat(p.descriptor->full_name(), " has no (budget.v1.access) option"));
    }
    if (!names.insert(p.method).second) {
      faults.push_back(absl::StrCat(p.method, " is the name of two RPCs"));
    }
    if (p.open && (p.mutation || !p.roles.empty() || !p.outside_roles.empty())) {
      faults.push_back(absl::StrCat(p.method, " is open but names roles or records"));
    }
    if (!p.outside_roles.empty() && !p.roles.empty()) {
      faults.push_back(absl::StrCat(p.method, " names allowed_roles and outside_roles"));
    }
  }
  if (faults.empty()) return absl::OkStatus();
  return absl::InternalError(
      absl::StrCat("the access options are incomplete: ", absl::StrJoin(faults, "; ")));
}

namespace {

bool IsOutsideRole(v1::Role r) { return r == v1::ROLE_PUBLIC || r == v1::ROLE_EMPLOYEE; }

bool Contains(const std::vector<v1::Role>& roles, v1::Role r) {
  return std::find(roles.begin(), roles.end(), r) != roles.end();
}

// Whether a holder of `role` may call the RPC (options.proto's Access).
bool Allows(const Permission& p, v1::Role role) {
  if (!p.roles.empty()) return Contains(p.roles, role);
  return !IsOutsideRole(role) || Contains(p.outside_roles, role);
}

// The roles that may call the RPC, by name; empty when every role may.
std::vector<std::string> AllowedRoleNames(const Permission& p) {
  std::vector<std::string> names;
  for (int r = v1::Role_MIN + 1; r <= v1::Role_MAX; ++r) {
    if (Allows(p, static_cast<v1::Role>(r))) names.push_back(RoleName(static_cast<v1::Role>(r)));
  }
  if (names.size() == static_cast<size_t>(v1::Role_MAX)) names.clear();
  return names;
}

}  // namespace

const Permission* FindPermission(absl::string_view method) {
  for (const Permission& p : Permissions()) {
    if (p.method == method) return &p;
  }
  return nullptr;
}

bool IsOpen(absl::string_view method) {
  const Permission* p = FindPermission(method);
  return p != nullptr && p->open;
}

absl::Status Authorize(const v1::Principal& principal, absl::string_view method) {
  const Permission* p = FindPermission(method);
  if (p == nullptr) {
    return absl::PermissionDeniedError(absl::StrCat(method, " is not in the authorization table"));
  }
  for (int held : principal.roles()) {
    if (Allows(*p, static_cast<v1::Role>(held))) return absl::OkStatus();
  }
  absl::Status s = absl::PermissionDeniedError(
      absl::StrCat(method, " needs the role ", absl::StrJoin(AllowedRoleNames(*p), " or "), "; ",
                   principal.name(), " does not have it"));
  AttachAccessInfo(&s, "ROLE_REQUIRED", method);
  return s;
}

void AttachAccessInfo(absl::Status* s, absl::string_view reason, absl::string_view method) {
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(reason));
  info.set_domain("budget.v1");
  (*info.mutable_metadata())["method"] = std::string(method);
  std::vector<std::string> names;
  if (const Permission* p = FindPermission(method)) names = AllowedRoleNames(*p);
  (*info.mutable_metadata())["required_roles"] = names.empty() ? "any" : absl::StrJoin(names, ",");
  s->SetPayload(kErrorInfoType, absl::Cord(info.SerializeAsString()));
}

std::string AuthorizationMatrix() {
  // Column order: the Role enum's order.
  constexpr const char* kColumns[] = {
      "case worker", "coordinator",  "committee",        "council",
      "HMU",         "hearing body", "auditor",          "administrator",
      "public",      "employee",     "finance committee"};
  std::string out = absl::StrCat("| RPC | ", absl::StrJoin(kColumns, " | "), " |\n|---");
  for (size_t i = 0; i < std::size(kColumns); ++i) out += "|---";
  out += "|\n";
  for (const Permission& p : Permissions()) {
    absl::StrAppend(&out, "| ", p.method, " |");
    for (int r = v1::ROLE_CASE_WORKER; r <= v1::ROLE_FINANCE_COMMITTEE; ++r) {
      out += p.open || Allows(p, static_cast<v1::Role>(r)) ? " ✓ |" : " |";
    }
    out += "\n";
  }
  return out;
}

}  // namespace budget
