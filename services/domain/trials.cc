#include "services/domain/trials.h"

#include <algorithm>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/status_macros.h"
#include "services/domain/errors.h"
#include "services/domain/process_names.h"

namespace budget {

absl::StatusOr<const internal::ProgrammeState*> RequireProgramme(const State& s,
                                                                 absl::string_view name,
                                                                 absl::string_view field) {
  ASSIGN_OR_RETURN(std::string id, ParseTopName(name, kProgrammes, field));
  auto it = s.processes().programmes().find(id);
  if (it == s.processes().programmes().end()) return NotFound("trial programme", name);
  return &it->second;
}

absl::StatusOr<TrialRef> RequireTrial(const State& s, absl::string_view name,
                                      absl::string_view field) {
  ASSIGN_OR_RETURN(ChildRef ref, ParseNestedName(name, kProgrammes, kTrials, field));
  auto p = s.processes().programmes().find(ref.round_id);
  if (p == s.processes().programmes().end()) {
    return NotFound("trial programme", TopName(kProgrammes, ref.round_id));
  }
  auto t = p->second.trials().find(ref.id);
  if (t == p->second.trials().end()) return NotFound("trial", name);
  return TrialRef{&p->second, &t->second};
}

internal::ProgrammeState* MutableProgramme(State& s, absl::string_view name) {
  absl::string_view id = LastSegment(name);
  auto* programmes = s.mutable_processes()->mutable_programmes();
  auto it = programmes->find(std::string(id));
  return it == programmes->end() ? nullptr : &it->second;
}

v1::Trial* MutableTrial(State& s, absl::string_view name) {
  absl::StatusOr<ChildRef> ref = ParseNestedName(name, kProgrammes, kTrials, "trial");
  if (!ref.ok()) return nullptr;
  internal::ProgrammeState* p = MutableProgramme(s, TopName(kProgrammes, ref->round_id));
  if (p == nullptr) return nullptr;
  auto it = p->mutable_trials()->find(ref->id);
  return it == p->mutable_trials()->end() ? nullptr : &it->second;
}

std::vector<const v1::Trial*> TrialsOf(const internal::ProgrammeState& programme) {
  std::vector<const v1::Trial*> out;
  for (int n = 1; n < programme.next_trial_number(); ++n) {
    auto it = programme.trials().find(SequenceId('T', n));
    if (it != programme.trials().end()) out.push_back(&it->second);
  }
  return out;
}

std::vector<const internal::ProgrammeState*> Programmes(const State& s) {
  std::vector<std::pair<std::string, const internal::ProgrammeState*>> sorted;
  for (const auto& [id, p] : s.processes().programmes()) sorted.emplace_back(id, &p);
  std::sort(sorted.begin(), sorted.end());
  std::vector<const internal::ProgrammeState*> out;
  for (const auto& [id, p] : sorted) out.push_back(p);
  return out;
}

absl::StatusOr<v1::TrialProgramme> GetTrialProgramme(const State& s,
                                                     const v1::GetTrialProgrammeRequest& r,
                                                     absl::Time /*now*/) {
  ASSIGN_OR_RETURN(const internal::ProgrammeState* p, RequireProgramme(s, r.name(), "name"));
  return p->programme();
}

absl::StatusOr<v1::Trial> GetTrial(const State& s, const v1::GetTrialRequest& r,
                                   absl::Time /*now*/) {
  ASSIGN_OR_RETURN(TrialRef ref, RequireTrial(s, r.name(), "name"));
  return *ref.trial;
}

namespace {

// Everything a search looks in, lower-cased (ASCII; Danish letters match as
// written). Not the external proposer: personal, and sealed in the state.
std::string SearchText(const v1::Trial& t) {
  std::string text = absl::StrCat(t.content().title(), "\n", t.content().description(), "\n",
                                  t.content().why(), "\n", t.proposed_by());
  for (const v1::TrialOutcome& o : t.outcomes()) absl::StrAppend(&text, "\n", o.learning());
  return absl::AsciiStrToLower(text);
}

bool AtWorkplace(const v1::Trial& t, absl::string_view workplace) {
  if (absl::c_linear_search(t.content().workplaces(), workplace)) return true;
  for (const v1::TrialOutcome& o : t.outcomes()) {
    if (absl::c_linear_search(o.scale_to(), workplace)) return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<v1::ListTrialsResponse> ListTrials(const State& s, const v1::ListTrialsRequest& r,
                                                  absl::Time /*now*/) {
  std::vector<const internal::ProgrammeState*> programmes;
  if (r.programme().empty()) {
    programmes = Programmes(s);
  } else {
    ASSIGN_OR_RETURN(const internal::ProgrammeState* p,
                     RequireProgramme(s, r.programme(), "programme"));
    programmes.push_back(p);
  }
  const std::vector<std::string> words =
      absl::StrSplit(absl::AsciiStrToLower(r.query()), ' ', absl::SkipWhitespace());
  v1::ListTrialsResponse out;
  for (const internal::ProgrammeState* p : programmes) {
    for (const v1::Trial* t : TrialsOf(*p)) {
      if (r.status() != v1::TRIAL_STATUS_UNSPECIFIED && t->status() != r.status()) continue;
      if (!r.workplace().empty() && !AtWorkplace(*t, r.workplace())) continue;
      const std::string text = words.empty() ? "" : SearchText(*t);
      if (!absl::c_all_of(words, [&](const std::string& w) { return absl::StrContains(text, w); }))
        continue;
      *out.add_trials() = *t;
    }
  }
  return out;
}

void AddTrials(const State& s, v1::ProcessesState* out) {
  for (const internal::ProgrammeState* p : Programmes(s)) {
    *out->add_programmes() = p->programme();
    for (const v1::Trial* t : TrialsOf(*p)) *out->add_trials() = *t;
  }
}

}  // namespace budget
