#include "services/domain/processes.h"

#include "services/domain/agreements.h"
#include "services/domain/names.h"
#include "services/domain/policies.h"
#include "services/domain/trials.h"

namespace budget {

v1::ProcessesState ProcessesView(const State& s) {
  v1::ProcessesState out;
  AddTrials(s, &out);
  AddAgreements(s, &out);
  AddPolicies(s, &out);
  return out;
}

void ProcessResponse(const State& s, const Subject& subject, v1::CommandResponse* out) {
  switch (subject.kind) {
    case Subject::kTrialProgramme:
      if (auto p = RequireProgramme(s, subject.name, "subject"); p.ok()) {
        *out->mutable_trial_programme() = (*p)->programme();
      }
      break;
    case Subject::kTrial:
      if (auto t = RequireTrial(s, subject.name, "subject"); t.ok()) {
        *out->mutable_trial() = *t->trial;
      }
      break;
    case Subject::kAgreement:
      if (auto a = RequireAgreement(s, subject.name, "subject"); a.ok()) {
        *out->mutable_agreement() = **a;
      }
      break;
    case Subject::kDialogueMeeting:
      if (auto m = RequireDialogueMeeting(s, subject.name, "subject"); m.ok()) {
        *out->mutable_dialogue_meeting() = **m;
      }
      break;
    case Subject::kCommitteeCase:
      if (auto it = s.processes().committee_cases().find(std::string(LastSegment(subject.name)));
          it != s.processes().committee_cases().end()) {
        *out->mutable_committee_case() = it->second;
      }
      break;
    case Subject::kPolicy:
      if (auto p = RequirePolicy(s, subject.name, "subject"); p.ok()) *out->mutable_policy() = **p;
      break;
    default:
      break;
  }
}

}  // namespace budget
