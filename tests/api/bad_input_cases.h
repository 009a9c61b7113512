#ifndef TESTS_API_BAD_INPUT_CASES_H_
#define TESTS_API_BAD_INPUT_CASES_H_

// The bad-input table: requests every transport must refuse the same way
// (the gRPC port in tests/api, the Connect protocol in tests/http).

#include <functional>
#include <string>
#include <vector>

#include "budget/v1/common.pb.h"
#include "budget/v1/proposal.pb.h"
#include "grpcpp/support/status.h"

namespace budget::testing {

inline constexpr char kRound[] = "rounds/2024";
inline constexpr char kSocial[] = "rounds/2024/committees/socialudvalget";

// A proposal's content that passes validation in the set-up round.
void GoodContent(v1::ProposalContent* c);

// A call the cases need made first, in order, at 2022-10-01.
struct SetupCall {
  std::string method;   // "/budget.v1.RoundService/CreateRound"
  std::string request;  // serialized
  v1::Role role;
};
// kRound on the strategy-2024 template, its committee socialudvalget, and
// one proposal (request id "setup-proposal").
std::vector<SetupCall> BadInputSetup();

struct BadInputCase {
  std::string name;
  std::string method;                    // "/budget.v1.RoundService/CreateRound"
  std::function<std::string()> request;  // serialized request
  v1::Role role;                         // ROLE_UNSPECIFIED: no token
  grpc::StatusCode code;
  std::string field_or_message;  // a BadRequest field, or a message substring
};
// Each refused with `code`, naming the field (INVALID_ARGUMENT with a
// BadRequest) or with the message substring, writing nothing.
std::vector<BadInputCase> BadInputCases();

}  // namespace budget::testing

#endif  // TESTS_API_BAD_INPUT_CASES_H_
