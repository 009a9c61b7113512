// Appliers of the economic policy's events (policy.proto).
#include "services/domain/names.h"
#include "services/domain/policies.h"
#include "services/domain/registry.h"
#include "services/domain/time_util.h"

namespace budget {
namespace {

void ApplyPolicyDefined(State& s, const v1::PolicyDefined& e, const EventMeta&) {
  v1::EconomicPolicy& p =
      (*s.mutable_processes()->mutable_policies())[std::string(LastSegment(e.policy()))];
  p.set_name(e.policy());
  p.set_municipality(e.municipality());
  p.set_title(e.title());
  *p.mutable_key_figures() = e.key_figures();
}

// A target for the same id and year replaces the earlier one.
void ApplyTargetSet(State& s, const v1::PolicyTargetSet& e, const EventMeta&) {
  v1::EconomicPolicy* p = MutablePolicy(s, e.policy());
  if (p == nullptr) return;
  for (v1::PolicyTarget& t : *p->mutable_targets()) {
    if (t.id() == e.target().id() && t.year() == e.target().year()) {
      t = e.target();
      return;
    }
  }
  *p->add_targets() = e.target();
}

void ApplyKeyFigureRecorded(State& s, const v1::KeyFigureRecorded& e, const EventMeta& meta) {
  v1::EconomicPolicy* p = MutablePolicy(s, e.policy());
  if (p == nullptr) return;
  v1::KeyFigureValue* v = p->add_values();
  *v = e.value();
  *v->mutable_recorded_at() = ToProto(meta.recorded_at);
}

void ApplyProposalLinked(State& s, const v1::ProposalLinkedToKeyFigure& e, const EventMeta&) {
  v1::EconomicPolicy* p = MutablePolicy(s, e.policy());
  if (p == nullptr) return;
  *p->add_links() = e.link();
}

}  // namespace

std::vector<EventHandler> PolicyAppliers() {
  using E = v1::Event;
  return {
      Applier<&E::policy_defined, ApplyPolicyDefined>(E::kPolicyDefined),
      Applier<&E::policy_target_set, ApplyTargetSet>(E::kPolicyTargetSet),
      Applier<&E::key_figure_recorded, ApplyKeyFigureRecorded>(E::kKeyFigureRecorded),
      Applier<&E::proposal_linked_to_key_figure, ApplyProposalLinked>(
          E::kProposalLinkedToKeyFigure),
  };
}

}  // namespace budget
