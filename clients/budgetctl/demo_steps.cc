#include "budget/v1/hearing_service.grpc.pb.h"
#include "clients/budgetctl/demo_script.h"
#include "clients/budgetctl/parse.h"
#include "services/domain/names.h"

namespace budgetctl::demo {

namespace v1 = budget::v1;

std::string Child(const Runner& run, absl::string_view collection, absl::string_view id) {
  return budget::ChildName(run.round_id(), collection, id);
}

std::string RecordMeeting(Runner& run, v1::MeetingKind kind, const char* date,
                          const std::vector<std::string>& participants, const char* minutes,
                          const std::vector<std::string>& keys) {
  v1::RecordMeetingRequest r;
  r.set_round(run.round());
  r.set_kind(kind);
  *r.mutable_date() = ParseDate(date);
  r.mutable_participants()->Assign(participants.begin(), participants.end());
  r.set_minutes(minutes);
  for (const std::string& key : keys) r.add_proposals(run.Name(key));
  return ResourceName(run.Do(Role::kCoordinator, &v1::MeetingService::Stub::RecordMeeting, r,
                             absl::StrCat("meeting ", v1::MeetingKind_Name(kind))));
}

void SetYears(const Years& amounts, google::protobuf::RepeatedPtrField<v1::YearAmount>* out) {
  out->Clear();
  for (size_t i = 0; i < amounts.size(); ++i) {
    v1::YearAmount* a = out->Add();
    a->set_year(TheData().budget_year + static_cast<int>(i));
    a->set_amount_kr(amounts[i]);
  }
}

void Inform(Runner& run, const char* body, const char* what) {
  v1::InformBodyRequest r;
  r.set_round(run.round());
  r.set_body(body);
  r.set_what(what);
  run.Do(Role::kCoordinator, &v1::MeetingService::Stub::InformBody, r,
         absl::StrCat("inform ", body));
}

}  // namespace budgetctl::demo
