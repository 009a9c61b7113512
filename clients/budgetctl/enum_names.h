#ifndef CLIENTS_BUDGETCTL_ENUM_NAMES_H_
#define CLIENTS_BUDGETCTL_ENUM_NAMES_H_

// Enum values as people type and read them: "digitalisation" for
// CATEGORY_DIGITALISATION, "forced-closed" for GATE_MODE_FORCED_CLOSED.

#include <string>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/generated_enum_reflection.h"

namespace budgetctl {

// Parses `text` case-insensitively, '-' and '_' alike, as the full value name
// or any tail of it that starts after an '_' ("claims", "gate-claims",
// "GATE_CLAIMS"). The zero (unspecified) value is never accepted.
// Throws UsageError naming the choices when nothing or more than one matches.
int ParseEnum(const google::protobuf::EnumDescriptor* type, const std::string& text);

template <typename E>
E ParseEnumAs(const std::string& text) {
  return static_cast<E>(ParseEnum(google::protobuf::GetEnumDescriptor<E>(), text));
}

// The short label of a value: lower case, the prefix all values share
// removed, '-' between words ("work-started"). The number when unknown.
std::string EnumLabel(const google::protobuf::EnumDescriptor* type, int value);

template <typename E>
std::string EnumLabel(E value) {
  return EnumLabel(google::protobuf::GetEnumDescriptor<E>(), static_cast<int>(value));
}

// The labels of every non-zero value, comma-separated, for --help.
std::string EnumChoices(const google::protobuf::EnumDescriptor* type);

template <typename E>
std::string EnumChoices() {
  return EnumChoices(google::protobuf::GetEnumDescriptor<E>());
}

}  // namespace budgetctl

#endif  // CLIENTS_BUDGETCTL_ENUM_NAMES_H_
