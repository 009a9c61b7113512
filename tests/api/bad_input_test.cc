// Bad input over the wire, table-driven: every case gets its exact status,
// names the offending field (or rule), and leaves the log head where it was.
#include <functional>

#include "absl/strings/str_cat.h"
#include "budget/v1/admin_service.grpc.pb.h"
#include "budget/v1/adoption_service.grpc.pb.h"
#include "budget/v1/audit_service.grpc.pb.h"
#include "budget/v1/hearing_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/generic/generic_stub.h"
#include "services/domain/time_util.h"
#include "services/domain/validate.h"
#include "tests/api/bad_input_cases.h"
#include "tests/api/raw_call.h"
#include "tests/api/server_fixture.h"

namespace budget::testing {
namespace {

using ::testing::HasSubstr;

class BadInputTest : public ServerTest {
 protected:
  void SetUp() override {
    StartServer();
    stub_ = std::make_unique<grpc::GenericStub>(channel_);
    // A round open for submissions, with one committee and one proposal.
    clock_.Set(At(2022, 10, 1));
    for (const SetupCall& c : BadInputSetup()) Ok(c.method, c.request, c.role);
  }

  // Without a token when `role` is ROLE_UNSPECIFIED.
  grpc::Status Call(const std::string& method, const std::string& bytes, v1::Role role) {
    return RawUnaryCall(*stub_, method, bytes, role != v1::ROLE_UNSPECIFIED ? TokenFor(role) : "");
  }
  void Ok(const std::string& method, const std::string& bytes, v1::Role role) {
    grpc::Status s = Call(method, bytes, role);
    ASSERT_TRUE(s.ok()) << method << ": " << s.error_message();
  }

  std::unique_ptr<grpc::GenericStub> stub_;
};

TEST_F(BadInputTest, EveryCaseHasItsStatusNamesItsFieldAndWritesNothing) {
  for (const BadInputCase& c : BadInputCases()) {
    const uint64_t head = Head();
    grpc::Status s = Call(c.method, c.request(), c.role);
    EXPECT_EQ(s.error_code(), c.code) << c.name << ": " << s.error_message();
    google::rpc::BadRequest bad;
    if (c.code == grpc::StatusCode::INVALID_ARGUMENT && UnpackDetail(s, &bad)) {
      bool named = false;
      for (const auto& v : bad.field_violations()) named |= v.field() == c.field_or_message;
      EXPECT_TRUE(named) << c.name << ": " << bad.DebugString();
    } else {
      EXPECT_THAT(s.error_message(), HasSubstr(c.field_or_message)) << c.name;
    }
    EXPECT_EQ(Head(), head) << c.name << " moved the log";
  }
}

TEST_F(BadInputTest, TheLargestValidRequestFitsAndAnythingFarLargerIsRefusedOnArrival) {
  // RecordReading with every field at its limit, in 4-byte characters: the
  // largest request validation accepts (docs/reliability.md).
  v1::RecordReadingRequest reading;
  reading.set_request_id(std::string(kMaxRequestIdChars, 'r'));
  reading.set_round(kRound);
  reading.set_kind(v1::READING_FIRST_FINANCE_COMMITTEE);
  *reading.mutable_date() = MakeDate(2023, 8, 11);
  std::string wide;
  for (size_t i = 0; i < kMaxTextChars; ++i) wide += "\U0001F4B0";
  reading.set_outcome(wide);
  for (int i = 0; i < kMaxReferences; ++i) {
    auto* a = reading.add_amendments();
    a->set_subject("rounds/2024/proposals/P-0001");
    a->set_amount_kr(-kMaxAmountKr);
    a->set_description(wide.substr(0, 4 * kMaxReasonChars));
  }
  const std::string largest = reading.SerializeAsString();
  EXPECT_GT(largest.size(), 1'600'000u);
  EXPECT_LT(largest.size(), static_cast<size_t>(ServerOptions().max_request_bytes));
  Ok("/budget.v1.AdoptionService/RecordReading", largest, v1::ROLE_FINANCE_COMMITTEE);

  // 3 MiB, from a stranger without a token: refused by the transport as it
  // arrives, before authentication (it used to be read whole and answered
  // UNAUTHENTICATED), and nothing is written.
  const uint64_t head = Head();
  v1::SubmitProposalRequest big;
  big.set_request_id("big");
  big.set_parent(kRound);
  GoodContent(big.mutable_content());
  big.mutable_content()->set_description(std::string(3 << 20, 'd'));
  for (v1::Role role : {v1::ROLE_UNSPECIFIED, v1::ROLE_CASE_WORKER}) {
    EXPECT_EQ(Call("/budget.v1.ProposalService/SubmitProposal", big.SerializeAsString(), role)
                  .error_code(),
              grpc::StatusCode::RESOURCE_EXHAUSTED);
  }
  EXPECT_EQ(Head(), head);
}

TEST_F(BadInputTest, ServerLimits) {
  const uint64_t head = Head();
  // Larger than the request limit: refused by the transport.
  v1::SubmitProposalRequest big;
  big.set_request_id("big");
  big.set_parent(kRound);
  GoodContent(big.mutable_content());
  big.mutable_content()->set_description(std::string(5 << 20, 'd'));
  EXPECT_EQ(Call("/budget.v1.ProposalService/SubmitProposal", big.SerializeAsString(),
                 v1::ROLE_CASE_WORKER)
                .error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  // Invalid UTF-8 in a string field never reaches the domain: the adapter's
  // parse refuses it (refusal_test checks the field it names).
  v1::CreateRoundRequest r;
  r.set_request_id("utf8");
  r.set_round_id("r9");
  r.set_municipality("M");
  r.set_budget_year(2024);
  std::string bytes = r.SerializeAsString();
  bytes[bytes.find('M')] = '\xff';
  EXPECT_EQ(Call("/budget.v1.RoundService/CreateRound", bytes, v1::ROLE_COORDINATOR).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  // Page sizes above 1000 are served as 1000 (AIP-158).
  v1::ListRoundsRequest list;
  list.set_page_size(100000);
  EXPECT_TRUE(
      Call("/budget.v1.RoundService/ListRounds", list.SerializeAsString(), v1::ROLE_AUDITOR).ok());
  EXPECT_EQ(Head(), head);
}

}  // namespace
}  // namespace budget::testing
