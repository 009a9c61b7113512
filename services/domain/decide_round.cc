// Deciders for the round's organisation and timeline.
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "services/domain/decide.h"
#include "services/domain/errors.h"
#include "services/domain/names.h"
#include "services/domain/policies.h"
#include "services/domain/registry.h"
#include "services/domain/templates.h"
#include "services/domain/time_util.h"
#include "services/domain/timeline.h"
#include "services/domain/validate.h"

namespace budget {
namespace {

absl::StatusOr<Decision> CreateRound(const State& s, const v1::CreateRoundRequest& r,
                                     const Context&) {
  std::string name = RoundName(r.round_id());
  if (s.rounds().contains(r.round_id())) return AlreadyExists("round", name);
  Decision d;
  d.subject = {Subject::kRound, name};
  auto* e = d.events.emplace_back().mutable_round_created();
  e->set_round(name);
  e->set_municipality(r.municipality());
  e->set_budget_year(r.budget_year());
  *e->mutable_targets() = r.targets();
  e->set_template_(r.template_() == v1::ROUND_TEMPLATE_UNSPECIFIED ? v1::ROUND_TEMPLATE_NONE
                                                                   : r.template_());
  *e->mutable_settings() =
      r.has_settings() ? r.settings() : TemplateSettings(r.template_(), r.budget_year());
  // The template's dates become ordinary events, so replay never needs the
  // template code (or the time zone data) of the day.
  ASSIGN_OR_RETURN(auto plan, TemplatePlan(r.template_(), r.budget_year()));
  for (const auto& [kind, at] : plan) {
    auto* m = d.events.emplace_back().mutable_milestone_set();
    m->set_round(name);
    m->set_kind(kind);
    *m->mutable_planned_at() = ToProto(at);
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

absl::StatusOr<Decision> DefineCommittee(const State& s, const v1::DefineCommitteeRequest& r,
                                         const Context&) {
  ASSIGN_OR_RETURN(const RoundState* round, RequireRound(s, r.parent(), "parent"));
  std::string name = ChildName(LastSegment(r.parent()), kCommittees, r.committee_id());
  RETURN_IF_ERROR(RequireNewChild(*round, kCommittees, r.committee_id(), "committee",
                                  FindCommittee(round->round(), name) != nullptr));
  FieldErrors errors;
  CheckInPeriod(&errors, "committee.operating_frames", round->round().period_first_year(),
                round->round().period_last_year(), r.committee().operating_frames());
  RETURN_IF_ERROR(errors.ToStatus());
  Decision d;
  d.subject = {Subject::kRound, r.parent()};
  auto* e = d.events.emplace_back().mutable_committee_defined();
  e->set_round(r.parent());
  v1::Committee* c = e->mutable_committee();
  c->set_name(name);
  c->set_display_name(r.committee().display_name());
  c->set_operating_frame_kr(r.committee().operating_frame_kr());
  *c->mutable_operating_frames() = r.committee().operating_frames();
  c->set_shortfall_kr(r.committee().shortfall_kr());
  return d;
}

absl::StatusOr<Decision> DefineCentre(const State& s, const v1::DefineCentreRequest& r,
                                      const Context&) {
  ASSIGN_OR_RETURN(const RoundState* round, RequireRound(s, r.parent(), "parent"));
  const v1::Round& rd = round->round();
  std::string name = ChildName(LastSegment(r.parent()), kCentres, r.centre_id());
  RETURN_IF_ERROR(
      RequireNewChild(*round, kCentres, r.centre_id(), "centre", FindCentre(rd, name) != nullptr));
  if (!r.centre().committee().empty()) {
    RETURN_IF_ERROR(RequireKnown(FindCommittee(rd, r.centre().committee()) != nullptr, "committee",
                                 r.centre().committee(), *round));
  }
  Decision d;
  d.subject = {Subject::kRound, r.parent()};
  auto* e = d.events.emplace_back().mutable_centre_defined();
  e->set_round(r.parent());
  v1::Centre* c = e->mutable_centre();
  c->set_name(name);
  c->set_display_name(r.centre().display_name());
  c->set_committee(r.centre().committee());
  c->set_budget_kr(r.centre().budget_kr());
  return d;
}

absl::StatusOr<Decision> DefineWorkplace(const State& s, const v1::DefineWorkplaceRequest& r,
                                         const Context&) {
  ASSIGN_OR_RETURN(const RoundState* round, RequireRound(s, r.parent(), "parent"));
  const v1::Round& rd = round->round();
  std::string name = ChildName(LastSegment(r.parent()), kWorkplaces, r.workplace_id());
  RETURN_IF_ERROR(RequireNewChild(*round, kWorkplaces, r.workplace_id(), "workplace",
                                  FindWorkplace(rd, name) != nullptr));
  RETURN_IF_ERROR(RequireKnown(FindCentre(rd, r.workplace().centre()) != nullptr, "centre",
                               r.workplace().centre(), *round));
  RETURN_IF_ERROR(RequireKnown(FindCommittee(rd, r.workplace().committee()) != nullptr, "committee",
                               r.workplace().committee(), *round));
  Decision d;
  d.subject = {Subject::kRound, r.parent()};
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

absl::StatusOr<Decision> SetMilestone(const State& s, const v1::SetMilestoneRequest& r,
                                      const Context&) {
  ASSIGN_OR_RETURN(const RoundState* round, RequireRound(s, r.round(), "round"));
  RETURN_IF_ERROR(RequireNotReached(round->round(), r.kind()));
  Decision d;
  d.subject = {Subject::kRound, r.round()};
  auto* e = d.events.emplace_back().mutable_milestone_set();
  e->set_round(r.round());
  e->set_kind(r.kind());
  *e->mutable_planned_at() = r.planned_at();
  return d;
}

// Milestones that are a political body's decision are reached by the command
// that records it, never ticked by the administration.
absl::Status RequireMarkable(const v1::Round& round, v1::MilestoneKind kind) {
  const char* by = kind == v1::MILESTONE_EXPANSION_PROCESS_DECIDED
                       ? "ØK's decision (DecideExpansionProcess)"
                   : kind == v1::MILESTONE_SELECTION_APPROVED
                       ? "Byrådet's approval of ØK's recommendation (ApproveSelection)"
                       : nullptr;
  if (by == nullptr) return absl::OkStatus();
  return PreconditionFailed("REACHED_BY_DECISION", round.name(),
                            absl::StrCat("Expected a milestone the coordinator marks, but ",
                                         v1::MilestoneKind_Name(kind), " is reached by ", by));
}

absl::StatusOr<Decision> ReachMilestone(const State& s, const v1::ReachMilestoneRequest& r,
                                        const Context&) {
  ASSIGN_OR_RETURN(const RoundState* round, RequireRound(s, r.round(), "round"));
  RETURN_IF_ERROR(RequireMarkable(round->round(), r.kind()));
  RETURN_IF_ERROR(RequireNotReached(round->round(), r.kind()));
  Decision d;
  d.subject = {Subject::kRound, r.round()};
  auto* e = d.events.emplace_back().mutable_milestone_reached();
  e->set_round(r.round());
  e->set_kind(r.kind());
  return d;
}

absl::StatusOr<Decision> OverrideGate(const State& s, const v1::OverrideGateRequest& r,
                                      const Context&) {
  RETURN_IF_ERROR(RequireRound(s, r.round(), "round").status());
  Decision d;
  d.subject = {Subject::kRound, r.round()};
  auto* e = d.events.emplace_back().mutable_gate_overridden();
  e->set_round(r.round());
  e->set_gate(r.gate());
  e->set_mode(r.mode());
  e->set_reason(r.reason());
  return d;
}

void CheckTargets(FieldErrors* e, const v1::Targets& t) {
  CheckAmount(e, "targets.catalogue_total_kr", t.catalogue_total_kr());
  CheckAmount(e, "targets.raaderum_kr", t.raaderum_kr());
  for (auto [field, bp] : {std::pair{"targets.cross_cutting_share_bp", t.cross_cutting_share_bp()},
                           std::pair{"targets.centre_own_share_bp", t.centre_own_share_bp()}}) {
    if (bp < 0 || bp > 10000) {
      e->Add(field, absl::StrCat("must be 0..10000 basis points, got ", bp));
    }
  }
}

void ValidateCreateRound(const v1::CreateRoundRequest& r, FieldErrors* e) {
  CheckId(e, "round_id", r.round_id());
  CheckText(e, "municipality", r.municipality(), 1, 100);
  if (r.budget_year() < 2000 || r.budget_year() > 2100) {
    e->Add("budget_year", absl::StrCat("must be 2000..2100, got ", r.budget_year()));
  }
  CheckTargets(e, r.targets());
  CheckAmount(e, "settings.claim_margin_kr", r.settings().claim_margin_kr());
  if (r.settings().selection_hearing() != 0) {
    CheckEnum(e, "settings.selection_hearing", r.settings().selection_hearing(),
              v1::SelectionHearing_IsValid, v1::SelectionHearing_Name<v1::SelectionHearing>);
  }
  if (r.settings().demography_areas_size() > 50) {
    e->Add("settings.demography_areas", "has more than 50 entries");
  }
  for (int i = 0; i < r.settings().demography_areas_size() && i < 50; ++i) {
    CheckText(e, absl::StrCat("settings.demography_areas[", i, "]"),
              r.settings().demography_areas(i), 1, kMaxTitleChars);
  }
  for (int i = 0; i < r.settings().economic_targets_size(); ++i) {
    CheckPolicyTarget(e, absl::StrCat("settings.economic_targets[", i, "]"),
                      r.settings().economic_targets(i));
  }
  if (r.template_() != 0) {
    CheckEnum(e, "template", r.template_(), v1::RoundTemplate_IsValid,
              v1::RoundTemplate_Name<v1::RoundTemplate>);
  }
}

void ValidateDefineCommittee(const v1::DefineCommitteeRequest& r, FieldErrors* e) {
  CheckRound(e, "parent", r.parent());
  CheckId(e, "committee_id", r.committee_id());
  CheckText(e, "committee.display_name", r.committee().display_name(), 1, kMaxTitleChars);
  CheckAmount(e, "committee.operating_frame_kr", r.committee().operating_frame_kr());
  CheckYears(e, "committee.operating_frames", r.committee().operating_frames(), false);
  CheckAmount(e, "committee.shortfall_kr", r.committee().shortfall_kr());
}

void ValidateDefineCentre(const v1::DefineCentreRequest& r, FieldErrors* e) {
  CheckRound(e, "parent", r.parent());
  CheckId(e, "centre_id", r.centre_id());
  CheckText(e, "centre.display_name", r.centre().display_name(), 1, kMaxTitleChars);
  if (!r.centre().committee().empty()) {
    CheckChild(e, "centre.committee", r.centre().committee(), kCommittees);
  }
  CheckAmount(e, "centre.budget_kr", r.centre().budget_kr());
}

void ValidateDefineWorkplace(const v1::DefineWorkplaceRequest& r, FieldErrors* e) {
  CheckRound(e, "parent", r.parent());
  CheckId(e, "workplace_id", r.workplace_id());
  CheckText(e, "workplace.display_name", r.workplace().display_name(), 1, kMaxTitleChars);
  CheckChild(e, "workplace.centre", r.workplace().centre(), kCentres);
  CheckChild(e, "workplace.committee", r.workplace().committee(), kCommittees);
}

void ValidateSetMilestone(const v1::SetMilestoneRequest& r, FieldErrors* e) {
  CheckRound(e, "round", r.round());
  CheckEnum(e, "kind", r.kind(), v1::MilestoneKind_IsValid,
            v1::MilestoneKind_Name<v1::MilestoneKind>);
  CheckTimestamp(e, "planned_at", r.has_planned_at(), r.planned_at());
}

void ValidateReachMilestone(const v1::ReachMilestoneRequest& r, FieldErrors* e) {
  CheckRound(e, "round", r.round());
  CheckEnum(e, "kind", r.kind(), v1::MilestoneKind_IsValid,
            v1::MilestoneKind_Name<v1::MilestoneKind>);
}

void ValidateOverrideGate(const v1::OverrideGateRequest& r, FieldErrors* e) {
  CheckRound(e, "round", r.round());
  CheckEnum(e, "gate", r.gate(), v1::Gate_IsValid, v1::Gate_Name<v1::Gate>);
  CheckEnum(e, "mode", r.mode(), v1::GateMode_IsValid, v1::GateMode_Name<v1::GateMode>);
  CheckText(e, "reason", r.reason(), 1, kMaxReasonChars);
}

}  // namespace

std::vector<CommandHandler> RoundCommands() {
  using C = internal::Command;
  using E = v1::Event;
  return {
      Handle<&C::create_round, ValidateCreateRound, CreateRound>(
          C::kCreateRound, {E::kRoundCreated, E::kMilestoneSet}),
      Handle<&C::define_committee, ValidateDefineCommittee, DefineCommittee>(
          C::kDefineCommittee, {E::kCommitteeDefined}),
      Handle<&C::define_centre, ValidateDefineCentre, DefineCentre>(C::kDefineCentre,
                                                                    {E::kCentreDefined}),
      Handle<&C::define_workplace, ValidateDefineWorkplace, DefineWorkplace>(
          C::kDefineWorkplace, {E::kWorkplaceDefined}),
      Handle<&C::set_milestone, ValidateSetMilestone, SetMilestone>(C::kSetMilestone,
                                                                    {E::kMilestoneSet}),
      Handle<&C::reach_milestone, ValidateReachMilestone, ReachMilestone>(C::kReachMilestone,
                                                                          {E::kMilestoneReached}),
      Handle<&C::override_gate, ValidateOverrideGate, OverrideGate>(C::kOverrideGate,
                                                                    {E::kGateOverridden}),
  };
}

}  // namespace budget
