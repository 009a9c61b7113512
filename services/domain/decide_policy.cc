// Deciders for the economic policy (seed 000, goals 7–12): the policy and
// its key figures, targets per year, key figures recorded per period with
// their source, and the key figure a budget proposal is meant to move.
#include <set>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "services/domain/decide.h"
#include "services/domain/errors.h"
#include "services/domain/names.h"
#include "services/domain/policies.h"
#include "services/domain/process_names.h"
#include "services/domain/registry.h"
#include "services/domain/validate.h"

namespace budget {
namespace {

constexpr int kFirstYear = 2000;
constexpr int kLastYear = 2100;
constexpr int64_t kMaxFigure = 1'000'000'000'000'000;  // 10^15 in any unit

void CheckYear(FieldErrors* e, absl::string_view field, int year) {
  if (year < kFirstYear || year > kLastYear) {
    e->Add(field, absl::StrCat("must be ", kFirstYear, "..", kLastYear, ", got ", year));
  }
}

void CheckFigure(FieldErrors* e, absl::string_view field, int64_t value) {
  if (value < -kMaxFigure || value > kMaxFigure) {
    e->Add(field, absl::StrCat("must be within ±10^15, got ", value));
  }
}

}  // namespace

void CheckPolicyTarget(FieldErrors* e, absl::string_view prefix, const v1::PolicyTarget& t) {
  const std::string f = absl::StrCat(prefix, ".");
  CheckId(e, f + "id", t.id());
  CheckText(e, f + "title", t.title(), 1, kMaxTitleChars);
  if (t.goal_number() < 0 || t.goal_number() > 99) e->Add(f + "goal_number", "must be 0..99");
  CheckId(e, f + "key_figure", t.key_figure());
  CheckYear(e, f + "year", t.year());
  CheckEnum(e, f + "direction", t.direction(), v1::TargetDirection_IsValid,
            v1::TargetDirection_Name<v1::TargetDirection>);
  CheckFigure(e, f + "minimum", t.minimum());
  CheckFigure(e, f + "maximum", t.maximum());
  if (t.has_minimum() && t.has_maximum() && t.maximum() < t.minimum()) {
    e->Add(f + "maximum", "must not be below the minimum");
  }
  if (t.direction() == v1::TARGET_WITHIN_BOUNDS && !t.has_minimum() && !t.has_maximum()) {
    e->Add(f + "minimum", "a target within bounds needs a minimum, a maximum or both");
  }
  if (t.at_risk_margin() < 0 || t.at_risk_margin() > kMaxFigure) {
    e->Add(f + "at_risk_margin", "must be 0..10^15");
  }
}

namespace {

absl::Status RequireKeyFigure(const v1::EconomicPolicy& p, absl::string_view id) {
  if (FindKeyFigure(p, id) != nullptr) return absl::OkStatus();
  return NotFound("key figure", absl::StrCat(p.name(), " ", id));
}

void ValidateDefinePolicy(const v1::DefinePolicyRequest& r, FieldErrors* e) {
  CheckId(e, "policy_id", r.policy_id());
  CheckText(e, "municipality", r.municipality(), 1, kMaxTitleChars);
  CheckText(e, "title", r.title(), 1, kMaxTitleChars);
  if (r.key_figures().empty()) e->Add("key_figures", "needs at least one key figure");
  std::set<std::string> ids;
  for (int i = 0; i < r.key_figures_size(); ++i) {
    const v1::KeyFigure& k = r.key_figures(i);
    const std::string f = absl::StrCat("key_figures[", i, "].");
    CheckId(e, f + "id", k.id());
    if (!ids.insert(k.id()).second) e->Add(f + "id", "repeats an earlier key figure");
    CheckText(e, f + "title", k.title(), 1, kMaxTitleChars);
    CheckEnum(e, f + "unit", k.unit(), v1::FigureUnit_IsValid, v1::FigureUnit_Name<v1::FigureUnit>);
  }
}

absl::StatusOr<Decision> DefinePolicy(const State& s, const v1::DefinePolicyRequest& r,
                                      const Context&) {
  const std::string name = TopName(kPolicies, r.policy_id());
  if (s.processes().policies().contains(r.policy_id())) return AlreadyExists("policy", name);
  Decision d;
  d.subject = {Subject::kPolicy, name};
  auto* e = d.events.emplace_back().mutable_policy_defined();
  e->set_policy(name);
  e->set_municipality(r.municipality());
  e->set_title(r.title());
  *e->mutable_key_figures() = r.key_figures();
  return d;
}

void ValidateSetPolicyTarget(const v1::SetPolicyTargetRequest& r, FieldErrors* e) {
  CheckTopName(e, "policy", r.policy(), kPolicies);
  CheckPolicyTarget(e, "target", r.target());
}

absl::StatusOr<Decision> SetPolicyTarget(const State& s, const v1::SetPolicyTargetRequest& r,
                                         const Context&) {
  ASSIGN_OR_RETURN(const v1::EconomicPolicy* p, RequirePolicy(s, r.policy(), "policy"));
  RETURN_IF_ERROR(RequireKeyFigure(*p, r.target().key_figure()));
  Decision d;
  d.subject = {Subject::kPolicy, r.policy()};
  auto* e = d.events.emplace_back().mutable_policy_target_set();
  e->set_policy(r.policy());
  *e->mutable_target() = r.target();
  return d;
}

void ValidateRecordKeyFigure(const v1::RecordKeyFigureRequest& r, FieldErrors* e) {
  CheckTopName(e, "policy", r.policy(), kPolicies);
  CheckId(e, "key_figure", r.key_figure());
  CheckYear(e, "year", r.year());
  CheckText(e, "period", r.period(), 0, 16);
  CheckEnum(e, "kind", r.kind(), v1::FigureKind_IsValid, v1::FigureKind_Name<v1::FigureKind>);
  CheckFigure(e, "value", r.value());
  // "each an event with its source" (issue 25): a number without a source is not recorded.
  CheckText(e, "source", r.source(), 1, kMaxTitleChars);
}

absl::StatusOr<Decision> RecordKeyFigure(const State& s, const v1::RecordKeyFigureRequest& r,
                                         const Context& ctx) {
  ASSIGN_OR_RETURN(const v1::EconomicPolicy* p, RequirePolicy(s, r.policy(), "policy"));
  RETURN_IF_ERROR(RequireKeyFigure(*p, r.key_figure()));
  Decision d;
  d.subject = {Subject::kPolicy, r.policy()};
  auto* e = d.events.emplace_back().mutable_key_figure_recorded();
  e->set_policy(r.policy());
  v1::KeyFigureValue* v = e->mutable_value();
  v->set_key_figure(r.key_figure());
  v->set_year(r.year());
  v->set_period(r.period().empty() ? absl::StrCat(r.year()) : r.period());
  v->set_kind(r.kind());
  v->set_value(r.value());
  v->set_source(r.source());
  v->set_recorded_by(ctx.actor->name());
  return d;
}

void ValidateLinkProposalToKeyFigure(const v1::LinkProposalToKeyFigureRequest& r, FieldErrors* e) {
  CheckTopName(e, "policy", r.policy(), kPolicies);
  CheckId(e, "key_figure", r.key_figure());
  CheckChild(e, "proposal", r.proposal(), kProposals);
}

absl::StatusOr<Decision> LinkProposalToKeyFigure(const State& s,
                                                 const v1::LinkProposalToKeyFigureRequest& r,
                                                 const Context&) {
  ASSIGN_OR_RETURN(const v1::EconomicPolicy* p, RequirePolicy(s, r.policy(), "policy"));
  RETURN_IF_ERROR(RequireKeyFigure(*p, r.key_figure()));
  RETURN_IF_ERROR(RequireProposal(s, r.proposal(), "proposal").status());
  for (const v1::PolicyLink& l : p->links()) {
    if (l.key_figure() == r.key_figure() && l.proposal() == r.proposal()) {
      return AlreadyExists("link", absl::StrCat(r.proposal(), " -> ", r.key_figure()));
    }
  }
  Decision d;
  d.subject = {Subject::kPolicy, r.policy()};
  auto* e = d.events.emplace_back().mutable_proposal_linked_to_key_figure();
  e->set_policy(r.policy());
  e->mutable_link()->set_key_figure(r.key_figure());
  e->mutable_link()->set_proposal(r.proposal());
  return d;
}

}  // namespace

std::vector<CommandHandler> PolicyCommands() {
  using C = internal::Command;
  using E = v1::Event;
  return {
      Handle<&C::define_policy, ValidateDefinePolicy, DefinePolicy>(C::kDefinePolicy,
                                                                    {E::kPolicyDefined}),
      Handle<&C::set_policy_target, ValidateSetPolicyTarget, SetPolicyTarget>(
          C::kSetPolicyTarget, {E::kPolicyTargetSet}),
      Handle<&C::record_key_figure, ValidateRecordKeyFigure, RecordKeyFigure>(
          C::kRecordKeyFigure, {E::kKeyFigureRecorded}),
      Handle<&C::link_proposal_to_key_figure, ValidateLinkProposalToKeyFigure,
             LinkProposalToKeyFigure>(C::kLinkProposalToKeyFigure, {E::kProposalLinkedToKeyFigure}),
  };
}

}  // namespace budget
