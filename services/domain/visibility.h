#ifndef SERVICES_DOMAIN_VISIBILITY_H_
#define SERVICES_DOMAIN_VISIBILITY_H_

// Who sees what of the rounds (issue 20 §2; docs/domain.md "Who sees
// what"). The one place that filters the projection by its reader; every
// read (views.cc, summary.cc) runs on what VisibleState returns, so a draft
// never shows in a list, a lookup or a total the reader may not see.
//
//   - The administration (case worker, coordinator), the auditor and the
//     administrator see everything.
//   - The political roles and hearing bodies see ready and published
//     proposals; HMU also its own drafts (SUBMITTER_HMU).
//   - The outside roles (ROLE_PUBLIC, ROLE_EMPLOYEE) see the published
//     catalogue: published proposals, the round's timeline and the totals
//     over them, and no person's name (every "*_by" field cleared), no
//     hearing, meeting or suggestion.
//
// Pure; thread-compatible.

#include "budget/v1/common.pb.h"
#include "budget/v1/proposal.pb.h"
#include "google/protobuf/message.h"
#include "services/domain/state.h"

namespace budget {

// True when `reader` holds only outside roles (or none).
bool IsOutsideReader(const v1::Principal& reader);

// True when `reader` may see `proposal` (the rules above).
bool MaySee(const v1::Principal& reader, const v1::Proposal& proposal);

// True when `reader` may see `suggestion`: an employee its own, the
// administration and the auditor all.
bool MaySee(const v1::Principal& reader, const v1::Suggestion& suggestion);

// The rounds as `reader` may read them: `state` itself when the reader may
// see all of it, otherwise a filtered copy built in `*scratch` (the
// processes beside the rounds are copied for every reader but the outside
// ones, who may not read them; the others see them whole). The result lives
// as long as the argument it refers to.
//
// A read that names one round (`round`, from RoundOfRequest; empty when it
// names none) looks at that round alone: only it decides whether a copy is
// needed, and only it is copied, so a committee's read of one round does not
// copy every round of the log because another holds a draft.
const State& VisibleState(const State& state, const v1::Principal& reader, absl::string_view round,
                          State* scratch);

// Clears every actor name in `m` and the messages it holds: the string
// fields named "by" or ending in "_by" (submitted_by, approved_by, ...).
void ClearActorNames(google::protobuf::Message* m);

}  // namespace budget

#endif  // SERVICES_DOMAIN_VISIBILITY_H_
