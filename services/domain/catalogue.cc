#include "services/domain/catalogue.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/domain/errors.h"
#include "services/domain/timeline.h"

namespace budget {

bool IsTextField(absl::string_view path) {
  return path == "title" || path == "description" || path == "citizen_consequences" ||
         path == "staff_consequences";
}

absl::Status RequireAmendable(const v1::Round& round, const v1::Proposal& proposal,
                              const google::protobuf::RepeatedPtrField<std::string>& paths,
                              absl::Time now) {
  std::vector<std::string> frozen;
  for (const std::string& path : paths) {
    if (!IsTextField(path)) frozen.push_back(absl::StrCat("content.", path));
  }
  if (frozen.empty()) return absl::OkStatus();
  if (IsGateOpen(round, v1::GATE_SUBMISSION, now)) return absl::OkStatus();
  return PreconditionFailed(
      v1::Gate_Name(v1::GATE_SUBMISSION), proposal.name(),
      absl::StrCat("Expected ", absl::StrJoin(frozen, ", "),
                   " to be amendable, but the amounts and organisational fields of a proposal "
                   "are frozen while the submission phase (GATE_SUBMISSION) is ",
                   EvaluateGate(round, v1::GATE_SUBMISSION, now).explanation,
                   "; its text fields (title, description, citizen_consequences, "
                   "staff_consequences) stay amendable, and the coordinator can reopen the phase "
                   "with a reason (OverrideGate)"));
}

bool IsUnallocatable(const v1::Round& round, const v1::Proposal& proposal) {
  return round.has_pool() && !proposal.has_withdraw_time() && !proposal.has_claim() &&
         !proposal.in_pool();
}

}  // namespace budget
