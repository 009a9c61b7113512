#include "services/domain/summary.h"

#include <algorithm>

#include "base/status_macros.h"
#include "services/domain/adopted.h"
#include "services/domain/catalogue.h"
#include "services/domain/lifecycle.h"
#include "services/domain/names.h"
#include "services/domain/proposal_economics.h"
#include "services/domain/time_util.h"

namespace budget {
namespace {

// Basis points of part in whole, rounded down; 0 for an empty whole.
int32_t ShareBp(int64_t part, int64_t whole) {
  if (whole <= 0) return 0;
  return static_cast<int32_t>((static_cast<__int128>(part) * 10000) / whole);
}

// The committee's operating frame for `year` (issue 20 §3: frames per year).
int64_t OperatingFrameFor(const v1::Committee& c, int year) {
  for (const v1::YearAmount& a : c.operating_frames()) {
    if (a.year() == year) return a.amount_kr();
  }
  return c.operating_frame_kr();
}

// What an applied correction changes the frame by in `year`: an assessed law
// compensation by its assessed amounts, every other by its amounts.
int64_t CorrectionFor(const v1::FrameCorrection& c, int year) {
  if (c.state() != v1::CORRECTION_APPLIED) return 0;
  int64_t sum = 0;
  for (const auto& a : c.has_assess_time() ? c.assessed_amounts() : c.amounts()) {
    if (a.year() == year) sum += a.amount_kr();
  }
  return sum;
}

// year 0 = full implementation (rule 6: the figure every target compares).
v1::Totals TotalsFor(const RoundState& rs, int year) {
  const v1::Round& round = rs.round();
  v1::Totals t;
  t.set_year(year);
  t.set_catalogue_target_kr(round.targets().catalogue_total_kr());
  t.set_cross_cutting_target_bp(round.targets().cross_cutting_share_bp());
  t.set_raaderum_target_kr(round.targets().raaderum_kr());
  // Frames and corrections are yearly; the full-implementation column shows the budget year's.
  const int frame_year = year == 0 ? round.budget_year() : year;
  for (const v1::Committee& c : round.committees()) {
    v1::CommitteeTotals* ct = t.add_committees();
    ct->set_committee(c.name());
    ct->set_display_name(c.display_name());
    ct->set_shortfall_kr(c.shortfall_kr());
    ct->set_original_frame_kr(OperatingFrameFor(c, frame_year));
    ct->set_expansion_frame_kr(c.expansion_frame_kr());
  }
  for (int n = 1; n < rs.next_correction_number(); ++n) {
    auto it = rs.corrections().find(SequenceId('C', n));
    if (it == rs.corrections().end()) continue;
    const v1::FrameCorrection& c = it->second;
    if (c.committee().empty()) {  // a financing kind (e, g): the round's
      if (year == 0) *t.add_financing_corrections() = c;
      t.set_financing_corrections_kr(t.financing_corrections_kr() + CorrectionFor(c, frame_year));
      continue;
    }
    for (auto& ct : *t.mutable_committees()) {
      if (ct.committee() != c.committee()) continue;
      if (year == 0) *ct.add_corrections() = c;
      ct.set_corrections_kr(ct.corrections_kr() + CorrectionFor(c, frame_year));
    }
  }
  for (auto& ct : *t.mutable_committees()) {
    ct.set_resulting_frame_kr(ct.original_frame_kr() + ct.corrections_kr());
  }
  for (const auto& [id, x] : rs.expansions()) {
    if (x.status() != v1::EXPANSION_COSTED && x.status() != v1::EXPANSION_APPROVED) continue;
    const int64_t cost = ExpansionCostFor(x, year);
    for (auto& ct : *t.mutable_committees()) {
      if (ct.committee() == x.committee())
        ct.set_costed_expansions_kr(ct.costed_expansions_kr() + cost);
    }
  }
  for (const v1::Centre& c : round.centres()) {
    v1::CentreTotals* ct = t.add_centres();
    ct->set_centre(c.name());
    ct->set_display_name(c.display_name());
    ct->set_budget_kr(c.budget_kr());
    ct->set_own_target_kr(static_cast<int64_t>(
        (static_cast<__int128>(c.budget_kr()) * round.targets().centre_own_share_bp()) / 10000));
  }
  for (const auto& [id, p] : rs.proposals()) {
    // A draft is not in the catalogue yet (issue 20 §2).
    if (p.has_withdraw_time() || IsDraft(p)) continue;
    AddProposalEconomics(round, p, year, &t);
    const int64_t amount = AmountFor(p, year);
    if (IsUnallocatable(round, p)) {
      t.set_unallocatable_kr(t.unallocatable_kr() + amount);
      t.add_unallocatable(p.name());
      continue;
    }
    t.set_catalogue_kr(t.catalogue_kr() + amount);
    if (p.cross_cutting()) t.set_cross_cutting_kr(t.cross_cutting_kr() + amount);
    if (p.has_claim()) {
      t.set_claimed_kr(t.claimed_kr() + amount);
      for (auto& ct : *t.mutable_committees()) {
        if (ct.committee() == p.claim().committee()) ct.set_claimed_kr(ct.claimed_kr() + amount);
      }
    }
    if (p.in_pool()) t.set_pool_kr(t.pool_kr() + amount);
    if (p.selected()) t.set_selected_kr(t.selected_kr() + amount);
    if (p.decision().decision() == v1::DECISION_APPROVED)
      t.set_approved_kr(t.approved_kr() + amount);
    if (p.content().centres_size() == 1) {
      for (auto& ct : *t.mutable_centres()) {
        if (ct.centre() == p.content().centres(0)) {
          ct.set_own_proposals_kr(ct.own_proposals_kr() + amount);
        }
      }
    }
  }
  std::sort(t.mutable_unallocatable()->begin(), t.mutable_unallocatable()->end());
  t.set_catalogue_remaining_kr(t.catalogue_target_kr() - t.catalogue_kr());
  t.set_cross_cutting_share_bp(ShareBp(t.cross_cutting_kr(), t.catalogue_kr()));
  t.set_raaderum_remaining_kr(t.raaderum_target_kr() - t.approved_kr());
  for (auto& ct : *t.mutable_committees()) {
    ct.set_remaining_gap_kr(ct.shortfall_kr() - ct.claimed_kr());
    // 004: the committees must have covered their shortfalls by April.
    ct.set_shortfall_uncovered(round.has_pool() && ct.remaining_gap_kr() > 0);
    ct.set_expansions_over_frame(ct.expansion_frame_kr() > 0 &&
                                 ct.costed_expansions_kr() > ct.expansion_frame_kr());
  }
  for (auto& ct : *t.mutable_centres()) {
    ct.set_remaining_kr(ct.own_target_kr() - ct.own_proposals_kr());
  }
  FillAdopted(rs, year, &t);
  t.set_expansion_cap_kr(round.expansion_process().cap_kr());
  t.set_expansions_over_cap(t.expansion_cap_kr() > 0 &&
                            t.approved_expansions_kr() > t.expansion_cap_kr());
  return t;
}

}  // namespace

v1::RoundSummary Summarize(const RoundState& rs, absl::Time now) {
  const v1::Round& round = rs.round();
  v1::RoundSummary s;
  s.set_round(round.name());
  *s.mutable_as_of() = ToProto(now);
  s.set_log_position(round.log_position());
  s.set_proposal_count(rs.proposals_size());
  for (const auto& [id, p] : rs.proposals()) {
    if (p.has_withdraw_time()) s.set_withdrawn_count(s.withdrawn_count() + 1);
    if (IsDraft(p) && !p.has_withdraw_time()) s.set_draft_count(s.draft_count() + 1);
  }
  s.set_pool_formed(round.has_pool());
  s.set_selection_approved(round.has_selection_approval());
  *s.mutable_full_implementation() = TotalsFor(rs, 0);
  for (int y = round.period_first_year(); y <= round.period_last_year(); ++y) {
    *s.add_by_year() = TotalsFor(rs, y);
  }
  return s;
}

absl::StatusOr<v1::RoundSummary> GetRoundSummary(const State& s,
                                                 const v1::GetRoundSummaryRequest& r,
                                                 absl::Time now) {
  ASSIGN_OR_RETURN(const RoundState* round, RequireRound(s, r.round(), "round"));
  return Summarize(*round, now);
}

}  // namespace budget
