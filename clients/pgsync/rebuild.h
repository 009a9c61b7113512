#ifndef CLIENTS_PGSYNC_REBUILD_H_
#define CLIENTS_PGSYNC_REBUILD_H_

#include <atomic>

#include "absl/status/status.h"
#include "clients/pgsync/syncer.h"

namespace budget::pgsync {

// budget-pgsync --rebuild: replays budgetd's log from position 1 into a fresh
// schema "<schema>_rebuild" (dropped first if a failed rebuild left it),
// while the old schema keeps serving readers and a running pgsync keeps it
// current; once the fresh one has reached budgetd's head, swaps them in one
// transaction (the old one is dropped) and returns. A pgsync still following
// the old schema notices on its next write that the position moved and
// rebuilds its memory from the log; no event is applied twice or skipped.
// Cancelled when `stop` became true first (the old schema is untouched).
absl::Status Rebuild(const SyncOptions& options, Metrics* metrics, const std::atomic<bool>& stop);

}  // namespace budget::pgsync

#endif  // CLIENTS_PGSYNC_REBUILD_H_
