#ifndef TESTS_FUZZ_SEED_STATE_H_
#define TESTS_FUZZ_SEED_STATE_H_

#include "absl/time/time.h"
#include "budget/internal/commands.pb.h"
#include "services/domain/state.h"

namespace budget::fuzz {

// The instant the seed scenario leaves the clock at (claims and submission open).
absl::Time SeedNow();

// A round with committees, centres, workplaces, proposals, a hearing, a
// meeting and a claim — decided and applied with the real domain code, so
// fuzzed commands and events meet every kind of resource.
const State& SeedState();

// The principal the fuzzed commands act as: every role.
const v1::Principal& Everyone();

}  // namespace budget::fuzz

#endif  // TESTS_FUZZ_SEED_STATE_H_
