#ifndef SERVICES_DOMAIN_PROCESS_NAMES_H_
#define SERVICES_DOMAIN_PROCESS_NAMES_H_

// Resource names of the processes outside the budget rounds (AIP-122):
// "{collection}/{id}" ("programmes/trials-2025", "workplaces/enghaven") and
// "{parent}/{pid}/{collection}/{id}" ("programmes/trials-2025/trials/T-0001").

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/domain/errors.h"
#include "services/domain/names.h"

namespace budget {

inline constexpr absl::string_view kProgrammes = "programmes";
inline constexpr absl::string_view kTrials = "trials";
inline constexpr absl::string_view kWorkplaceNames = "workplaces";

// "{collection}/{id}".
std::string TopName(absl::string_view collection, absl::string_view id);

// "{collection}/{id}" -> id (a client id or a server sequence id).
// InvalidArgument naming `field` when malformed or of another collection.
absl::StatusOr<std::string> ParseTopName(absl::string_view name, absl::string_view collection,
                                         absl::string_view field);

// "{parent}/{pid}/{collection}/{id}" -> {pid, id} (as ChildRef{round_id: pid}).
absl::StatusOr<ChildRef> ParseNestedName(absl::string_view name, absl::string_view parent,
                                         absl::string_view collection, absl::string_view field);

// Adds a violation unless `name` is "{collection}/{id}".
void CheckTopName(FieldErrors* e, absl::string_view field, absl::string_view name,
                  absl::string_view collection);

// Adds a violation unless `name` is "{parent}/{pid}/{collection}/{id}".
void CheckNestedName(FieldErrors* e, absl::string_view field, absl::string_view name,
                     absl::string_view parent, absl::string_view collection);

}  // namespace budget

#endif  // SERVICES_DOMAIN_PROCESS_NAMES_H_
