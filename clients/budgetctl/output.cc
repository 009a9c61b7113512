#include "clients/budgetctl/output.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "clients/budgetctl/enum_names.h"
#include "clients/budgetctl/errors.h"
#include "clients/budgetctl/format.h"
#include "google/protobuf/util/json_util.h"

namespace budgetctl {
namespace {

using budget::v1::CommandResponse;

// What the changed resource is now, in a few words.
std::string Describe(const CommandResponse& r) {
  switch (r.resource_case()) {
    case CommandResponse::kRound:
      return absl::StrCat(r.round().name(), " (", r.round().municipality(), ", budget ",
                          r.round().budget_year(), ")");
    case CommandResponse::kProposal:
      return absl::StrCat(r.proposal().name(), " \"", OneLine(r.proposal().content().title(), 50),
                          "\", ", EnumLabel(r.proposal().status()), ", ",
                          EnumLabel(r.proposal().stage()), ", version ", r.proposal().version());
    case CommandResponse::kSuggestion:
      return absl::StrCat(r.suggestion().name(), " \"", OneLine(r.suggestion().title(), 50), "\", ",
                          EnumLabel(r.suggestion().status()),
                          r.suggestion().proposal().empty()
                              ? ""
                              : absl::StrCat(" into ", r.suggestion().proposal()));
    case CommandResponse::kHearing:
      return absl::StrCat(r.hearing().name(), " \"", OneLine(r.hearing().title(), 50), "\", ",
                          EnumLabel(r.hearing().state()));
    case CommandResponse::kMeeting:
      return absl::StrCat(r.meeting().name(), " (", EnumLabel(r.meeting().kind()), ", ",
                          Day(r.meeting().date()), ")");
    case CommandResponse::kQuestion:
      return absl::StrCat(r.question().name(), " on ", r.question().proposal(),
                          r.question().answer().empty() ? ", not answered" : ", answered");
    case CommandResponse::kExpansion:
      return absl::StrCat(r.expansion().name(), " \"", OneLine(r.expansion().title(), 50), "\", ",
                          EnumLabel(r.expansion().status()));
    case CommandResponse::kCorrection:
      return absl::StrCat(r.correction().name(), " (", EnumLabel(r.correction().kind()), ", ",
                          EnumLabel(r.correction().state()), ")");
    case CommandResponse::kTrialProgramme:
      return absl::StrCat(r.trial_programme().name(), " \"",
                          OneLine(r.trial_programme().title(), 50), "\", version ",
                          r.trial_programme().version());
    case CommandResponse::kTrial:
      return absl::StrCat(r.trial().name(), " \"", OneLine(r.trial().content().title(), 50), "\", ",
                          EnumLabel(r.trial().status()));
    case CommandResponse::kAgreement:
      return absl::StrCat(r.agreement().name(), " \"", OneLine(r.agreement().title(), 50), "\", ",
                          EnumLabel(r.agreement().status()), ", version ",
                          r.agreement().versions_size());
    case CommandResponse::kDialogueMeeting:
      return absl::StrCat(r.dialogue_meeting().name(), " (", r.dialogue_meeting().committee(),
                          " with ", r.dialogue_meeting().workplace(), ", ",
                          r.dialogue_meeting().year(), r.dialogue_meeting().held() ? ", held" : "",
                          ")");
    case CommandResponse::kCommitteeCase:
      return absl::StrCat(r.committee_case().name(), " \"", OneLine(r.committee_case().title(), 50),
                          "\"");
    case CommandResponse::kPolicy:
      return absl::StrCat(r.policy().name(), " \"", OneLine(r.policy().title(), 50), "\", ",
                          r.policy().targets_size(), " targets, ", r.policy().values_size(),
                          " figures");
    case CommandResponse::RESOURCE_NOT_SET:
      break;
  }
  return "done";
}

}  // namespace

namespace {

std::string Print(const google::protobuf::Message& message, bool whitespace) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = whitespace;
  options.always_print_primitive_fields = true;
  std::string out;
  // Printing a valid message cannot fail.
  (void)google::protobuf::util::MessageToJsonString(message, &out, options);
  return out;
}

}  // namespace

std::string ToJson(const google::protobuf::Message& message) { return Print(message, true); }

std::string ToJsonLine(const google::protobuf::Message& message) { return Print(message, false); }

void PrintJson(const google::protobuf::Message& message) {
  std::string json = ToJson(message);
  if (json.empty() || json.back() != '\n') json += '\n';
  std::cout << json;
}

void ReadJsonFile(const std::string& path, google::protobuf::Message* message) {
  std::ifstream in(path);
  if (!in) throw UsageError(absl::StrCat("cannot read ", path));
  std::stringstream buf;
  buf << in.rdbuf();
  auto status = google::protobuf::util::JsonStringToMessage(buf.str(), message);
  if (!status.ok()) {
    throw UsageError(absl::StrCat(path, ": not a ", message->GetDescriptor()->full_name(),
                                  " in JSON: ", std::string(status.message())));
  }
}

std::string ResourceName(const CommandResponse& response) {
  const auto* oneof = CommandResponse::descriptor()->FindOneofByName("resource");
  const auto* reflection = response.GetReflection();
  const auto* field = reflection->GetOneofFieldDescriptor(response, oneof);
  if (field == nullptr) return "";
  const google::protobuf::Message& resource = reflection->GetMessage(response, field);
  const auto* name = resource.GetDescriptor()->FindFieldByName("name");
  return name == nullptr ? "" : resource.GetReflection()->GetString(resource, name);
}

void PrintCommandResponse(const CommandResponse& response, bool json) {
  if (json) {
    PrintJson(response);
    return;
  }
  std::cout << (response.deduplicated() ? "ok (a repeat: nothing written, the first answer): "
                                        : "ok: ")
            << Describe(response) << "; log position " << response.log_position();
  if (!response.deduplicated()) {
    std::cout << ", " << response.event_count()
              << (response.event_count() == 1 ? " event" : " events");
  }
  std::cout << "\n";
}

}  // namespace budgetctl
