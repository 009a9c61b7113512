#ifndef TESTS_API_TRIAL_REQUESTS_H_
#define TESTS_API_TRIAL_REQUESTS_H_

// The trial requests the API tests share: a programme with one criterion and
// one application deadline (31 December 2022), and a trial proposed under it.

#include <string>

#include "budget/v1/trial_service.pb.h"

namespace budget::testing {

// "programmes/proevehandlinger", criterion "borgeren-foerst".
v1::CreateTrialProgrammeRequest TrialProgrammeRequest();

// A complete trial for Enghaven in that programme, meeting the criterion.
v1::ProposeTrialRequest TrialProposalRequest(const std::string& request_id,
                                             const std::string& title);

}  // namespace budget::testing

#endif  // TESTS_API_TRIAL_REQUESTS_H_
