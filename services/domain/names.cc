#include "services/domain/names.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "services/domain/errors.h"

namespace budget {

bool IsValidId(absl::string_view id) {
  if (id.empty() || id.size() > 63) return false;
  for (char c : id) {
    if (!(absl::ascii_islower(static_cast<unsigned char>(c)) ||
          absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '-')) {
      return false;
    }
  }
  return id[0] != '-';
}

// Proposal ids are assigned by the server ("P-0017"), so they are also valid
// in names, though not as client-chosen ids.
static bool IsValidSegment(absl::string_view s) {
  if (IsValidId(s)) return true;
  if (s.size() < 3 || s.size() > 12 || s[0] != 'P' || s[1] != '-') return false;
  for (char c : s.substr(2)) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::string RoundName(absl::string_view round_id) { return absl::StrCat("rounds/", round_id); }

std::string ChildName(absl::string_view round_id, absl::string_view collection,
                      absl::string_view id) {
  return absl::StrCat("rounds/", round_id, "/", collection, "/", id);
}

absl::StatusOr<std::string> ParseRoundName(absl::string_view name, absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 2 || parts[0] != "rounds" || !IsValidId(parts[1])) {
    return InvalidField(field, absl::StrCat("expected a round name like \"rounds/2024\", got \"",
                                            Abbreviate(name), "\""));
  }
  return std::string(parts[1]);
}

absl::StatusOr<ChildRef> ParseChildName(absl::string_view name, absl::string_view collection,
                                        absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 4 || parts[0] != "rounds" || !IsValidId(parts[1]) ||
      parts[2] != collection || !IsValidSegment(parts[3])) {
    return InvalidField(field, absl::StrCat("expected a name like \"rounds/2024/", collection,
                                            "/", collection == kProposals ? "P-0001" : "some-id",
                                            "\", got \"", Abbreviate(name), "\""));
  }
  return ChildRef{std::string(parts[1]), std::string(parts[3])};
}

absl::string_view LastSegment(absl::string_view name) {
  size_t slash = name.rfind('/');
  return slash == absl::string_view::npos ? name : name.substr(slash + 1);
}

std::string ProposalId(int number) { return absl::StrFormat("P-%04d", number); }

}  // namespace budget
