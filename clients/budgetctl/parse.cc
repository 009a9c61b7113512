#include "clients/budgetctl/parse.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "clients/budgetctl/enum_names.h"
#include "clients/budgetctl/errors.h"
#include "clients/budgetctl/resource_names.h"
#include "google/protobuf/util/time_util.h"
#include "services/domain/names.h"
#include "services/domain/time_util.h"

namespace budgetctl {
namespace {

using google::protobuf::util::TimeUtil;

[[noreturn]] void Bad(absl::string_view expected, const std::string& text) {
  throw UsageError(absl::StrCat("expected ", expected, ", got \"", text, "\""));
}

bool IsDigits(absl::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), absl::ascii_isdigit);
}

// "110.000.000" -> "110000000" when the separators group by three; the
// text unchanged when it has no separators; "" when grouped wrongly.
std::string Ungroup(absl::string_view s) {
  for (char sep : {'.', ' ', '_', ','}) {
    if (s.find(sep) == absl::string_view::npos) continue;
    std::string out;
    size_t start = 0;
    bool first = true;
    while (true) {
      size_t end = s.find(sep, start);
      absl::string_view group =
          s.substr(start, end == absl::string_view::npos ? s.npos : end - start);
      if (!IsDigits(group) || (first ? group.size() > 3 : group.size() != 3)) return "";
      out.append(group.data(), group.size());
      first = false;
      if (end == absl::string_view::npos) return out;
      start = end + 1;
    }
  }
  return std::string(s);
}

}  // namespace

int64_t ParseScaled(const std::string& text, int places) {
  absl::string_view s = absl::StripAsciiWhitespace(text);
  const bool negative = absl::ConsumePrefix(&s, "-");
  size_t sep = s.find_first_of(".,");
  absl::string_view whole = s.substr(0, sep);
  absl::string_view frac = sep == s.npos ? "" : s.substr(sep + 1);
  if (!IsDigits(whole) || (sep != s.npos && !IsDigits(frac))) {
    Bad(absl::StrCat("a number with at most ", places, " decimals"), text);
  }
  if (frac.size() > static_cast<size_t>(places)) {
    Bad(absl::StrCat("at most ", places, " decimals"), text);
  }
  std::string digits = absl::StrCat(whole, frac, std::string(places - frac.size(), '0'));
  int64_t value;
  if (digits.size() > 18 || !absl::SimpleAtoi(digits, &value)) Bad("a smaller number", text);
  return negative ? -value : value;
}

int64_t ParseKroner(const std::string& text) {
  absl::string_view s = absl::StripAsciiWhitespace(text);
  std::string lower = absl::AsciiStrToLower(s);
  absl::string_view l = lower;
  if (absl::ConsumeSuffix(&l, "kr.") || absl::ConsumeSuffix(&l, "kr")) {
    l = absl::StripTrailingAsciiWhitespace(l);
  }
  if (absl::ConsumeSuffix(&l, "mio.") || absl::ConsumeSuffix(&l, "mio")) {
    l = absl::StripTrailingAsciiWhitespace(l);
    // "1.200 mio" is 1200 millions in Danish and 1.2 in English: refuse to guess.
    const size_t sep = l.find_first_of(".,");
    if (sep != l.npos && l.size() - sep - 1 == 3) {
      Bad("millions without a three-digit fraction (ambiguous), e.g. \"1200 mio\" or \"1,25 mio\"",
          text);
    }
    try {
      return ParseScaled(std::string(l), 6);
    } catch (const UsageError&) {
      Bad("millions with at most 6 decimals, e.g. \"1,5 mio\"", text);
    }
  }
  const bool negative = absl::ConsumePrefix(&l, "-");
  std::string digits = Ungroup(l);
  int64_t value;
  if (!IsDigits(digits) || !absl::SimpleAtoi(digits, &value)) {
    Bad("whole kroner, e.g. 110000000, 110.000.000 or 110 mio", text);
  }
  return negative ? -value : value;
}

int64_t ParseInteger(const std::string& text, int64_t min, int64_t max) {
  int64_t value;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(text), &value) || value < min || value > max) {
    Bad(absl::StrCat("a whole number in ", min, "..", max), text);
  }
  return value;
}

int32_t ParsePercentBp(const std::string& text) {
  absl::string_view s = absl::StripAsciiWhitespace(text);
  absl::ConsumeSuffix(&s, "%");
  int64_t bp = ParseScaled(std::string(s), 2);
  if (bp < 0 || bp > 10000) Bad("a percentage 0..100 with at most 2 decimals", text);
  return static_cast<int32_t>(bp);
}

