// Arbitrary bytes as a command: deciding never crashes, and an accepted
// command's events apply.
#include <cstdint>

#include "services/domain/apply.h"
#include "services/domain/decide.h"
#include "services/domain/views.h"
#include "tests/fuzz/seed_state.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  budget::internal::Command command;
  if (!command.ParseFromArray(data, static_cast<int>(size))) return 0;
  const budget::State& seed = budget::fuzz::SeedState();
  const budget::Context ctx{budget::fuzz::SeedNow(), &budget::fuzz::Everyone()};
  absl::StatusOr<budget::Decision> d = budget::Decide(seed, command, ctx);
  if (!d.ok()) return 0;
  budget::State next = seed;
  uint64_t position = 1000;
  for (const budget::v1::Event& e : d->events) {
    budget::Apply(next, e, budget::EventMeta{++position, ctx.now, "fuzz"});
  }
  budget::ResponseFor(next, d->subject, ctx.now);
  return 0;
}
