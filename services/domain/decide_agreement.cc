// Deciders for development agreements, dialogue meetings and committee
// cases (seed 003; rules 7, 31, 32): drafts and revisions with diffs, a
// signature from each party, yearly follow-up per goal, ending or renewal;
// meetings planned per committee, workplace and year, then held; a
// committee's case about a workplace only after the workplace was heard.
#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "services/domain/agreements.h"
#include "services/domain/decide.h"
#include "services/domain/errors.h"
#include "services/domain/names.h"
#include "services/domain/process_names.h"
#include "services/domain/registry.h"
#include "services/domain/time_util.h"
#include "services/domain/validate.h"

namespace budget {
namespace {

// 003: "få mål" — a few goals, not a catalogue.
constexpr int kMaxGoals = 5;
constexpr int kFirstYear = 2000;
constexpr int kLastYear = 2100;

void CheckYear(FieldErrors* e, absl::string_view field, int year) {
  if (year < kFirstYear || year > kLastYear) {
    e->Add(field, absl::StrCat("must be ", kFirstYear, "..", kLastYear, ", got ", year));
  }
}

void CheckTerms(FieldErrors* e, absl::string_view prefix, const v1::AgreementTerms& t) {
  const auto f = [&](absl::string_view field) { return absl::StrCat(prefix, field); };
  if (t.goals().empty()) e->Add(f("goals"), "needs at least one goal");
  std::set<std::string> ids;
  for (int i = 0; i < t.goals_size(); ++i) {
    const v1::AgreementGoal& g = t.goals(i);
    const std::string g_field = f(absl::StrCat("goals[", i, "]."));
    CheckId(e, g_field + "id", g.id());
    if (!ids.insert(g.id()).second) e->Add(g_field + "id", "repeats an earlier goal");
    CheckText(e, g_field + "title", g.title(), 1, kMaxTitleChars);
    CheckText(e, g_field + "indicator", g.indicator(), 1, kMaxTitleChars);
    CheckText(e, g_field + "target", g.target(), 1, kMaxTitleChars);
  }
  for (int i = 0; i < t.shared_goals_size(); ++i) {
    CheckText(e, f(absl::StrCat("shared_goals[", i, "]")), t.shared_goals(i), 1, kMaxTitleChars);
  }
  CheckYear(e, f("first_year"), t.first_year());
  CheckYear(e, f("last_year"), t.last_year());
  if (t.last_year() < t.first_year()) e->Add(f("last_year"), "must not be before first_year");
}

// Rule 31: "Få mål der tager afsæt i hvordan opgaver løses" (003).
absl::Status RequireFewGoals(const v1::AgreementTerms& t, absl::string_view subject) {
  if (t.goals_size() <= kMaxGoals) return absl::OkStatus();
  return RuleViolation(
      Rule::kFewGoals, subject,
      absl::StrCat("Expected at most ", kMaxGoals, " goals, but the terms have ", t.goals_size()));
}

std::string GoalText(const v1::AgreementGoal& g) {
  return absl::StrCat(g.title(), " (", g.indicator(), ": ", g.target(), ")");
}

// Field by field, goals by id: what a new version changes.
std::vector<v1::TermsChange> Changes(const v1::AgreementTerms& before,
                                     const v1::AgreementTerms& after) {
  std::vector<v1::TermsChange> out;
  auto add = [&](std::string field, std::string old_value, std::string new_value) {
    if (old_value == new_value) return;
    v1::TermsChange& c = out.emplace_back();
    c.set_field(std::move(field));
    c.set_old_value(std::move(old_value));
    c.set_new_value(std::move(new_value));
  };
  std::map<std::string, std::pair<std::string, std::string>> goals;
  for (const auto& g : before.goals()) goals[g.id()].first = GoalText(g);
  for (const auto& g : after.goals()) goals[g.id()].second = GoalText(g);
  for (const auto& [id, texts] : goals)
    add(absl::StrCat("goals[", id, "]"), texts.first, texts.second);
  add("shared_goals", absl::StrJoin(before.shared_goals(), "; "),
      absl::StrJoin(after.shared_goals(), "; "));
  add("first_year", absl::StrCat(before.first_year()), absl::StrCat(after.first_year()));
  add("last_year", absl::StrCat(before.last_year()), absl::StrCat(after.last_year()));
  return out;
}

// A committee acts for itself, a workplace (its hearing body) for itself;
// the coordinator for both (and records what they gave on paper).
absl::Status RequireParty(const v1::Principal& who, absl::string_view committee,
                          absl::string_view workplace) {
  if (HasRole(who, v1::ROLE_COORDINATOR)) return absl::OkStatus();
  if (HasRole(who, v1::ROLE_COMMITTEE) && LastSegment(committee) == who.committee()) {
    return absl::OkStatus();
  }
  // A body is named as a workplace of a round ("rounds/2024/workplaces/x")
  // or on its own ("workplaces/x"): the same workplace.
  if (HasRole(who, v1::ROLE_HEARING_BODY) && !workplace.empty() &&
      (who.body() == workplace || absl::EndsWith(who.body(), absl::StrCat("/", workplace)))) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      absl::StrCat(who.name(), " acts neither for ", committee, " nor for ", workplace));
}

std::string NextName(absl::string_view collection, char prefix, int next) {
  return TopName(collection, SequenceId(prefix, std::max(1, next)));
}

void ValidateDraftAgreement(const v1::DraftAgreementRequest& r, FieldErrors* e) {
  CheckTopName(e, "committee", r.committee(), kCommitteeNames);
  CheckTopName(e, "workplace", r.workplace(), kWorkplaceNames);
  CheckText(e, "title", r.title(), 1, kMaxTitleChars);
  CheckTerms(e, "terms.", r.terms());
}

absl::StatusOr<Decision> DraftAgreement(const State& s, const v1::DraftAgreementRequest& r,
                                        const Context& ctx) {
  RETURN_IF_ERROR(RequireParty(*ctx.actor, r.committee(), r.workplace()));
  RETURN_IF_ERROR(RequireFewGoals(r.terms(), r.committee()));
  Decision d;
  d.subject = {Subject::kAgreement,
               NextName(kAgreements, 'A', s.processes().next_agreement_number())};
  auto* e = d.events.emplace_back().mutable_agreement_drafted();
  e->set_agreement(d.subject.name);
  e->set_committee(r.committee());
  e->set_workplace(r.workplace());
  e->set_title(r.title());
  *e->mutable_terms() = r.terms();
  return d;
}

absl::Status RequireUnsigned(const v1::DevelopmentAgreement& a) {
  if (a.status() == v1::AGREEMENT_DRAFT) return absl::OkStatus();
  return PreconditionFailed(
      "AGREEMENT_SIGNED", a.name(),
      absl::StrCat("Expected a draft, but ", a.name(), " is ", v1::AgreementStatus_Name(a.status()),
                   ": signed terms are not revised; renew it instead"));
}

void ValidateReviseAgreement(const v1::ReviseAgreementRequest& r, FieldErrors* e) {
  CheckTopName(e, "agreement", r.agreement(), kAgreements);
  if (r.expected_version() <= 0) e->Add("expected_version", "is required: the version you read");
  CheckTerms(e, "terms.", r.terms());
}

absl::StatusOr<Decision> ReviseAgreement(const State& s, const v1::ReviseAgreementRequest& r,
                                         const Context& ctx) {
  ASSIGN_OR_RETURN(const v1::DevelopmentAgreement* a,
                   RequireAgreement(s, r.agreement(), "agreement"));
  RETURN_IF_ERROR(RequireParty(*ctx.actor, a->committee(), a->workplace()));
  RETURN_IF_ERROR(RequireUnsigned(*a));
  const int64_t version = a->versions_size();
  if (r.expected_version() != version) {
    return StaleVersion(r.agreement(), r.expected_version(), version);
  }
  RETURN_IF_ERROR(RequireFewGoals(r.terms(), r.agreement()));
  Decision d;
  d.subject = {Subject::kAgreement, r.agreement()};
  auto* e = d.events.emplace_back().mutable_agreement_revised();
  e->set_agreement(r.agreement());
  e->set_version(version + 1);
  *e->mutable_terms() = r.terms();
  for (v1::TermsChange& c : Changes(a->terms(), r.terms())) *e->add_changes() = std::move(c);
  return d;
}

void ValidateSignAgreement(const v1::SignAgreementRequest& r, FieldErrors* e) {
  CheckTopName(e, "agreement", r.agreement(), kAgreements);
  CheckEnum(e, "party", r.party(), v1::AgreementParty_IsValid,
            v1::AgreementParty_Name<v1::AgreementParty>);
  if (r.version() <= 0) e->Add("version", "is required: the version signed");
  CheckDate(e, "date", r.has_date(), r.date());
}

absl::StatusOr<Decision> SignAgreement(const State& s, const v1::SignAgreementRequest& r,
                                       const Context& ctx) {
  ASSIGN_OR_RETURN(const v1::DevelopmentAgreement* a,
                   RequireAgreement(s, r.agreement(), "agreement"));
  // Each party signs for itself: the committee's own principal, the
  // workplace's own body; the coordinator records a signature given on paper.
  const bool committee = r.party() == v1::AGREEMENT_PARTY_COMMITTEE;
  RETURN_IF_ERROR(
      RequireParty(*ctx.actor, committee ? a->committee() : "", committee ? "" : a->workplace()));
  if (a->status() != v1::AGREEMENT_DRAFT && a->status() != v1::AGREEMENT_PARTLY_SIGNED) {
    return PreconditionFailed(
        "AGREEMENT_NOT_OPEN", r.agreement(),
        absl::StrCat("Expected an agreement awaiting signatures, but ", r.agreement(), " is ",
                     v1::AgreementStatus_Name(a->status())));
  }
  if (r.version() != a->versions_size()) {
    return StaleVersion(r.agreement(), r.version(), a->versions_size());
  }
  for (const v1::AgreementSignature& sig : a->signatures()) {
    if (sig.party() == r.party()) {
      return AlreadyExists("signature",
                           absl::StrCat(r.agreement(), " by ", v1::AgreementParty_Name(r.party())));
    }
  }
  Decision d;
  d.subject = {Subject::kAgreement, r.agreement()};
  auto* e = d.events.emplace_back().mutable_agreement_signed();
  e->set_agreement(r.agreement());
  v1::AgreementSignature* sig = e->mutable_signature();
  sig->set_party(r.party());
  sig->set_version(r.version());
  *sig->mutable_date() = r.date();
  sig->set_signed_by(ctx.actor->name());
  return d;
}

void ValidateFollowUpGoal(const v1::FollowUpGoalRequest& r, FieldErrors* e) {
  CheckTopName(e, "agreement", r.agreement(), kAgreements);
  CheckYear(e, "year", r.year());
  CheckId(e, "goal", r.goal());
  CheckText(e, "reported_value", r.reported_value(), 1, kMaxTitleChars);
  CheckText(e, "comment", r.comment(), 0, kMaxTextChars);
}

absl::StatusOr<Decision> FollowUpGoal(const State& s, const v1::FollowUpGoalRequest& r,
                                      const Context& ctx) {
  ASSIGN_OR_RETURN(const v1::DevelopmentAgreement* a,
                   RequireAgreement(s, r.agreement(), "agreement"));
  RETURN_IF_ERROR(RequireParty(*ctx.actor, a->committee(), a->workplace()));
  // Rule 32: followed up only once both parties signed.
  if (a->status() != v1::AGREEMENT_IN_FORCE) {
    return RuleViolation(
        Rule::kSignedByBoth, r.agreement(),
        absl::StrCat("Expected an agreement signed by both the committee and "
                     "the workplace, but ",
                     r.agreement(), " is ", v1::AgreementStatus_Name(a->status())));
  }
  if (r.year() < a->terms().first_year() || r.year() > a->terms().last_year()) {
    return InvalidField(
        "year", absl::StrCat("must lie in the agreement's period ", a->terms().first_year(), "..",
                             a->terms().last_year(), ", got ", r.year()));
  }
  const auto& goals = a->terms().goals();
  if (std::none_of(goals.begin(), goals.end(),
                   [&](const v1::AgreementGoal& g) { return g.id() == r.goal(); })) {
    return NotFound("goal", absl::StrCat(r.agreement(), " goal ", r.goal()));
  }
  for (const v1::GoalFollowUp& f : a->follow_ups()) {
    if (f.year() == r.year() && f.goal() == r.goal()) {
      return AlreadyExists("follow-up",
                           absl::StrCat(r.agreement(), " goal ", r.goal(), " in ", r.year()));
    }
  }
  Decision d;
  d.subject = {Subject::kAgreement, r.agreement()};
  auto* e = d.events.emplace_back().mutable_goal_followed_up();
  e->set_agreement(r.agreement());
  v1::GoalFollowUp* f = e->mutable_follow_up();
  f->set_year(r.year());
  f->set_goal(r.goal());
  f->set_reported_value(r.reported_value());
  f->set_met(r.met());
  f->set_comment(r.comment());
  f->set_reported_by(ctx.actor->name());
  return d;
}

void ValidateEndAgreement(const v1::EndAgreementRequest& r, FieldErrors* e) {
  CheckTopName(e, "agreement", r.agreement(), kAgreements);
  CheckDate(e, "date", r.has_date(), r.date());
  CheckText(e, "reason", r.reason(), 1, kMaxReasonChars);
  if (r.renew()) CheckTerms(e, "renewal_terms.", r.renewal_terms());
}

absl::StatusOr<Decision> EndAgreement(const State& s, const v1::EndAgreementRequest& r,
                                      const Context& ctx) {
  ASSIGN_OR_RETURN(const v1::DevelopmentAgreement* a,
                   RequireAgreement(s, r.agreement(), "agreement"));
  RETURN_IF_ERROR(RequireParty(*ctx.actor, a->committee(), ""));
  if (a->status() == v1::AGREEMENT_ENDED || a->status() == v1::AGREEMENT_RENEWED) {
    return PreconditionFailed(
        "AGREEMENT_ENDED", r.agreement(),
        absl::StrCat("Expected an agreement not yet ended, but ", r.agreement(), " is ",
                     v1::AgreementStatus_Name(a->status())));
  }
  Decision d;
  d.subject = {Subject::kAgreement, r.agreement()};
  auto* ended = d.events.emplace_back().mutable_agreement_ended();
  ended->set_agreement(r.agreement());
  *ended->mutable_date() = r.date();
  ended->set_reason(r.reason());
  if (r.renew()) {
    RETURN_IF_ERROR(RequireFewGoals(r.renewal_terms(), r.agreement()));
    const std::string renewal = NextName(kAgreements, 'A', s.processes().next_agreement_number());
    ended->set_renewed_by(renewal);
    auto* drafted = d.events.emplace_back().mutable_agreement_drafted();
    drafted->set_agreement(renewal);
    drafted->set_committee(a->committee());
    drafted->set_workplace(a->workplace());
    drafted->set_title(a->title());
    *drafted->mutable_terms() = r.renewal_terms();
    drafted->set_renews(r.agreement());
    d.subject.name = renewal;
  }
  return d;
}

void ValidatePlanDialogueMeetings(const v1::PlanDialogueMeetingsRequest& r, FieldErrors* e) {
  CheckTopName(e, "committee", r.committee(), kCommitteeNames);
  CheckYear(e, "year", r.year());
  if (r.workplaces().empty()) e->Add("workplaces", "needs at least one workplace");
  std::set<std::string> seen;
  for (int i = 0; i < r.workplaces_size(); ++i) {
    const std::string f = absl::StrCat("workplaces[", i, "]");
    CheckTopName(e, f, r.workplaces(i), kWorkplaceNames);
    if (!seen.insert(r.workplaces(i)).second) e->Add(f, "repeats an earlier workplace");
  }
}

absl::StatusOr<Decision> PlanDialogueMeetings(const State& s,
                                              const v1::PlanDialogueMeetingsRequest& r,
                                              const Context&) {
  for (const auto& [id, m] : s.processes().dialogue_meetings()) {
    if (m.committee() == r.committee() && m.year() == r.year() &&
        std::find(r.workplaces().begin(), r.workplaces().end(), m.workplace()) !=
            r.workplaces().end()) {
      return AlreadyExists("dialogue meeting", absl::StrCat(m.name(), " (", r.committee(), ", ",
                                                            m.workplace(), ", ", r.year(), ")"));
    }
  }
  Decision d;
  int next = std::max(1, s.processes().next_dialogue_number());
  d.subject = {Subject::kDialogueMeeting, NextName(kDialogueMeetings, 'D', next)};
  for (const std::string& w : r.workplaces()) {
    auto* e = d.events.emplace_back().mutable_dialogue_meeting_planned();
    e->set_meeting(NextName(kDialogueMeetings, 'D', next++));
    e->set_committee(r.committee());
    e->set_workplace(w);
    e->set_year(r.year());
  }
  return d;
}

void ValidateRecordDialogueMeeting(const v1::RecordDialogueMeetingRequest& r, FieldErrors* e) {
  CheckTopName(e, "meeting", r.meeting(), kDialogueMeetings);
  CheckDate(e, "date", r.has_date(), r.date());
  CheckText(e, "place", r.place(), 1, kMaxTitleChars);
  if (r.participants().empty()) e->Add("participants", "needs at least one participant");
  for (int i = 0; i < r.participants_size(); ++i) {
    CheckText(e, absl::StrCat("participants[", i, "]"), r.participants(i), 1, kMaxTitleChars);
  }
  CheckText(e, "presenter", r.presenter(), 1, kMaxTitleChars);
  for (int i = 0; i < r.minutes_references_size(); ++i) {
    CheckText(e, absl::StrCat("minutes_references[", i, "]"), r.minutes_references(i), 1,
              kMaxTitleChars);
  }
  for (int i = 0; i < r.questions_size(); ++i) {
    const std::string f = absl::StrCat("questions[", i, "].");
    CheckText(e, f + "text", r.questions(i).text(), 1, kMaxReasonChars);
    CheckText(e, f + "asked_by", r.questions(i).asked_by(), 1, kMaxTitleChars);
    CheckText(e, f + "answer", r.questions(i).answer(), 0, kMaxTextChars);
  }
}

absl::StatusOr<Decision> RecordDialogueMeeting(const State& s,
                                               const v1::RecordDialogueMeetingRequest& r,
                                               const Context& ctx) {
  ASSIGN_OR_RETURN(const v1::DialogueMeeting* m, RequireDialogueMeeting(s, r.meeting(), "meeting"));
  if (m->held()) {
    return PreconditionFailed("MEETING_HELD", r.meeting(),
                              absl::StrCat("Expected a planned meeting, but ", r.meeting(),
                                           " was held on ", DateString(m->date())));
  }
  if (r.date().year() != m->year()) {
    return InvalidField("date", absl::StrCat("must lie in the planned year ", m->year()));
  }
  Decision d;
  d.subject = {Subject::kDialogueMeeting, r.meeting()};
  auto* e = d.events.emplace_back().mutable_dialogue_meeting_held();
  e->set_meeting(r.meeting());
  *e->mutable_date() = r.date();
  e->set_place(r.place());
  e->set_at_workplace(r.at_workplace());
  *e->mutable_participants() = r.participants();
  e->set_presenter(r.presenter());
  *e->mutable_minutes_references() = r.minutes_references();
  int n = 0;
  for (const v1::DialogueQuestion& q : r.questions()) {
    v1::DialogueQuestion* out = e->add_questions();
    out->set_id(absl::StrCat("Q", ++n));
    out->set_text(q.text());
    out->set_asked_by(q.asked_by());
    out->set_answer(q.answer());
    if (!q.answer().empty()) out->set_answered_by(ctx.actor->name());
  }
  return d;
}

void ValidateAnswerDialogueQuestion(const v1::AnswerDialogueQuestionRequest& r, FieldErrors* e) {
  CheckTopName(e, "meeting", r.meeting(), kDialogueMeetings);
  CheckText(e, "question", r.question(), 1, 16);
  CheckText(e, "answer", r.answer(), 1, kMaxTextChars);
}

absl::StatusOr<Decision> AnswerDialogueQuestion(const State& s,
                                                const v1::AnswerDialogueQuestionRequest& r,
                                                const Context&) {
  ASSIGN_OR_RETURN(const v1::DialogueMeeting* m, RequireDialogueMeeting(s, r.meeting(), "meeting"));
  const v1::DialogueQuestion* q = nullptr;
  for (const v1::DialogueQuestion& candidate : m->questions()) {
    if (candidate.id() == r.question()) q = &candidate;
  }
  if (q == nullptr) return NotFound("question", absl::StrCat(r.meeting(), " ", r.question()));
  if (!q->answer().empty()) {
    return PreconditionFailed("QUESTION_ANSWERED", r.meeting(),
                              absl::StrCat("Expected an open question, but ", r.question(),
                                           " was answered by ", q->answered_by()));
  }
  Decision d;
  d.subject = {Subject::kDialogueMeeting, r.meeting()};
  auto* e = d.events.emplace_back().mutable_dialogue_question_answered();
  e->set_meeting(r.meeting());
  e->set_question(r.question());
  e->set_answer(r.answer());
  return d;
}

void ValidateRecordCommitteeCase(const v1::RecordCommitteeCaseRequest& r, FieldErrors* e) {
  CheckTopName(e, "committee", r.committee(), kCommitteeNames);
  CheckTopName(e, "workplace", r.workplace(), kWorkplaceNames);
  CheckText(e, "title", r.title(), 1, kMaxTitleChars);
  CheckDate(e, "meeting_date", r.has_meeting_date(), r.meeting_date());
  CheckText(e, "presenter", r.presenter(), 1, kMaxTitleChars);
  CheckEnum(e, "presenter_role", r.presenter_role(), v1::PresenterRole_IsValid,
            v1::PresenterRole_Name<v1::PresenterRole>);
  if (r.has_heard()) {
    CheckDate(e, "heard.date", true, r.heard().date());
    CheckText(e, "heard.how", r.heard().how(), 1, kMaxTitleChars);
  }
}

absl::StatusOr<Decision> RecordCommitteeCase(const State& s,
                                             const v1::RecordCommitteeCaseRequest& r,
                                             const Context& ctx) {
  RETURN_IF_ERROR(RequireParty(*ctx.actor, r.committee(), ""));
  // Rule 7 as 003 states it: "Den involverende part/arbejdsplads skal altid
  // høres inden et fagudvalg kan behandle en sag som omhandler ens egen
  // arbejdsplads."
  if (!r.has_heard() || StartOfDay(r.heard().date()) > StartOfDay(r.meeting_date())) {
    return RuleViolation(
        Rule::kHearBeforeDeciding, r.committee(),
        absl::StrCat("Expected ", r.workplace(), " to be heard before ", r.committee(),
                     " handles its case on ", DateString(r.meeting_date()), ", but ",
                     r.has_heard() ? absl::StrCat("it was heard on ", DateString(r.heard().date()))
                                   : std::string("no hearing is recorded")));
  }
  Decision d;
  d.subject = {Subject::kCommitteeCase,
               NextName(kCommitteeCases, 'K', s.processes().next_case_number())};
  auto* e = d.events.emplace_back().mutable_committee_case_recorded();
  e->set_committee_case(d.subject.name);
  v1::CommitteeCase* c = e->mutable_details();
  c->set_name(d.subject.name);
  c->set_committee(r.committee());
  c->set_workplace(r.workplace());
  c->set_title(r.title());
  *c->mutable_meeting_date() = r.meeting_date();
  c->set_presenter(r.presenter());
  c->set_presenter_role(r.presenter_role());
  *c->mutable_heard() = r.heard();
  c->set_recorded_by(ctx.actor->name());
  return d;
}

}  // namespace