budget::v1::Date ParseDate(const std::string& text) {
  absl::string_view s = absl::StripAsciiWhitespace(text);
  int year, month, day;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !IsDigits(s.substr(0, 4)) ||
      !IsDigits(s.substr(5, 2)) || !IsDigits(s.substr(8, 2)) ||
      !absl::SimpleAtoi(s.substr(0, 4), &year) || !absl::SimpleAtoi(s.substr(5, 2), &month) ||
      !absl::SimpleAtoi(s.substr(8, 2), &day)) {
    Bad("a day YYYY-MM-DD", text);
  }
  budget::v1::Date date = budget::MakeDate(year, month, day);
  if (!budget::IsValidDate(date)) Bad("a calendar day YYYY-MM-DD", text);
  return date;
}

google::protobuf::Timestamp ParseInstant(const std::string& text) {
  std::string s(absl::StripAsciiWhitespace(text));
  if (s == "now") return budget::ToProto(absl::Now());
  if (s.size() == 10) return budget::ToProto(budget::StartOfDay(ParseDate(s)));
  google::protobuf::Timestamp t;
  if (!TimeUtil::FromString(s, &t)) {
    Bad("an RFC 3339 instant (2024-03-01T12:00:00Z), a day YYYY-MM-DD or \"now\"", text);
  }
  return t;
}

void SetYearAmounts(const std::vector<std::string>& texts,
                    google::protobuf::RepeatedPtrField<budget::v1::YearAmount>* out) {
  out->Clear();
  for (const std::string& text : texts) *out->Add() = ParseYearAmount(text);
}

budget::v1::YearAmount ParseYearAmount(const std::string& text) {
  size_t eq = text.find('=');
  if (eq == std::string::npos) Bad("YEAR=KRONER, e.g. 2024=1.500.000", text);
  budget::v1::YearAmount out;
  out.set_year(static_cast<int32_t>(ParseInteger(text.substr(0, eq), 1, 9999)));
  out.set_amount_kr(ParseKroner(text.substr(eq + 1)));
  return out;
}

budget::v1::YearAmount ParseAmountLine(const std::string& text) {
  const size_t colon = text.find(':');
  budget::v1::YearAmount out = ParseYearAmount(text.substr(0, colon));
  if (colon != std::string::npos) {
    out.set_expenditure_type(ParseEnumAs<budget::v1::ExpenditureType>(text.substr(colon + 1)));
  }
  return out;
}

budget::v1::StaffEffect ParseStaffEffect(const std::string& round, const std::string& text) {
  const std::vector<std::string> parts = absl::StrSplit(text, ':');
  if (parts.size() != 4) {
    Bad("WORKPLACE:STAFF GROUP:FTE:HOW, e.g. enghaven:pædagoger:2.5:attrition", text);
  }
  budget::v1::StaffEffect out;
  out.set_workplace(ChildArg(round, budget::kWorkplaces, parts[0]));
  out.set_staff_group(parts[1]);
  out.set_fte_reduction_hundredths(ParseScaled(parts[2], 2));
  out.set_mode(ParseEnumAs<budget::v1::StaffChangeMode>(parts[3]));
  return out;
}

budget::v1::Attachment ParseAttachment(const std::string& text) {
  const std::vector<std::string> parts =
      absl::StrSplit(text, absl::MaxSplits(' ', 3), absl::SkipEmpty());
  if (parts.size() != 4) Bad("URI SHA256 SIZE TITLE", text);
  budget::v1::Attachment out;
  out.set_uri(parts[0]);
  out.set_sha256(parts[1]);
  out.set_size_bytes(ParseInteger(parts[2], 0, 1'000'000'000'000));
  out.set_title(parts[3]);
  return out;
}

std::string ParseText(const std::string& text) {
  if (text.size() >= 2 && text[0] == '@' && text[1] == '@') return text.substr(1);
  if (text.empty() || text[0] != '@') return text;
  std::ifstream in(text.substr(1), std::ios::binary);
  if (!in) throw UsageError(absl::StrCat("cannot read ", text.substr(1)));
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

bool ParseBool(const std::string& text) {
  const std::string t = absl::AsciiStrToLower(absl::StripAsciiWhitespace(text));
  if (t == "yes" || t == "true" || t == "1") return true;
  if (t == "no" || t == "false" || t == "0") return false;
  Bad("yes or no", text);
}

bool ParseApproval(const std::string& text) {
  const std::string t = absl::AsciiStrToLower(absl::StripAsciiWhitespace(text));
  if (t == "approve" || t == "approved") return true;
  if (t == "reject" || t == "rejected") return false;
  Bad("approve or reject", text);
}

}  // namespace budgetctl
