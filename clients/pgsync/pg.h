#ifndef CLIENTS_PGSYNC_PG_H_
#define CLIENTS_PGSYNC_PG_H_

// A thin C++ face on libpq: one connection, statements with text
// parameters, results as strings, errors as absl::Status.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

struct pg_conn;
struct pg_result;

namespace budget::pgsync {

// The rows of a finished statement. Movable, owns the libpq result.
class PgResult {
 public:
  explicit PgResult(pg_result* r);
  PgResult(PgResult&&) noexcept;
  PgResult& operator=(PgResult&&) noexcept;
  ~PgResult();

  int rows() const;
  // The value at (row, col) as text; "" for NULL.
  std::string Get(int row, int col) const;
  // Rows changed by an INSERT/UPDATE/DELETE.
  int64_t affected() const;

 private:
  pg_result* r_;
};

// A parameter: text, or SQL NULL.
using PgParam = std::optional<std::string>;

// One connection to PostgreSQL.
//
// Errors: Unavailable when the connection is lost or cannot be made (retry on
// a new connection); Aborted for a serialization failure or deadlock (retry
// the transaction); Internal for anything else, with the server's message.
//
// Thread safety: not thread-safe; one thread uses a connection at a time.
class PgConnection {
 public:
  // Connects with a libpq connection string ("host=... port=... dbname=..."
  // or a postgresql:// URI); libpq's PG* environment variables fill in the rest.
  static absl::StatusOr<std::unique_ptr<PgConnection>> Connect(const std::string& conninfo);
  ~PgConnection();

  // One statement with $1.. parameters (sent as text, typed by the server).
  absl::StatusOr<PgResult> Exec(absl::string_view sql, const std::vector<PgParam>& params = {});
  // A script of statements without parameters (a migration), in one round trip.
  absl::Status ExecScript(absl::string_view sql);

  // An identifier quoted for SQL ("budget" -> "\"budget\"").
  std::string QuoteIdentifier(absl::string_view name);

 private:
  explicit PgConnection(pg_conn* c) : conn_(c) {}
  absl::Status Check(pg_result* r);

  pg_conn* conn_;
};

}  // namespace budget::pgsync

#endif  // CLIENTS_PGSYNC_PG_H_
