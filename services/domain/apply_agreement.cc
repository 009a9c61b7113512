// Appliers of the development agreements', dialogue meetings' and
// committee cases' events (agreement.proto).
#include <algorithm>

#include "services/domain/agreements.h"
#include "services/domain/names.h"
#include "services/domain/registry.h"
#include "services/domain/time_util.h"

namespace budget {
namespace {

// Moves a counter past a server-assigned id ("A-0003" -> at least 4).
void Advance(State& s, int (internal::ProcessState::*get)() const,
             void (internal::ProcessState::*set)(int), absl::string_view name) {
  internal::ProcessState* p = s.mutable_processes();
  (p->*set)(std::max((p->*get)(), SequenceNumber(LastSegment(name))) + 1);
}

void ApplyAgreementDrafted(State& s, const v1::AgreementDrafted& e, const EventMeta& meta) {
  Advance(s, &internal::ProcessState::next_agreement_number,
          &internal::ProcessState::set_next_agreement_number, e.agreement());
  v1::DevelopmentAgreement& a =
      (*s.mutable_processes()->mutable_agreements())[std::string(LastSegment(e.agreement()))];
  a.set_name(e.agreement());
  a.set_committee(e.committee());
  a.set_workplace(e.workplace());
  a.set_title(e.title());
  a.set_status(v1::AGREEMENT_DRAFT);
  *a.mutable_terms() = e.terms();
  a.set_renews(e.renews());
  v1::AgreementVersion* v = a.add_versions();
  v->set_version(1);
  *v->mutable_terms() = e.terms();
  *v->mutable_recorded_at() = ToProto(meta.recorded_at);
  v->set_actor(std::string(meta.actor));
}

void ApplyAgreementRevised(State& s, const v1::AgreementRevised& e, const EventMeta& meta) {
  v1::DevelopmentAgreement* a = MutableAgreement(s, e.agreement());
  if (a == nullptr) return;
  *a->mutable_terms() = e.terms();
  v1::AgreementVersion* v = a->add_versions();
  v->set_version(e.version());
  *v->mutable_terms() = e.terms();
  *v->mutable_recorded_at() = ToProto(meta.recorded_at);
  v->set_actor(std::string(meta.actor));
  *v->mutable_changes() = e.changes();
}

void ApplyAgreementSigned(State& s, const v1::AgreementSigned& e, const EventMeta&) {
  v1::DevelopmentAgreement* a = MutableAgreement(s, e.agreement());
  if (a == nullptr) return;
  *a->add_signatures() = e.signature();
  a->set_status(a->signatures_size() >= 2 ? v1::AGREEMENT_IN_FORCE : v1::AGREEMENT_PARTLY_SIGNED);
}

void ApplyGoalFollowedUp(State& s, const v1::GoalFollowedUp& e, const EventMeta&) {
  v1::DevelopmentAgreement* a = MutableAgreement(s, e.agreement());
  if (a == nullptr) return;
  *a->add_follow_ups() = e.follow_up();
}

void ApplyAgreementEnded(State& s, const v1::AgreementEnded& e, const EventMeta&) {
  v1::DevelopmentAgreement* a = MutableAgreement(s, e.agreement());
  if (a == nullptr) return;
  a->set_status(e.renewed_by().empty() ? v1::AGREEMENT_ENDED : v1::AGREEMENT_RENEWED);
  *a->mutable_end_date() = e.date();
  a->set_end_reason(e.reason());
  a->set_renewed_by(e.renewed_by());
}

void ApplyMeetingPlanned(State& s, const v1::DialogueMeetingPlanned& e, const EventMeta& meta) {
  Advance(s, &internal::ProcessState::next_dialogue_number,
          &internal::ProcessState::set_next_dialogue_number, e.meeting());
  v1::DialogueMeeting& m =
      (*s.mutable_processes()->mutable_dialogue_meetings())[std::string(LastSegment(e.meeting()))];
  m.set_name(e.meeting());
  m.set_committee(e.committee());
  m.set_workplace(e.workplace());
  m.set_year(e.year());
  m.set_planned_by(std::string(meta.actor));
}

void ApplyMeetingHeld(State& s, const v1::DialogueMeetingHeld& e, const EventMeta&) {
  v1::DialogueMeeting* m = MutableDialogueMeeting(s, e.meeting());
  if (m == nullptr) return;
  m->set_held(true);
  *m->mutable_date() = e.date();
  m->set_place(e.place());
  m->set_at_workplace(e.at_workplace());
  *m->mutable_participants() = e.participants();
  m->set_presenter(e.presenter());
  *m->mutable_minutes_references() = e.minutes_references();
  *m->mutable_questions() = e.questions();
}

void ApplyQuestionAnswered(State& s, const v1::DialogueQuestionAnswered& e, const EventMeta& meta) {
  v1::DialogueMeeting* m = MutableDialogueMeeting(s, e.meeting());
  if (m == nullptr) return;
  for (v1::DialogueQuestion& q : *m->mutable_questions()) {
    if (q.id() != e.question()) continue;
    q.set_answer(e.answer());
    q.set_answered_by(std::string(meta.actor));
  }
}

void ApplyCaseRecorded(State& s, const v1::CommitteeCaseRecorded& e, const EventMeta&) {
  Advance(s, &internal::ProcessState::next_case_number,
          &internal::ProcessState::set_next_case_number, e.committee_case());
  (*s.mutable_processes()
        ->mutable_committee_cases())[std::string(LastSegment(e.committee_case()))] = e.details();
}

}  // namespace

std::vector<EventHandler> AgreementAppliers() {
  using E = v1::Event;
  return {
      Applier<&E::agreement_drafted, ApplyAgreementDrafted>(E::kAgreementDrafted),
      Applier<&E::agreement_revised, ApplyAgreementRevised>(E::kAgreementRevised),
      Applier<&E::agreement_signed, ApplyAgreementSigned>(E::kAgreementSigned),
      Applier<&E::goal_followed_up, ApplyGoalFollowedUp>(E::kGoalFollowedUp),
      Applier<&E::agreement_ended, ApplyAgreementEnded>(E::kAgreementEnded),
      Applier<&E::dialogue_meeting_planned, ApplyMeetingPlanned>(E::kDialogueMeetingPlanned),
      Applier<&E::dialogue_meeting_held, ApplyMeetingHeld>(E::kDialogueMeetingHeld),
      Applier<&E::dialogue_question_answered, ApplyQuestionAnswered>(E::kDialogueQuestionAnswered),
      Applier<&E::committee_case_recorded, ApplyCaseRecorded>(E::kCommitteeCaseRecorded),
  };
}

}  // namespace budget
