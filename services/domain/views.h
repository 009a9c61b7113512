#ifndef SERVICES_DOMAIN_VIEWS_H_
#define SERVICES_DOMAIN_VIEWS_H_

// Read models: what Get/List calls and command answers show, built from the
// projection at a given time (gates depend on it). Pure.

#include "absl/status/statusor.h"
#include "budget/v1/adoption_service.pb.h"
#include "budget/v1/hearing_service.pb.h"
#include "budget/v1/mutation.pb.h"
#include "budget/v1/proposal_service.pb.h"
#include "budget/v1/round_service.pb.h"
#include "services/domain/decide.h"
#include "services/domain/state.h"

namespace budget {

inline constexpr int kDefaultPageSize = 100;
inline constexpr int kMaxPageSize = 1000;
// A page also ends before the item that would take it past this many bytes
// (serialized), so a page of maximum-size proposals or events stays far
// below the 4 MiB message limit. A page always holds at least one item.
inline constexpr size_t kMaxPageBytes = 1 << 20;

// A request's page_size as served: 0 means kDefaultPageSize, more than
// kMaxPageSize means kMaxPageSize; negative is INVALID_ARGUMENT.
absl::StatusOr<int> PageSize(int requested);

// Counts what a page holds, by items and by bytes. Not thread-safe.
class PageBudget {
 public:
  explicit PageBudget(int max_items) : max_items_(max_items) {}
  // True when `item` may join the page (it is then counted); false when the
  // page is full and `item` starts the next one.
  bool Take(const google::protobuf::Message& item) {
    const size_t bytes = item.ByteSizeLong();
    if (items_ == max_items_ || (items_ > 0 && bytes_ + bytes > kMaxPageBytes)) return false;
    ++items_;
    bytes_ += bytes;
    return true;
  }

 private:
  const int max_items_;
  int items_ = 0;
  size_t bytes_ = 0;
};

v1::Round RoundView(const RoundState& round, absl::Time now);
v1::Proposal ProposalView(const RoundState& round, const v1::Proposal& proposal, absl::Time now);

absl::StatusOr<v1::Round> GetRound(const State& s, const v1::GetRoundRequest& r, absl::Time now);
absl::StatusOr<v1::ListRoundsResponse> ListRounds(const State& s, const v1::ListRoundsRequest& r,
                                                  absl::Time now);
absl::StatusOr<v1::Proposal> GetProposal(const State& s, const v1::GetProposalRequest& r,
                                         absl::Time now);
// Proposals in id order, filtered; total_size counts every match.
absl::StatusOr<v1::ListProposalsResponse> ListProposals(const State& s,
                                                        const v1::ListProposalsRequest& r,
                                                        absl::Time now);

v1::Hearing HearingView(const v1::Hearing& hearing, absl::Time now);
absl::StatusOr<v1::Hearing> GetHearing(const State& s, const v1::GetHearingRequest& r,
                                       absl::Time now);
// Hearings in id order, optionally only those on one proposal.
absl::StatusOr<v1::ListHearingsResponse> ListHearings(const State& s,
                                                      const v1::ListHearingsRequest& r,
                                                      absl::Time now);
// Meetings, questions, information given and waivers of a round, in order.
absl::StatusOr<v1::ListMeetingsResponse> ListMeetings(const State& s,
                                                      const v1::ListMeetingsRequest& r,
                                                      absl::Time now);

// A round's suggestions in id order, those `reader` may see (visibility.h:
// an employee its own), optionally of one status.
absl::StatusOr<v1::ListSuggestionsResponse> ListSuggestions(const State& s,
                                                            const v1::ListSuggestionsRequest& r,
                                                            const v1::Principal& reader,
                                                            absl::Time now);

absl::StatusOr<v1::Expansion> GetExpansion(const State& s, const v1::GetExpansionRequest& r,
                                           absl::Time now);
// Expansions in id order, optionally one committee's.
absl::StatusOr<v1::ListExpansionsResponse> ListExpansions(const State& s,
                                                          const v1::ListExpansionsRequest& r,
                                                          absl::Time now);

// The answer to a command about `subject`: the resource of its kind, as it is
// in `s` (after the decision's events); empty if it is not there.
v1::CommandResponse ResponseFor(const State& s, const Subject& subject, absl::Time now);

}  // namespace budget

#endif  // SERVICES_DOMAIN_VIEWS_H_
