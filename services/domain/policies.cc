#include "services/domain/policies.h"

#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "services/domain/errors.h"
#include "services/domain/names.h"
#include "services/domain/process_names.h"
#include "services/domain/service_ceiling.h"

namespace budget {
namespace {

// The value the year is judged on: its latest actual, else its latest budget.
std::optional<v1::KeyFigureValue> ValueOf(const v1::EconomicPolicy& p, absl::string_view figure,
                                          int year) {
  std::optional<v1::KeyFigureValue> actual, budget;
  for (const v1::KeyFigureValue& v : p.values()) {  // in log order: later wins
    if (v.key_figure() != figure || v.year() != year) continue;
    (v.kind() == v1::FIGURE_KIND_ACTUAL ? actual : budget) = v;
  }
  return actual.has_value() ? actual : budget;
}

}  // namespace

absl::StatusOr<const v1::EconomicPolicy*> RequirePolicy(const State& s, absl::string_view name,
                                                        absl::string_view field) {
  ASSIGN_OR_RETURN(std::string id, ParseTopName(name, kPolicies, field));
  auto it = s.processes().policies().find(id);
  if (it == s.processes().policies().end()) return NotFound("policy", name);
  return &it->second;
}

v1::EconomicPolicy* MutablePolicy(State& s, absl::string_view name) {
  auto* policies = s.mutable_processes()->mutable_policies();
  auto it = policies->find(std::string(LastSegment(name)));
  return it == policies->end() ? nullptr : &it->second;
}

const v1::KeyFigure* FindKeyFigure(const v1::EconomicPolicy& p, absl::string_view id) {
  for (const v1::KeyFigure& k : p.key_figures()) {
    if (k.id() == id) return &k;
  }
  return nullptr;
}

v1::TargetStanding Judge(const v1::EconomicPolicy& p, const v1::PolicyTarget& t) {
  v1::TargetStanding out;
  *out.mutable_target() = t;
  const std::optional<v1::KeyFigureValue> v = ValueOf(p, t.key_figure(), t.year());
  if (!v.has_value()) {
    out.set_status(v1::TARGET_NO_DATA);
    out.set_explanation(absl::StrCat("no value of ", t.key_figure(), " for ", t.year()));
    return out;
  }
  out.set_value(v->value());
  out.set_basis(v->kind());
  const int64_t value = v->value();
  if (t.direction() == v1::TARGET_WITHIN_BOUNDS) {
    if ((t.has_minimum() && value < t.minimum()) || (t.has_maximum() && value > t.maximum())) {
      out.set_status(v1::TARGET_MISSED);
      out.set_explanation(absl::StrCat(value, " is outside the bounds (",
                                       t.has_minimum() ? absl::StrCat(t.minimum()) : "", "..",
                                       t.has_maximum() ? absl::StrCat(t.maximum()) : "", ")"));
      return out;
    }
    int64_t room = INT64_MAX;
    if (t.has_minimum()) room = std::min(room, value - t.minimum());
    if (t.has_maximum()) room = std::min(room, t.maximum() - value);
    const bool at_risk = room < t.at_risk_margin();
    out.set_status(at_risk ? v1::TARGET_AT_RISK : v1::TARGET_MET);
    out.set_explanation(at_risk ? absl::StrCat(value, " is within the bounds, ", room,
                                               " from one (the margin is ", t.at_risk_margin(), ")")
                                : absl::StrCat(value, " is within the bounds"));
    return out;
  }
  const std::optional<v1::KeyFigureValue> before = ValueOf(p, t.key_figure(), t.year() - 1);
  if (!before.has_value()) {
    out.set_status(v1::TARGET_NO_DATA);
    out.set_explanation(
        absl::StrCat("no value of ", t.key_figure(), " for ", t.year() - 1, " to compare with"));
    return out;
  }
  const bool falling = t.direction() == v1::TARGET_FALLING;
  const int64_t change = falling ? before->value() - value : value - before->value();
  if (change <= 0) {
    out.set_status(v1::TARGET_MISSED);
  } else {
    out.set_status(change < t.at_risk_margin() ? v1::TARGET_AT_RISK : v1::TARGET_MET);
  }
  out.set_explanation(absl::StrCat(before->value(), " in ", t.year() - 1, " -> ", value, " in ",
                                   t.year(), falling ? " (should fall)" : " (should rise)"));
  return out;
}

absl::StatusOr<v1::EconomicPolicy> GetPolicy(const State& s, const v1::GetPolicyRequest& r,
                                             absl::Time /*now*/) {
  ASSIGN_OR_RETURN(const v1::EconomicPolicy* p, RequirePolicy(s, r.name(), "name"));
  return *p;
}

absl::StatusOr<v1::PolicyStanding> GetPolicyStanding(const State& s,
                                                     const v1::GetPolicyStandingRequest& r,
                                                     absl::Time /*now*/) {
  ASSIGN_OR_RETURN(const v1::EconomicPolicy* p, RequirePolicy(s, r.policy(), "policy"));
  if ((r.year() != 0) == !r.round().empty()) {
    return InvalidField("year", "give exactly one of year and round");
  }
  int year = r.year();
  const RoundState* round = nullptr;
  if (!r.round().empty()) {
    ASSIGN_OR_RETURN(round, RequireRound(s, r.round(), "round"));
    year = round->round().budget_year();
  }
  v1::PolicyStanding out;
  out.set_policy(p->name());
  out.set_year(year);
  for (const v1::PolicyTarget& t : p->targets()) {
    if (t.year() != year) continue;
    v1::TargetStanding* judged = out.add_targets();
    *judged = Judge(*p, t);
    judged->set_set_by(p->name());
  }
  if (round != nullptr) {
    // The round's template's targets, where the policy sets none of that id:
    // the policy's own target wins.
    for (const v1::PolicyTarget& t : round->round().settings().economic_targets()) {
      if (t.year() != year) continue;
      const bool set = std::any_of(
          p->targets().begin(), p->targets().end(),
          [&](const v1::PolicyTarget& x) { return x.id() == t.id() && x.year() == t.year(); });
      if (set) continue;
      v1::TargetStanding* judged = out.add_targets();
      *judged = Judge(*p, t);
      judged->set_set_by(round->round().name());
    }
    for (int y = round->round().period_first_year(); y <= round->round().period_last_year(); ++y) {
      *out.add_service_ceiling() = ServiceBalanceFor(*round, y);
    }
  }
  for (const v1::PolicyLink& l : p->links()) {
    if (r.round().empty() || InRound(l.proposal(), r.round())) *out.add_links() = l;
  }
  return out;
}

void AddPolicies(const State& s, v1::ProcessesState* out) {
  std::vector<std::string> ids;
  for (const auto& [id, p] : s.processes().policies()) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  for (const std::string& id : ids) *out->add_policies() = s.processes().policies().at(id);
}

}  // namespace budget
