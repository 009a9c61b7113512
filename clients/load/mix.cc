#include "clients/load/mix.h"

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "clients/budgetctl/errors.h"

namespace budget_load {
namespace {

constexpr std::array<const char*, kOpCount> kNames = {"submit", "amend", "claim",
                                                      "get",    "list",  "noop"};
constexpr int64_t kMaxWeight = 1000000;

}  // namespace

std::string_view OpName(Op op) { return kNames[static_cast<int>(op)]; }

bool NeedsProposals(Op op) { return op == Op::kAmend || op == Op::kClaim || op == Op::kGet; }

Mix Mix::Parse(const std::string& text) {
  using budgetctl::UsageError;
  Mix mix;
  std::array<bool, kOpCount> seen{};
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(part, absl::MaxSplits('=', 1));
    const absl::string_view name = absl::StripAsciiWhitespace(kv.first);
    int index = 0;
    while (index < kOpCount && name != kNames[index]) ++index;
    if (index == kOpCount) {
      throw UsageError(absl::StrCat("--mix: unknown op \"", name, "\"; the ops are ",
                                    absl::StrJoin(kNames, ", ")));
    }
    int64_t weight = 0;
    if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(kv.second), &weight) || weight < 0 ||
        weight > kMaxWeight) {
      throw UsageError(absl::StrCat("--mix: the weight of ", name, " must be a whole number 0..",
                                    kMaxWeight, ", got \"", kv.second, "\""));
    }
    if (seen[index]) throw UsageError(absl::StrCat("--mix: ", name, " is named twice"));
    seen[index] = true;
    mix.weights_[index] = weight;
    mix.total_ += weight;
  }
  if (mix.total_ == 0) throw UsageError("--mix: at least one op needs a weight above 0");
  return mix;
}

Mix Mix::Only(Op op) {
  Mix mix;
  mix.weights_[static_cast<int>(op)] = 1;
  mix.total_ = 1;
  return mix;
}

Op Mix::Pick(std::mt19937_64& rng) const {
  int64_t draw = std::uniform_int_distribution<int64_t>(0, total_ - 1)(rng);
  for (int i = 0; i < kOpCount; ++i) {
    if (draw < weights_[i]) return static_cast<Op>(i);
    draw -= weights_[i];
  }
  return Op::kNoop;  // unreachable: the weights add up to total_
}

bool Mix::NeedsProposals() const {
  for (int i = 0; i < kOpCount; ++i) {
    if (weights_[i] > 0 && budget_load::NeedsProposals(static_cast<Op>(i))) return true;
  }
  return false;
}

std::string Mix::ToString() const {
  std::vector<std::string> parts;
  for (int i = 0; i < kOpCount; ++i) parts.push_back(absl::StrCat(kNames[i], "=", weights_[i]));
  return absl::StrJoin(parts, ",");
}

}  // namespace budget_load
