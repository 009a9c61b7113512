#ifndef SERVICES_DOMAIN_TIMELINE_H_
#define SERVICES_DOMAIN_TIMELINE_H_

// The timeline: milestones and the phase gates they open and close (the
// templates that plan the milestones are in templates.h). Pure functions of the round and a time.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "budget/v1/round.pb.h"

namespace budget {

const v1::Milestone* FindMilestone(const v1::Round& round, v1::MilestoneKind kind);

// When the milestone passed as of `now`: the earlier of when it was marked
// reached and its planned time, if that is not after `now`; nullopt otherwise.
std::optional<absl::Time> MilestonePassedAt(const v1::Round& round, v1::MilestoneKind kind,
                                            absl::Time now);

struct GateSpec {
  v1::Gate gate;
  v1::MilestoneKind opens;
  v1::MilestoneKind closes;
  // For messages: "the submission phase".
  const char* title;
  // Used instead of `opens` / `closes` by a round that has no such milestone
  // (rounds planned before MILESTONE_CATALOGUE_DEADLINE existed, or built
  // milestone by milestone without it): they keep one combined phase for
  // submission and claims. UNSPECIFIED: no fallback.
  v1::MilestoneKind opens_otherwise = v1::MILESTONE_KIND_UNSPECIFIED;
  v1::MilestoneKind closes_otherwise = v1::MILESTONE_KIND_UNSPECIFIED;
};
const GateSpec& SpecOf(v1::Gate gate);
const std::vector<GateSpec>& AllGates();

struct GateState {
  bool open = false;
  // "open since MILESTONE_WORK_STARTED passed on 2022-09-01 00:00:00 UTC", ...
  std::string explanation;
};
GateState EvaluateGate(const v1::Round& round, v1::Gate gate, absl::Time now);
// EvaluateGate(...).open without the explanation: the write path's check,
// which builds no strings (docs/performance.md).
bool IsGateOpen(const v1::Round& round, v1::Gate gate, absl::Time now);

// OK when the gate is open; otherwise FailedPrecondition naming the gate and
// the date it opens or closed, with a PreconditionFailure of type GATE_<NAME>.
absl::Status RequireGate(const v1::Round& round, v1::Gate gate, absl::Time now,
                         absl::string_view subject);

// Every gate as of `now`, for Round.gates.
void FillGateStatuses(v1::Round* round, absl::Time now);

}  // namespace budget

#endif  // SERVICES_DOMAIN_TIMELINE_H_
