#include "clients/pgsync/pg.h"

#include <libpq-fe.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace budget::pgsync {

PgResult::PgResult(pg_result* r) : r_(r) {}
PgResult::PgResult(PgResult&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
PgResult& PgResult::operator=(PgResult&& o) noexcept {
  std::swap(r_, o.r_);
  return *this;
}
PgResult::~PgResult() {
  if (r_ != nullptr) PQclear(r_);
}
int PgResult::rows() const { return PQntuples(r_); }
std::string PgResult::Get(int row, int col) const { return PQgetvalue(r_, row, col); }
int64_t PgResult::affected() const {
  const char* n = PQcmdTuples(r_);
  return n == nullptr || *n == '\0' ? 0 : std::strtoll(n, nullptr, 10);
}

absl::StatusOr<std::unique_ptr<PgConnection>> PgConnection::Connect(const std::string& conninfo) {
  pg_conn* c = PQconnectdb(conninfo.c_str());
  if (c == nullptr) return absl::ResourceExhaustedError("libpq: out of memory");
  if (PQstatus(c) != CONNECTION_OK) {
    std::string message(absl::StripAsciiWhitespace(PQerrorMessage(c)));
    PQfinish(c);
    return absl::UnavailableError(absl::StrCat("cannot connect to PostgreSQL: ", message));
  }
  // Quiet NOTICEs (IF NOT EXISTS, DROP ... CASCADE) instead of libpq's stderr default.
  PQsetNoticeProcessor(
      c, [](void*, const char*) {}, nullptr);
  return std::unique_ptr<PgConnection>(new PgConnection(c));
}

PgConnection::~PgConnection() { PQfinish(conn_); }

absl::Status PgConnection::Check(pg_result* r) {
  const ExecStatusType st = r == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(r);
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return absl::OkStatus();
  std::string message(
      absl::StripAsciiWhitespace(r != nullptr ? PQresultErrorMessage(r) : PQerrorMessage(conn_)));
  const char* state = r != nullptr ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  const absl::string_view sqlstate = state != nullptr ? state : "";
  // Class 08: connection exceptions; 57P0x: the server is shutting down.
  if (PQstatus(conn_) != CONNECTION_OK || absl::StartsWith(sqlstate, "08") ||
      absl::StartsWith(sqlstate, "57P0")) {
    return absl::UnavailableError(absl::StrCat("PostgreSQL connection lost: ", message));
  }
  if (sqlstate == "40001" || sqlstate == "40P01") {
    return absl::AbortedError(absl::StrCat("PostgreSQL: ", message));
  }
  // Classes 22 (data), 23 (integrity) and 42 (syntax, access): PostgreSQL
  // refuses this statement as the schema stands, and will again; retrying
  // would hide the refusal behind an endless backoff.
  if (absl::StartsWith(sqlstate, "22") || absl::StartsWith(sqlstate, "23") ||
      absl::StartsWith(sqlstate, "42")) {
    return absl::FailedPreconditionError(
        absl::StrCat("PostgreSQL refused it (", sqlstate, "): ", message));
  }
  return absl::InternalError(absl::StrCat("PostgreSQL (", sqlstate, "): ", message));
}

absl::StatusOr<PgResult> PgConnection::Exec(absl::string_view sql,
                                            const std::vector<PgParam>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const PgParam& p : params) values.push_back(p ? p->c_str() : nullptr);
  const std::string query(sql);
  pg_result* r = PQexecParams(conn_, query.c_str(), static_cast<int>(values.size()), nullptr,
                              values.data(), nullptr, nullptr, 0);
  PgResult result(r);  // frees it on every path
  if (absl::Status s = Check(r); !s.ok()) return s;
  return result;
}

absl::Status PgConnection::ExecScript(absl::string_view sql) {
  const std::string script(sql);
  pg_result* r = PQexec(conn_, script.c_str());
  absl::Status s = Check(r);
  PQclear(r);
  return s;
}

std::string PgConnection::QuoteIdentifier(absl::string_view name) {
  char* q = PQescapeIdentifier(conn_, name.data(), name.size());
  std::string out = q != nullptr ? q : "";
  PQfreemem(q);
  return out;
}

}  // namespace budget::pgsync
