#include "clients/pgsync/migrations.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace budget::pgsync {

// Generated from sql/migrations/ (embed_migrations.cmake).
extern const Migration kMigrations[];
extern const int kMigrationCount;

const std::vector<Migration>& Migrations() {
  static const auto* const all =
      new std::vector<Migration>(kMigrations, kMigrations + kMigrationCount);
  return *all;
}

int LatestSchemaVersion() { return Migrations().empty() ? 0 : Migrations().back().version; }

absl::StatusOr<int> SchemaVersion(PgConnection& pg, const std::string& schema) {
  absl::StatusOr<PgResult> exists =
      pg.Exec("SELECT to_regclass($1) IS NOT NULL",
              {absl::StrCat(pg.QuoteIdentifier(schema), ".schema_migrations")});
  if (!exists.ok()) return exists.status();
  if (exists->Get(0, 0) != "t") return 0;
  absl::StatusOr<PgResult> r = pg.Exec(absl::StrCat(
      "SELECT coalesce(max(version), 0) FROM ", pg.QuoteIdentifier(schema), ".schema_migrations"));
  if (!r.ok()) return r.status();
  int version = 0;
  (void)absl::SimpleAtoi(r->Get(0, 0), &version);
  return version;
}

absl::Status Migrate(PgConnection& pg, const std::string& schema) {
  const std::string s = pg.QuoteIdentifier(schema);
  if (absl::StatusOr<PgResult> r =
          pg.Exec("SELECT pg_advisory_lock(hashtext('budget-pgsync ' || $1))", {schema});
      !r.ok()) {
    return r.status();
  }
  absl::Status status = [&]() -> absl::Status {
    if (absl::Status st = pg.ExecScript(
            absl::StrCat("CREATE SCHEMA IF NOT EXISTS ", s, "; CREATE TABLE IF NOT EXISTS ", s,
                         ".schema_migrations (version int PRIMARY KEY, name text NOT NULL, "
                         "applied_at timestamptz NOT NULL DEFAULT now())"));
        !st.ok()) {
      return st;
    }
    absl::StatusOr<int> current = SchemaVersion(pg, schema);
    if (!current.ok()) return current.status();
    if (*current > LatestSchemaVersion()) {
      return absl::FailedPreconditionError(
          absl::StrCat("schema ", schema, " is at version ", *current, ", newer than this build's ",
                       LatestSchemaVersion(), ": upgrade budget-pgsync"));
    }
    for (const Migration& m : Migrations()) {
      if (m.version <= *current) continue;
      absl::Status st = pg.ExecScript(absl::StrCat(
          "BEGIN; SET LOCAL search_path TO ", s, ";\n", m.sql, "\n;INSERT INTO ", s,
          ".schema_migrations (version, name) VALUES (", m.version, ", '", m.name, "'); COMMIT;"));
      if (!st.ok()) {
        (void)pg.ExecScript("ROLLBACK");
        return absl::Status(st.code(), absl::StrCat("migration ", m.version, " (", m.name,
                                                    ") failed: ", st.message()));
      }
    }
    return absl::OkStatus();
  }();
  (void)pg.Exec("SELECT pg_advisory_unlock(hashtext('budget-pgsync ' || $1))", {schema});
  return status;
}

absl::Status GrantRead(PgConnection& pg, const std::string& schema, const std::string& role) {
  const std::string s = pg.QuoteIdentifier(schema), r = pg.QuoteIdentifier(role);
  return pg.ExecScript(absl::StrCat("GRANT USAGE ON SCHEMA ", s, " TO ", r,
                                    "; GRANT SELECT ON ALL TABLES IN SCHEMA ", s, " TO ", r));
}

}  // namespace budget::pgsync
