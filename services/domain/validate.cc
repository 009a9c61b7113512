#include "services/domain/validate.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <set>

#include "absl/strings/str_cat.h"
#include "services/domain/names.h"
#include "services/domain/proposal_economics.h"
#include "services/domain/time_util.h"

namespace budget {
namespace {

// The characters (code points) of `s`, counted while checking it: nullopt
// when it is not valid UTF-8.
std::optional<size_t> Utf8Chars(absl::string_view s) {
  size_t i = 0, chars = 0;
  while (i < s.size()) {
    // Most text is ASCII: eight bytes at a time while they are, each one
    // character; any other sequence one at a time.
    if (uint64_t word; i + sizeof word <= s.size()) {
      std::memcpy(&word, s.data() + i, sizeof word);
      if ((word & 0x8080808080808080u) == 0) {
        i += sizeof word;
        chars += sizeof word;
        continue;
      }
    }
    unsigned char c = s[i];
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 0;
    if (len == 0 || i + len > s.size()) return std::nullopt;
    uint32_t cp = len == 1 ? c : c & (0x7F >> len);
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = s[i + k];
      if ((cc & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    i += len;
    ++chars;
  }
  return chars;
}

}  // namespace

void CheckRequestId(FieldErrors* e, absl::string_view id) {
  if (id.empty()) {
    e->Add("request_id", "is required: a client-chosen id (e.g. a UUID) that makes retries safe");
    return;
  }
  if (id.size() > kMaxRequestIdChars) {
    e->Add("request_id",
           absl::StrCat("is ", id.size(), " characters; the limit is ", kMaxRequestIdChars));
    return;
  }
  for (char c : id) {
    if (c < 0x21 || c > 0x7e) {
      e->Add("request_id", "must be printable ASCII without spaces");
      return;
    }
  }
}

void CheckId(FieldErrors* e, absl::string_view field, absl::string_view id) {
  if (!IsValidId(id)) {
    e->Add(field, absl::StrCat("must be 1..63 of [a-z0-9-] not starting with '-', got \"",
                               Abbreviate(id), "\""));
  }
}

void CheckRound(FieldErrors* e, absl::string_view field, absl::string_view name) {
  if (!ParseRoundName(name, field).ok()) e->Add(field, NameError("", name));
}

void CheckChild(FieldErrors* e, absl::string_view field, absl::string_view name,
                absl::string_view collection) {
  if (!ParseChildName(name, collection, field).ok()) e->Add(field, NameError(collection, name));
}

void CheckTimestamp(FieldErrors* e, absl::string_view field, bool present,
                    const google::protobuf::Timestamp& t) {
  if (!present) {
    e->Add(field, "is required");
  } else if (!IsValidTimestamp(t)) {
    e->Add(field, "is outside 0001-01-01..9999-12-31");
  }
}

void CheckDate(FieldErrors* e, absl::string_view field, bool present, const v1::Date& d) {
  if (!present) {
    e->Add(field, "is required");
  } else if (!IsValidDate(d)) {
    e->Add(field, absl::StrCat("is not a calendar day: ", d.year(), "-", d.month(), "-", d.day()));
  }
}

void CheckReferences(FieldErrors* e, absl::string_view field,
                     const google::protobuf::RepeatedPtrField<std::string>& names,
                     absl::string_view collection, bool required) {
  if (required && names.empty()) e->Add(field, "needs at least one entry");
  if (names.size() > kMaxReferences) {
    e->Add(field, absl::StrCat("has ", names.size(), " entries; the limit is ", kMaxReferences));
    return;
  }
  std::set<std::string> seen;
  for (int i = 0; i < names.size(); ++i) {
    std::string f = absl::StrCat(field, "[", i, "]");
    CheckChild(e, f, names[i], collection);
    if (!seen.insert(names[i]).second) e->Add(f, absl::StrCat("repeats ", Abbreviate(names[i])));
  }
}

void CheckBody(FieldErrors* e, absl::string_view field, absl::string_view name) {
  if (!IsValidBodyName(name) && !ParseChildName(name, kWorkplaces, field).ok()) {
    e->Add(field, absl::StrCat("expected \"bodies/<id>\" or a workplace name, got \"",
                               Abbreviate(name), "\""));
  }
}

// Yearly amounts: each year once; `allow_negative` for corrections.
void CheckYears(FieldErrors* e, absl::string_view field,
                const google::protobuf::RepeatedPtrField<v1::YearAmount>& amounts,
                bool allow_negative) {
  std::set<int> years;
  if (amounts.size() > 10) e->Add(field, "has more entries than a period has years");
  for (int i = 0; i < amounts.size() && i < 10; ++i) {
    const std::string f = absl::StrCat(field, "[", i, "]");
    const int64_t v = amounts[i].amount_kr();
    if (allow_negative ? (v < -kMaxAmountKr || v > kMaxAmountKr) : (v < 0 || v > kMaxAmountKr)) {
      e->Add(f + ".amount_kr", absl::StrCat(allow_negative ? "must be -10^12..10^12 kr., got "
                                                           : "must be 0..10^12 kr., got ",
                                            v));
    }
    if (!years.insert(amounts[i].year()).second) {
      e->Add(f + ".year", absl::StrCat("repeats year ", amounts[i].year()));
    }
  }
}

void CheckInPeriod(FieldErrors* e, absl::string_view field, int first, int last,
                   const google::protobuf::RepeatedPtrField<v1::YearAmount>& amounts) {
  for (int i = 0; i < amounts.size(); ++i) {
    const int year = amounts[i].year();
    if (year < first || year > last) {
      e->Add(absl::StrCat(field, "[", i, "].year"),
             absl::StrCat("must lie in the period ", first, "..", last, ", got ", year));
    }
  }
}

bool IsValidUtf8(absl::string_view s) { return Utf8Chars(s).has_value(); }

void CheckText(FieldErrors* e, absl::string_view field, absl::string_view value, size_t min_chars,
               size_t max_chars) {
  const std::optional<size_t> chars = Utf8Chars(value);
  if (!chars.has_value()) {
    e->Add(field, "is not valid UTF-8");
    return;
  }
  const size_t n = *chars;
  if (n < min_chars) {
    e->Add(field, min_chars == 1 ? std::string("is required")
                                 : absl::StrCat("needs at least ", min_chars, " characters"));
  } else if (n > max_chars) {
    e->Add(field, absl::StrCat("is ", n, " characters; the limit is ", max_chars));
  }
}

void CheckAmount(FieldErrors* e, absl::string_view field, int64_t value) {
  if (value < 0 || value > kMaxAmountKr) {
    e->Add(field, absl::StrCat("must be 0..1000000000000 kr., got ", value));
  }
}

bool Wanted(const std::vector<std::string>& paths, absl::string_view field) {
  return paths.empty() || std::find(paths.begin(), paths.end(), field) != paths.end();
}

void ValidateContent(const v1::ProposalContent& c, const std::vector<std::string>& paths,
                     absl::string_view prefix, FieldErrors* e) {
  auto wanted = [&](absl::string_view field) { return Wanted(paths, field); };
  FieldPaths f(prefix);
  if (wanted("title")) CheckText(e, f("title"), c.title(), 1, kMaxTitleChars);
  if (wanted("description")) CheckText(e, f("description"), c.description(), 0, kMaxTextChars);
  if (wanted("category")) {
    CheckEnum(e, f("category"), c.category(), v1::ProposalCategory_IsValid,
              v1::ProposalCategory_Name<v1::ProposalCategory>);
  }
  if (wanted("committees")) CheckReferences(e, f("committees"), c.committees(), kCommittees, true);
  if (wanted("centres")) CheckReferences(e, f("centres"), c.centres(), kCentres, false);
  if (wanted("workplaces")) CheckReferences(e, f("workplaces"), c.workplaces(), kWorkplaces, false);
  if (wanted("implementation_start")) {
    CheckDate(e, f("implementation_start"), c.has_implementation_start(), c.implementation_start());
  }
  if (wanted("citizen_consequences")) {
    CheckText(e, f("citizen_consequences"), c.citizen_consequences(), 0, kMaxTextChars);
  }
  if (wanted("staff_consequences")) {
    CheckText(e, f("staff_consequences"), c.staff_consequences(), 0, kMaxTextChars);
  }
  if (wanted("staff_reduction_fte_hundredths")) {
    int64_t v = c.staff_reduction_fte_hundredths();
    if (v < 0 || v > kMaxFteHundredths) {
      e->Add(f("staff_reduction_fte_hundredths"),
             absl::StrCat("must be 0..", kMaxFteHundredths, " hundredths of an FTE, got ", v));
    }
  }
  if (wanted("submitter_kind")) {
    CheckEnum(e, f("submitter_kind"), c.submitter_kind(), v1::SubmitterKind_IsValid,
              v1::SubmitterKind_Name<v1::SubmitterKind>);
  }
  ValidateEconomics(c, paths, prefix, e);
}

}  // namespace budget
