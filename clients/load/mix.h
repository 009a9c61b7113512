#ifndef CLIENTS_LOAD_MIX_H_
#define CLIENTS_LOAD_MIX_H_

// The operations budget-load can send, and the weighted mix it draws them
// from (--mix submit=60,amend=20,...).

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace budget_load {

enum class Op : int { kSubmit, kAmend, kClaim, kGet, kList, kNoop };
inline constexpr int kOpCount = 6;

// "submit", "amend", "claim", "get", "list", "noop": the names --mix and the
// report use.
std::string_view OpName(Op op);

// True for the ops that act on a proposal this run created (amend, claim,
// get): before any of them is drawn the run submits a few.
bool NeedsProposals(Op op);

class Mix {
 public:
  // Parses "name=weight,..." with the names of OpName and whole weights
  // 0..1000000; names left out weigh 0, a name may appear once. Throws
  // budgetctl::UsageError naming the bad part, or when every weight is 0.
  static Mix Parse(const std::string& text);

  // A mix of one op only (the warm-up's submissions).
  static Mix Only(Op op);

  // Draws an op with probability weight / total.
  Op Pick(std::mt19937_64& rng) const;

  int64_t weight(Op op) const { return weights_[static_cast<int>(op)]; }
  bool Includes(Op op) const { return weight(op) > 0; }

  // True when some op with a weight needs proposals (NeedsProposals).
  bool NeedsProposals() const;

  // True when some op with a weight is about the round (every op but noop).
  bool UsesRound() const { return total_ > weight(Op::kNoop); }

  // Weights in the --mix format, every op named ("submit=60,amend=20,...").
  std::string ToString() const;

 private:
  std::array<int64_t, kOpCount> weights_{};
  int64_t total_ = 0;
};

}  // namespace budget_load

#endif  // CLIENTS_LOAD_MIX_H_
