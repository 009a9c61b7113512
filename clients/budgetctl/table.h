#ifndef CLIENTS_BUDGETCTL_TABLE_H_
#define CLIENTS_BUDGETCTL_TABLE_H_

// The one way budgetctl prints rows for people: aligned columns, numbers
// right-aligned, widths counted in characters so "Næstved" lines up.

#include <ostream>
#include <string>
#include <vector>

namespace budgetctl {

class Table {
 public:
  // A header starting with '>' is right-aligned (the '>' is not printed).
  // With no headers the table has no header line (key/value blocks).
  explicit Table(std::vector<std::string> headers, std::string indent = "");

  // A row; missing trailing cells are empty.
  Table& Row(std::vector<std::string> cells);

  bool empty() const { return rows_.empty(); }

  // Writes the header (if any) and every row; nothing when there are no rows.
  void Print(std::ostream& out) const;

 private:
  std::vector<std::string> headers_;
  std::vector<bool> right_;
  std::string indent_;
  std::vector<std::vector<std::string>> rows_;
};

// Prints "title" and, under it, the table indented; "title: none" when empty.
void PrintSection(std::ostream& out, const std::string& title, const Table& table);

}  // namespace budgetctl

#endif  // CLIENTS_BUDGETCTL_TABLE_H_
