#include "clients/pgsync/rebuild.h"

#include "absl/strings/str_cat.h"
#include "clients/pgsync/migrations.h"
#include "services/common/log.h"

namespace budget::pgsync {

absl::Status Rebuild(const SyncOptions& options, Metrics* metrics, const std::atomic<bool>& stop) {
  absl::StatusOr<std::unique_ptr<PgConnection>> pg = PgConnection::Connect(options.conninfo);
  if (!pg.ok()) return pg.status();
  SyncOptions fresh = options;
  fresh.schema = absl::StrCat(options.schema, "_rebuild");
  fresh.until_caught_up = true;
  const std::string target = (*pg)->QuoteIdentifier(options.schema);
  const std::string building = (*pg)->QuoteIdentifier(fresh.schema);
  const std::string old = (*pg)->QuoteIdentifier(absl::StrCat(options.schema, "_old"));
  if (absl::Status s =
          (*pg)->ExecScript(absl::StrCat("DROP SCHEMA IF EXISTS ", building, " CASCADE"));
      !s.ok()) {
    return s;
  }
  if (absl::Status s = Migrate(**pg, fresh.schema); !s.ok()) return s;
  log::Info("pgsync_rebuild_started", {{"schema", fresh.schema}});
  {
    Syncer syncer(fresh, metrics);
    if (absl::Status s = syncer.Run(stop); !s.ok()) return s;
  }
  if (stop.load()) return absl::CancelledError("stopped before the rebuild caught up");
  absl::StatusOr<PgResult> exists =
      (*pg)->Exec("SELECT to_regclass($1) IS NOT NULL", {absl::StrCat(target, ".sync_state")});
  if (!exists.ok()) return exists.status();
  // The lock waits for a running pgsync's transaction on the old schema and
  // holds its next one until the swap has committed.
  std::string swap = "BEGIN; ";
  if (exists->Get(0, 0) == "t") {
    absl::StrAppend(&swap, "LOCK TABLE ", target, ".sync_state IN ACCESS EXCLUSIVE MODE; ",
                    "DROP SCHEMA IF EXISTS ", old, " CASCADE; ALTER SCHEMA ", target, " RENAME TO ",
                    old, "; ");
  } else {
    absl::StrAppend(&swap, "DROP SCHEMA IF EXISTS ", target, " CASCADE; ");
  }
  absl::StrAppend(&swap, "ALTER SCHEMA ", building, " RENAME TO ", target,
                  "; DROP SCHEMA IF EXISTS ", old, " CASCADE; COMMIT;");
  if (absl::Status s = (*pg)->ExecScript(swap); !s.ok()) {
    (void)(*pg)->ExecScript("ROLLBACK");
    return s;
  }
  log::Info("pgsync_rebuild_swapped", {{"schema", options.schema}});
  return absl::OkStatus();
}

}  // namespace budget::pgsync
