#ifndef CLIENTS_BUDGETCTL_OUTPUT_H_
#define CLIENTS_BUDGETCTL_OUTPUT_H_

// Messages in and out as JSON (the proto JSON mapping), and the answer to a
// mutating call as people read it.

#include <string>

#include "budget/v1/mutation.pb.h"
#include "google/protobuf/message.h"

namespace budgetctl {

// The proto JSON mapping of `message`, every primitive field included, so
// scripts find a key even when its value is the default (false, 0).
std::string ToJson(const google::protobuf::Message& message);

// The same on one line, for one JSON object per line (watch, JSON lines).
std::string ToJsonLine(const google::protobuf::Message& message);

// Writes ToJson(message) and a newline to stdout.
void PrintJson(const google::protobuf::Message& message);

// Parses the proto JSON mapping in `path` into `message`. Throws UsageError
// naming the file when it cannot be read or parsed.
void ReadJsonFile(const std::string& path, google::protobuf::Message* message);

// The name of the resource a command changed ("rounds/2024/proposals/P-0001");
// "" when the response names none.
std::string ResourceName(const budget::v1::CommandResponse& response);

// One line for people ("ok: rounds/2024/proposals/P-0001 ...", saying when
// the answer is a deduplicated repeat), or the JSON document.
void PrintCommandResponse(const budget::v1::CommandResponse& response, bool json);

}  // namespace budgetctl

#endif  // CLIENTS_BUDGETCTL_OUTPUT_H_
