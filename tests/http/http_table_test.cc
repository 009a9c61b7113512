// The tables the gRPC tests run, run again over HTTP: the bad-input table,
// the role × RPC matrix, and every method gRPC reflection lists.
#include <filesystem>

#include "absl/algorithm/container.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/unknown_field_set.h"
#include "grpcpp/generic/generic_stub.h"
#include "services/api/authorization.h"
#include "services/http/connect.h"
#include "tests/api/bad_input_cases.h"
#include "tests/http/http_fixture.h"

namespace budget::testing {
namespace {

using google::protobuf::MethodDescriptor;
using ::testing::HasSubstr;

// The method "/pkg.Service/Method" names.
const MethodDescriptor* MethodOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  const auto* service = google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
      path.substr(1, slash - 1));
  return service == nullptr ? nullptr : service->FindMethodByName(path.substr(slash + 1));
}

// What one call over HTTP came to.
struct Outcome {
  int http = 0;
  std::string code;  // Connect code; "" for success
  nlohmann::json error;
};

class HttpTableTest : public HttpTest {
 protected:
  // Calls `method` over HTTP with the binary `request` sent as JSON, as
  // `role` (ROLE_UNSPECIFIED: no token). Streams end after `stream_ms`.
  Outcome Call(const MethodDescriptor* method, const std::string& request, v1::Role role,
               int stream_ms = 300) {
    absl::StatusOr<std::string> json =
        http::FromBinary(method->input_type(), http::Codec::kJson, request);
    EXPECT_TRUE(json.ok()) << json.status();
    const std::string procedure = absl::StrCat(method->service()->full_name(), "/", method->name());
    const std::optional<v1::Role> who =
        role == v1::ROLE_UNSPECIFIED ? std::nullopt : std::optional<v1::Role>(role);
    Outcome out;
    if (method->server_streaming()) {
      StreamResult r =
          Stream(procedure, *json, who, {{"Connect-Timeout-Ms", absl::StrCat(stream_ms)}});
      out.http = r.status;
      if (!r.frames.empty() && r.frames.back().flags == http::kFlagEndStream) {
        nlohmann::json end = nlohmann::json::parse(r.frames.back().payload);
        if (end.contains("error")) out.error = end["error"];
      } else if (!r.body.empty()) {
        out.error = nlohmann::json::parse(r.body, nullptr, false);
      }
    } else {
      httplib::Result r = Post(procedure, *json, who);
      EXPECT_TRUE(r) << procedure;
      if (!r) return out;
      out.http = r->status;
      if (r->status != 200) out.error = Json(r);
    }
    if (out.error.is_object()) out.code = out.error.value("code", "?");
    return out;
  }
};

TEST_F(HttpTableTest, EveryBadInputIsRefusedAsOverGrpc) {
  clock_.Set(At(2022, 10, 1));
  for (const SetupCall& c : BadInputSetup()) {
    ASSERT_EQ(Call(MethodOf(c.method), c.request, c.role).code, "") << c.method;
  }
  for (const BadInputCase& c : BadInputCases()) {
    const uint64_t head = Head();
    const Outcome out = Call(MethodOf(c.method), c.request(), c.role);
    EXPECT_EQ(out.http, http::HttpStatus(c.code)) << c.name;
    EXPECT_EQ(out.code, http::CodeName(c.code)) << c.name << ": " << out.error.dump();
    // The field, in the BadRequest detail (as JSON in "debug"), or the message.
    bool named = false;
    for (const nlohmann::json& d : out.error.value("details", nlohmann::json::array())) {
      if (d.value("type", "") != "google.rpc.BadRequest") continue;
      for (const nlohmann::json& v : d["debug"].value("fieldViolations", nlohmann::json::array())) {
        named |= v.value("field", "") == c.field_or_message;
      }
    }
    EXPECT_TRUE(named || absl::StrContains(out.error.value("message", ""), c.field_or_message))
        << c.name << ": " << out.error.dump();
    EXPECT_EQ(Head(), head) << c.name << " moved the log";
  }
}

