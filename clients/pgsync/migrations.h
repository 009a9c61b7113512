#ifndef CLIENTS_PGSYNC_MIGRATIONS_H_
#define CLIENTS_PGSYNC_MIGRATIONS_H_

// The schema's versions: sql/migrations/NNNN_name.sql, compiled into the
// binary, applied in order and recorded in <schema>.schema_migrations.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/pgsync/pg.h"

namespace budget::pgsync {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

// Every migration, oldest first; versions are 1, 2, ...
const std::vector<Migration>& Migrations();

// The newest version this build knows.
int LatestSchemaVersion();

// The version `schema` is at: 0 when it does not exist yet.
absl::StatusOr<int> SchemaVersion(PgConnection& pg, const std::string& schema);

// Creates `schema` if needed and applies every missing migration, each in
// its own transaction, under an advisory lock so two callers do not race.
// FailedPrecondition when the schema is newer than this build.
absl::Status Migrate(PgConnection& pg, const std::string& schema);

// Lets `role` read everything in `schema` (USAGE and SELECT on all tables and
// views); run after every migration and rebuild.
absl::Status GrantRead(PgConnection& pg, const std::string& schema, const std::string& role);

}  // namespace budget::pgsync

#endif  // CLIENTS_PGSYNC_MIGRATIONS_H_
