#include "clients/budgetctl/csv.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "clients/budgetctl/errors.h"

namespace budgetctl {
namespace {

// Accumulates one record; knows whether the current field was quoted.
class RecordBuilder {
 public:
  explicit RecordBuilder(int line) { record_.line = line; }
  int line() const { return record_.line; }
  std::string& field() { return field_; }
  bool field_empty() const { return field_.empty() && !quoted_; }
  void set_quoted() { quoted_ = true; }
  void EndField() {
    blank_ = blank_ && record_.fields.empty() && field_.empty() && !quoted_;
    record_.fields.push_back(std::move(field_));
    field_.clear();
    quoted_ = false;
  }
  // Ends the record; false when it was a blank line.
  bool End(std::vector<CsvRecord>* out) {
    EndField();
    if (blank_) return false;
    out->push_back(std::move(record_));
    return true;
  }

 private:
  CsvRecord record_;
  std::string field_;
  bool quoted_ = false;
  bool blank_ = true;
};

}  // namespace

std::vector<CsvRecord> ParseCsv(absl::string_view text, char delimiter) {
  absl::ConsumePrefix(&text, "\xEF\xBB\xBF");
  std::vector<CsvRecord> out;
  int line = 1;
  RecordBuilder record(line);
  bool in_quotes = false;
  bool after_quote = false;  // a quoted field just closed: only a delimiter or line end may follow
  auto fail = [&](absl::string_view why) {
    return UsageError(absl::StrCat("line ", line, ": ", why));
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        record.field() += '"';
        ++i;
      } else if (c == '"') {
        in_quotes = false;
        after_quote = true;
      } else {
        if (c == '\n') ++line;
        record.field() += c;
      }
      continue;
    }
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    if (c == delimiter || c == '\n') {
      after_quote = false;
      if (c == delimiter) {
        record.EndField();
        continue;
      }
      record.End(&out);
      record = RecordBuilder(++line);
      continue;
    }
    if (after_quote)
      throw fail("text after a closing quote; a quote inside a field is written \"\"");
    if (c == '"') {
      if (!record.field_empty())
        throw fail("a quote inside an unquoted field; quote the field and write \"\"");
      record.set_quoted();
      in_quotes = true;
      continue;
    }
    record.field() += c;
  }
  if (in_quotes) {
    throw UsageError(
        absl::StrCat("line ", record.line(), ": a quoted field in this record is not closed"));
  }
  record.End(&out);
  return out;
}

}  // namespace budgetctl
