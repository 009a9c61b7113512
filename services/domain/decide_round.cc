// Deciders for the round's organisation and timeline.
#include "absl/strings/str_cat.h"
#include "services/domain/decide.h"
#include "services/domain/errors.h"
#include "services/domain/names.h"
#include "services/domain/time_util.h"
#include "services/domain/timeline.h"

namespace budget {
namespace {

absl::StatusOr<Decision> CreateRound(const State& s, const v1::CreateRoundRequest& r) {
  std::string name = RoundName(r.round_id());
  if (s.rounds().contains(r.round_id())) return AlreadyExists("round", name);
  Decision d;
  d.subject = name;
  auto* e = d.events.emplace_back().mutable_round_created();
  e->set_round(name);
  e->set_municipality(r.municipality());
  e->set_budget_year(r.budget_year());
  *e->mutable_targets() = r.targets();
  e->set_template_(r.template_() == v1::ROUND_TEMPLATE_UNSPECIFIED ? v1::ROUND_TEMPLATE_NONE
                                                                   : r.template_());
  // The template's dates become ordinary events, so replay never needs the
  // template code of the day.
  if (r.template_() == v1::ROUND_TEMPLATE_STRATEGY_2024) {
    for (const auto& [kind, at] : Strategy2024Plan(r.budget_year())) {
      auto* m = d.events.emplace_back().mutable_milestone_set();
      m->set_round(name);
      m->set_kind(kind);
      *m->mutable_planned_at() = ToProto(at);
    }
  }
  return d;
}

// An organisational unit is defined once; its id must be new in the round.
absl::Status RequireNewChild(const RoundState& round, absl::string_view collection,
                             absl::string_view id, absl::string_view what, bool exists) {
  if (exists)
    return AlreadyExists(what, ChildName(LastSegment(round.round().name()), collection, id));
  return absl::OkStatus();
}

absl::Status RequireKnown(bool known, absl::string_view what, absl::string_view name,
                          const RoundState& round) {
  if (known) return absl::OkStatus();
  return NotFound(what, absl::StrCat(name, " (in ", round.round().name(), ")"));
}

absl::StatusOr<Decision> DefineCommittee(const State& s, const v1::DefineCommitteeRequest& r) {
  absl::StatusOr<const RoundState*> round = RequireRound(s, r.parent(), "parent");
  if (!round.ok()) return round.status();
  std::string name = ChildName(LastSegment(r.parent()), kCommittees, r.committee_id());
  if (auto st = RequireNewChild(**round, kCommittees, r.committee_id(), "committee",
                                FindCommittee((*round)->round(), name) != nullptr);
      !st.ok()) {
    return st;
  }
  Decision d;
  d.subject = r.parent();
  auto* e = d.events.emplace_back().mutable_committee_defined();
  e->set_round(r.parent());
  v1::Committee* c = e->mutable_committee();
  c->set_name(name);
  c->set_display_name(r.committee().display_name());
  c->set_operating_frame_kr(r.committee().operating_frame_kr());
  c->set_shortfall_kr(r.committee().shortfall_kr());
  return d;
}

absl::StatusOr<Decision> DefineCentre(const State& s, const v1::DefineCentreRequest& r) {
  absl::StatusOr<const RoundState*> round = RequireRound(s, r.parent(), "parent");
  if (!round.ok()) return round.status();
  const v1::Round& rd = (*round)->round();
  std::string name = ChildName(LastSegment(r.parent()), kCentres, r.centre_id());
  if (auto st = RequireNewChild(**round, kCentres, r.centre_id(), "centre",
                                FindCentre(rd, name) != nullptr);
      !st.ok()) {
    return st;
  }
  if (!r.centre().committee().empty()) {
    if (auto st = RequireKnown(FindCommittee(rd, r.centre().committee()) != nullptr, "committee",
                               r.centre().committee(), **round);
        !st.ok()) {
      return st;
    }
  }
  Decision d;
  d.subject = r.parent();
  auto* e = d.events.emplace_back().mutable_centre_defined();
  e->set_round(r.parent());
  v1::Centre* c = e->mutable_centre();
  c->set_name(name);
  c->set_display_name(r.centre().display_name());
  c->set_committee(r.centre().committee());
  c->set_budget_kr(r.centre().budget_kr());
  return d;
}

absl::StatusOr<Decision> DefineWorkplace(const State& s, const v1::DefineWorkplaceRequest& r) {
  absl::StatusOr<const RoundState*> round = RequireRound(s, r.parent(), "parent");
  if (!round.ok()) return round.status();
  const v1::Round& rd = (*round)->round();
  std::string name = ChildName(LastSegment(r.parent()), kWorkplaces, r.workplace_id());
  if (auto st = RequireNewChild(**round, kWorkplaces, r.workplace_id(), "workplace",
                                FindWorkplace(rd, name) != nullptr);
      !st.ok()) {
    return st;
  }
  if (auto st = RequireKnown(FindCentre(rd, r.workplace().centre()) != nullptr, "centre",
                             r.workplace().centre(), **round);
      !st.ok()) {
    return st;
  }
  if (auto st = RequireKnown(FindCommittee(rd, r.workplace().committee()) != nullptr, "committee",
                             r.workplace().committee(), **round);
      !st.ok()) {
    return st;
  }
  Decision d;
  d.subject = r.parent();
  auto* e = d.events.emplace_back().mutable_workplace_defined();
  e->set_round(r.parent());
  v1::Workplace* w = e->mutable_workplace();
  w->set_name(name);
  w->set_display_name(r.workplace().display_name());
  w->set_centre(r.workplace().centre());
  w->set_committee(r.workplace().committee());
  return d;
}

absl::Status RequireNotReached(const v1::Round& round, v1::MilestoneKind kind) {
  const v1::Milestone* m = FindMilestone(round, kind);
  if (m == nullptr || !m->has_reached_at()) return absl::OkStatus();
  return PreconditionFailed(
      "MILESTONE_REACHED", round.name(),
      absl::StrCat("Expected ", v1::MilestoneKind_Name(kind), " not to be reached yet, but ",
                   m->reached_by(), " marked it reached on ",
                   TimeString(FromProto(m->reached_at()))));
}

absl::StatusOr<Decision> SetMilestone(const State& s, const v1::SetMilestoneRequest& r) {
  absl::StatusOr<const RoundState*> round = RequireRound(s, r.round(), "round");
  if (!round.ok()) return round.status();
  if (auto st = RequireNotReached((*round)->round(), r.kind()); !st.ok()) return st;
  Decision d;
  d.subject = r.round();
  auto* e = d.events.emplace_back().mutable_milestone_set();
  e->set_round(r.round());
  e->set_kind(r.kind());
  *e->mutable_planned_at() = r.planned_at();
  return d;
}

absl::StatusOr<Decision> ReachMilestone(const State& s, const v1::ReachMilestoneRequest& r) {
  absl::StatusOr<const RoundState*> round = RequireRound(s, r.round(), "round");
  if (!round.ok()) return round.status();
  if (auto st = RequireNotReached((*round)->round(), r.kind()); !st.ok()) return st;
  Decision d;
  d.subject = r.round();
  auto* e = d.events.emplace_back().mutable_milestone_reached();
  e->set_round(r.round());
  e->set_kind(r.kind());
  return d;
}

absl::StatusOr<Decision> OverrideGate(const State& s, const v1::OverrideGateRequest& r) {
  absl::StatusOr<const RoundState*> round = RequireRound(s, r.round(), "round");
  if (!round.ok()) return round.status();
  Decision d;
  d.subject = r.round();
  auto* e = d.events.emplace_back().mutable_gate_overridden();
  e->set_round(r.round());
  e->set_gate(r.gate());
  e->set_mode(r.mode());
  e->set_reason(r.reason());
  return d;
}

}  // namespace

absl::StatusOr<Decision> DecideRound(const State& s, const internal::Command& c,
                                     const Context& /*ctx*/) {
  using K = internal::Command;
  switch (c.kind_case()) {
    case K::kCreateRound:
      return CreateRound(s, c.create_round());
    case K::kDefineCommittee:
      return DefineCommittee(s, c.define_committee());
    case K::kDefineCentre:
      return DefineCentre(s, c.define_centre());
    case K::kDefineWorkplace:
      return DefineWorkplace(s, c.define_workplace());
    case K::kSetMilestone:
      return SetMilestone(s, c.set_milestone());
    case K::kReachMilestone:
      return ReachMilestone(s, c.reach_milestone());
    case K::kOverrideGate:
      return OverrideGate(s, c.override_gate());
    default:
      break;
  }
  return absl::InternalError("DecideRound: not a round command");
}

}  // namespace budget
