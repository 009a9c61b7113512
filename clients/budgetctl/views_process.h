#ifndef CLIENTS_BUDGETCTL_VIEWS_PROCESS_H_
#define CLIENTS_BUDGETCTL_VIEWS_PROCESS_H_

// What people see for the processes beside the rounds (view_trial.cc, ...).

#include "budget/v1/agreement_service.pb.h"
#include "budget/v1/policy_service.pb.h"
#include "budget/v1/process_service.pb.h"
#include "budget/v1/trial_service.pb.h"

namespace budgetctl {

void RenderTrialProgramme(const budget::v1::TrialProgramme& programme);
// The trial: what, where, why, measures, decision, reports, evaluations,
// outcomes, links, and its history.
void RenderTrial(const budget::v1::Trial& trial);
void RenderTrials(const budget::v1::ListTrialsResponse& response);
// view_agreement.cc: versions with their diffs, signatures, follow-ups.
void RenderAgreement(const budget::v1::DevelopmentAgreement& agreement);
void RenderAgreements(const budget::v1::ListAgreementsResponse& response);
// The year's meetings and the workplaces that had none.
void RenderDialogueYear(const budget::v1::DialogueYear& year);
void RenderCommitteeCases(const budget::v1::ListCommitteeCasesResponse& response);
// view_policy.cc
void RenderPolicy(const budget::v1::EconomicPolicy& policy);
// Each target met, at risk or missed, and the proposals meant to move a figure.
void RenderPolicyStanding(const budget::v1::PolicyStanding& standing);
// Every process as of a position: counts and the trials' catalogue.
void RenderProcesses(const budget::v1::ProcessesState& state);

}  // namespace budgetctl

#endif  // CLIENTS_BUDGETCTL_VIEWS_PROCESS_H_
