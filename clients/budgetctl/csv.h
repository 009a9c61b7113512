#ifndef CLIENTS_BUDGETCTL_CSV_H_
#define CLIENTS_BUDGETCTL_CSV_H_

// CSV as RFC 4180 writes it (and spreadsheets export it): fields separated
// by a delimiter, a field in double quotes may hold the delimiter, line
// breaks and "" for a quote; CRLF or LF line ends; a UTF-8 byte order mark
// is skipped; blank lines are skipped.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace budgetctl {

struct CsvRecord {
  // The line the record starts on, 1-based, for messages.
  int line = 0;
  std::vector<std::string> fields;
};

// Throws UsageError "line N: ..." for a quote that is not closed, a quote
// inside an unquoted field, or text after a closing quote.
std::vector<CsvRecord> ParseCsv(absl::string_view text, char delimiter = ',');

}  // namespace budgetctl

#endif  // CLIENTS_BUDGETCTL_CSV_H_
