#ifndef CLIENTS_PGSYNC_ROWS_H_
#define CLIENTS_PGSYNC_ROWS_H_

// The mapping from the projection to the relational schema
// (sql/migrations/): which rows an entity has, in which tables. Each table is
// written by scope: every row of a changed entity's scope is deleted and the
// entity's rows as they stand now are inserted, so a batch needs only to know
// which entities it changed, never how.
//
// Adding an entity kind is one entry in the registry in rows.cc (its
// collection, its tables and scope columns, a function that builds its rows)
// plus a migration for its tables.

#include <map>
#include <string>
#include <vector>

#include "clients/pgsync/projection.h"
#include "nlohmann/json.hpp"

namespace budget::pgsync {

// The rows of one table for one batch.
struct TableRows {
  // The columns that name an entity's rows (e.g. round_id, proposal_id);
  // empty for an append-only table.
  std::vector<std::string> scope_columns;
  // Objects with the scope columns: rows to delete before inserting.
  nlohmann::json scopes = nlohmann::json::array();
  // Objects keyed by column name; missing columns are NULL.
  nlohmann::json rows = nlohmann::json::array();
};

// Table name -> its rows, in a fixed order.
using BatchRows = std::map<std::string, TableRows>;

// The rows for what `changes` says changed, built from `state` as it stands
// after those events: the events themselves, the proposal versions created,
// and each changed round's and entity's rows (replacing their old ones).
BatchRows BuildRows(const State& state, const Changes& changes);

// Replaces every sealed personal field in `rows` (a column, or a string
// inside a jsonb column) by what `projection` says it reads: the text
// budgetd showed, "[slettet]" once erased, or "[skjult]". PostgreSQL never
// receives a sealed field.
void RevealPersonal(const Projection& projection, BatchRows* rows);

// A whole entity in the proto JSON mapping, field names as in the .proto.
nlohmann::json ProtoJson(const google::protobuf::Message& message);

}  // namespace budget::pgsync

#endif  // CLIENTS_PGSYNC_ROWS_H_
