#ifndef CLIENTS_PGSYNC_PROJECTION_H_
#define CLIENTS_PGSYNC_PROJECTION_H_

// pgsync's copy of budgetd's projection: the same State, changed by the same
// domain Apply the server uses, fed from a subscription to the log. It checks
// the hash chain of every event it takes, and notes what each event changed so
// that only those rows are rewritten in PostgreSQL.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "budget/v1/audit_service.pb.h"
#include "budget/v1/events.pb.h"
#include "services/audit/chain_follower.h"
#include "services/domain/state.h"

namespace budget::pgsync {

// A proposal version an event created (submitted: 1, each amendment: +1).
struct VersionRecord {
  std::string proposal;  // resource name
  int64_t version = 0;
  uint64_t position = 0;
  absl::Time recorded_at;
  std::string actor;
  v1::ProposalContent content;
};

// What a run of events changed since the last TakeChanges.
struct Changes {
  // Round ids whose round, organisation, timeline or summary changed: every
  // event in a round changes at least its log position and may change its totals.
  std::set<std::string> rounds;
  // The entities inside rounds that changed, by resource name; a question is
  // noted as the proposal that holds it.
  std::set<std::string> entities;
  std::vector<VersionRecord> versions;
  // The events themselves, in order.
  std::vector<v1::LogEntry> events;
  // Earlier events whose stored payload must be written again: an erasure
  // changed what their personal fields read.
  std::vector<v1::LogEntry> rewritten;

  bool empty() const { return events.empty() && rewritten.empty(); }
};

// Thread safety: not thread-safe; one thread owns it.
class Projection {
 public:
  // Empty: expects position 1 next.
  Projection() = default;

  // Takes the next event of the log. Checks its chain link first (DataLoss
  // naming the position when broken; nothing changes then), then applies it.
  // With `track`, notes what it changed for the next TakeChanges; without
  // (when rebuilding memory up to what PostgreSQL already holds), only applies.
  // DataLoss also when the payload cannot be parsed.
  absl::Status Apply(const v1::LogEntry& entry, bool track);

  // What changed since the last call; clears it.
  Changes TakeChanges();

  const State& state() const { return state_; }

  // Personal data (docs/audit.md "Erasure"). The state keeps personal fields
  // sealed, as budgetd's does; pgsync has no keys. What each sealed field
  // reads is what budgetd showed pgsync's principal in the entry's
  // structured payload: the text, "[slettet]" or "[skjult]". After a
  // SubjectErased event every field of that subject reads "[slettet]", and
  // the entities and events holding them are noted to be written again.
  //
  // What the sealed field `token` reads; a value that is not sealed is
  // returned as it is.
  std::string TextOf(const std::string& token) const;
  uint64_t position() const { return chain_.position(); }
  const base::Hash& hash() const { return chain_.hash(); }

 private:
  void Track(const v1::Event& event, const v1::LogEntry& entry,
             const std::vector<std::pair<std::string, int64_t>>& versions_before);

  // Notes what each of `raw`'s sealed fields reads (from `entry`'s payload,
  // the same event as budgetd showed it) and which entities and events hold them.
  void NotePersonal(const v1::Event& raw, const v1::LogEntry& entry);
  // After `subject` was erased: its fields read "[slettet]", and what holds
  // them is noted as changed (when `track`).
  void Erased(const std::string& subject, bool track);

  State state_;
  ChainFollower chain_;
  Changes changes_;
  // Sealed field -> what it reads.
  absl::flat_hash_map<std::string, std::string> texts_;
  // Subjects erased.
  absl::flat_hash_set<std::string> erased_;
  // Per subject: the entities holding its fields, and the events (as
  // received, their payload to be rewritten after an erasure).
  absl::flat_hash_map<std::string, std::set<std::string>> subject_entities_;
  absl::flat_hash_map<std::string, std::set<uint64_t>> subject_events_;
  std::map<uint64_t, v1::LogEntry> personal_events_;
};

// Every resource name an event mentions (any string field, however deep,
// that names something in a round), each once, its stream first.
std::vector<std::string> ResourcesNamedBy(const v1::Event& event);

}  // namespace budget::pgsync

#endif  // CLIENTS_PGSYNC_PROJECTION_H_
