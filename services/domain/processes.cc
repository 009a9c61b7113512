#include "services/domain/processes.h"

#include "services/domain/trials.h"

namespace budget {

v1::ProcessesState ProcessesView(const State& s) {
  v1::ProcessesState out;
  AddTrials(s, &out);
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
    default:
      break;
  }
}

}  // namespace budget
