#include "clients/pgsync/read_model.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/pgsync/migrations.h"

namespace budget::pgsync {
namespace {

// Proto strings are UTF-8 already; a stray byte must not stop the feed.
std::string Dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

absl::StatusOr<SyncPoint> ReadModel::Committed() {
  absl::StatusOr<int> version = SchemaVersion(*pg_, schema_);
  if (!version.ok()) return version.status();
  if (*version != LatestSchemaVersion()) {
    return absl::FailedPreconditionError(
        absl::StrCat("schema ", schema_, " is at version ", *version, ", this build needs ",
                     LatestSchemaVersion(), ": run budget-pgsync --migrate"));
  }
  absl::StatusOr<PgResult> r = pg_->Exec(
      absl::StrCat("SELECT position, hash FROM ", pg_->QuoteIdentifier(schema_), ".sync_state"));
  if (!r.ok()) return r.status();
  SyncPoint p;
  if (r->rows() != 1 || !absl::SimpleAtoi(r->Get(0, 0), &p.position) ||
      !base::HashFromHex(r->Get(0, 1), &p.hash)) {
    return absl::DataLossError(absl::StrCat(schema_, ".sync_state is not one valid row"));
  }
  return p;
}

absl::Status ReadModel::Write(const BatchRows& rows, uint64_t from, const SyncPoint& to,
                              absl::Time recorded_at, const std::string& source) {
  if (absl::StatusOr<PgResult> r = pg_->Exec("BEGIN"); !r.ok()) return r.status();
  absl::Status s = WriteInTransaction(rows, from, to, recorded_at, source);
  if (s.ok()) {
    if (absl::StatusOr<PgResult> r = pg_->Exec("COMMIT"); !r.ok()) return r.status();
    return absl::OkStatus();
  }
  (void)pg_->Exec("ROLLBACK");
  return s;
}

absl::StatusOr<std::string> ReadModel::ColumnType(const std::string& table,
                                                  const std::string& column) {
  const std::string key = absl::StrCat(table, ".", column);
  if (auto it = column_types_.find(key); it != column_types_.end()) return it->second;
  absl::StatusOr<PgResult> r = pg_->Exec(
      "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
      "WHERE attrelid = $1::regclass AND attname = $2 AND NOT attisdropped",
      {absl::StrCat(pg_->QuoteIdentifier(schema_), ".", pg_->QuoteIdentifier(table)), column});
  if (!r.ok()) return r.status();
  if (r->rows() != 1) {
    return absl::FailedPreconditionError(absl::StrCat(schema_, ".", table, " has no column ",
                                                      column, ": run budget-pgsync --migrate"));
  }
  return column_types_[key] = r->Get(0, 0);
}

absl::Status ReadModel::WriteInTransaction(const BatchRows& rows, uint64_t from,
                                           const SyncPoint& to, absl::Time recorded_at,
                                           const std::string& source) {
  const std::string s = pg_->QuoteIdentifier(schema_);
  // First, so that a concurrent writer or a schema swap is noticed before any row.
  absl::StatusOr<PgResult> moved =
      pg_->Exec(absl::StrCat("UPDATE ", s,
                             ".sync_state SET position = $1, hash = $2, recorded_at = $3, "
                             "committed_at = now(), source = $4 WHERE position = $5"),
                {absl::StrCat(to.position), base::HashToHex(to.hash),
                 absl::FormatTime(absl::RFC3339_full, recorded_at, absl::UTCTimeZone()), source,
                 absl::StrCat(from)});
  if (!moved.ok()) return moved.status();
  if (moved->affected() != 1) {
    return absl::AbortedError(
        absl::StrCat("the read model in schema ", schema_, " is no longer at position ", from));
  }
  for (const auto& [name, table] : rows) {
    const std::string t = absl::StrCat(s, ".", pg_->QuoteIdentifier(name));
    if (!table.scopes.empty()) {
      std::vector<std::string> columns, match;
      for (const std::string& c : table.scope_columns) {
        absl::StatusOr<std::string> type = ColumnType(name, c);
        if (!type.ok()) return type.status();
        const std::string q = pg_->QuoteIdentifier(c);
        columns.push_back(absl::StrCat(q, " ", *type));
        match.push_back(absl::StrCat("t.", q, " = k.", q));
      }
      absl::StatusOr<PgResult> r = pg_->Exec(
          absl::StrCat("DELETE FROM ", t, " AS t USING jsonb_to_recordset($1::jsonb) AS k(",
                       absl::StrJoin(columns, ", "), ") WHERE ", absl::StrJoin(match, " AND ")),
          {Dump(table.scopes)});
      if (!r.ok()) return r.status();
    }
    if (!table.rows.empty()) {
      absl::StatusOr<PgResult> r = pg_->Exec(
          absl::StrCat("INSERT INTO ", t, " SELECT * FROM jsonb_populate_recordset(NULL::", t,
                       ", $1::jsonb)"),
          {Dump(table.rows)});
      if (!r.ok()) return r.status();
    }
  }
  return absl::OkStatus();
}

}  // namespace budget::pgsync
