#include "clients/budgetctl/table.h"

#include <algorithm>

#include "clients/budgetctl/format.h"

namespace budgetctl {

Table::Table(std::vector<std::string> headers, std::string indent) : indent_(std::move(indent)) {
  for (std::string& h : headers) {
    const bool right = !h.empty() && h[0] == '>';
    right_.push_back(right);
    headers_.push_back(right ? h.substr(1) : h);
  }
}

Table& Table::Row(std::vector<std::string> cells) {
  if (cells.size() > right_.size()) right_.resize(cells.size(), false);
  rows_.push_back(std::move(cells));
  return *this;
}

void Table::Print(std::ostream& out) const {
  if (rows_.empty()) return;
  const size_t columns = right_.size();
  std::vector<size_t> width(columns, 0);
  auto measure = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) width[i] = std::max(width[i], DisplayWidth(cells[i]));
  };
  measure(headers_);
  for (const auto& row : rows_) measure(row);
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text = indent_;
    for (size_t i = 0; i < columns; ++i) {
      const std::string cell = i < cells.size() ? cells[i] : "";
      const std::string pad(width[i] - DisplayWidth(cell), ' ');
      if (i > 0) text += "  ";
      text += right_[i] ? pad + cell : cell + pad;
    }
    text.erase(text.find_last_not_of(' ') + 1);
    out << text << "\n";
  };
  if (!headers_.empty()) line(headers_);
  for (const auto& row : rows_) line(row);
}

void PrintSection(std::ostream& out, const std::string& title, const Table& table) {
  if (table.empty()) {
    out << title << ": none\n";
    return;
  }
  out << title << "\n";
  table.Print(out);
}

}  // namespace budgetctl
