#ifndef CLIENTS_BUDGETCTL_PROCESS_ARGS_H_
#define CLIENTS_BUDGETCTL_PROCESS_ARGS_H_

// Names of the processes beside the rounds as people type them: an id or
// the full name ("enghaven" or "workplaces/enghaven").

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace budgetctl {

// "{collection}/{value}" unless `value` already starts with "{collection}/".
inline std::string ProcessName(absl::string_view collection, const std::string& value) {
  return absl::StartsWith(value, absl::StrCat(collection, "/"))
             ? value
             : absl::StrCat(collection, "/", value);
}

}  // namespace budgetctl

#endif  // CLIENTS_BUDGETCTL_PROCESS_ARGS_H_
