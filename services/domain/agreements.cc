#include "services/domain/agreements.h"

#include <set>

#include "base/status_macros.h"
#include "services/domain/errors.h"
#include "services/domain/names.h"
#include "services/domain/process_names.h"

namespace budget {
namespace {

// The items of a map keyed by sequence ids ('A', 'D', 'K'), in number order.
template <typename T>
std::vector<const T*> InOrder(const google::protobuf::Map<std::string, T>& items, char prefix,
                              int next) {
  std::vector<const T*> out;
  for (int n = 1; n < next; ++n) {
    auto it = items.find(SequenceId(prefix, n));
    if (it != items.end()) out.push_back(&it->second);
  }
  return out;
}

template <typename T>
absl::StatusOr<const T*> RequireIn(const google::protobuf::Map<std::string, T>& items,
                                   absl::string_view collection, absl::string_view what,
                                   absl::string_view name, absl::string_view field) {
  ASSIGN_OR_RETURN(std::string id, ParseTopName(name, collection, field));
  auto it = items.find(id);
  if (it == items.end()) return NotFound(what, name);
  return &it->second;
}

template <typename T>
T* MutableIn(google::protobuf::Map<std::string, T>* items, absl::string_view name) {
  auto it = items->find(std::string(LastSegment(name)));
  return it == items->end() ? nullptr : &it->second;
}

}  // namespace

absl::StatusOr<const v1::DevelopmentAgreement*> RequireAgreement(const State& s,
                                                                 absl::string_view name,
                                                                 absl::string_view field) {
  return RequireIn(s.processes().agreements(), kAgreements, "agreement", name, field);
}

absl::StatusOr<const v1::DialogueMeeting*> RequireDialogueMeeting(const State& s,
                                                                  absl::string_view name,
                                                                  absl::string_view field) {
  return RequireIn(s.processes().dialogue_meetings(), kDialogueMeetings, "dialogue meeting", name,
                   field);
}

v1::DevelopmentAgreement* MutableAgreement(State& s, absl::string_view name) {
  return MutableIn(s.mutable_processes()->mutable_agreements(), name);
}

v1::DialogueMeeting* MutableDialogueMeeting(State& s, absl::string_view name) {
  return MutableIn(s.mutable_processes()->mutable_dialogue_meetings(), name);
}

absl::StatusOr<v1::DevelopmentAgreement> GetAgreement(const State& s,
                                                      const v1::GetAgreementRequest& r,
                                                      absl::Time /*now*/) {
  ASSIGN_OR_RETURN(const v1::DevelopmentAgreement* a, RequireAgreement(s, r.name(), "name"));
  return *a;
}

absl::StatusOr<v1::ListAgreementsResponse> ListAgreements(const State& s,
                                                          const v1::ListAgreementsRequest& r,
                                                          absl::Time /*now*/) {
  v1::ListAgreementsResponse out;
  for (const v1::DevelopmentAgreement* a :
       InOrder(s.processes().agreements(), 'A', s.processes().next_agreement_number())) {
    if (!r.committee().empty() && a->committee() != r.committee()) continue;
    if (!r.workplace().empty() && a->workplace() != r.workplace()) continue;
    *out.add_agreements() = *a;
  }
  return out;
}

absl::StatusOr<v1::DialogueYear> GetDialogueYear(const State& s,
                                                 const v1::GetDialogueYearRequest& r,
                                                 absl::Time /*now*/) {
  RETURN_IF_ERROR(ParseTopName(r.committee(), kCommitteeNames, "committee").status());
  v1::DialogueYear out;
  out.set_committee(r.committee());
  out.set_year(r.year());
  std::set<std::string> workplaces, met;
  for (const v1::DialogueMeeting* m :
       InOrder(s.processes().dialogue_meetings(), 'D', s.processes().next_dialogue_number())) {
    if (m->committee() != r.committee()) continue;
    workplaces.insert(m->workplace());
    if (m->year() != r.year()) continue;
    *out.add_meetings() = *m;
    if (m->held()) met.insert(m->workplace());
  }
  for (const auto& [id, a] : s.processes().agreements()) {
    if (a.committee() == r.committee()) workplaces.insert(a.workplace());
  }
  for (const std::string& w : workplaces) {
    if (!met.contains(w)) out.add_workplaces_without_meeting(w);
  }
  return out;
}

absl::StatusOr<v1::ListCommitteeCasesResponse> ListCommitteeCases(
    const State& s, const v1::ListCommitteeCasesRequest& r, absl::Time /*now*/) {
  v1::ListCommitteeCasesResponse out;
  for (const v1::CommitteeCase* c :
       InOrder(s.processes().committee_cases(), 'K', s.processes().next_case_number())) {
    if (!r.committee().empty() && c->committee() != r.committee()) continue;
    if (!r.workplace().empty() && c->workplace() != r.workplace()) continue;
    *out.add_cases() = *c;
  }
  return out;
}

void AddAgreements(const State& s, v1::ProcessesState* out) {
  const internal::ProcessState& p = s.processes();
  for (const auto* a : InOrder(p.agreements(), 'A', p.next_agreement_number())) {
    *out->add_agreements() = *a;
  }
  for (const auto* m : InOrder(p.dialogue_meetings(), 'D', p.next_dialogue_number())) {
    *out->add_dialogue_meetings() = *m;
  }
  for (const auto* c : InOrder(p.committee_cases(), 'K', p.next_case_number())) {
    *out->add_committee_cases() = *c;
  }
}

}  // namespace budget
