#ifndef CLIENTS_BUDGETCTL_DEMO_DATA_H_
#define CLIENTS_BUDGETCTL_DEMO_DATA_H_

// The data of `budgetctl demo strategy-2024`: Næstved Kommune's budget round
// 2024 as seed 004 describes it (docs/sources.md), read from demo_data.json
// (compiled into budgetctl). Ids are the ones ./run.sh's demo tokens act for
// (socialudvalget, boerne-og-uddannelsesudvalget, teknik-og-miljoeudvalget,
// workplace bofaellesskab-enghaven). Amounts are whole kroner; yearly amounts
// are for the four budget years from Data::budget_year.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "budget/v1/adoption.pb.h"
#include "budget/v1/common.pb.h"
#include "budget/v1/hearing.pb.h"
#include "budget/v1/proposal.pb.h"

namespace budgetctl::demo {

using Years = std::array<int64_t, 4>;  // budget_year .. budget_year + 3

struct Committee {
  std::string id;
  std::string display_name;
  int64_t operating_frame_kr;
  int64_t shortfall_kr;
};

struct Centre {
  std::string id;
  std::string display_name;
  std::string committee;
  int64_t budget_kr;
};

struct Workplace {
  std::string id;
  std::string display_name;
  std::string centre;
  std::string committee;
};

// A reprioritisation proposal. `key` is how the script names it (X = cross-
// cutting, S/B/T/A/K/M/O = one committee's area, H = HMU's, W = withdrawn).
struct Proposal {
  std::string key;
  std::string title;
  budget::v1::ProposalCategory category;
  std::vector<std::string> committees;
  std::vector<std::string> centres;
  std::vector<std::string> workplaces;
  int64_t full_implementation_kr;
  Years effects;
  std::string implementation_start;  // YYYY-MM-DD
  int64_t staff_reduction_fte_hundredths;
  budget::v1::SubmitterKind submitter;
  std::string description;
  std::string citizen_consequences;
  std::string staff_consequences;
  // The optional "economics" object: ProposalContent fields in the proto JSON
  // mapping (one-off costs, price level, staff effects with workplace ids,
  // attachments), merged into the content when submitted.
  budget::v1::ProposalContent economics;
};

// An expansion the politicians ask to have costed, and its costing.
struct Expansion {
  std::string key;  // E1..E8
  std::string title;
  std::string committee;
  // Who asks (rule 10): the council (true) or the committee for its own area.
  bool by_council;
  std::string description;
  Years costs;
  int64_t full_implementation_kr;
  std::string assumptions;
};

// A technical correction (004 §2 a–k) of a committee's frame.
struct Correction {
  std::string key;
  std::string committee;  // empty for the financing kinds (e, g): the round's
  budget::v1::CorrectionKind kind;
  Years amounts;
  std::string reason;
  std::string law;   // a law compensation's law change
  std::string area;  // a demography correction's area
  // A law compensation of 3 mio. kr. or more: the administration's
  // assessment and its basis (none: nothing to assess).
  std::optional<Years> assessed;
  std::string basis;
};

// A council member's question on a proposal at a theme meeting, and the
// administration's answer.
struct Question {
  std::string key;  // Q1..
  budget::v1::MeetingKind meeting;
  std::string proposal;
  std::string text;
  std::string answer;
};

// A hearing response; `body` is a workplace id or "bodies/...".
struct Response {
  std::string proposal;
  std::string body;
  budget::v1::Stance stance;
  std::string text;
};

struct ExpansionDecision {
  std::string expansion;
  bool approve;
  std::string reason;
};

// An employee's suggestion and how the coordinator screens it: into a
// draft proposal (`proposal`) or declined with `reason`.
struct Suggestion {
  std::string key;  // F1..
  std::string title;
  std::string description;
  int64_t estimated_effect_kr;
  budget::v1::SuggestionStatus outcome;
  std::string reason;
  std::optional<Proposal> proposal;
};

// What happens together at one instant (RFC 3339) of the demo clock.
template <typename T>
struct Batch {
  std::string at;
  std::vector<T> items;
};

struct Data {
  int budget_year;
  std::vector<Committee> committees;
  std::vector<Centre> centres;
  std::vector<Workplace> workplaces;
  std::vector<Proposal> proposals;  // in the order they are submitted
  std::vector<Expansion> expansions;
  std::vector<Correction> corrections;
  std::vector<Question> questions;
  std::vector<Batch<Response>> hearing_responses;
  std::vector<Batch<ExpansionDecision>> expansion_decisions;
  std::vector<Suggestion> suggestions;
};

// The demo's data, parsed from the compiled-in demo_data.json on first use.
// Throws CommandError naming what is missing or malformed.
const Data& TheData();

// The proposal with `key`; throws CommandError when there is none.
const Proposal& FindProposal(const std::string& key);

}  // namespace budgetctl::demo

#endif  // CLIENTS_BUDGETCTL_DEMO_DATA_H_
