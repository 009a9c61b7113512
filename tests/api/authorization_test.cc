// The whole role × RPC matrix through a real server: every cell is either
// allowed (the call gets past authorization) or exactly PERMISSION_DENIED
// naming the needed role — and nothing is written in either case of refusal.
#include "services/api/authorization.h"

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/generic/generic_stub.h"
#include "tests/api/server_fixture.h"

namespace budget::testing {
namespace {

const char* const kServices[] = {
    "budget.v1.RoundService",        "budget.v1.ProposalService",  "budget.v1.CommitteeService",
    "budget.v1.CouncilService",      "budget.v1.HearingService",   "budget.v1.MeetingService",
    "budget.v1.ExpansionService",    "budget.v1.AdoptionService",  "budget.v1.AdminService",
    "budget.v1.AuditService",        "budget.v1.SignInService",    "budget.v1.TrialService",
    "budget.v1.ProcessAuditService", "budget.v1.AgreementService", "budget.v1.DialogueService",
    "budget.v1.PolicyService"};

class AuthorizationTest : public ServerTest {
 protected:
  void SetUp() override { StartServer(); }

  // Calls `method` with an empty request as `role` (or with no token).
  grpc::Status Call(const std::string& path, std::optional<v1::Role> role) {
    grpc::GenericStub stub(channel_);
    grpc::ClientContext ctx;
    // A permitted live feed never ends on its own: the deadline ends it.
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
    if (role.has_value()) ctx.AddMetadata("authorization", "Bearer " + TokenFor(*role));
    grpc::ByteBuffer request, response;
    grpc::Slice empty("");
    request = grpc::ByteBuffer(&empty, 1);
    base::Notification done;
    grpc::Status status;
    stub.UnaryCall(&ctx, path, grpc::StubOptions(), &request, &response, [&](grpc::Status s) {
      status = std::move(s);
      done.Notify();
    });
    done.WaitForNotification();
    return status;
  }

  static const Permission* Find(absl::string_view method) {
    for (const Permission& p : Permissions()) {
      if (p.method == method) return &p;
    }
    return nullptr;
  }
};

TEST_F(AuthorizationTest, EveryRpcIsInTheTableOnce) {
  int methods = 0;
  for (const char* name : kServices) {
    const auto* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    ASSERT_NE(service, nullptr) << name;
    for (int i = 0; i < service->method_count(); ++i) {
      EXPECT_NE(Find(service->method(i)->name()), nullptr) << service->method(i)->name();
      ++methods;
    }
  }
  EXPECT_EQ(static_cast<size_t>(methods), Permissions().size());
}

TEST_F(AuthorizationTest, EveryRoleOnEveryRpc) {
  int allowed = 0, denied = 0;
  for (const char* name : kServices) {
    const auto* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    for (int i = 0; i < service->method_count(); ++i) {
      const std::string method = service->method(i)->name();
      const std::string path = absl::StrCat("/", name, "/", method);
      const Permission* permission = Find(method);
      ASSERT_NE(permission, nullptr);
      // An open method answers without credentials; every other refuses.
      EXPECT_EQ(Call(path, std::nullopt).error_code() == grpc::StatusCode::UNAUTHENTICATED,
                !permission->open)
          << path;
      for (int r = v1::ROLE_CASE_WORKER; r <= v1::ROLE_FINANCE_COMMITTEE; ++r) {
        const auto role = static_cast<v1::Role>(r);
        auto in = [role](const std::vector<v1::Role>& roles) {
          return std::find(roles.begin(), roles.end(), role) != roles.end();
        };
        // An empty list is every role of the organisation; the outside roles
        // only where named (options.proto).
        const bool outside = role == v1::ROLE_PUBLIC || role == v1::ROLE_EMPLOYEE;
        const bool may = permission->open ||
                         (permission->roles.empty() ? !outside || in(permission->outside_roles)
                                                    : in(permission->roles));
        grpc::Status s = Call(path, role);
        if (may) {
          ++allowed;
          EXPECT_NE(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << path << " as " << r;
          EXPECT_NE(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << path << " as " << r;
        } else {
          ++denied;
          EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << path << " as " << r;
          EXPECT_THAT(s.error_message(), ::testing::HasSubstr(method + " needs the role "));
        }
      }
    }
  }
  EXPECT_GT(allowed, 0);
  EXPECT_GT(denied, 0);
  EXPECT_EQ(Head(), 0u);  // empty requests are invalid; refusals of any kind write nothing
}

TEST_F(AuthorizationTest, AuditorsReadEverythingAndChangeNothing) {
  for (const char* name : kServices) {
    const auto* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    for (int i = 0; i < service->method_count(); ++i) {
      const auto* m = service->method(i);
      const bool changes = m->output_type()->full_name() == "budget.v1.CommandResponse" ||
                           service->full_name() == "budget.v1.AdminService";
      const Permission* p = Find(m->name());
      ASSERT_NE(p, nullptr);
      const bool auditor_may = p->roles.empty() || std::find(p->roles.begin(), p->roles.end(),
                                                             v1::ROLE_AUDITOR) != p->roles.end();
      EXPECT_EQ(auditor_may, !changes) << m->full_name();
    }
  }
}

}  // namespace
}  // namespace budget::testing
