#include "services/domain/apply.h"

#include <algorithm>

#include "google/protobuf/util/field_mask_util.h"
#include "services/domain/names.h"
#include "services/domain/time_util.h"

namespace budget {
namespace {

using google::protobuf::util::FieldMaskUtil;

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
  // Kept in timeline (enum) order.
  std::sort(round.mutable_milestones()->begin(), round.mutable_milestones()->end(),
            [](const v1::Milestone& a, const v1::Milestone& b) { return a.kind() < b.kind(); });
  for (auto& x : *round.mutable_milestones()) {
    if (x.kind() == kind) return &x;
  }
  return m;
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
  *r->mutable_create_time() = ToProto(meta.recorded_at);
  r->set_created_by(std::string(meta.actor));
  rs.set_next_proposal_number(1);
}

void ApplyProposalSubmitted(State& s, const v1::ProposalSubmitted& e, const EventMeta& meta) {
  RoundState* rs = MutableRound(s, e.proposal().substr(0, e.proposal().find("/proposals/")));
  if (rs == nullptr) return;
  std::string id(LastSegment(e.proposal()));
  v1::Proposal& p = (*rs->mutable_proposals())[id];
  p.set_name(e.proposal());
  *p.mutable_content() = e.content();
  p.set_version(1);
  *p.mutable_create_time() = ToProto(meta.recorded_at);
  *p.mutable_update_time() = p.create_time();
  p.set_submitted_by(std::string(meta.actor));
  p.set_log_position(meta.position);
  RefreshStatus(p);
  rs->mutable_round()->set_proposal_count(rs->proposals_size());
  int number = std::atoi(id.c_str() + 2);
  rs->set_next_proposal_number(std::max(rs->next_proposal_number(), number + 1));
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

void ApplySelectionApproved(State& s, const v1::SelectionApproved& e, const EventMeta& meta) {
  RoundState* rs = MutableRound(s, e.round());
  if (rs == nullptr) return;
  v1::SelectionApproval* a = rs->mutable_round()->mutable_selection_approval();
  *a->mutable_approved_at() = ToProto(meta.recorded_at);
  *a->mutable_meeting_date() = e.meeting_date();
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

// The round an event concerns, to stamp its log position.
std::string RoundOf(const v1::Event& event) {
  std::string stream = StreamOf(event);
  size_t cut = stream.find('/', stream.find('/') + 1);
  return cut == std::string::npos ? stream : stream.substr(0, cut);
}

}  // namespace

void Apply(State& s, const v1::Event& event, const EventMeta& meta) {
  using E = v1::Event;
  switch (event.payload_case()) {
    case E::kRoundCreated:
      ApplyRoundCreated(s, event.round_created(), meta);
      break;
    case E::kCommitteeDefined:
      if (RoundState* rs = MutableRound(s, event.committee_defined().round())) {
        *rs->mutable_round()->add_committees() = event.committee_defined().committee();
      }
      break;
    case E::kCentreDefined:
      if (RoundState* rs = MutableRound(s, event.centre_defined().round())) {
        *rs->mutable_round()->add_centres() = event.centre_defined().centre();
      }
      break;
    case E::kWorkplaceDefined:
      if (RoundState* rs = MutableRound(s, event.workplace_defined().round())) {
        *rs->mutable_round()->add_workplaces() = event.workplace_defined().workplace();
      }
      break;
    case E::kMilestoneSet:
      if (RoundState* rs = MutableRound(s, event.milestone_set().round())) {
        *MutableMilestone(*rs->mutable_round(), event.milestone_set().kind())->mutable_planned_at() =
            event.milestone_set().planned_at();
      }
      break;
    case E::kMilestoneReached:
      if (RoundState* rs = MutableRound(s, event.milestone_reached().round())) {
        v1::Milestone* m = MutableMilestone(*rs->mutable_round(), event.milestone_reached().kind());
        *m->mutable_reached_at() = ToProto(meta.recorded_at);
        m->set_reached_by(std::string(meta.actor));
      }
      break;
    case E::kGateOverridden:
      if (RoundState* rs = MutableRound(s, event.gate_overridden().round())) {
        const v1::GateOverridden& e = event.gate_overridden();
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
      break;
    case E::kProposalSubmitted:
      ApplyProposalSubmitted(s, event.proposal_submitted(), meta);
      break;
    case E::kProposalAmended:
      WithProposal(s, event.proposal_amended().proposal(), meta, [&](v1::Proposal& p) {
        const v1::ProposalAmended& e = event.proposal_amended();
        google::protobuf::FieldMask mask;
        for (const std::string& path : e.paths()) mask.add_paths(path);
        FieldMaskUtil::MergeOptions replace;
        replace.set_replace_repeated_fields(true);
        replace.set_replace_message_fields(true);
        FieldMaskUtil::MergeMessageTo(e.content(), mask, replace, p.mutable_content());
        p.set_version(e.version());
        *p.mutable_update_time() = ToProto(meta.recorded_at);
      });
      break;
    case E::kProposalWithdrawn:
      WithProposal(s, event.proposal_withdrawn().proposal(), meta, [&](v1::Proposal& p) {
        *p.mutable_withdraw_time() = ToProto(meta.recorded_at);
        p.set_withdrawal_reason(event.proposal_withdrawn().reason());
      });
      break;
    case E::kProposalClaimed:
      WithProposal(s, event.proposal_claimed().proposal(), meta, [&](v1::Proposal& p) {
        v1::Claim* c = p.mutable_claim();
        c->set_committee(event.proposal_claimed().committee());
        *c->mutable_claimed_at() = ToProto(meta.recorded_at);
        c->set_claimed_by(std::string(meta.actor));
      });
      break;
    case E::kClaimReleased:
      WithProposal(s, event.claim_released().proposal(), meta,
                   [](v1::Proposal& p) { p.clear_claim(); });
      break;
    case E::kPoolFormed:
      ApplyPoolFormed(s, event.pool_formed(), meta);
      break;
    case E::kProposalSelected:
      WithProposal(s, event.proposal_selected().proposal(), meta,
                   [](v1::Proposal& p) { p.set_selected(true); });
      break;
    case E::kProposalDeselected:
      WithProposal(s, event.proposal_deselected().proposal(), meta,
                   [](v1::Proposal& p) { p.set_selected(false); });
      break;
    case E::kSelectionApproved:
      ApplySelectionApproved(s, event.selection_approved(), meta);
      break;
    case E::PAYLOAD_NOT_SET:
      // An event type this build does not know (a newer writer): nothing to apply.
      return;
  }
  if (RoundState* rs = MutableRound(s, RoundOf(event))) {
    rs->mutable_round()->set_log_position(meta.position);
  }
  s.set_log_position(meta.position);
}

std::string StreamOf(const v1::Event& event) {
  // Field 1 of every payload names its stream (events.proto).
  const auto* reflection = event.GetReflection();
  const auto* field =
      reflection->GetOneofFieldDescriptor(event, v1::Event::descriptor()->oneof_decl(0));
  if (field == nullptr) return "unknown";
  const google::protobuf::Message& payload = reflection->GetMessage(event, field);
  return payload.GetReflection()->GetString(payload, payload.GetDescriptor()->FindFieldByNumber(1));
}

const std::string& TypeOf(const v1::Event& event) {
  static const std::string* const kUnknown = new std::string("budget.v1.Unknown");
  const auto* field =
      event.GetReflection()->GetOneofFieldDescriptor(event, v1::Event::descriptor()->oneof_decl(0));
  return field == nullptr ? *kUnknown : field->message_type()->full_name();
}

}  // namespace budget
