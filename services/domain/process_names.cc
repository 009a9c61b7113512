#include "services/domain/process_names.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace budget {
namespace {

bool IsSegment(absl::string_view s) { return IsValidId(s) || SequenceNumber(s) > 0; }

std::string Expected(absl::string_view example, absl::string_view got) {
  return absl::StrCat("expected a name like \"", example, "\", got \"", Abbreviate(got), "\"");
}

std::string NestedExample(absl::string_view parent, absl::string_view collection) {
  return absl::StrCat(parent, "/some-id/", collection, "/X-0001");
}

}  // namespace

std::string TopName(absl::string_view collection, absl::string_view id) {
  return absl::StrCat(collection, "/", id);
}

absl::StatusOr<std::string> ParseTopName(absl::string_view name, absl::string_view collection,
                                         absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 2 || parts[0] != collection || !IsSegment(parts[1])) {
    return InvalidField(field, Expected(absl::StrCat(collection, "/some-id"), name));
  }
  return std::string(parts[1]);
}

absl::StatusOr<ChildRef> ParseNestedName(absl::string_view name, absl::string_view parent,
                                         absl::string_view collection, absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 4 || parts[0] != parent || !IsSegment(parts[1]) || parts[2] != collection ||
      !IsSegment(parts[3])) {
    return InvalidField(field, Expected(NestedExample(parent, collection), name));
  }
  return ChildRef{std::string(parts[1]), std::string(parts[3])};
}

void CheckTopName(FieldErrors* e, absl::string_view field, absl::string_view name,
                  absl::string_view collection) {
  if (!ParseTopName(name, collection, field).ok()) {
    e->Add(field, Expected(absl::StrCat(collection, "/some-id"), name));
  }
}

void CheckNestedName(FieldErrors* e, absl::string_view field, absl::string_view name,
                     absl::string_view parent, absl::string_view collection) {
  if (!ParseNestedName(name, parent, collection, field).ok()) {
    e->Add(field, Expected(NestedExample(parent, collection), name));
  }
}

}  // namespace budget
