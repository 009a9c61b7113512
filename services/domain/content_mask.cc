#include "services/domain/content_mask.h"

#include <algorithm>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace budget {

namespace {

// ProposalContent's fields by name, looked up once: replay merges every
// amendment.
const google::protobuf::FieldDescriptor* ContentField(const std::string& name) {
  static const auto* const fields = [] {
    auto* m = new absl::flat_hash_map<std::string, const google::protobuf::FieldDescriptor*>;
    const google::protobuf::Descriptor* d = v1::ProposalContent::descriptor();
    for (int i = 0; i < d->field_count(); ++i) m->emplace(d->field(i)->name(), d->field(i));
    return m;
  }();
  auto it = fields->find(name);
  return it == fields->end() ? nullptr : it->second;
}

}  // namespace

void MergeContent(const v1::ProposalContent& from,
                  const google::protobuf::RepeatedPtrField<std::string>& paths,
                  v1::ProposalContent* to) {
  v1::ProposalContent source = from;
  MoveContent(&source, paths, to);
}

void MoveContent(v1::ProposalContent* from,
                 const google::protobuf::RepeatedPtrField<std::string>& paths,
                 v1::ProposalContent* to) {
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  fields.reserve(paths.size());
  for (const std::string& path : paths) {
    const google::protobuf::FieldDescriptor* f = ContentField(path);
    // Swapping a field twice would swap it back.
    if (f != nullptr && std::find(fields.begin(), fields.end(), f) == fields.end())
      fields.push_back(f);
  }
  if (fields.empty()) return;
  // Swapping moves each named field over whole, unset ones included, which
  // is exactly the replace semantics.
  static const google::protobuf::Reflection* const reflection =
      v1::ProposalContent::GetReflection();
  reflection->SwapFields(from, to, fields);
}

}  // namespace budget
