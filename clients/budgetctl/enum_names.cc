#include "clients/budgetctl/enum_names.h"

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "clients/budgetctl/errors.h"

namespace budgetctl {
namespace {

std::string Canonical(const std::string& text) {
  return absl::AsciiStrToUpper(absl::StrReplaceAll(absl::StripAsciiWhitespace(text), {{"-", "_"}}));
}

// The '_'-terminated prefix every non-zero value shares, never a whole name:
// "CATEGORY_" for ProposalCategory; "" when the values share none.
std::string SharedPrefix(const google::protobuf::EnumDescriptor* type) {
  std::vector<std::string> names;
  for (int i = 0; i < type->value_count(); ++i) {
    if (type->value(i)->number() != 0) names.push_back(type->value(i)->name());
  }
  if (names.empty()) return "";
  std::string prefix = names[0];
  for (const std::string& n : names) {
    size_t k = 0;
    while (k < prefix.size() && k < n.size() && prefix[k] == n[k]) ++k;
    prefix.resize(k);
  }
  // With one value the whole name is shared: keep its first word only.
  if (names.size() == 1) prefix = prefix.substr(0, prefix.find('_') + 1);
  size_t cut = prefix.rfind('_');
  return cut == std::string::npos ? "" : prefix.substr(0, cut + 1);
}

}  // namespace

int ParseEnum(const google::protobuf::EnumDescriptor* type, const std::string& text) {
  const std::string want = Canonical(text);
  // The label itself ("committee" is ROLE_COMMITTEE, not ROLE_FINANCE_COMMITTEE).
  const std::string labelled = SharedPrefix(type) + want;
  std::vector<const google::protobuf::EnumValueDescriptor*> matches;
  for (int i = 0; i < type->value_count(); ++i) {
    const auto* v = type->value(i);
    if (v->number() == 0 || want.empty()) continue;
    const std::string& name = v->name();
    if (name == want || name == labelled) return v->number();
    if (name.size() > want.size() && absl::EndsWith(name, want) &&
        name[name.size() - want.size() - 1] == '_') {
      matches.push_back(v);
    }
  }
  if (matches.size() == 1) return matches[0]->number();
  if (matches.empty()) {
    throw UsageError(absl::StrCat("unknown value \"", text, "\"; one of: ", EnumChoices(type)));
  }
  std::vector<std::string> labels;
  for (const auto* v : matches) labels.push_back(EnumLabel(type, v->number()));
  throw UsageError(absl::StrCat("\"", text, "\" is ambiguous: ", absl::StrJoin(labels, ", ")));
}

std::string EnumLabel(const google::protobuf::EnumDescriptor* type, int value) {
  const auto* v = type->FindValueByNumber(value);
  if (v == nullptr) return absl::StrCat(value);
  std::string name = v->name();
  const std::string prefix = SharedPrefix(type);
  if (absl::StartsWith(name, prefix)) name = name.substr(prefix.size());
  return absl::AsciiStrToLower(absl::StrReplaceAll(name, {{"_", "-"}}));
}

std::string EnumChoices(const google::protobuf::EnumDescriptor* type) {
  std::vector<std::string> labels;
  for (int i = 0; i < type->value_count(); ++i) {
    if (type->value(i)->number() != 0) labels.push_back(EnumLabel(type, type->value(i)->number()));
  }
  return absl::StrJoin(labels, ", ");
}

}  // namespace budgetctl
