#ifndef SERVICES_DOMAIN_TRIALS_H_
#define SERVICES_DOMAIN_TRIALS_H_

// Trial actions (seeds 001, 002): lookups the deciders and appliers share,
// and the reads of TrialService. Pure.

#include "absl/status/statusor.h"
#include "budget/v1/process_service.pb.h"
#include "budget/v1/trial_service.pb.h"
#include "services/domain/state.h"

namespace budget {

// A programme by name ("programmes/{id}"); NotFound or InvalidArgument naming `field`.
absl::StatusOr<const internal::ProgrammeState*> RequireProgramme(const State& s,
                                                                 absl::string_view name,
                                                                 absl::string_view field);

struct TrialRef {
  const internal::ProgrammeState* programme;
  const v1::Trial* trial;
};
// A trial by name ("programmes/{id}/trials/T-0001").
absl::StatusOr<TrialRef> RequireTrial(const State& s, absl::string_view name,
                                      absl::string_view field);

// For appliers: null when missing (a corrupt log; the event is skipped).
internal::ProgrammeState* MutableProgramme(State& s, absl::string_view name);
v1::Trial* MutableTrial(State& s, absl::string_view name);

// The programme's trials in number order.
std::vector<const v1::Trial*> TrialsOf(const internal::ProgrammeState& programme);
// Every programme, in id order.
std::vector<const internal::ProgrammeState*> Programmes(const State& s);

absl::StatusOr<v1::TrialProgramme> GetTrialProgramme(const State& s,
                                                     const v1::GetTrialProgrammeRequest& r,
                                                     absl::Time now);
absl::StatusOr<v1::Trial> GetTrial(const State& s, const v1::GetTrialRequest& r, absl::Time now);
// The catalogue, filtered; discarded and not-run trials are kept.
absl::StatusOr<v1::ListTrialsResponse> ListTrials(const State& s, const v1::ListTrialsRequest& r,
                                                  absl::Time now);

// Adds every programme and trial of `s` to `out`.
void AddTrials(const State& s, v1::ProcessesState* out);

}  // namespace budget

#endif  // SERVICES_DOMAIN_TRIALS_H_
