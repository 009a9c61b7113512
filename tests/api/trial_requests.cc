#include "tests/api/trial_requests.h"

#include "services/domain/time_util.h"
#include "tests/testing/civil_time.h"

namespace budget::testing {

v1::CreateTrialProgrammeRequest TrialProgrammeRequest() {
  v1::CreateTrialProgrammeRequest r;
  r.set_request_id("programme");
  r.set_programme_id("proevehandlinger");
  r.set_title("Prøvehandlinger");
  r.add_criteria()->set_id("borgeren-foerst");
  r.mutable_criteria(0)->set_text("Sætter borgeren først");
  *r.add_application_deadlines() = ToProto(testing_util::At(2022, 12, 31));
  return r;
}

v1::ProposeTrialRequest TrialProposalRequest(const std::string& request_id,
                                             const std::string& title) {
  v1::ProposeTrialRequest r;
  r.set_request_id(request_id);
  r.set_programme("programmes/proevehandlinger");
  v1::TrialContent* c = r.mutable_content();
  c->set_title(title);
  c->set_description("Beskrivelse");
  c->add_workplaces("workplaces/enghaven");
  c->set_why("Fordi");
  c->add_criteria_met("borgeren-foerst");
  c->set_duration_months(6);
  c->add_success_measures()->set_id("trivsel");
  c->mutable_success_measures(0)->set_description("Beboerne trives");
  c->mutable_success_measures(0)->set_indicator("trivselsmåling");
  c->mutable_success_measures(0)->set_target("4 af 5");
  return r;
}

}  // namespace budget::testing
