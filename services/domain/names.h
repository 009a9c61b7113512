#ifndef SERVICES_DOMAIN_NAMES_H_
#define SERVICES_DOMAIN_NAMES_H_

// Resource names (AIP-122): "rounds/{round}" and "rounds/{round}/{collection}/{id}".

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace budget {

// Collections under a round.
inline constexpr absl::string_view kCommittees = "committees";
inline constexpr absl::string_view kCentres = "centres";
inline constexpr absl::string_view kWorkplaces = "workplaces";
inline constexpr absl::string_view kProposals = "proposals";
inline constexpr absl::string_view kHearings = "hearings";
inline constexpr absl::string_view kMeetings = "meetings";
inline constexpr absl::string_view kQuestions = "questions";
inline constexpr absl::string_view kExpansions = "expansions";
inline constexpr absl::string_view kCorrections = "corrections";
inline constexpr absl::string_view kSuggestions = "suggestions";

// Bodies heard that are not workplaces: "bodies/{id}", e.g. "bodies/hmu".
inline constexpr absl::string_view kHmuBody = "bodies/hmu";
bool IsValidBodyName(absl::string_view name);

// An id chosen by a client: [a-z0-9-]{1,63}, starting with a letter or digit.
bool IsValidId(absl::string_view id);

std::string RoundName(absl::string_view round_id);
std::string ChildName(absl::string_view round_id, absl::string_view collection,
                      absl::string_view id);

struct ChildRef {
  std::string round_id;
  std::string id;
};

// Why `got` is not a name of `collection` ("" for rounds): "expected a name
// like "rounds/2024/committees/some-id", got "...""
std::string NameError(absl::string_view collection, absl::string_view got);

// "rounds/{id}" -> id. InvalidArgument naming `field` when malformed.
absl::StatusOr<std::string> ParseRoundName(absl::string_view name, absl::string_view field);

// The round a request (a command's or a read's) names ("rounds/2024"): the
// round of its first resource field among parent, round, name, proposal,
// hearing, question, expansion, committee, correction; empty when it names
// none (CreateRound, ListRounds, a process's request) or a malformed one.
std::string RoundOfRequest(const google::protobuf::Message& request);

// "rounds/{round}/{collection}/{id}" -> {round, id}. InvalidArgument naming
// `field` when malformed or of another collection.
absl::StatusOr<ChildRef> ParseChildName(absl::string_view name, absl::string_view collection,
                                        absl::string_view field);

// The last segment of a well-formed name; the name itself otherwise. For
// names the domain built itself.
absl::string_view LastSegment(absl::string_view name);

// True when `stream` (a resource name) is the round `round` ("rounds/2024")
// or a resource in it.
bool InRound(absl::string_view stream, absl::string_view round);

// The round id of a round or of a resource in it ("rounds/2024/proposals/P-1"
// -> "2024"); empty for anything else.
absl::string_view RoundIdOf(absl::string_view resource);

// Server-assigned ids: "P-0017" (proposals), "H-0003" (hearings),
// "M-0002" (meetings), "Q-0005" (questions).
std::string ProposalId(int number);
std::string SequenceId(char prefix, int number);
// The number in a server-assigned id; 0 when it is not one.
int SequenceNumber(absl::string_view id);

}  // namespace budget

#endif  // SERVICES_DOMAIN_NAMES_H_
