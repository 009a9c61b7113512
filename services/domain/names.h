#ifndef SERVICES_DOMAIN_NAMES_H_
#define SERVICES_DOMAIN_NAMES_H_

// Resource names (AIP-122): "rounds/{round}" and "rounds/{round}/{collection}/{id}".

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace budget {

// Collections under a round.
inline constexpr absl::string_view kCommittees = "committees";
inline constexpr absl::string_view kCentres = "centres";
inline constexpr absl::string_view kWorkplaces = "workplaces";
inline constexpr absl::string_view kProposals = "proposals";

// An id chosen by a client: [a-z0-9-]{1,63}, starting with a letter or digit.
bool IsValidId(absl::string_view id);

std::string RoundName(absl::string_view round_id);
std::string ChildName(absl::string_view round_id, absl::string_view collection,
                      absl::string_view id);

struct ChildRef {
  std::string round_id;
  std::string id;
};

// "rounds/{id}" -> id. InvalidArgument naming `field` when malformed.
absl::StatusOr<std::string> ParseRoundName(absl::string_view name, absl::string_view field);

// "rounds/{round}/{collection}/{id}" -> {round, id}. InvalidArgument naming
// `field` when malformed or of another collection.
absl::StatusOr<ChildRef> ParseChildName(absl::string_view name, absl::string_view collection,
                                        absl::string_view field);

// The last segment of a well-formed name; the name itself otherwise. For
// names the domain built itself.
absl::string_view LastSegment(absl::string_view name);

// "P-0017"
std::string ProposalId(int number);

}  // namespace budget

#endif  // SERVICES_DOMAIN_NAMES_H_