TEST_F(HttpTableTest, EveryServiceRoundTripsInJsonAndInProto) {
  clock_.Set(At(2022, 10, 1));
  for (const SetupCall& c : BadInputSetup()) {
    ASSERT_EQ(Call(MethodOf(c.method), c.request, c.role).code, "") << c.method;
  }
  struct Probe {
    std::string method;
    v1::Role role;
    std::string json;  // "$encoding" becomes "json" or "proto"
  };
  const std::string backup = dir_.Sub("backup-");
  const std::vector<Probe> probes = {
      {"/budget.v1.RoundService/GetRound", v1::ROLE_AUDITOR, R"({"name": "rounds/2024"})"},
      {"/budget.v1.ProposalService/ListProposals", v1::ROLE_AUDITOR,
       R"({"parent": "rounds/2024"})"},
      {"/budget.v1.CommitteeService/ClaimProposal", v1::ROLE_COMMITTEE,
       R"({"requestId": "claim", "proposal": "rounds/2024/proposals/P-0001",
           "committee": "rounds/2024/committees/socialudvalget"})"},
      {"/budget.v1.CouncilService/SelectFromPool", v1::ROLE_FINANCE_COMMITTEE,
       R"({"requestId": "select", "proposal": "rounds/2024/proposals/P-0001"})"},
      {"/budget.v1.HearingService/ListHearings", v1::ROLE_AUDITOR, R"({"round": "rounds/2024"})"},
      {"/budget.v1.MeetingService/ListMeetings", v1::ROLE_AUDITOR, R"({"round": "rounds/2024"})"},
      {"/budget.v1.ExpansionService/ListExpansions", v1::ROLE_AUDITOR,
       R"({"round": "rounds/2024"})"},
      {"/budget.v1.AdoptionService/RecordSeminar", v1::ROLE_COORDINATOR,
       R"({"requestId": "seminar", "round": "rounds/2024",
           "firstDay": {"year": 2023, "month": 3, "day": 1},
           "lastDay": {"year": 2023, "month": 3, "day": 2}, "participants": ["Byrådet"]})"},
      {"/budget.v1.AdminService/Backup", v1::ROLE_ADMINISTRATOR,
       absl::StrCat(R"({"dir": ")", backup, R"($encoding"})")},
      {"/budget.v1.AuditService/VerifyChain", v1::ROLE_AUDITOR, "{}"},
      {"/budget.v1.SignInService/WhoAmI", v1::ROLE_AUDITOR, "{}"},
  };
  for (const Probe& p : probes) {
    const MethodDescriptor* m = MethodOf(p.method);
    ASSERT_NE(m, nullptr) << p.method;
    const std::string procedure = p.method.substr(1);
    // JSON: the answer is the method's output type, or a refusal by a rule
    // (PreconditionFailure) — either way the request reached the service
    // whole.
    httplib::Result json =
        Post(procedure, absl::StrReplaceAll(p.json, {{"$encoding", "json"}}), p.role);
    ASSERT_TRUE(json) << p.method;
    if (json->status == 200) {
      EXPECT_TRUE(http::ToBinary(m->output_type(), http::Codec::kJson, json->body).ok())
          << p.method << ": " << json->body;
    } else {
      EXPECT_EQ(Json(json)["code"], "failed_precondition") << p.method << ": " << json->body;
      EXPECT_EQ(Json(json)["details"][0]["type"], "google.rpc.PreconditionFailure") << p.method;
    }
    // Proto: the same request in binary gets the same answer in binary.
    absl::StatusOr<std::string> binary = http::ToBinary(
        m->input_type(), http::Codec::kJson, absl::StrReplaceAll(p.json, {{"$encoding", "proto"}}));
    ASSERT_TRUE(binary.ok()) << binary.status();
    httplib::Result proto = Post(procedure, *binary, p.role, "application/proto");
    ASSERT_TRUE(proto) << p.method;
    EXPECT_EQ(proto->status, json->status) << p.method << ": " << proto->body;
    if (proto->status == 200) {
      EXPECT_EQ(proto->get_header_value("Content-Type"), "application/proto");
      absl::StatusOr<std::string> as_json =
          http::FromBinary(m->output_type(), http::Codec::kJson, proto->body);
      EXPECT_TRUE(as_json.ok()) << p.method;
    }
  }
  EXPECT_TRUE(std::filesystem::exists(backup + "json"));
  EXPECT_TRUE(std::filesystem::exists(backup + "proto"));
}

