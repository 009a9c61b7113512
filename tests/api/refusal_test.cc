// Refusals over the wire (issue 17, points 7, 12 and 15): unknown fields and
// invalid UTF-8 are INVALID_ARGUMENT naming the field, and every refusal
// carries its google.rpc detail. Each leaves the log where it was.
#include "absl/strings/str_cat.h"
#include "budget/v1/admin_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/generic/generic_stub.h"
#include "services/domain/time_util.h"
#include "tests/api/raw_call.h"
#include "tests/api/server_fixture.h"

namespace budget::testing {
namespace {

using ::testing::HasSubstr;

class RefusalTest : public ServerTest {
 protected:
  void SetUp() override {
    StartServer();
    OpenRound2024();
    stub_ = std::make_unique<grpc::GenericStub>(channel_);
  }

  // Calls `method` with raw request bytes, as `role` (no token without one).
  grpc::Status Call(const std::string& method, const std::string& bytes,
                    std::optional<v1::Role> role) {
    return RawUnaryCall(*stub_, method, bytes, role.has_value() ? TokenFor(*role) : "");
  }

  static v1::SubmitProposalRequest Proposal(const std::string& request_id) {
    v1::SubmitProposalRequest r;
    r.set_request_id(request_id);
    r.set_parent("rounds/2024");
    v1::ProposalContent* c = r.mutable_content();
    c->set_title("Et forslag");
    c->set_category(v1::CATEGORY_VACANCIES);
    c->add_committees("rounds/2024/committees/socialudvalget");
    *c->mutable_implementation_start() = MakeDate(2024, 1, 1);
    c->set_submitter_kind(v1::SUBMITTER_ADMINISTRATION);
    return r;
  }

  static std::string BadField(const grpc::Status& s) {
    google::rpc::BadRequest bad;
    if (!UnpackDetail(s, &bad) || bad.field_violations().empty()) return "";
    return bad.field_violations(0).field();
  }

