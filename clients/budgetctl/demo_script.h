#ifndef CLIENTS_BUDGETCTL_DEMO_SCRIPT_H_
#define CLIENTS_BUDGETCTL_DEMO_SCRIPT_H_

// The year of budget strategy 2024 as `budgetctl demo strategy-2024` plays
// it, step by step, through the public API, each step at its date of seed
// 004's timeline. The order of the steps is fixed: each step's request id is
// its number.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "budget/v1/common.pb.h"
#include "budget/v1/hearing.pb.h"
#include "clients/budgetctl/demo_data.h"
#include "clients/budgetctl/demo_runner.h"

namespace budgetctl::demo {

// Each plays one stretch of the year, in this order (the clock only moves
// forward). Each throws Stopped when a step fails.

// Aug 2022 - Feb 2023 (demo_script_catalogue.cc): the round and its
// organisation, HMU informed, the catalogue, Fælles Lederforum, the theme
// meetings with questions and answers, an amendment and a withdrawal.
void PlayCatalogue(Runner& run);

// Mar - May 2023 (demo_script_spring.cc): the expansion process and frames,
// expansion requests and their costing, the spring hearing with responses,
// the April HMU dialogue, the committees' claims, the pool, and the council's
// selection and approval.
void PlaySpring(Runner& run);

// Jun - Oct 2023 (demo_script_autumn.cc): decisions on expansions, the
// technical corrections a-k, the readings, the seminar with its indicative
// ranking, and adoption on 10 October 2023.
void PlayAutumn(Runner& run);

// Steps more than one stretch takes (demo_steps.cc).

// "rounds/<round>/<collection>/<id>"
std::string Child(const Runner& run, absl::string_view collection, absl::string_view id);

// Records a meeting on `date` (YYYY-MM-DD) showing the proposals `keys`
// (coordinator); returns its name.
std::string RecordMeeting(Runner& run, budget::v1::MeetingKind kind, const char* date,
                          const std::vector<std::string>& participants, const char* minutes,
                          const std::vector<std::string>& keys);

// Sets `out` to one entry per budget year (2024..2027) of `amounts`.
void SetYears(const Years& amounts,
              google::protobuf::RepeatedPtrField<budget::v1::YearAmount>* out);

// Records that `body` (e.g. "bodies/hmu") was informed of `what` (coordinator).
void Inform(Runner& run, const char* body, const char* what);

}  // namespace budgetctl::demo

#endif  // CLIENTS_BUDGETCTL_DEMO_SCRIPT_H_
