#include "services/domain/service_ceiling.h"

#include "absl/strings/str_cat.h"
#include "services/domain/names.h"

namespace budget {
namespace {

bool IsService(const v1::YearAmount& a) {
  return !a.has_expenditure_type() || a.expenditure_type() == v1::EXPENDITURE_SERVICE ||
         a.expenditure_type() == v1::EXPENDITURE_TYPE_UNSPECIFIED;
}

// The sum of `lines`' service amounts in `year`.
int64_t ServiceIn(const google::protobuf::RepeatedPtrField<v1::YearAmount>& lines, int year) {
  int64_t sum = 0;
  for (const v1::YearAmount& a : lines) {
    if (a.year() == year && IsService(a)) sum += a.amount_kr();
  }
  return sum;
}

// Implemented: a committee uses it for its shortfall, or the council approved it.
bool Implemented(const v1::Proposal& p) {
  return !p.has_withdraw_time() &&
         (p.has_claim() || p.decision().decision() == v1::DECISION_APPROVED);
}

}  // namespace

v1::ServiceBalance ServiceBalanceFor(const RoundState& rs, int year) {
  v1::ServiceBalance out;
  out.set_year(year);
  int64_t savings = 0, expansions = 0;
  for (const auto& [id, p] : rs.proposals()) {
    if (!Implemented(p)) continue;
    savings +=
        ServiceIn(p.content().effects(), year) - ServiceIn(p.content().one_off_costs(), year);
  }
  for (const auto& [id, x] : rs.expansions()) {
    if (x.status() == v1::EXPANSION_APPROVED) expansions += ServiceIn(x.costs(), year);
  }
  if (year >= rs.round().budget_year()) {
    for (const v1::Reading& reading : rs.round().readings()) {
      for (const v1::Amendment& a : reading.amendments()) {
        const std::string id(LastSegment(a.subject()));
        if (auto x = rs.expansions().find(id);
            x != rs.expansions().end() && x->second.name() == a.subject()) {
          expansions -= a.amount_kr();  // negative is a cost: the expansion costs more
        } else if (auto p = rs.proposals().find(id);
                   p != rs.proposals().end() && p->second.name() == a.subject()) {
          savings += a.amount_kr();  // as adopted: on any proposal (FillAdopted)
        }
      }
    }
  }
  out.set_savings_kr(savings);
  out.set_expansions_kr(expansions);
  out.set_balance_kr(savings - expansions);
  const bool holds = savings >= expansions;
  out.set_status(holds ? v1::TARGET_MET : v1::TARGET_MISSED);
  out.set_explanation(holds ? absl::StrCat("service savings of ", savings,
                                           " kr. offset new initiatives of ", expansions, " kr.")
                            : absl::StrCat("new initiatives of ", expansions,
                                           " kr. exceed the service savings of ", savings,
                                           " kr. by ", expansions - savings, " kr."));
  return out;
}

}  // namespace budget
