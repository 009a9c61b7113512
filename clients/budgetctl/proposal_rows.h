#ifndef CLIENTS_BUDGETCTL_PROPOSAL_ROWS_H_
#define CLIENTS_BUDGETCTL_PROPOSAL_ROWS_H_

// The CSV layout of `proposal import` (clients/budgetctl/README.md): a header
// row naming the columns, then one row per proposal.
//
//   title*, description, category*, committees*, centres, workplaces,
//   effect_<year> (one per year of the period), full_implementation_kr*,
//   implementation_start*, citizen_consequences, staff_consequences,
//   staff_reduction_fte, submitter_kind*           (* required columns)
//
// Every row is checked here as far as the client can: numbers, dates and
// enums parse; committees, centres and workplaces exist in the round (by id,
// resource name or display name); years lie in the period; and the server's
// own shape checks (budget::ValidateContent) pass.

#include <string>
#include <vector>

#include "budget/v1/proposal.pb.h"
#include "budget/v1/round.pb.h"
#include "clients/budgetctl/csv.h"

namespace budgetctl {

// A problem with one cell (or the header: line 1), for "FILE:LINE: COLUMN: message".
struct RowError {
  int line;
  std::string column;
  std::string message;
};

struct ProposalRow {
  int line;    // where the record starts in the file
  int number;  // 1 for the first row after the header
  std::string
      canonical;  // the row's cells, unambiguously joined: what its request id is derived from
  budget::v1::ProposalContent content;
};

class ProposalRows {
 public:
  // Reads the header. Its problems (unknown, repeated or missing columns,
  // years outside the round's period) go to `errors`.
  ProposalRows(const CsvRecord& header, const budget::v1::Round& round,
               std::vector<RowError>* errors);

  // Converts one record; false, with every problem of the row in `errors`,
  // when it is not valid.
  bool Convert(const CsvRecord& record, int number, ProposalRow* row,
               std::vector<RowError>* errors) const;

 private:
  struct Column {
    std::string name;
    int effect_year = 0;  // for effect_<year>
  };
  std::vector<Column> columns_;
  const budget::v1::Round& round_;
};

}  // namespace budgetctl

#endif  // CLIENTS_BUDGETCTL_PROPOSAL_ROWS_H_
