#include "services/domain/apply.h"

#include <algorithm>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "google/protobuf/message.h"
#include "services/domain/content_mask.h"
#include "services/domain/names.h"
#include "services/domain/registry.h"
#include "services/domain/time_util.h"

namespace budget {
namespace {

void RefreshStatus(v1::Proposal& p) {
  p.set_cross_cutting(p.content().committees_size() > 1);
  v1::ProposalStatus s = v1::PROPOSAL_SUBMITTED;
  if (p.has_withdraw_time()) {
    s = v1::PROPOSAL_WITHDRAWN;
  } else if (p.decision().decision() == v1::DECISION_APPROVED) {
    s = v1::PROPOSAL_APPROVED;
  } else if (p.decision().decision() == v1::DECISION_REJECTED) {
    s = v1::PROPOSAL_REJECTED;
  } else if (p.selected()) {
    s = v1::PROPOSAL_SELECTED;
  } else if (p.has_claim()) {
    s = v1::PROPOSAL_CLAIMED;
  } else if (p.in_pool()) {
    s = v1::PROPOSAL_IN_POOL;
  }
  p.set_status(s);
}

v1::Milestone* MutableMilestone(v1::Round& round, v1::MilestoneKind kind) {
  for (auto& m : *round.mutable_milestones()) {
    if (m.kind() == kind) return &m;
  }
  v1::Milestone* m = round.add_milestones();
  m->set_kind(kind);
  return m;
}

// Kept in timeline order: by planned time (unplanned last), then kind, so a
// milestone added to the enum later still lands where its date puts it.
void SortMilestones(v1::Round& round) {
  auto key = [](const v1::Milestone& m) {
    return std::tuple(!m.has_planned_at(), m.planned_at().seconds(), m.planned_at().nanos(),
                      static_cast<int>(m.kind()));
  };
  std::sort(round.mutable_milestones()->begin(), round.mutable_milestones()->end(),
            [&](const v1::Milestone& a, const v1::Milestone& b) { return key(a) < key(b); });
}

// The round a child resource ("rounds/{round}/{collection}/{id}") lives in.
RoundState* RoundOfChild(State& s, absl::string_view name) {
  size_t first = name.find('/');
  size_t second = name.find('/', first + 1);
  if (first == absl::string_view::npos || second == absl::string_view::npos) return nullptr;
  return MutableRound(s, name.substr(0, second));
}

template <typename T>
T* MutableChild(State& s, absl::string_view name,
                google::protobuf::Map<std::string, T>* (RoundState::*map)()) {
  RoundState* rs = RoundOfChild(s, name);
  if (rs == nullptr) return nullptr;
  auto* items = (rs->*map)();
  auto it = items->find(std::string(LastSegment(name)));
  return it == items->end() ? nullptr : &it->second;
}

// Applies a change to one proposal and stamps it and its round.
template <typename F>
void WithProposal(State& s, absl::string_view name, const EventMeta& meta, F change) {
  v1::Proposal* p = MutableProposal(s, name);
  if (p == nullptr) return;
  change(*p);
  p->set_log_position(meta.position);
  RefreshStatus(*p);
}

void ApplyRoundCreated(State& s, const v1::RoundCreated& e, const EventMeta& meta) {
  RoundState& rs = (*s.mutable_rounds())[std::string(LastSegment(e.round()))];
  v1::Round* r = rs.mutable_round();
  r->set_name(e.round());
  r->set_municipality(e.municipality());
  r->set_budget_year(e.budget_year());
  r->set_period_first_year(e.budget_year());
  r->set_period_last_year(e.budget_year() + 3);
  *r->mutable_targets() = e.targets();
  *r->mutable_settings() = e.settings();
  *r->mutable_create_time() = ToProto(meta.recorded_at);
  r->set_created_by(std::string(meta.actor));
  rs.set_next_proposal_number(1);
}

// `set_content` fills the new proposal's content from the event's: a copy
// (Apply) or a move (Take).
void SubmitProposal(State& s, const v1::ProposalSubmitted& e, const EventMeta& meta,
                    absl::FunctionRef<void(v1::ProposalContent*)> set_content) {
  RoundState* rs = RoundOfChild(s, e.proposal());
  if (rs == nullptr) return;
  std::string id(LastSegment(e.proposal()));
  v1::Proposal& p = (*rs->mutable_proposals())[id];
  p.set_name(e.proposal());
  set_content(p.mutable_content());
  p.set_version(1);
  *p.mutable_create_time() = ToProto(meta.recorded_at);
  *p.mutable_update_time() = p.create_time();
  p.set_submitted_by(std::string(meta.actor));
  p.set_log_position(meta.position);
  p.set_stage(e.draft() ? v1::PROPOSAL_DRAFT : v1::PROPOSAL_READY);
  p.set_suggestion(e.suggestion());
  RefreshStatus(p);
  rs->mutable_round()->set_proposal_count(rs->proposals_size());
  int number = SequenceNumber(id);
  rs->set_next_proposal_number(std::max(rs->next_proposal_number(), number + 1));
}

void ApplyProposalSubmitted(State& s, const v1::ProposalSubmitted& e, const EventMeta& meta) {
  SubmitProposal(s, e, meta, [&](v1::ProposalContent* c) { *c = e.content(); });
}

void TakeProposalSubmitted(State& s, v1::ProposalSubmitted& e, const EventMeta& meta) {
  SubmitProposal(s, e, meta, [&](v1::ProposalContent* c) { c->Swap(e.mutable_content()); });
}

void ApplyPoolFormed(State& s, const v1::PoolFormed& e, const EventMeta& meta) {
  RoundState* rs = MutableRound(s, e.round());
  if (rs == nullptr) return;
  v1::Pool* pool = rs->mutable_round()->mutable_pool();
  *pool->mutable_formed_at() = ToProto(meta.recorded_at);
  *pool->mutable_proposals() = e.proposals();
  pool->set_total_at_formation_kr(e.total_kr());
  pool->set_cause(e.cause());
  for (const std::string& name : e.proposals()) {
    WithProposal(s, name, meta, [](v1::Proposal& p) { p.set_in_pool(true); });
  }
}

void ApplySelectionRecommended(State& s, const v1::SelectionRecommended& e, const EventMeta& meta) {
  RoundState* rs = MutableRound(s, e.round());
  if (rs == nullptr) return;
  v1::SelectionRecommendation* r = rs->mutable_round()->mutable_selection_recommendation();
  *r->mutable_recommend_time() = ToProto(meta.recorded_at);
  *r->mutable_meeting_date() = e.meeting_date();
  r->set_agenda_item(e.agenda_item());
  r->set_recommended_by(std::string(meta.actor));
  *r->mutable_proposals() = e.proposals();
}

void ApplySelectionApproved(State& s, const v1::SelectionApproved& e, const EventMeta& meta) {
  RoundState* rs = MutableRound(s, e.round());
  if (rs == nullptr) return;
  v1::SelectionApproval* a = rs->mutable_round()->mutable_selection_approval();
  *a->mutable_approved_at() = ToProto(meta.recorded_at);
  *a->mutable_meeting_date() = e.meeting_date();
  a->set_agenda_item(e.agenda_item());
  a->set_approved_by(std::string(meta.actor));
  for (const auto& item : e.decisions()) {
    (item.decision() == v1::DECISION_APPROVED ? a->set_approved_count(a->approved_count() + 1)
                                              : a->set_rejected_count(a->rejected_count() + 1));
    WithProposal(s, item.proposal(), meta, [&](v1::Proposal& p) {
      v1::SelectionDecision* d = p.mutable_decision();
      d->set_decision(item.decision());
      *d->mutable_meeting_date() = e.meeting_date();
      *d->mutable_decided_at() = ToProto(meta.recorded_at);
    });
  }
}

v1::Hearing* MutableHearing(State& s, absl::string_view name) {
  return MutableChild(s, name, &RoundState::mutable_hearings);
}

void ApplyHearingOpened(State& s, const v1::HearingOpened& e, const EventMeta& meta) {
  RoundState* rs = RoundOfChild(s, e.hearing());
  if (rs == nullptr) return;
  const std::string id(LastSegment(e.hearing()));
  v1::Hearing& h = (*rs->mutable_hearings())[id];
  h.set_name(e.hearing());
  h.set_title(e.title());
  *h.mutable_proposals() = e.proposals();
  *h.mutable_proposal_versions() = e.proposal_versions();
  *h.mutable_bodies() = e.bodies();
  *h.mutable_deadline() = e.deadline();
  *h.mutable_open_time() = ToProto(meta.recorded_at);
  h.set_opened_by(std::string(meta.actor));
  h.set_spring(e.spring());
  rs->set_next_hearing_number(std::max(rs->next_hearing_number(), SequenceNumber(id) + 1));
  for (const std::string& p : e.proposals()) {
    WithProposal(s, p, meta, [&](v1::Proposal& proposal) { proposal.add_hearings(e.hearing()); });
  }
}

void ApplyResponseSubmitted(State& s, const v1::ResponseSubmitted& e, const EventMeta& meta) {
  v1::Hearing* h = MutableHearing(s, e.hearing());
  if (h == nullptr) return;
  v1::Response* response = nullptr;
  for (auto& r : *h->mutable_responses()) {
    if (r.body() == e.body() && r.proposal() == e.proposal()) response = &r;
  }
  if (response == nullptr) {
    response = h->add_responses();
    response->set_body(e.body());
    response->set_proposal(e.proposal());
  }
  v1::ResponseVersion* v = response->add_versions();
  v->set_version(e.version());
  v->set_text(e.text());
  v->set_stance(e.stance());
  *v->mutable_attachments() = e.attachments();
  *v->mutable_submitted_at() = ToProto(meta.recorded_at);
  v->set_submitted_by(std::string(meta.actor));
  v->set_proposal_version(e.proposal_version());
}

void ApplyMeetingRecorded(State& s, const v1::MeetingRecorded& e, const EventMeta& meta) {
  RoundState* rs = RoundOfChild(s, e.meeting());
  if (rs == nullptr) return;
  const std::string id(LastSegment(e.meeting()));
  v1::Meeting& m = (*rs->mutable_meetings())[id];
  m.set_name(e.meeting());
  m.set_kind(e.kind());
  *m.mutable_date() = e.date();
  *m.mutable_participants() = e.participants();
  m.set_minutes(e.minutes());
  *m.mutable_proposals() = e.proposals();
  m.set_recorded_by(std::string(meta.actor));
  *m.mutable_record_time() = ToProto(meta.recorded_at);
  rs->set_next_meeting_number(std::max(rs->next_meeting_number(), SequenceNumber(id) + 1));
}

void ApplyExpansionRequested(State& s, const v1::ExpansionRequested& e, const EventMeta& meta) {
  RoundState* rs = RoundOfChild(s, e.expansion());
  if (rs == nullptr) return;
  const std::string id(LastSegment(e.expansion()));
  v1::Expansion& x = (*rs->mutable_expansions())[id];
  x.set_name(e.expansion());
  x.set_title(e.title());
  x.set_description(e.description());
  x.set_committee(e.committee());
  x.set_requested_by(std::string(meta.actor));
  *x.mutable_request_time() = ToProto(meta.recorded_at);
  x.set_status(v1::EXPANSION_REQUESTED);
  rs->set_next_expansion_number(std::max(rs->next_expansion_number(), SequenceNumber(id) + 1));
}

void ApplyFrameCorrectionRecorded(State& s, const v1::FrameCorrectionRecorded& e,
                                  const EventMeta& meta) {
  RoundState* rs = RoundOfChild(s, e.correction());
  if (rs == nullptr) return;
  const std::string id(LastSegment(e.correction()));
  v1::FrameCorrection& c = (*rs->mutable_corrections())[id];
  c.set_name(e.correction());
  c.set_committee(e.committee());
  c.set_kind(e.kind());
  *c.mutable_amounts() = e.amounts();
  c.set_reason(e.reason());
  c.set_state(e.state());
  c.set_round(e.round());
  c.set_law(e.law());
  c.set_area(e.area());
  c.set_recorded_by(std::string(meta.actor));
  *c.mutable_record_time() = ToProto(meta.recorded_at);
  rs->set_next_correction_number(std::max(rs->next_correction_number(), SequenceNumber(id) + 1));
  for (const std::string& name : e.reopened()) {
    auto it = rs->mutable_corrections()->find(std::string(LastSegment(name)));
    if (it != rs->mutable_corrections()->end()) {
      it->second.set_state(v1::CORRECTION_AWAITING_ASSESSMENT);
    }
  }
}

void ApplyFrameCorrectionAssessed(State& s, const v1::FrameCorrectionAssessed& e,
                                  const EventMeta& meta) {
  if (v1::FrameCorrection* c = MutableChild(s, e.correction(), &RoundState::mutable_corrections)) {
    *c->mutable_assessed_amounts() = e.assessed_amounts();
    c->set_assessment_basis(e.basis());
    c->set_assessed_by(std::string(meta.actor));
    *c->mutable_assess_time() = ToProto(meta.recorded_at);
    c->set_state(v1::CORRECTION_AWAITING_DECISION);
  }
}

void ApplyQuestionAsked(State& s, const v1::QuestionAsked& e, const EventMeta& meta) {
  RoundState* rs = RoundOfChild(s, e.question());
  if (rs == nullptr) return;
  const std::string id(LastSegment(e.question()));
  WithProposal(s, e.proposal(), meta, [&](v1::Proposal& p) {
    v1::Question* q = p.add_questions();
    q->set_name(e.question());
    q->set_proposal(e.proposal());
    q->set_meeting(e.meeting());
    q->set_text(e.text());
    q->set_asked_by(std::string(meta.actor));
    *q->mutable_ask_time() = ToProto(meta.recorded_at);
    (*rs->mutable_question_proposals())[id] = std::string(LastSegment(e.proposal()));
  });
  rs->set_next_question_number(std::max(rs->next_question_number(), SequenceNumber(id) + 1));
}

void ApplyCommitteeDefined(State& s, const v1::CommitteeDefined& e, const EventMeta&) {
  if (RoundState* rs = MutableRound(s, e.round())) {
    *rs->mutable_round()->add_committees() = e.committee();
  }
}

void ApplyCentreDefined(State& s, const v1::CentreDefined& e, const EventMeta&) {
  if (RoundState* rs = MutableRound(s, e.round())) {
    *rs->mutable_round()->add_centres() = e.centre();
  }
}

void ApplyWorkplaceDefined(State& s, const v1::WorkplaceDefined& e, const EventMeta&) {
  if (RoundState* rs = MutableRound(s, e.round())) {
    *rs->mutable_round()->add_workplaces() = e.workplace();
  }
}

void ApplyMilestoneSet(State& s, const v1::MilestoneSet& e, const EventMeta&) {
  if (RoundState* rs = MutableRound(s, e.round())) {
    *MutableMilestone(*rs->mutable_round(), e.kind())->mutable_planned_at() = e.planned_at();
    SortMilestones(*rs->mutable_round());
  }
}

void ApplyMilestoneReached(State& s, const v1::MilestoneReached& e, const EventMeta& meta) {
  if (RoundState* rs = MutableRound(s, e.round())) {
    v1::Milestone* m = MutableMilestone(*rs->mutable_round(), e.kind());
    *m->mutable_reached_at() = ToProto(meta.recorded_at);
    m->set_reached_by(std::string(meta.actor));
    SortMilestones(*rs->mutable_round());
  }
}

void ApplyGateOverridden(State& s, const v1::GateOverridden& e, const EventMeta& meta) {
  if (RoundState* rs = MutableRound(s, e.round())) {
    auto* overrides = rs->mutable_round()->mutable_gate_overrides();
    auto it = std::find_if(overrides->begin(), overrides->end(),
                           [&](const v1::GateOverride& o) { return o.gate() == e.gate(); });
    v1::GateOverride* o = it != overrides->end() ? &*it : overrides->Add();
    o->set_gate(e.gate());
    o->set_mode(e.mode());
    o->set_reason(e.reason());
    o->set_by(std::string(meta.actor));
    *o->mutable_at() = ToProto(meta.recorded_at);
  }
}

// `merge` replaces the amended fields of the proposal's content with the
// event's: a copy (Apply) or a move (Take).
void AmendProposal(State& s, const v1::ProposalAmended& e, const EventMeta& meta,
                   absl::FunctionRef<void(v1::ProposalContent*)> merge) {
  WithProposal(s, e.proposal(), meta, [&](v1::Proposal& p) {
    merge(p.mutable_content());
    p.set_version(e.version());
    *p.mutable_update_time() = ToProto(meta.recorded_at);
  });
}

void ApplyProposalAmended(State& s, const v1::ProposalAmended& e, const EventMeta& meta) {
  AmendProposal(s, e, meta,
                [&](v1::ProposalContent* c) { MergeContent(e.content(), e.paths(), c); });
}

void TakeProposalAmended(State& s, v1::ProposalAmended& e, const EventMeta& meta) {
  AmendProposal(s, e, meta,
                [&](v1::ProposalContent* c) { MoveContent(e.mutable_content(), e.paths(), c); });
}

void ApplyProposalWithdrawn(State& s, const v1::ProposalWithdrawn& e, const EventMeta& meta) {
  WithProposal(s, e.proposal(), meta, [&](v1::Proposal& p) {
    *p.mutable_withdraw_time() = ToProto(meta.recorded_at);
    p.set_withdrawal_reason(e.reason());
  });
}

void ApplyProposalClaimed(State& s, const v1::ProposalClaimed& e, const EventMeta& meta) {
  WithProposal(s, e.proposal(), meta, [&](v1::Proposal& p) {
    v1::Claim* c = p.mutable_claim();
    c->set_committee(e.committee());
    *c->mutable_claimed_at() = ToProto(meta.recorded_at);
    c->set_claimed_by(std::string(meta.actor));
  });
}

void ApplyClaimReleased(State& s, const v1::ClaimReleased& e, const EventMeta& meta) {
  WithProposal(s, e.proposal(), meta, [](v1::Proposal& p) { p.clear_claim(); });
}

void ApplyProposalSelected(State& s, const v1::ProposalSelected& e, const EventMeta& meta) {
  WithProposal(s, e.proposal(), meta, [&](v1::Proposal& p) {
    p.set_selected(true);
    if (e.has_not_heard()) *p.mutable_not_heard() = e.not_heard();
  });
}

void ApplyProposalDeselected(State& s, const v1::ProposalDeselected& e, const EventMeta& meta) {
  WithProposal(s, e.proposal(), meta, [](v1::Proposal& p) {
    p.set_selected(false);
    p.clear_not_heard();
  });
}

void ApplyHearingClosed(State& s, const v1::HearingClosed& e, const EventMeta& meta) {
  if (v1::Hearing* h = MutableHearing(s, e.hearing())) {
    *h->mutable_close_time() = ToProto(meta.recorded_at);
    h->set_close_reason(e.reason());
  }
}

void ApplyRehearingDecided(State& s, const v1::RehearingDecided& e, const EventMeta& meta) {
  if (v1::Hearing* h = MutableHearing(s, e.hearing())) {
    v1::RehearingRecord* r = h->add_rehearing_decisions();
    r->set_proposal(e.proposal());
    r->set_proposal_version(e.proposal_version());
    r->set_decision(e.decision());
    r->set_reason(e.reason());
    r->set_decided_by(std::string(meta.actor));
    *r->mutable_decided_at() = ToProto(meta.recorded_at);
  }
}

void ApplyBodyInformed(State& s, const v1::BodyInformed& e, const EventMeta& meta) {
  if (RoundState* rs = MutableRound(s, e.round())) {
    v1::BodyInformation* i = rs->add_informed();
    i->set_body(e.body());
    i->set_what(e.what());
    *i->mutable_informed_at() = ToProto(meta.recorded_at);
    i->set_informed_by(std::string(meta.actor));
  }
}

void ApplyQuestionAnswered(State& s, const v1::QuestionAnswered& e, const EventMeta& meta) {
  if (v1::Question* q = MutableQuestion(s, e.question())) {
    q->set_answer(e.answer());
    q->set_answered_by(std::string(meta.actor));
    *q->mutable_answer_time() = ToProto(meta.recorded_at);
  }
}

void ApplyRequirementWaived(State& s, const v1::RequirementWaived& e, const EventMeta& meta) {
  if (RoundState* rs = MutableRound(s, e.round())) {
    v1::Waiver* w = rs->add_waivers();
    w->set_requirement(e.requirement());
    w->set_reason(e.reason());
    w->set_waived_by(std::string(meta.actor));
    *w->mutable_waived_at() = ToProto(meta.recorded_at);
  }
}

void ApplyExpansionCosted(State& s, const v1::ExpansionCosted& e, const EventMeta& meta) {
  if (v1::Expansion* x = MutableChild(s, e.expansion(), &RoundState::mutable_expansions)) {
    *x->mutable_costs() = e.costs();
    x->set_full_implementation_kr(e.full_implementation_kr());
    x->set_assumptions(e.assumptions());
    x->set_costed_by(std::string(meta.actor));
    *x->mutable_cost_time() = ToProto(meta.recorded_at);
    x->set_status(v1::EXPANSION_COSTED);
  }
}

void SetExpansionFrame(RoundState& rs, absl::string_view committee, int64_t frame_kr) {
  for (auto& c : *rs.mutable_round()->mutable_committees()) {
    if (c.name() == committee) c.set_expansion_frame_kr(frame_kr);
  }
}

void ApplyExpansionFrameSet(State& s, const v1::ExpansionFrameSet& e, const EventMeta&) {
  if (RoundState* rs = RoundOfChild(s, e.committee())) {
    SetExpansionFrame(*rs, e.committee(), e.frame_kr());
  }
}

void ApplyExpansionProcessDecided(State& s, const v1::ExpansionProcessDecided& e,
                                  const EventMeta& meta) {
  RoundState* rs = MutableRound(s, e.round());
  if (rs == nullptr) return;
  v1::ExpansionProcess* p = rs->mutable_round()->mutable_expansion_process();
  *p->mutable_meeting_date() = e.meeting_date();
  p->set_agenda_item(e.agenda_item());
  *p->mutable_frames() = e.frames();
  p->set_cap_kr(e.cap_kr());
  *p->mutable_topics() = e.topics();
  p->set_decided_by(std::string(meta.actor));
  *p->mutable_decide_time() = ToProto(meta.recorded_at);
  for (const v1::CommitteeFrame& f : e.frames())
    SetExpansionFrame(*rs, f.committee(), f.frame_kr());
}

void ApplyExpansionDecided(State& s, const v1::ExpansionDecided& e, const EventMeta& meta) {
  if (v1::Expansion* x = MutableChild(s, e.expansion(), &RoundState::mutable_expansions)) {
    x->set_status(e.approve() ? v1::EXPANSION_APPROVED : v1::EXPANSION_REJECTED);
    x->set_decision_reason(e.reason());
    *x->mutable_decision_time() = ToProto(meta.recorded_at);
  }
}

void ApplySeminarRecorded(State& s, const v1::SeminarRecorded& e, const EventMeta& meta) {
  if (RoundState* rs = MutableRound(s, e.round())) {
    v1::Seminar* sem = rs->mutable_round()->mutable_seminar();
    *sem->mutable_first_day() = e.first_day();
    *sem->mutable_last_day() = e.last_day();
    *sem->mutable_participants() = e.participants();
    sem->set_minutes(e.minutes());
    sem->set_recorded_by(std::string(meta.actor));
    *sem->mutable_record_time() = ToProto(meta.recorded_at);
  }
}

void ApplyIndicativePrioritySet(State& s, const v1::IndicativePrioritySet& e,
                                const EventMeta& meta) {
  if (RoundState* rs = MutableRound(s, e.round())) {
    v1::IndicativePriority* p = rs->mutable_round()->mutable_indicative_priority();
    p->set_label("indicative (vejledende), non-binding");
    *p->mutable_ranking() = e.ranking();
    p->set_note(e.note());
    p->set_set_by(std::string(meta.actor));
    *p->mutable_set_time() = ToProto(meta.recorded_at);
    p->set_revision(p->revision() + 1);
  }
}

void ApplyReadingRecorded(State& s, const v1::ReadingRecorded& e, const EventMeta& meta) {
  if (RoundState* rs = MutableRound(s, e.round())) {
    v1::Reading* r = rs->mutable_round()->add_readings();
    r->set_kind(e.kind());
    *r->mutable_date() = e.date();
    r->set_outcome(e.outcome());
    *r->mutable_amendments() = e.amendments();
    if (e.has_agreement()) *r->mutable_agreement() = e.agreement();
    *r->mutable_votes() = e.votes();
    r->set_recorded_by(std::string(meta.actor));
    *r->mutable_record_time() = ToProto(meta.recorded_at);
  }
}

void ApplyBudgetAdopted(State& s, const v1::BudgetAdopted& e, const EventMeta& meta) {
  if (RoundState* rs = MutableRound(s, e.round())) {
    v1::Adoption* a = rs->mutable_round()->mutable_adoption();
    *a->mutable_adopted_at() = ToProto(meta.recorded_at);
    *a->mutable_meeting_date() = e.meeting_date();
    a->set_adopted_by(std::string(meta.actor));
  }
}

void ApplyFrameCorrectionDecided(State& s, const v1::FrameCorrectionDecided& e,
                                 const EventMeta& meta) {
  if (v1::FrameCorrection* c = MutableChild(s, e.correction(), &RoundState::mutable_corrections)) {
    c->set_state(e.approve() ? v1::CORRECTION_APPLIED : v1::CORRECTION_REJECTED);
    c->set_decided_by(std::string(meta.actor));
    c->set_decision_reason(e.reason());
    *c->mutable_decision_time() = ToProto(meta.recorded_at);
  }
}

void ApplyShortfallRevised(State& s, const v1::ShortfallRevised& e, const EventMeta&) {
  if (RoundState* rs = MutableRound(s, e.round())) {
    for (v1::Committee& c : *rs->mutable_round()->mutable_committees()) {
      if (c.name() == e.committee()) c.set_shortfall_kr(e.shortfall_kr());
    }
  }
}

void ApplyProposalMarkedReady(State& s, const v1::ProposalMarkedReady& e, const EventMeta& meta) {
  WithProposal(s, e.proposal(), meta, [&](v1::Proposal& p) {
    p.set_stage(v1::PROPOSAL_READY);
    v1::ReadyApproval* a = p.mutable_ready();
    a->set_capacity(e.capacity());
    a->set_centre(e.centre());
    a->set_approved_by(std::string(meta.actor));
    *a->mutable_approve_time() = ToProto(meta.recorded_at);
    a->set_version(e.version());
  });
}

void ApplyCataloguePublished(State& s, const v1::CataloguePublished& e, const EventMeta& meta) {
  RoundState* rs = MutableRound(s, e.round());
  if (rs == nullptr) return;
  v1::CataloguePublication* pub = rs->mutable_round()->add_publications();
  pub->set_edition(e.edition());
  *pub->mutable_publish_time() = ToProto(meta.recorded_at);
  pub->set_published_by(std::string(meta.actor));
  *pub->mutable_proposals() = e.proposals();
  for (const std::string& name : e.proposals()) {
    WithProposal(s, name, meta, [&](v1::Proposal& p) {
      p.set_stage(v1::PROPOSAL_PUBLISHED);
      *p.mutable_publish_time() = ToProto(meta.recorded_at);
    });
  }
}

void ApplySuggestionSubmitted(State& s, const v1::SuggestionSubmitted& e, const EventMeta& meta) {
  RoundState* rs = RoundOfChild(s, e.suggestion());
  if (rs == nullptr) return;
  const std::string id(LastSegment(e.suggestion()));
  v1::Suggestion& g = (*rs->mutable_suggestions())[id];
  g.set_name(e.suggestion());
  g.set_title(e.title());
  g.set_description(e.description());
  g.set_estimated_effect_kr(e.estimated_effect_kr());
  g.set_status(v1::SUGGESTION_SUBMITTED);
  g.set_submitted_by(std::string(meta.actor));
  *g.mutable_submit_time() = ToProto(meta.recorded_at);
  rs->set_next_suggestion_number(std::max(rs->next_suggestion_number(), SequenceNumber(id) + 1));
}

void ApplySuggestionScreened(State& s, const v1::SuggestionScreened& e, const EventMeta& meta) {
  v1::Suggestion* g = MutableChild(s, e.suggestion(), &RoundState::mutable_suggestions);
  if (g == nullptr) return;
  g->set_status(e.status());
  g->set_screened_by(std::string(meta.actor));
  *g->mutable_screen_time() = ToProto(meta.recorded_at);
  g->set_decline_reason(e.decline_reason());
  g->set_proposal(e.proposal());
}
// The projection keeps personal fields sealed; an erasure changes what they
// open to (the key is gone), not the projection.
void ApplySubjectErased(State&, const v1::SubjectErased&, const EventMeta&) {}

}  // namespace

std::vector<EventHandler> EventAppliers() {
  using E = v1::Event;
  return {
      Applier<&E::round_created, ApplyRoundCreated>(E::kRoundCreated),
      Applier<&E::committee_defined, ApplyCommitteeDefined>(E::kCommitteeDefined),
      Applier<&E::centre_defined, ApplyCentreDefined>(E::kCentreDefined),
      Applier<&E::workplace_defined, ApplyWorkplaceDefined>(E::kWorkplaceDefined),
      Applier<&E::milestone_set, ApplyMilestoneSet>(E::kMilestoneSet),
      Applier<&E::milestone_reached, ApplyMilestoneReached>(E::kMilestoneReached),
      Applier<&E::gate_overridden, ApplyGateOverridden>(E::kGateOverridden),
      TakingApplier<&E::proposal_submitted, ApplyProposalSubmitted, &E::mutable_proposal_submitted,
                    TakeProposalSubmitted>(E::kProposalSubmitted),
      TakingApplier<&E::proposal_amended, ApplyProposalAmended, &E::mutable_proposal_amended,
                    TakeProposalAmended>(E::kProposalAmended),
      Applier<&E::proposal_withdrawn, ApplyProposalWithdrawn>(E::kProposalWithdrawn),
      Applier<&E::proposal_claimed, ApplyProposalClaimed>(E::kProposalClaimed),
      Applier<&E::claim_released, ApplyClaimReleased>(E::kClaimReleased),
      Applier<&E::pool_formed, ApplyPoolFormed>(E::kPoolFormed),
      Applier<&E::proposal_selected, ApplyProposalSelected>(E::kProposalSelected),
      Applier<&E::proposal_deselected, ApplyProposalDeselected>(E::kProposalDeselected),
      Applier<&E::selection_approved, ApplySelectionApproved>(E::kSelectionApproved),
      Applier<&E::hearing_opened, ApplyHearingOpened>(E::kHearingOpened),
      Applier<&E::response_submitted, ApplyResponseSubmitted>(E::kResponseSubmitted),
      Applier<&E::hearing_closed, ApplyHearingClosed>(E::kHearingClosed),
      Applier<&E::rehearing_decided, ApplyRehearingDecided>(E::kRehearingDecided),
      Applier<&E::meeting_recorded, ApplyMeetingRecorded>(E::kMeetingRecorded),
      Applier<&E::body_informed, ApplyBodyInformed>(E::kBodyInformed),
      Applier<&E::question_asked, ApplyQuestionAsked>(E::kQuestionAsked),
      Applier<&E::question_answered, ApplyQuestionAnswered>(E::kQuestionAnswered),
      Applier<&E::requirement_waived, ApplyRequirementWaived>(E::kRequirementWaived),
      Applier<&E::expansion_requested, ApplyExpansionRequested>(E::kExpansionRequested),
      Applier<&E::expansion_costed, ApplyExpansionCosted>(E::kExpansionCosted),
      Applier<&E::expansion_frame_set, ApplyExpansionFrameSet>(E::kExpansionFrameSet),
      Applier<&E::expansion_decided, ApplyExpansionDecided>(E::kExpansionDecided),
      Applier<&E::seminar_recorded, ApplySeminarRecorded>(E::kSeminarRecorded),
      Applier<&E::indicative_priority_set, ApplyIndicativePrioritySet>(E::kIndicativePrioritySet),
      Applier<&E::reading_recorded, ApplyReadingRecorded>(E::kReadingRecorded),
      Applier<&E::budget_adopted, ApplyBudgetAdopted>(E::kBudgetAdopted),
      Applier<&E::frame_correction_recorded, ApplyFrameCorrectionRecorded>(
          E::kFrameCorrectionRecorded),
      Applier<&E::frame_correction_decided, ApplyFrameCorrectionDecided>(
          E::kFrameCorrectionDecided),
      Applier<&E::shortfall_revised, ApplyShortfallRevised>(E::kShortfallRevised),
      Applier<&E::selection_recommended, ApplySelectionRecommended>(E::kSelectionRecommended),
      Applier<&E::expansion_process_decided, ApplyExpansionProcessDecided>(
          E::kExpansionProcessDecided),
      Applier<&E::frame_correction_assessed, ApplyFrameCorrectionAssessed>(
          E::kFrameCorrectionAssessed),
      Applier<&E::proposal_marked_ready, ApplyProposalMarkedReady>(E::kProposalMarkedReady),
      Applier<&E::catalogue_published, ApplyCataloguePublished>(E::kCataloguePublished),
      Applier<&E::suggestion_submitted, ApplySuggestionSubmitted>(E::kSuggestionSubmitted),
      Applier<&E::suggestion_screened, ApplySuggestionScreened>(E::kSuggestionScreened),
      Applier<&E::subject_erased, ApplySubjectErased>(E::kSubjectErased),
  };
}

namespace {

// Per payload of Event (by its field number, which is its payload case):
// the payload's field and that payload's field 1, which names its stream
// (events.proto). Looked up once: replay asks for every event.
struct PayloadFields {
  const google::protobuf::FieldDescriptor* payload;
  const google::protobuf::FieldDescriptor* stream;
  const google::protobuf::Reflection* payload_reflection;
};

const PayloadFields* FieldsOf(v1::Event::PayloadCase c) {
  static const auto* const table = [] {
    auto* m = new absl::flat_hash_map<int, PayloadFields>;
    const google::protobuf::OneofDescriptor* oneof = v1::Event::descriptor()->oneof_decl(0);
    for (int i = 0; i < oneof->field_count(); ++i) {
      const google::protobuf::FieldDescriptor* f = oneof->field(i);
      const google::protobuf::Message* prototype =
          google::protobuf::MessageFactory::generated_factory()->GetPrototype(f->message_type());
      m->emplace(f->number(), PayloadFields{f, f->message_type()->FindFieldByNumber(1),
                                            prototype->GetReflection()});
    }
    return m;
  }();
  auto it = table->find(static_cast<int>(c));
  return it == table->end() ? nullptr : &it->second;
}

const std::string& StreamRefOf(const v1::Event& event) {
  static const std::string* const kUnknown = new std::string("unknown");
  static const google::protobuf::Reflection* const reflection = v1::Event::GetReflection();
  const PayloadFields* p = FieldsOf(event.payload_case());
  if (p == nullptr) return *kUnknown;
  const google::protobuf::Message& payload = reflection->GetMessage(event, p->payload);
  return p->payload_reflection->GetStringReference(payload, p->stream, nullptr);
}

// What every applied event changes beside its payload's own changes.
void Positioned(State& s, const v1::Event& event, const EventMeta& meta) {
  // The stream is the round or a resource in it.
  const std::string& stream = StreamRefOf(event);
  RoundState* rs = stream.find('/', stream.find('/') + 1) == std::string::npos
                       ? MutableRound(s, stream)
                       : RoundOfChild(s, stream);
  if (rs != nullptr) {
    rs->mutable_round()->set_log_position(meta.position);
  }
  s.set_log_position(meta.position);
}

}  // namespace

void Apply(State& s, const v1::Event& event, const EventMeta& meta) {
  const EventHandler* handler = FindEvent(event.payload_case());
  // An event type this build does not know (a newer writer): nothing to apply.
  if (handler == nullptr) return;
  handler->apply(s, event, meta);
  Positioned(s, event, meta);
}

void Take(State& s, v1::Event& event, const EventMeta& meta) {
  const EventHandler* handler = FindEvent(event.payload_case());
  if (handler == nullptr) return;
  if (handler->take != nullptr) {
    handler->take(s, event, meta);
  } else {
    handler->apply(s, event, meta);
  }
  Positioned(s, event, meta);
}

std::string StreamOf(const v1::Event& event) { return StreamRefOf(event); }

absl::string_view OnlyProposalChangedBy(const v1::Event& event) {
  switch (event.payload_case()) {
    case v1::Event::kProposalSubmitted:  // ApplyProposalSubmitted: the new one
      return LastSegment(event.proposal_submitted().proposal());
    case v1::Event::kProposalAmended:  // the others: WithProposal
      return LastSegment(event.proposal_amended().proposal());
    case v1::Event::kProposalClaimed:
      return LastSegment(event.proposal_claimed().proposal());
    case v1::Event::kClaimReleased:
      return LastSegment(event.claim_released().proposal());
    case v1::Event::kProposalWithdrawn:
      return LastSegment(event.proposal_withdrawn().proposal());
    default:
      return {};
  }
}

const std::string& TypeOf(const v1::Event& event) {
  static const std::string* const kUnknown = new std::string("budget.v1.Unknown");
  const PayloadFields* p = FieldsOf(event.payload_case());
  return p == nullptr ? *kUnknown : p->payload->message_type()->full_name();
}

}  // namespace budget
