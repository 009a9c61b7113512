// Arbitrary bytes as an event payload, applied during replay: whatever parses
// applies without crashing, to an empty state and to a busy one.
#include <cstdint>

#include "services/domain/apply.h"
#include "tests/fuzz/seed_state.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  budget::v1::Event event;
  if (!event.ParseFromArray(data, static_cast<int>(size))) return 0;
  const budget::EventMeta meta{1000, budget::fuzz::SeedNow(), "fuzz"};
  budget::State empty;
  budget::Apply(empty, event, meta);
  budget::State busy = budget::fuzz::SeedState();
  budget::Apply(busy, event, meta);
  budget::StreamOf(event);
  budget::TypeOf(event);
  return 0;
}
