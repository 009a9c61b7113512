#ifndef SERVICES_DOMAIN_CATALOGUE_H_
#define SERVICES_DOMAIN_CATALOGUE_H_

// The catalogue deadline (004 §1: "Administrationen skal have udarbejdet
// omprioriteringskataloget til april 2023"): what of a proposal may still
// change after it, and which proposals the process can no longer allocate.

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "budget/v1/proposal.pb.h"
#include "budget/v1/round.pb.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace budget {

// True for the ProposalContent fields that only describe the proposal in words
// (title, description, consequences) and so stay amendable after the catalogue
// deadline. Every other field (amounts, committees, centres, workplaces,
// category, dates, submitter, and any field added later) is frozen with it.
bool IsTextField(absl::string_view path);

// OK when an amendment of `paths` may be recorded on `proposal` at `now`: while
// GATE_SUBMISSION is open (by its milestones or a coordinator's override) any
// field; otherwise text fields only. The refusal is FailedPrecondition of type
// GATE_SUBMISSION naming the frozen fields and the date the gate closed.
absl::Status RequireAmendable(const v1::Round& round, const v1::Proposal& proposal,
                              const google::protobuf::RepeatedPtrField<std::string>& paths,
                              absl::Time now);

// A proposal nobody can allocate any more: not withdrawn, not claimed, and not
// in the pool although the pool is formed (submitted after the claims closed,
// when a coordinator reopened submission). The summary shows these apart from
// the catalogue.
bool IsUnallocatable(const v1::Round& round, const v1::Proposal& proposal);

}  // namespace budget

#endif  // SERVICES_DOMAIN_CATALOGUE_H_