// The services gRPC reflection lists, and their methods.
std::vector<const MethodDescriptor*> ReflectedMethods(
    const std::shared_ptr<grpc::Channel>& channel) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::CompletionQueue cq;
  auto call =
      stub.PrepareCall(&ctx, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", &cq);
  void* tag;
  bool ok;
  call->StartCall(reinterpret_cast<void*>(1));
  cq.Next(&tag, &ok);
  grpc::Slice list("\x3a\x00", 2);  // list_services: ""
  call->Write(grpc::ByteBuffer(&list, 1), reinterpret_cast<void*>(2));
  cq.Next(&tag, &ok);
  call->WritesDone(reinterpret_cast<void*>(3));
  cq.Next(&tag, &ok);
  grpc::ByteBuffer answer;
  call->Read(&answer, reinterpret_cast<void*>(4));
  cq.Next(&tag, &ok);
  grpc::Status status;
  call->Finish(&status, reinterpret_cast<void*>(5));
  cq.Next(&tag, &ok);
  std::vector<grpc::Slice> slices;
  (void)answer.Dump(&slices);
  std::string bytes;
  for (const grpc::Slice& s : slices)
    bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  // ServerReflectionResponse.list_services_response (6) { service (1) { name (1) } }.
  std::vector<const MethodDescriptor*> methods;
  google::protobuf::UnknownFieldSet response, services;
  if (!response.ParseFromString(bytes)) return methods;
  for (int i = 0; i < response.field_count(); ++i) {
    if (response.field(i).number() != 6) continue;
    services.ParseFromString(response.field(i).length_delimited());
  }
  for (int i = 0; i < services.field_count(); ++i) {
    google::protobuf::UnknownFieldSet service;
    service.ParseFromString(services.field(i).length_delimited());
    const std::string name = service.field(0).length_delimited();
    if (!absl::StartsWith(name, "budget.v1.")) continue;  // health, reflection: gRPC's own
    const auto* s = google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    EXPECT_NE(s, nullptr) << name;
    for (int m = 0; s != nullptr && m < s->method_count(); ++m) methods.push_back(s->method(m));
  }
  return methods;
}

TEST_F(HttpTableTest, EveryReflectedMethodIsReachable) {
  const std::vector<const MethodDescriptor*> methods = ReflectedMethods(channel_);
  EXPECT_GT(methods.size(), 50u);
  for (const MethodDescriptor* m : methods) {
    // Without credentials: refused by authentication (or answered, for the
    // open ones), never "no such procedure".
    const Outcome out = Call(m, "", v1::ROLE_UNSPECIFIED);
    EXPECT_NE(out.http, 404) << m->full_name();
    EXPECT_TRUE(out.code == "unauthenticated" || out.code == "")
        << m->full_name() << ": " << out.code;
  }
}

TEST_F(HttpTableTest, TheRoleMatrixHoldsOverHttp) {
  int allowed = 0, denied = 0;
  for (const MethodDescriptor* m : ReflectedMethods(channel_)) {
    const Permission* permission = nullptr;
    for (const Permission& p : Permissions()) {
      if (p.method == m->name()) permission = &p;
    }
    ASSERT_NE(permission, nullptr) << m->full_name();
    for (int r = v1::ROLE_CASE_WORKER; r <= v1::ROLE_ADMINISTRATOR; ++r) {
      const auto role = static_cast<v1::Role>(r);
      const bool may = permission->roles.empty() || absl::c_linear_search(permission->roles, role);
      const Outcome out = Call(m, "", role, 100);
      if (may) {
        ++allowed;
        EXPECT_NE(out.code, "permission_denied") << m->full_name() << " as " << r;
        EXPECT_NE(out.code, "unauthenticated") << m->full_name() << " as " << r;
      } else {
        ++denied;
        // A stream is refused in its end-of-stream message.
        EXPECT_EQ(out.http, m->server_streaming() ? 200 : 403) << m->full_name() << " as " << r;
        EXPECT_EQ(out.code, "permission_denied") << m->full_name() << " as " << r;
        EXPECT_THAT(out.error.value("message", ""), HasSubstr(m->name() + " needs the role"));
      }
    }
  }
  EXPECT_GT(allowed, 0);
  EXPECT_GT(denied, 0);
  EXPECT_EQ(Head(), 0u);  // empty requests are invalid; refusals write nothing
}

}  // namespace
}  // namespace budget::testing
