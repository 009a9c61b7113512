#ifndef SERVICES_DOMAIN_CONTENT_MASK_H_
#define SERVICES_DOMAIN_CONTENT_MASK_H_

// Amending a proposal: the fields an update mask names are replaced whole.
// Deciding an amendment, applying its event and rebuilding a proposal's
// history all go through here, so the three cannot drift apart.

#include <string>

#include "budget/v1/proposal.pb.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace budget {

// Replaces in `to` every top-level field of ProposalContent named in `paths`
// with its value in `from`: a field unset in `from` is cleared in `to`, a
// repeated field is replaced, not appended to. Paths that name no field are
// ignored (validation refuses them before a command gets this far); a path
// named twice counts once. This is FieldMaskUtil::MergeMessageTo with
// replace_message_fields and replace_repeated_fields, for top-level paths,
// without building a mask tree on every call.
void MergeContent(const v1::ProposalContent& from,
                  const google::protobuf::RepeatedPtrField<std::string>& paths,
                  v1::ProposalContent* to);

// MergeContent for a caller done with `from`: the fields are moved, and
// `from` is left unspecified.
void MoveContent(v1::ProposalContent* from,
                 const google::protobuf::RepeatedPtrField<std::string>& paths,
                 v1::ProposalContent* to);

}  // namespace budget

#endif  // SERVICES_DOMAIN_CONTENT_MASK_H_
