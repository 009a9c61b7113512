// Deciders for rules 7–9: hearings, meetings, information and questions.
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "services/domain/decide.h"
#include "services/domain/errors.h"
#include "services/domain/hearings.h"
#include "services/domain/lifecycle.h"
#include "services/domain/names.h"
#include "services/domain/registry.h"
#include "services/domain/time_util.h"
#include "services/domain/validate.h"

namespace budget {
namespace {

struct HearingRef {
  const RoundState* round;
  const v1::Hearing* hearing;
};

absl::StatusOr<HearingRef> RequireHearing(const State& s, absl::string_view name) {
  ASSIGN_OR_RETURN(ChildRef ref, ParseChildName(name, kHearings, "hearing"));
  ASSIGN_OR_RETURN(const RoundState* round, RequireRound(s, RoundName(ref.round_id), "hearing"));
  auto it = round->hearings().find(ref.id);
  if (it == round->hearings().end()) return NotFound("hearing", name);
  return HearingRef{round, &it->second};
}

// A proposal named in a request about `round`: it must exist there and be active.
absl::StatusOr<const v1::Proposal*> RequireActiveProposalIn(const State& s, const RoundState& round,
                                                            absl::string_view name,
                                                            absl::string_view field) {
  ASSIGN_OR_RETURN(ProposalRef ref, RequireProposal(s, name, field));
  if (ref.round != &round) {
    return InvalidField(field, absl::StrCat(name, " is not in ", round.round().name()));
  }
  if (ref.proposal->has_withdraw_time()) {
    return PreconditionFailed(
        "PROPOSAL_WITHDRAWN", name,
        absl::StrCat("Expected an active proposal, but ", name, " was withdrawn"));
  }
  return ref.proposal;
}

bool InHearing(const v1::Hearing& h, absl::string_view proposal) {
  return std::find(h.proposals().begin(), h.proposals().end(), proposal) != h.proposals().end();
}

// A hearing body answers only for itself; HMU as bodies/hmu; the coordinator
// may record any invited body's response (received on paper, say).
absl::Status RequireAnswersFor(const Context& ctx, absl::string_view body) {
  if (HasRole(*ctx.actor, v1::ROLE_COORDINATOR) || IsBody(*ctx.actor, body)) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(absl::StrCat(ctx.actor->name(), " may not respond for ", body,
                                                  ": a body responds only for itself"));
}

// The coordinator opens any hearing; a committee the spring hearing of the
// proposals within its own area (004: the committees hear "i løbet af
// forårets budgetproces"), never another committee's or a cross-cutting one.
absl::Status RequireMayOpenHearingOn(const Context& ctx, const v1::OpenHearingRequest& r,
                                     const v1::Proposal& p) {
  if (HasRole(*ctx.actor, v1::ROLE_COORDINATOR)) return absl::OkStatus();
  if (!r.spring()) {
    return absl::PermissionDeniedError(
        absl::StrCat(ctx.actor->name(),
                     " may open only the spring hearing (spring = true) of its committee's own "
                     "proposals; other hearings are the coordinator's"));
  }
  const std::string own = ChildName(LastSegment(r.round()), kCommittees, ctx.actor->committee());
  if (p.content().committees_size() != 1 || p.content().committees(0) != own) {
    return absl::PermissionDeniedError(absl::StrCat(
        ctx.actor->name(), " may not open a hearing on ", p.name(), ": it is not within ", own,
        "'s own area (", absl::StrJoin(p.content().committees(), ", "), ")"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Decision> OpenHearing(const State& s, const v1::OpenHearingRequest& r,
                                     const Context& ctx) {
  ASSIGN_OR_RETURN(const RoundState* round, RequireRound(s, r.round(), "round"));
  if (FromProto(r.deadline()) <= ctx.now) {
    return InvalidField("deadline", absl::StrCat("must be after now (", TimeString(ctx.now), ")"));
  }
  Decision d;
  d.subject = {Subject::kHearing,
               ChildName(LastSegment(r.round()), kHearings,
                         SequenceId('H', std::max(1, round->next_hearing_number())))};
  auto* e = d.events.emplace_back().mutable_hearing_opened();
  e->set_hearing(d.subject.name);
  e->set_title(r.title());
  *e->mutable_deadline() = r.deadline();
  e->set_spring(r.spring());
  std::set<std::string> invited;
  auto invite = [&](const v1::HearingBody& body) {
    if (invited.insert(body.name()).second) *e->add_bodies() = body;
  };
  for (const v1::HearingBody& body : r.bodies()) {
    if (body.kind() == v1::BODY_WORKPLACE) {
      if (FindWorkplace(round->round(), body.name()) == nullptr) {
        return NotFound("workplace", absl::StrCat(body.name(), " (in ", r.round(), ")"));
      }
    }
    invite(body);
  }
  for (int i = 0; i < r.proposals_size(); ++i) {
    ASSIGN_OR_RETURN(
        const v1::Proposal* p,
        RequireActiveProposalIn(s, *round, r.proposals(i), absl::StrCat("proposals[", i, "]")));
    RETURN_IF_ERROR(RequireReady(*p));
    RETURN_IF_ERROR(RequireMayOpenHearingOn(ctx, r, *p));
    e->add_proposals(p->name());
    e->add_proposal_versions(p->version());
    // The affected workplaces are always heard (rule 7).
    for (const std::string& w : p->content().workplaces()) {
      v1::HearingBody body;
      body.set_name(w);
      body.set_kind(v1::BODY_WORKPLACE);
      body.set_display_name(FindWorkplace(round->round(), w)->display_name());
      invite(body);
    }
  }
  return d;
}

absl::StatusOr<Decision> Respond(const State& s, const v1::SubmitResponseRequest& r,
                                 const Context& ctx, bool amend) {
  ASSIGN_OR_RETURN(HearingRef ref, RequireHearing(s, r.hearing()));
  const v1::Hearing& h = *ref.hearing;
  if (!InHearing(h, r.proposal())) {
    return InvalidField("proposal", absl::StrCat(r.proposal(), " is not part of ", h.name()));
  }
  if (std::none_of(h.bodies().begin(), h.bodies().end(),
                   [&](const v1::HearingBody& b) { return b.name() == r.body(); })) {
    return PreconditionFailed("BODY_NOT_INVITED", h.name(),
                              absl::StrCat("Expected a body invited to ", h.name(), ", but ",
                                           r.body(), " was not invited"));
  }
  RETURN_IF_ERROR(RequireAnswersFor(ctx, r.body()));
  switch (StateOf(h, ctx.now)) {
    case v1::HEARING_CLOSED:
      return PreconditionFailed(
          "HEARING_CLOSED", h.name(),
          absl::StrCat("Expected an open hearing, but ", h.name(), " was closed on ",
                       TimeString(FromProto(h.close_time())), ": ", h.close_reason()));
    case v1::HEARING_DEADLINE_PASSED:
      return PreconditionFailed(
          "HEARING_DEADLINE", h.name(),
          absl::StrCat("Expected a response before the deadline, but the deadline ",
                       TimeString(FromProto(h.deadline())), " has passed"));
    default:
      break;
  }
  const v1::Response* existing = FindResponse(h, r.body(), r.proposal());
  if (!amend && existing != nullptr) {
    return AlreadyExists("a response", absl::StrCat("of ", r.body(), " on ", r.proposal(), " in ",
                                                    h.name(), "; amend it with AmendResponse"));
  }
  if (amend && existing == nullptr) {
    return PreconditionFailed("NO_RESPONSE", h.name(),
                              absl::StrCat("Expected an earlier response of ", r.body(), " on ",
                                           r.proposal(), " to amend, but there is none"));
  }
  ASSIGN_OR_RETURN(ProposalRef p, RequireProposal(s, r.proposal(), "proposal"));
  Decision d;
  d.subject = {Subject::kHearing, h.name()};
  auto* e = d.events.emplace_back().mutable_response_submitted();
  e->set_hearing(h.name());
  e->set_proposal(r.proposal());
  e->set_body(r.body());
  e->set_version(existing == nullptr ? 1 : existing->versions_size() + 1);
  e->set_text(r.text());
  e->set_stance(r.stance());
  *e->mutable_attachments() = r.attachments();
  e->set_proposal_version(p.proposal->version());
  return d;
}

absl::StatusOr<Decision> CloseHearing(const State& s, const v1::CloseHearingRequest& r,
                                      const Context&) {
  ASSIGN_OR_RETURN(HearingRef ref, RequireHearing(s, r.hearing()));
  if (ref.hearing->has_close_time()) {
    return PreconditionFailed(
        "HEARING_CLOSED", r.hearing(),
        absl::StrCat("Expected an open hearing, but ", r.hearing(), " is already closed"));
  }
  Decision d;
  d.subject = {Subject::kHearing, r.hearing()};
  auto* e = d.events.emplace_back().mutable_hearing_closed();
  e->set_hearing(r.hearing());
  e->set_reason(r.reason());
  return d;
}

absl::StatusOr<Decision> DecideRehearing(const State& s, const v1::DecideRehearingRequest& r,
                                         const Context&) {
  ASSIGN_OR_RETURN(HearingRef ref, RequireHearing(s, r.hearing()));
  if (!InHearing(*ref.hearing, r.proposal())) {
    return InvalidField("proposal", absl::StrCat(r.proposal(), " is not part of ", r.hearing()));
  }
  ASSIGN_OR_RETURN(ProposalRef p, RequireProposal(s, r.proposal(), "proposal"));
  Decision d;
  d.subject = {Subject::kHearing, r.hearing()};
  auto* e = d.events.emplace_back().mutable_rehearing_decided();
  e->set_hearing(r.hearing());
  e->set_proposal(r.proposal());
  e->set_proposal_version(p.proposal->version());
  e->set_decision(r.decision());
  e->set_reason(r.reason());
  return d;
}

// 004's months for the council's meetings, relative to the budget year:
// "November 2022 / Februar 2023: Foreløbige forslag drøftes på byrådets
// temamøde" (rule 9); "Byrådet gennemfører to dialogmøder" with HMU, in April
// before the selection and at the seminar in August (rule 8).
struct MeetingWindow {
  v1::MeetingKind kind;
  int year_offset;
  int month;
  Rule rule;
};
constexpr MeetingWindow kMeetingWindows[] = {
    {v1::MEETING_THEME_NOVEMBER, -2, 11, Rule::kThemeMeetings},
    {v1::MEETING_THEME_FEBRUARY, -1, 2, Rule::kThemeMeetings},
    {v1::MEETING_HMU_DIALOGUE_APRIL, -1, 4, Rule::kHmuTakesPart},
    {v1::MEETING_HMU_DIALOGUE_AUGUST, -1, 8, Rule::kHmuTakesPart},
};

absl::Status RequireMeetingInWindow(const v1::Round& round, const v1::RecordMeetingRequest& r) {
  const v1::Date& d = r.date();
  for (const MeetingWindow& w : kMeetingWindows) {
    if (w.kind != r.kind()) continue;
    const int year = round.budget_year() + w.year_offset;
    if (d.year() != year || d.month() != w.month) {
      return RuleViolation(w.rule, round.name(),
                           absl::StrCat("Expected ", v1::MeetingKind_Name(w.kind), " in ",
                                        DateString(MakeDate(year, w.month, 1)).substr(0, 7),
                                        " (004's timetable for ", "budget ", round.budget_year(),
                                        "), but it is dated ", DateString(d)));
    }
    // ØK prioritises at its recommendation; Byrådet approves after it.
    if (w.kind == v1::MEETING_HMU_DIALOGUE_APRIL && round.has_selection_recommendation()) {
      return RuleViolation(
          w.rule, round.name(),
          absl::StrCat("Expected the April dialogue with HMU before the selection, but ØK "
                       "recommended the selection on ",
                       DateString(round.selection_recommendation().meeting_date())));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Decision> RecordMeeting(const State& s, const v1::RecordMeetingRequest& r,
                                       const Context&) {
  ASSIGN_OR_RETURN(const RoundState* round, RequireRound(s, r.round(), "round"));
  RETURN_IF_ERROR(RequireMeetingInWindow(round->round(), r));
  Decision d;
  d.subject = {Subject::kMeeting,
               ChildName(LastSegment(r.round()), kMeetings,
                         SequenceId('M', std::max(1, round->next_meeting_number())))};
  auto* e = d.events.emplace_back().mutable_meeting_recorded();
  e->set_meeting(d.subject.name);
  e->set_kind(r.kind());
  *e->mutable_date() = r.date();
  *e->mutable_participants() = r.participants();
  e->set_minutes(r.minutes());
  for (int i = 0; i < r.proposals_size(); ++i) {
    ASSIGN_OR_RETURN(ProposalRef p,
                     RequireProposal(s, r.proposals(i), absl::StrCat("proposals[", i, "]")));
    if (p.round != round) {
      return InvalidField(absl::StrCat("proposals[", i, "]"),
                          absl::StrCat("is not in ", r.round()));
    }
    e->add_proposals(r.proposals(i));
  }
  return d;
}

absl::StatusOr<Decision> InformBody(const State& s, const v1::InformBodyRequest& r,
                                    const Context&) {
  RETURN_IF_ERROR(RequireRound(s, r.round(), "round").status());
  Decision d;
  d.subject = {Subject::kRound, r.round()};
  auto* e = d.events.emplace_back().mutable_body_informed();
  e->set_round(r.round());
  e->set_body(r.body());
  e->set_what(r.what());
  return d;
}

bool IsThemeMeeting(v1::MeetingKind kind) {
  return kind == v1::MEETING_THEME_NOVEMBER || kind == v1::MEETING_THEME_FEBRUARY;
}

absl::StatusOr<Decision> AskQuestion(const State& s, const v1::AskQuestionRequest& r,
                                     const Context&) {
  ASSIGN_OR_RETURN(ProposalRef p, RequireProposal(s, r.proposal(), "proposal"));
  ASSIGN_OR_RETURN(ChildRef m, ParseChildName(r.meeting(), kMeetings, "meeting"));
  auto it = p.round->meetings().find(m.id);
  if (it == p.round->meetings().end() || p.round->round().name() != RoundName(m.round_id)) {
    return NotFound("meeting", absl::StrCat(r.meeting(), " (in ", p.round->round().name(), ")"));
  }
  const v1::Meeting& meeting = it->second;
  if (!IsThemeMeeting(meeting.kind())) {
    return RuleViolation(Rule::kThemeMeetings, r.proposal(),
                         absl::StrCat("Expected a question from a theme meeting, but ", r.meeting(),
                                      " is a ", v1::MeetingKind_Name(meeting.kind())));
  }
  if (std::find(meeting.proposals().begin(), meeting.proposals().end(), r.proposal()) ==
      meeting.proposals().end()) {
    return RuleViolation(Rule::kThemeMeetings, r.proposal(),
                         absl::StrCat("Expected a proposal shown at ", r.meeting(), ", but ",
                                      r.proposal(), " was not among the proposals shown there"));
  }
  Decision d;
  d.subject = {Subject::kQuestion,
               ChildName(LastSegment(p.round->round().name()), kQuestions,
                         SequenceId('Q', std::max(1, p.round->next_question_number())))};
  auto* e = d.events.emplace_back().mutable_question_asked();
  e->set_question(d.subject.name);
  e->set_proposal(r.proposal());
  e->set_meeting(r.meeting());
  e->set_text(r.text());
  return d;
}

absl::StatusOr<Decision> AnswerQuestion(const State& s, const v1::AnswerQuestionRequest& r,
                                        const Context&) {
  ASSIGN_OR_RETURN(const v1::Question* q, FindQuestion(s, r.question()));
  if (!q->answer().empty()) {
    return PreconditionFailed(
        "ALREADY_ANSWERED", r.question(),
        absl::StrCat("Expected an open question, but ", q->answered_by(), " answered it on ",
                     TimeString(FromProto(q->answer_time()))));
  }
  Decision d;
  d.subject = {Subject::kQuestion, r.question()};
  auto* e = d.events.emplace_back().mutable_question_answered();
  e->set_question(r.question());
  e->set_answer(r.answer());
  return d;
}

absl::StatusOr<Decision> WaiveRequirement(const State& s, const v1::WaiveRequirementRequest& r,
                                          const Context& ctx) {
  RETURN_IF_ERROR(RequireRound(s, r.round(), "round").status());
  // Rule 8: the dialogue with HMU is the council's duty, not the administration's to waive.
  if (r.requirement() == v1::REQUIREMENT_HMU_DIALOGUE_APRIL &&
      !HasRole(*ctx.actor, v1::ROLE_COUNCIL)) {
    return RuleViolation(
        Rule::kHmuTakesPart, r.round(),
        absl::StrCat("Expected the council to decide on its own dialogue meeting with HMU (004: "
                     "\"Byrådet gennemfører to dialogmøder\"), but ",
                     ctx.actor->name(), " acts for the administration, which cannot waive it"));
  }
  Decision d;
  d.subject = {Subject::kRound, r.round()};
  auto* e = d.events.emplace_back().mutable_requirement_waived();
  e->set_round(r.round());
  e->set_requirement(r.requirement());
  e->set_reason(r.reason());
  return d;
}

void ValidateOpenHearing(const v1::OpenHearingRequest& r, FieldErrors* e) {
  CheckRound(e, "round", r.round());
  CheckText(e, "title", r.title(), 1, kMaxTitleChars);
  CheckReferences(e, "proposals", r.proposals(), kProposals, true);
  if (r.bodies_size() > kMaxReferences) e->Add("bodies", "has too many entries");
  for (int i = 0; i < r.bodies_size() && i < kMaxReferences; ++i) {
    const v1::HearingBody& b = r.bodies(i);
    const std::string f = absl::StrCat("bodies[", i, "]");
    CheckEnum(e, f + ".kind", b.kind(), v1::BodyKind_IsValid, v1::BodyKind_Name<v1::BodyKind>);
    if (b.kind() == v1::BODY_WORKPLACE) {
      CheckChild(e, f + ".name", b.name(), kWorkplaces);
    } else if (!IsValidBodyName(b.name())) {
      e->Add(f + ".name",
             absl::StrCat("expected \"bodies/<id>\", got \"", Abbreviate(b.name()), "\""));
    } else if (b.kind() == v1::BODY_HMU && b.name() != kHmuBody) {
      e->Add(f + ".name", "HMU is \"bodies/hmu\"");
    }
    CheckText(e, f + ".display_name", b.display_name(), 0, kMaxTitleChars);
  }
  CheckTimestamp(e, "deadline", r.has_deadline(), r.deadline());
}

void ValidateResponse(const v1::SubmitResponseRequest& r, FieldErrors* e) {
  CheckChild(e, "hearing", r.hearing(), kHearings);
  CheckChild(e, "proposal", r.proposal(), kProposals);
  CheckBody(e, "body", r.body());
  CheckEnum(e, "stance", r.stance(), v1::Stance_IsValid, v1::Stance_Name<v1::Stance>);
  CheckText(e, "text", r.text(), r.stance() == v1::STANCE_NO_COMMENT ? 0 : 1, kMaxTextChars);
  if (r.attachments_size() > 20) e->Add("attachments", "has more than 20 entries");
  for (int i = 0; i < r.attachments_size() && i < 20; ++i) {
    CheckText(e, absl::StrCat("attachments[", i, "]"), r.attachments(i), 1, kMaxReasonChars);
  }
}

void ValidateCloseHearing(const v1::CloseHearingRequest& r, FieldErrors* e) {
  CheckChild(e, "hearing", r.hearing(), kHearings);
  CheckText(e, "reason", r.reason(), 1, kMaxReasonChars);
}

void ValidateDecideRehearing(const v1::DecideRehearingRequest& r, FieldErrors* e) {
  CheckChild(e, "hearing", r.hearing(), kHearings);
  CheckChild(e, "proposal", r.proposal(), kProposals);
  CheckEnum(e, "decision", r.decision(), v1::RehearingDecision_IsValid,
            v1::RehearingDecision_Name<v1::RehearingDecision>);
  CheckText(e, "reason", r.reason(), 1, kMaxReasonChars);
}

void ValidateRecordMeeting(const v1::RecordMeetingRequest& r, FieldErrors* e) {
  CheckRound(e, "round", r.round());
  CheckEnum(e, "kind", r.kind(), v1::MeetingKind_IsValid, v1::MeetingKind_Name<v1::MeetingKind>);
  CheckDate(e, "date", r.has_date(), r.date());
  if (r.participants_size() > 100) e->Add("participants", "has more than 100 entries");
  for (int i = 0; i < r.participants_size() && i < 100; ++i) {
    CheckText(e, absl::StrCat("participants[", i, "]"), r.participants(i), 1, kMaxTitleChars);
  }
  CheckText(e, "minutes", r.minutes(), 0, 5 * kMaxTextChars);
  CheckReferences(e, "proposals", r.proposals(), kProposals, false);
}

void ValidateInformBody(const v1::InformBodyRequest& r, FieldErrors* e) {
  CheckRound(e, "round", r.round());
  CheckBody(e, "body", r.body());
  CheckText(e, "what", r.what(), 1, kMaxTextChars);
}

void ValidateAskQuestion(const v1::AskQuestionRequest& r, FieldErrors* e) {
  CheckChild(e, "proposal", r.proposal(), kProposals);
  CheckChild(e, "meeting", r.meeting(), kMeetings);
  CheckText(e, "text", r.text(), 1, kMaxTextChars);
}

void ValidateAnswerQuestion(const v1::AnswerQuestionRequest& r, FieldErrors* e) {
  CheckChild(e, "question", r.question(), kQuestions);
  CheckText(e, "answer", r.answer(), 1, kMaxTextChars);
}

void ValidateWaiveRequirement(const v1::WaiveRequirementRequest& r, FieldErrors* e) {
  CheckRound(e, "round", r.round());
  CheckEnum(e, "requirement", r.requirement(), v1::Requirement_IsValid,
            v1::Requirement_Name<v1::Requirement>);
  CheckText(e, "reason", r.reason(), 1, kMaxReasonChars);
}

absl::StatusOr<Decision> SubmitResponse(const State& s, const v1::SubmitResponseRequest& r,
                                        const Context& ctx) {
  return Respond(s, r, ctx, false);
}

absl::StatusOr<Decision> AmendResponse(const State& s, const v1::SubmitResponseRequest& r,
                                       const Context& ctx) {
  return Respond(s, r, ctx, true);
}

}  // namespace

std::vector<CommandHandler> HearingCommands() {
  using C = internal::Command;
  using E = v1::Event;
  return {
      Handle<&C::open_hearing, ValidateOpenHearing, OpenHearing>(C::kOpenHearing,
                                                                 {E::kHearingOpened}),
      Handle<&C::submit_response, ValidateResponse, SubmitResponse>(C::kSubmitResponse,
                                                                    {E::kResponseSubmitted}),
      Handle<&C::amend_response, ValidateResponse, AmendResponse>(C::kAmendResponse,
                                                                  {E::kResponseSubmitted}),
      Handle<&C::close_hearing, ValidateCloseHearing, CloseHearing>(C::kCloseHearing,
                                                                    {E::kHearingClosed}),
      Handle<&C::decide_rehearing, ValidateDecideRehearing, DecideRehearing>(
          C::kDecideRehearing, {E::kRehearingDecided}),
      Handle<&C::record_meeting, ValidateRecordMeeting, RecordMeeting>(C::kRecordMeeting,
                                                                       {E::kMeetingRecorded}),
      Handle<&C::inform_body, ValidateInformBody, InformBody>(C::kInformBody, {E::kBodyInformed}),
      Handle<&C::ask_question, ValidateAskQuestion, AskQuestion>(C::kAskQuestion,
                                                                 {E::kQuestionAsked}),
      Handle<&C::answer_question, ValidateAnswerQuestion, AnswerQuestion>(C::kAnswerQuestion,
                                                                          {E::kQuestionAnswered}),
      Handle<&C::waive_requirement, ValidateWaiveRequirement, WaiveRequirement>(
          C::kWaiveRequirement, {E::kRequirementWaived}),
  };
}

}  // namespace budget
