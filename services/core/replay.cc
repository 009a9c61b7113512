#include "services/core/replay.h"

#include "absl/strings/str_cat.h"
#include "services/domain/apply.h"
#include "services/domain/names.h"

namespace budget {

namespace {

// `event` is scratch space, reused so a long replay allocates only what the
// state keeps (Take moves it there).
absl::Status ApplyWith(const eventstore::EnvelopeView& e, v1::Event* event, State* state) {
  if (!event->ParseFromArray(e.payload.data(), static_cast<int>(e.payload.size()))) {
    return absl::DataLossError(
        absl::StrCat("event ", e.position, " (", e.type, ") has an unreadable payload"));
  }
  Take(*state, *event, EventMeta{e.position, e.recorded_at, e.actor});
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplyEnvelope(const eventstore::EnvelopeView& e, State* state) {
  v1::Event event;
  return ApplyWith(e, &event, state);
}

absl::Status ReplayInto(const eventstore::EventStore& store, uint64_t from_position,
                        uint64_t to_position, State* state) {
  std::unique_ptr<eventstore::LogIterator> it = store.NewLogIterator(from_position, to_position);
  v1::Event event;
  for (; it->Valid(); it->Next()) {
    if (absl::Status s = ApplyWith(it->envelope(), &event, state); !s.ok()) return s;
  }
  return it->status();
}

absl::Status ReplayRoundInto(const eventstore::EventStore& store, absl::string_view round,
                             uint64_t from_position, uint64_t to_position, State* state) {
  std::unique_ptr<eventstore::LogIterator> it = store.NewLogIterator(from_position, to_position);
  v1::Event event;
  for (; it->Valid(); it->Next()) {
    const eventstore::EnvelopeView& e = it->envelope();
    if (!InRound(e.stream, round)) continue;
    if (absl::Status s = ApplyWith(e, &event, state); !s.ok()) return s;
  }
  return it->status();
}

}  // namespace budget
