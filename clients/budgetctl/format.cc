#include "clients/budgetctl/format.h"

#include <cstdlib>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "services/domain/names.h"
#include "services/domain/time_util.h"

namespace budgetctl {
namespace {

// "110000000" -> "110.000.000"
std::string Grouped(uint64_t n) {
  std::string digits = absl::StrCat(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  return out;
}

// `value` / 10^places, rounded half away from zero, with a decimal comma
// and `places` decimals, or fewer when `trim` and they are zeros.
std::string Decimal(int64_t value, int scale_places, int shown_places, bool trim) {
  int64_t scale = 1;
  for (int i = 0; i < scale_places - shown_places; ++i) scale *= 10;
  const bool negative = value < 0;
  uint64_t v = negative ? -static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  v = (v + scale / 2) / scale;
  uint64_t unit = 1;
  for (int i = 0; i < shown_places; ++i) unit *= 10;
  std::string frac = absl::StrCat(v % unit + unit).substr(1);
  while (trim && !frac.empty() && frac.back() == '0') frac.pop_back();
  std::string out = absl::StrCat(negative && v != 0 ? "-" : "", Grouped(v / unit));
  if (!frac.empty()) absl::StrAppend(&out, ",", frac);
  return out;
}

}  // namespace

std::string Count(int64_t n) { return Decimal(n, 0, 0, false); }

std::string Kroner(int64_t kr) { return absl::StrCat(Count(kr), " kr."); }

std::string Mio(int64_t kr) { return absl::StrCat(Decimal(kr, 6, 1, false), " mio. kr."); }

std::string Percent(int64_t bp) { return absl::StrCat(Decimal(bp, 2, 2, true), " %"); }

std::string Fte(int64_t hundredths) { return Decimal(hundredths, 2, 2, false); }

std::string Day(const budget::v1::Date& date) {
  return date.year() == 0 ? "" : budget::DateString(date);
}

namespace {

std::string FormatInstant(const char* format, const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0 && t.nanos() == 0) return "";
  return absl::FormatTime(format, budget::FromProto(t), absl::UTCTimeZone());
}

}  // namespace

std::string Instant(const google::protobuf::Timestamp& t) {
  return FormatInstant("%Y-%m-%d %H:%M UTC", t);
}

std::string InstantSeconds(const google::protobuf::Timestamp& t) {
  return FormatInstant("%Y-%m-%d %H:%M:%S UTC", t);
}

std::string Ids(const google::protobuf::RepeatedPtrField<std::string>& names) {
  std::vector<std::string> ids;
  for (const std::string& n : names) ids.emplace_back(budget::LastSegment(n));
  return absl::StrJoin(ids, ", ");
}

size_t DisplayWidth(const std::string& text) {
  size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

std::string OneLine(const std::string& text, size_t max) {
  std::string out;
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = text[i];
    const bool starts_char = (c & 0xC0) != 0x80;
    if (starts_char && ++chars > max) {
      // Make room for the ellipsis: drop the last character written.
      size_t cut = out.size();
      while (cut > 0 && (static_cast<unsigned char>(out[cut - 1]) & 0xC0) == 0x80) --cut;
      out.resize(cut > 0 ? cut - 1 : 0);
      return out + "…";
    }
    out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : static_cast<char>(c);
  }
  return out;
}

}  // namespace budgetctl
