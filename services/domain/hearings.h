#ifndef SERVICES_DOMAIN_HEARINGS_H_
#define SERVICES_DOMAIN_HEARINGS_H_

// Who has been heard (rule 7). One function answers "is it heard?", and every
// rule that needs it calls RequireHeard.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "budget/v1/hearing.pb.h"
#include "services/domain/state.h"

namespace budget {

// Whether `who` is the hearing body `body` itself: a hearing body principal
// for its own body, HMU for bodies/hmu. (The coordinator may record any
// body's response, but is not the body.)
bool IsBody(const v1::Principal& who, absl::string_view body);

// Open until the deadline or the coordinator's close.
v1::HearingState StateOf(const v1::Hearing& hearing, absl::Time now);

// The body's response on the proposal in this hearing, or null.
const v1::Response* FindResponse(const v1::Hearing& hearing, absl::string_view body,
                                 absl::string_view proposal);

// How far `body` has been heard on `proposal` in `hearing`, as of `now`.
v1::BodyHearingStatus StatusOf(const v1::Hearing& hearing, const v1::HearingBody& body,
                               const v1::Proposal& proposal, absl::Time now);

// A workplace counts as heard on a proposal when it responded, or when the
// deadline of a hearing on that proposal it was invited to has passed. Once
// the coordinator decided that the proposal must be heard again
// (REHEARING_NEEDED is the latest decision in one of its hearings), only the
// current version counts: a response on it, or the passed deadline of a
// hearing opened on it.
bool IsHeard(const RoundState& round, const v1::Proposal& proposal, absl::string_view workplace,
             absl::Time now);

// The workplaces of `proposal` that IsHeard says are not heard, in its order.
std::vector<std::string> WorkplacesNotHeard(const RoundState& round, const v1::Proposal& proposal,
                                            absl::Time now);

// Rule 7: OK when every workplace the proposal concerns is heard; otherwise
// FailedPrecondition naming the first workplace that is not.
absl::Status RequireHeard(const RoundState& round, const v1::Proposal& proposal, absl::Time now);

// Every body's status on `proposal` across its hearings, for the proposal view.
void FillHearingStatus(const RoundState& round, v1::Proposal* proposal, absl::Time now);

}  // namespace budget

#endif  // SERVICES_DOMAIN_HEARINGS_H_
