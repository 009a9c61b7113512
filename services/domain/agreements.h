#ifndef SERVICES_DOMAIN_AGREEMENTS_H_
#define SERVICES_DOMAIN_AGREEMENTS_H_

// Development agreements, dialogue meetings and committee cases (seed 003):
// lookups the deciders and appliers share, and the reads of
// AgreementService and DialogueService. Pure.

#include <vector>

#include "absl/status/statusor.h"
#include "budget/v1/agreement_service.pb.h"
#include "budget/v1/process_service.pb.h"
#include "services/domain/state.h"

namespace budget {

inline constexpr absl::string_view kAgreements = "agreements";
inline constexpr absl::string_view kDialogueMeetings = "dialogue-meetings";
inline constexpr absl::string_view kCommitteeCases = "committee-cases";
inline constexpr absl::string_view kCommitteeNames = "committees";

// By name ("agreements/A-0001", ...); NotFound or InvalidArgument naming `field`.
absl::StatusOr<const v1::DevelopmentAgreement*> RequireAgreement(const State& s,
                                                                 absl::string_view name,
                                                                 absl::string_view field);
absl::StatusOr<const v1::DialogueMeeting*> RequireDialogueMeeting(const State& s,
                                                                  absl::string_view name,
                                                                  absl::string_view field);

// For appliers: null when missing (a corrupt log; the event is skipped).
v1::DevelopmentAgreement* MutableAgreement(State& s, absl::string_view name);
v1::DialogueMeeting* MutableDialogueMeeting(State& s, absl::string_view name);

absl::StatusOr<v1::DevelopmentAgreement> GetAgreement(const State& s,
                                                      const v1::GetAgreementRequest& r,
                                                      absl::Time now);
absl::StatusOr<v1::ListAgreementsResponse> ListAgreements(const State& s,
                                                          const v1::ListAgreementsRequest& r,
                                                          absl::Time now);
// The committee's meetings of the year, and its workplaces (planned in any
// year, or with an agreement) without a held meeting that year.
absl::StatusOr<v1::DialogueYear> GetDialogueYear(const State& s,
                                                 const v1::GetDialogueYearRequest& r,
                                                 absl::Time now);
absl::StatusOr<v1::ListCommitteeCasesResponse> ListCommitteeCases(
    const State& s, const v1::ListCommitteeCasesRequest& r, absl::Time now);

// Adds every agreement, dialogue meeting and committee case of `s` to `out`.
void AddAgreements(const State& s, v1::ProcessesState* out);

}  // namespace budget

#endif  // SERVICES_DOMAIN_AGREEMENTS_H_