std::vector<CommandHandler> AgreementCommands() {
  using C = internal::Command;
  using E = v1::Event;
  return {
      Handle<&C::draft_agreement, ValidateDraftAgreement, DraftAgreement>(C::kDraftAgreement,
                                                                          {E::kAgreementDrafted}),
      Handle<&C::revise_agreement, ValidateReviseAgreement, ReviseAgreement>(
          C::kReviseAgreement, {E::kAgreementRevised}),
      Handle<&C::sign_agreement, ValidateSignAgreement, SignAgreement>(C::kSignAgreement,
                                                                       {E::kAgreementSigned}),
      Handle<&C::follow_up_goal, ValidateFollowUpGoal, FollowUpGoal>(C::kFollowUpGoal,
                                                                     {E::kGoalFollowedUp}),
      Handle<&C::end_agreement, ValidateEndAgreement, EndAgreement>(
          C::kEndAgreement, {E::kAgreementEnded, E::kAgreementDrafted}),
      Handle<&C::plan_dialogue_meetings, ValidatePlanDialogueMeetings, PlanDialogueMeetings>(
          C::kPlanDialogueMeetings, {E::kDialogueMeetingPlanned}),
      Handle<&C::record_dialogue_meeting, ValidateRecordDialogueMeeting, RecordDialogueMeeting>(
          C::kRecordDialogueMeeting, {E::kDialogueMeetingHeld}),
      Handle<&C::answer_dialogue_question, ValidateAnswerDialogueQuestion, AnswerDialogueQuestion>(
          C::kAnswerDialogueQuestion, {E::kDialogueQuestionAnswered}),
      Handle<&C::record_committee_case, ValidateRecordCommitteeCase, RecordCommitteeCase>(
          C::kRecordCommitteeCase, {E::kCommitteeCaseRecorded}),
  };
}

}  // namespace budget