  std::unique_ptr<grpc::GenericStub> stub_;
};

constexpr char kSubmit[] = "/budget.v1.ProposalService/SubmitProposal";

// 17.7: a field this server does not know is refused, not stored; the
// refusal names its number and where it sits.
TEST_F(RefusalTest, UnknownFieldsAreRefusedNamingTheFieldNumber) {
  const uint64_t head = Head();
  v1::SubmitProposalRequest r = Proposal("unknown-top");
  r.GetReflection()->MutableUnknownFields(&r)->AddLengthDelimited(999, std::string(1 << 20, 'x'));
  grpc::Status s = Call(kSubmit, r.SerializeAsString(), v1::ROLE_CASE_WORKER);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_EQ(BadField(s), "#999");
  EXPECT_THAT(s.error_message(), HasSubstr("field number 999"));

  v1::SubmitProposalRequest nested = Proposal("unknown-nested");
  auto* content = nested.mutable_content();
  content->GetReflection()->MutableUnknownFields(content)->AddVarint(77, 1);
  s = Call(kSubmit, nested.SerializeAsString(), v1::ROLE_CASE_WORKER);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_EQ(BadField(s), "content.#77");

  v1::SubmitProposalRequest in_a_list = Proposal("unknown-in-a-list");
  v1::YearAmount* effect = in_a_list.mutable_content()->add_effects();
  effect->set_year(2026);
  effect->GetReflection()->MutableUnknownFields(effect)->AddFixed32(50, 3);
  s = Call(kSubmit, in_a_list.SerializeAsString(), v1::ROLE_CASE_WORKER);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_THAT(BadField(s), ::testing::MatchesRegex(R"(content\.effects\[[0-9]+\]\.#50)"));

  // Reads refuse them the same way.
  v1::GetRoundRequest get;
  get.set_name("rounds/2024");
  get.GetReflection()->MutableUnknownFields(&get)->AddVarint(5, 1);
  s = Call("/budget.v1.RoundService/GetRound", get.SerializeAsString(), v1::ROLE_AUDITOR);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Head(), head);
  // The same request without them is accepted.
  EXPECT_TRUE(Call(kSubmit, Proposal("known").SerializeAsString(), v1::ROLE_CASE_WORKER).ok());
}

// 17.12: invalid UTF-8 is INVALID_ARGUMENT naming the field, as the README says.
TEST_F(RefusalTest, InvalidUtf8IsInvalidArgumentNamingTheField) {
  const uint64_t head = Head();
  v1::SubmitProposalRequest r = Proposal("utf8");
  r.mutable_content()->set_title("Et forslag \x01");
  std::string bytes = r.SerializeAsString();
  bytes[bytes.find('\x01')] = '\xff';
  grpc::Status s = Call(kSubmit, bytes, v1::ROLE_CASE_WORKER);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_EQ(BadField(s), "content.title");
  EXPECT_THAT(s.error_message(), HasSubstr("UTF-8"));
  // Bytes that are no message at all.
  s = Call(kSubmit, std::string("\xff\xff\xff", 3), v1::ROLE_CASE_WORKER);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_EQ(Head(), head);
}

google::rpc::ErrorInfo InfoOf(const grpc::Status& s) {
  google::rpc::ErrorInfo info;
  EXPECT_TRUE(UnpackDetail(s, &info)) << s.error_message();
  return info;
}

// 17.15: each refusal carries the detail the README promises.
TEST_F(RefusalTest, RefusalsCarryTheirDetails) {
  const uint64_t head = Head();
  const std::string submit = Proposal("as-council").SerializeAsString();

  grpc::Status s = Call(kSubmit, submit, std::nullopt);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  google::rpc::ErrorInfo info = InfoOf(s);
  EXPECT_EQ(info.reason(), "UNAUTHENTICATED");
  EXPECT_EQ(info.metadata().at("method"), "SubmitProposal");
  EXPECT_EQ(info.metadata().at("required_roles"), "case_worker,coordinator,hmu");

  s = Call(kSubmit, submit, v1::ROLE_COUNCIL);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  info = InfoOf(s);
  EXPECT_EQ(info.reason(), "ROLE_REQUIRED");
  EXPECT_EQ(info.metadata().at("required_roles"), "case_worker,coordinator,hmu");

  // The domain's own role rule (submitting as HMU) says the same way.
  v1::SubmitProposalRequest as_hmu = Proposal("as-hmu");
  as_hmu.mutable_content()->set_submitter_kind(v1::SUBMITTER_HMU);
  s = Call(kSubmit, as_hmu.SerializeAsString(), v1::ROLE_CASE_WORKER);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(InfoOf(s).reason(), "ROLE_REQUIRED");

  // ALREADY_EXISTS names what exists.
  v1::CreateRoundRequest round;
  round.set_request_id("again");
  round.set_round_id("2024");
  round.set_municipality("Næstved Kommune");
  round.set_budget_year(2024);
  s = Call("/budget.v1.RoundService/CreateRound", round.SerializeAsString(), v1::ROLE_COORDINATOR);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  info = InfoOf(s);
  EXPECT_EQ(info.reason(), "ALREADY_EXISTS");
  EXPECT_EQ(info.metadata().at("resource"), "rounds/2024");

  // SetClock on the real clock: a PreconditionFailure.
  v1::SetClockRequest clock;
  *clock.mutable_now() = ToProto(At(2023, 1, 1));
  s = Call("/budget.v1.AdminService/SetClock", clock.SerializeAsString(), v1::ROLE_ADMINISTRATOR);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  google::rpc::PreconditionFailure failure;
  ASSERT_TRUE(UnpackDetail(s, &failure)) << s.error_message();
  EXPECT_EQ(failure.violations(0).type(), "REAL_CLOCK");
  EXPECT_EQ(Head(), head);

  // ABORTED for a stale version names the current one.
  v1::CommandResponse resp;
  ASSERT_TRUE(
      proposals_->SubmitProposal(As(v1::ROLE_CASE_WORKER).get(), Proposal("p1"), &resp).ok());
  v1::AmendProposalRequest amend;
  amend.set_request_id("stale");
  amend.set_name(resp.proposal().name());
  amend.set_expected_version(7);
  amend.mutable_update_mask()->add_paths("title");
  amend.mutable_content()->set_title("Nyt navn");
  const uint64_t before_amend = Head();
  s = Call("/budget.v1.ProposalService/AmendProposal", amend.SerializeAsString(),
           v1::ROLE_CASE_WORKER);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED) << s.error_message();
  info = InfoOf(s);
  EXPECT_EQ(info.reason(), "STALE_VERSION");
  EXPECT_EQ(info.metadata().at("current_version"), "1");
  EXPECT_EQ(info.metadata().at("expected_version"), "7");
  EXPECT_EQ(Head(), before_amend);

  // ALREADY_EXISTS for a request id used before for another request names it.
  v1::SubmitProposalRequest other = Proposal("p1");
  other.mutable_content()->set_title("Et andet forslag");
  s = Call(kSubmit, other.SerializeAsString(), v1::ROLE_CASE_WORKER);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS) << s.error_message();
  info = InfoOf(s);
  EXPECT_EQ(info.reason(), "REQUEST_ID_REUSED");
  EXPECT_EQ(info.metadata().at("request_id"), "p1");
  EXPECT_EQ(Head(), before_amend);
}

}  // namespace
}  // namespace budget::testing
