// Reads demo_data.json (compiled in as kDemoDataJson) into the structs the
// demo script plays.
#include "clients/budgetctl/demo_data.h"

#include "absl/strings/str_cat.h"
#include "clients/budgetctl/errors.h"
#include "google/protobuf/util/json_util.h"
#include "nlohmann/json.hpp"

namespace budgetctl::demo {

// demo_data_json.cc, generated from demo_data.json by embed_demo_data.cmake.
extern const char kDemoDataJson[];

namespace {

namespace v1 = budget::v1;
using nlohmann::json;

// An enum value by its proto name ("STANCE_OBJECTS").
template <typename Enum>
Enum ParseEnum(const json& j, bool (*parse)(const std::string&, Enum*)) {
  Enum value;
  if (!parse(j.get<std::string>(), &value)) {
    throw CommandError(absl::StrCat("demo data: unknown value ", j.dump()));
  }
  return value;
}

Years ParseYears(const json& j) { return j.get<Years>(); }

template <typename T>
std::vector<T> ParseList(const json& j, T (*parse)(const json&)) {
  std::vector<T> out;
  for (const json& item : j) out.push_back(parse(item));
  return out;
}

template <typename T>
std::vector<Batch<T>> ParseBatches(const json& j, const char* items, T (*parse)(const json&)) {
  std::vector<Batch<T>> out;
  for (const json& b : j) out.push_back({b.at("at"), ParseList(b.at(items), parse)});
  return out;
}

Committee ParseCommittee(const json& j) {
  return {j.at("id"), j.at("display_name"), j.at("operating_frame_kr"), j.at("shortfall_kr")};
}

Centre ParseCentre(const json& j) {
  return {j.at("id"), j.at("display_name"), j.at("committee"), j.at("budget_kr")};
}

Workplace ParseWorkplace(const json& j) {
  return {j.at("id"), j.at("display_name"), j.at("centre"), j.at("committee")};
}

// The optional "economics" object of a proposal, in the proto JSON mapping.
v1::ProposalContent ParseEconomics(const json& j) {
  v1::ProposalContent c;
  if (!j.contains("economics")) return c;
  const auto status = google::protobuf::util::JsonStringToMessage(j["economics"].dump(), &c);
  if (!status.ok()) {
    throw CommandError(absl::StrCat("demo data: economics of ", j.at("key").get<std::string>(),
                                    ": ", status.ToString()));
  }
  return c;
}

Proposal ParseProposal(const json& j) {
  return {j.at("key"),
          j.at("title"),
          ParseEnum(j.at("category"), v1::ProposalCategory_Parse),
          j.at("committees"),
          j.at("centres"),
          j.at("workplaces"),
          j.at("full_implementation_kr"),
          ParseYears(j.at("effects")),
          j.at("implementation_start"),
          j.at("staff_reduction_fte_hundredths"),
          ParseEnum(j.at("submitter"), v1::SubmitterKind_Parse),
          j.at("description"),
          j.at("citizen_consequences"),
          j.at("staff_consequences"),
          ParseEconomics(j)};
}

Expansion ParseExpansion(const json& j) {
  return {j.at("key"),
          j.at("title"),
          j.at("committee"),
          j.at("by_council"),
          j.at("description"),
          ParseYears(j.at("costs")),
          j.at("full_implementation_kr"),
          j.at("assumptions")};
}

Correction ParseCorrection(const json& j) {
  return {j.at("key"),
          j.value("committee", ""),
          ParseEnum(j.at("kind"), v1::CorrectionKind_Parse),
          ParseYears(j.at("amounts")),
          j.at("reason"),
          j.value("law", ""),
          j.value("area", ""),
          j.contains("assessed") ? std::optional(ParseYears(j.at("assessed"))) : std::nullopt,
          j.value("basis", "")};
}

Question ParseQuestion(const json& j) {
  return {j.at("key"), ParseEnum(j.at("meeting"), v1::MeetingKind_Parse), j.at("proposal"),
          j.at("text"), j.at("answer")};
}

Response ParseResponse(const json& j) {
  return {j.at("proposal"), j.at("body"), ParseEnum(j.at("stance"), v1::Stance_Parse),
          j.at("text")};
}

ExpansionDecision ParseDecision(const json& j) {
  return {j.at("expansion"), j.at("approve"), j.at("reason")};
}

Suggestion ParseSuggestion(const json& j) {
  std::optional<Proposal> proposal;
  if (j.contains("proposal")) proposal = ParseProposal(j.at("proposal"));
  return {j.at("key"),
          j.at("title"),
          j.at("description"),
          j.at("estimated_effect_kr"),
          ParseEnum(j.at("outcome"), v1::SuggestionStatus_Parse),
          j.at("reason"),
          std::move(proposal)};
}

Data Parse(const char* text) {
  try {
    const json j = json::parse(text);
    return {j.at("budget_year"),
            ParseList(j.at("committees"), ParseCommittee),
            ParseList(j.at("centres"), ParseCentre),
            ParseList(j.at("workplaces"), ParseWorkplace),
            ParseList(j.at("proposals"), ParseProposal),
            ParseList(j.at("expansions"), ParseExpansion),
            ParseList(j.at("corrections"), ParseCorrection),
            ParseList(j.at("questions"), ParseQuestion),
            ParseBatches(j.at("hearing_responses"), "responses", ParseResponse),
            ParseBatches(j.at("expansion_decisions"), "decisions", ParseDecision),
            ParseList(j.at("suggestions"), ParseSuggestion)};
  } catch (const json::exception& e) {
    throw CommandError(absl::StrCat("demo data (demo_data.json): ", e.what()));
  }
}

}  // namespace

const Data& TheData() {
  static const Data* const data = new Data(Parse(kDemoDataJson));
  return *data;
}

const Proposal& FindProposal(const std::string& key) {
  for (const Proposal& p : TheData().proposals) {
    if (key == p.key) return p;
  }
  throw CommandError(absl::StrCat("demo data: no proposal ", key));
}

}  // namespace budgetctl::demo
