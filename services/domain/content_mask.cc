#include "services/domain/content_mask.h"

#include <algorithm>
#include <vector>

namespace budget {

void MergeContent(const v1::ProposalContent& from,
                  const google::protobuf::RepeatedPtrField<std::string>& paths,
                  v1::ProposalContent* to) {
  const google::protobuf::Descriptor* desc = v1::ProposalContent::descriptor();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  fields.reserve(paths.size());
  for (const std::string& path : paths) {
    const google::protobuf::FieldDescriptor* f = desc->FindFieldByName(path);
    // Swapping a field twice would swap it back.
    if (f != nullptr && std::find(fields.begin(), fields.end(), f) == fields.end())
      fields.push_back(f);
  }
  if (fields.empty()) return;
  // Swapping with a copy of `from` moves each named field over whole, unset
  // ones included, which is exactly the replace semantics.
  v1::ProposalContent source = from;
  v1::ProposalContent::GetReflection()->SwapFields(&source, to, fields);
}

}  // namespace budget
