#include "services/audit/processes_as_of.h"

#include "absl/strings/str_cat.h"
#include "services/core/snapshots.h"
#include "services/domain/errors.h"
#include "services/domain/processes.h"
#include "services/domain/time_util.h"

namespace budget {

absl::StatusOr<v1::ProcessesState> ProcessesAsOf(const eventstore::EventStore& store,
                                                 const v1::GetProcessesAsOfRequest& r) {
  if ((r.position() > 0) == r.has_time()) {
    return InvalidField("position", "give exactly one of position and time");
  }
  uint64_t position = r.position();
  if (r.has_time()) {
    absl::StatusOr<uint64_t> at = PositionAt(store, FromProto(r.time()));
    if (!at.ok()) return at.status();
    position = *at;
  }
  if (position > store.head().position) {
    return InvalidField("position",
                        absl::StrCat("is past the head of the log (", store.head().position, ")"));
  }
  absl::StatusOr<State> state = StateAt(store, position);
  if (!state.ok()) return state.status();
  v1::ProcessesState out = ProcessesView(*state);
  out.set_position(position);
  absl::Time as_of = absl::UnixEpoch();
  if (position > 0) {
    absl::StatusOr<eventstore::Envelope> e = store.ReadEvent(position);
    if (!e.ok()) return e.status();
    as_of = e->recorded_at;
  }
  *out.mutable_as_of() = ToProto(as_of);
  return out;
}

}  // namespace budget
