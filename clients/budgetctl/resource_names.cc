#include "clients/budgetctl/resource_names.h"

#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/budgetctl/errors.h"
#include "services/domain/names.h"

namespace budgetctl {
namespace {

// "rounds/2024" -> "2024"; "" for anything else.
std::string RoundId(const std::string& round) {
  std::vector<absl::string_view> parts = absl::StrSplit(round, '/');
  if (parts.size() != 2 || parts[0] != "rounds") return "";
  return std::string(parts[1]);
}

}  // namespace

std::string RoundArg(const std::string& text) {
  return text.find('/') == std::string::npos ? budget::RoundName(text) : text;
}

std::string ChildArg(const std::string& round, absl::string_view collection,
                     const std::string& text) {
  if (text.find('/') != std::string::npos) return text;
  const std::string round_id = RoundId(round);
  if (round_id.empty()) {
    throw UsageError(absl::StrCat("give the full name rounds/<round>/", collection, "/", text,
                                  " (the round is not known here)"));
  }
  return budget::ChildName(round_id, collection, text);
}

void SetChildNames(const std::string& round, absl::string_view collection,
                   const std::vector<std::string>& values,
                   google::protobuf::RepeatedPtrField<std::string>* list) {
  list->Clear();
  for (const std::string& v : values) *list->Add() = ChildArg(round, collection, v);
}

std::string SubjectArg(const std::string& round, const std::string& text) {
  if (text.find('/') != std::string::npos) return text;
  if (absl::StartsWith(text, "E-")) return ChildArg(round, budget::kExpansions, text);
  if (absl::StartsWith(text, "P-")) return ChildArg(round, budget::kProposals, text);
  throw UsageError(
      absl::StrCat("expected an expansion (E-0001) or a proposal (P-0001), got \"", text, "\""));
}

std::string RoundOf(const std::string& name) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() < 4 || parts[0] != "rounds" || parts[1].empty()) return "";
  return absl::StrCat("rounds/", parts[1]);
}

}  // namespace budgetctl
