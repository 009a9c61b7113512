#include "clients/load/proposal_pool.h"

#include <algorithm>

namespace budget_load {
namespace {

// How often HoldForAmend draws before it gives up: enough that a pool larger
// than the number of calls in flight almost always yields one.
constexpr int kHoldDraws = 8;

size_t Draw(std::mt19937_64& rng, size_t n) {
  return std::uniform_int_distribution<size_t>(0, n - 1)(rng);
}

}  // namespace

ProposalPool::Ref ProposalPool::RefTo(size_t index) const {
  return Ref{index, entries_[index].name, entries_[index].version};
}

void ProposalPool::Add(const std::string& name, int64_t version) {
  std::lock_guard lock(mu_);
  entries_.push_back(Entry{name, version, false});
}

std::vector<ProposalPool::Ref> ProposalPool::All() const {
  std::lock_guard lock(mu_);
  std::vector<Ref> out;
  for (size_t i = 0; i < entries_.size(); ++i) out.push_back(RefTo(i));
  return out;
}

size_t ProposalPool::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

std::optional<ProposalPool::Ref> ProposalPool::Any(std::mt19937_64& rng) const {
  std::lock_guard lock(mu_);
  if (entries_.empty()) return std::nullopt;
  return RefTo(Draw(rng, entries_.size()));
}

std::optional<ProposalPool::Ref> ProposalPool::HoldForAmend(std::mt19937_64& rng) {
  std::lock_guard lock(mu_);
  for (int i = 0; i < kHoldDraws && !entries_.empty(); ++i) {
    const size_t index = Draw(rng, entries_.size());
    if (!entries_[index].amending) {
      entries_[index].amending = true;
      return RefTo(index);
    }
  }
  return std::nullopt;
}

void ProposalPool::EndAmend(const Ref& ref, std::optional<int64_t> version_after) {
  std::lock_guard lock(mu_);
  Entry& e = entries_[ref.index];
  e.amending = false;
  if (version_after) e.version = std::max(e.version, *version_after);
}

std::optional<ProposalPool::Ref> ProposalPool::TakeUnclaimed(std::mt19937_64& rng) {
  std::lock_guard lock(mu_);
  if (unclaimed_.empty()) return std::nullopt;
  const size_t pick = Draw(rng, unclaimed_.size());
  const size_t index = unclaimed_[pick];
  unclaimed_[pick] = unclaimed_.back();
  unclaimed_.pop_back();
  return RefTo(index);
}

void ProposalPool::ReturnUnclaimed(const Ref& ref) {
  std::lock_guard lock(mu_);
  unclaimed_.push_back(ref.index);
}

void ProposalPool::SawVersion(const Ref& ref, int64_t version) {
  std::lock_guard lock(mu_);
  Entry& e = entries_[ref.index];
  e.version = std::max(e.version, version);
}

}  // namespace budget_load
