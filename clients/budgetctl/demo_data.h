#ifndef CLIENTS_BUDGETCTL_DEMO_DATA_H_
#define CLIENTS_BUDGETCTL_DEMO_DATA_H_

// The data of `budgetctl demo strategy-2024`: Næstved Kommune's budget round
// 2024 as seed 004 describes it. Ids are the ones ./run.sh's demo tokens act
// for (socialudvalget, boerne-og-uddannelsesudvalget, teknik-og-miljoeudvalget,
// workplace bofaellesskab-enghaven). Amounts are whole kroner; yearly amounts
// are for the budget years 2024..2027.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "budget/v1/adoption.pb.h"
#include "budget/v1/proposal.pb.h"

namespace budgetctl::demo {

inline constexpr int kBudgetYear = 2024;
using Years = std::array<int64_t, 4>;  // 2024, 2025, 2026, 2027

struct Committee {
  const char* id;
  const char* display_name;
  int64_t operating_frame_kr;
  int64_t shortfall_kr;
};

struct Centre {
  const char* id;
  const char* display_name;
  const char* committee;
  int64_t budget_kr;
};

struct Workplace {
  const char* id;
  const char* display_name;
  const char* centre;
  const char* committee;
};

// A reprioritisation proposal. `key` is how the script names it (X = cross-
// cutting, S/B/T/A/K/M/O = one committee's area, H = HMU's, W = withdrawn).
struct Proposal {
  const char* key;
  const char* title;
  budget::v1::ProposalCategory category;
  std::vector<const char*> committees;
  std::vector<const char*> centres;
  std::vector<const char*> workplaces;
  int64_t full_implementation_kr;
  Years effects;
  const char* implementation_start;  // YYYY-MM-DD
  int64_t staff_reduction_fte_hundredths;
  budget::v1::SubmitterKind submitter;
  const char* description;
  const char* citizen_consequences;
  const char* staff_consequences;
};

// An expansion the politicians ask to have costed, and its costing.
struct Expansion {
  const char* key;  // E1..E8
  const char* title;
  const char* committee;
  // Who asks (rule 10): the council (true) or the committee for its own area.
  bool by_council;
  const char* description;
  Years costs;
  int64_t full_implementation_kr;
  const char* assumptions;
};

// A technical correction (004 §2 a–k) of a committee's frame.
struct Correction {
  const char* key;
  const char* committee;
  budget::v1::CorrectionKind kind;
  Years amounts;
  const char* reason;
};

// demo_organisation.cc
const std::vector<Committee>& Committees();
const std::vector<Centre>& Centres();
const std::vector<Workplace>& Workplaces();

// demo_catalogue.cc: in the order they are submitted.
const std::vector<Proposal>& Catalogue();
const Proposal& FindProposal(const std::string& key);

// demo_decisions.cc
const std::vector<Expansion>& Expansions();
const std::vector<Correction>& Corrections();

}  // namespace budgetctl::demo

#endif  // CLIENTS_BUDGETCTL_DEMO_DATA_H_
