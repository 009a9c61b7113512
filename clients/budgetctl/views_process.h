#ifndef CLIENTS_BUDGETCTL_VIEWS_PROCESS_H_
#define CLIENTS_BUDGETCTL_VIEWS_PROCESS_H_

// What people see for the processes beside the rounds (view_trial.cc, ...).

#include "budget/v1/process_service.pb.h"
#include "budget/v1/trial_service.pb.h"

namespace budgetctl {

void RenderTrialProgramme(const budget::v1::TrialProgramme& programme);
// The trial: what, where, why, measures, decision, reports, evaluations,
// outcomes, links, and its history.
void RenderTrial(const budget::v1::Trial& trial);
void RenderTrials(const budget::v1::ListTrialsResponse& response);
// Every process as of a position: counts and the trials' catalogue.
void RenderProcesses(const budget::v1::ProcessesState& state);

}  // namespace budgetctl

#endif  // CLIENTS_BUDGETCTL_VIEWS_PROCESS_H_
