#include "services/domain/adopted.h"

#include "services/domain/names.h"

namespace budget {

int64_t ExpansionCostFor(const v1::Expansion& x, int year) {
  int64_t cost = year == 0 ? x.full_implementation_kr() : 0;
  for (const auto& c : x.costs()) {
    if (c.year() == year) cost = c.amount_kr();
  }
  return cost;
}

namespace {

v1::CommitteeTotals* CommitteeOf(v1::Totals* t, absl::string_view committee) {
  for (auto& ct : *t->mutable_committees()) {
    if (ct.committee() == committee) return &ct;
  }
  return nullptr;
}

}  // namespace

void FillAdopted(const RoundState& rs, int year, v1::Totals* t) {
  int64_t raaderum = t->approved_kr();
  int64_t expansions = 0;
  for (auto& ct : *t->mutable_committees()) ct.set_adopted_claimed_kr(ct.claimed_kr());
  for (const auto& [id, x] : rs.expansions()) {
    if (x.status() != v1::EXPANSION_APPROVED) continue;
    const int64_t cost = ExpansionCostFor(x, year);
    expansions += cost;
    if (v1::CommitteeTotals* ct = CommitteeOf(t, x.committee())) {
      ct->set_adopted_expansions_kr(ct->adopted_expansions_kr() + cost);
    }
  }
  t->set_approved_expansions_kr(expansions);
  for (const v1::Reading& reading : rs.round().readings()) {
    for (const v1::Amendment& a : reading.amendments()) {
      const std::string id(LastSegment(a.subject()));
      if (auto x = rs.expansions().find(id);
          x != rs.expansions().end() && a.subject() == x->second.name()) {
        // Negative is a cost: the expansion costs that much more.
        expansions -= a.amount_kr();
        if (v1::CommitteeTotals* ct = CommitteeOf(t, x->second.committee())) {
          ct->set_adopted_expansions_kr(ct->adopted_expansions_kr() - a.amount_kr());
        }
        continue;
      }
      auto p = rs.proposals().find(id);
      if (p == rs.proposals().end()) continue;
      v1::CommitteeTotals* ct =
          p->second.has_claim() ? CommitteeOf(t, p->second.claim().committee()) : nullptr;
      if (ct != nullptr) {
        ct->set_adopted_claimed_kr(ct->adopted_claimed_kr() + a.amount_kr());
      } else {
        raaderum += a.amount_kr();
      }
    }
  }
  t->set_adopted_raaderum_kr(raaderum);
  t->set_adopted_raaderum_remaining_kr(t->raaderum_target_kr() - raaderum);
  t->set_adopted_expansions_kr(expansions);
  t->set_raaderum_balance_kr(raaderum - expansions);
}

}  // namespace budget
