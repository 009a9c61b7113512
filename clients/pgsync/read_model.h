#ifndef CLIENTS_PGSYNC_READ_MODEL_H_
#define CLIENTS_PGSYNC_READ_MODEL_H_

// The read model's schema in PostgreSQL as pgsync writes it: where it stands
// (the last position applied and its hash), and one transaction per batch
// that writes the batch's rows together with the new position.

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "base/sha256.h"
#include "clients/pgsync/pg.h"
#include "clients/pgsync/rows.h"

namespace budget::pgsync {

// Where the read model stands: every event up to `position` is in it.
struct SyncPoint {
  uint64_t position = 0;
  base::Hash hash{};
};

// Thread safety: not thread-safe; one thread owns it (and its connection).
class ReadModel {
 public:
  // Writes into `schema` through `pg` (not owned; must outlive this).
  ReadModel(PgConnection* pg, std::string schema) : pg_(pg), schema_(std::move(schema)) {}

  // The committed sync point. FailedPrecondition when the schema is missing
  // or not at this build's version (run --migrate).
  absl::StatusOr<SyncPoint> Committed();

  // In one transaction: moves the position from `from` to `to` (with `to`'s
  // hash and time, and `source` naming budgetd) and writes `rows`. Aborted,
  // writing nothing, when the committed position is not `from`: someone else
  // moved it (another pgsync, or a rebuild swapped the schema in).
  // Unavailable when the connection broke; then it is unknown whether the
  // transaction committed: read Committed() on a new connection.
  absl::Status Write(const BatchRows& rows, uint64_t from, const SyncPoint& to,
                     absl::Time recorded_at, const std::string& source);

 private:
  absl::Status WriteInTransaction(const BatchRows& rows, uint64_t from, const SyncPoint& to,
                                  absl::Time recorded_at, const std::string& source);
  // The SQL type of `table`.`column` in the schema ("bigint", "text"), read
  // once: a scope's keys are declared with their column's type, so the
  // delete compares like with like and uses the table's index.
  absl::StatusOr<std::string> ColumnType(const std::string& table, const std::string& column);

  PgConnection* const pg_;
  const std::string schema_;
  absl::flat_hash_map<std::string, std::string> column_types_;
};

}  // namespace budget::pgsync

#endif  // CLIENTS_PGSYNC_READ_MODEL_H_
