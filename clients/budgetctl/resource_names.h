#ifndef CLIENTS_BUDGETCTL_RESOURCE_NAMES_H_
#define CLIENTS_BUDGETCTL_RESOURCE_NAMES_H_

// Resource names as typed: a round as "2024" or "rounds/2024"; a committee,
// centre or workplace as its id when the round is known from elsewhere.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "google/protobuf/repeated_field.h"

namespace budgetctl {

// "2024" -> "rounds/2024"; a name with '/' unchanged.
std::string RoundArg(const std::string& text);

// "socialudvalget" -> "rounds/2024/committees/socialudvalget" when `round`
// is "rounds/2024"; a name with '/' unchanged. Throws UsageError for a bare
// id when `round` is empty.
std::string ChildArg(const std::string& round, absl::string_view collection,
                     const std::string& text);

// Replaces `list` with `values`, each a full name or an id in `round`
// (ChildArg).
void SetChildNames(const std::string& round, absl::string_view collection,
                   const std::vector<std::string>& values,
                   google::protobuf::RepeatedPtrField<std::string>* list);

// An expansion or proposal of `round`, as rankings and amendments name them:
// "E-0001" -> "rounds/2024/expansions/E-0001", "P-0003" -> ".../proposals/P-0003";
// a name with '/' unchanged. Throws UsageError for anything else.
std::string SubjectArg(const std::string& round, const std::string& text);

// The round a child resource belongs to: "rounds/2024/proposals/P-0001" ->
// "rounds/2024"; "" when `name` is not under a round.
std::string RoundOf(const std::string& name);

}  // namespace budgetctl

#endif  // CLIENTS_BUDGETCTL_RESOURCE_NAMES_H_
