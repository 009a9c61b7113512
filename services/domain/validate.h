#ifndef SERVICES_DOMAIN_VALIDATE_H_
#define SERVICES_DOMAIN_VALIDATE_H_

// Shape checks that need no state: lengths, ranges, formats, enums. Every bad
// field is reported at once as INVALID_ARGUMENT with google.rpc.BadRequest.
// Checks that need the round (known committees, years inside the period) are
// the deciders'.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "budget/v1/common.pb.h"
#include "budget/v1/proposal.pb.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "google/protobuf/timestamp.pb.h"
#include "services/domain/errors.h"

namespace budget {

inline constexpr int64_t kMaxAmountKr = 1'000'000'000'000;  // 10^12 kr.
inline constexpr int64_t kMaxFteHundredths = 10'000'000;
inline constexpr size_t kMaxTitleChars = 200;
inline constexpr size_t kMaxTextChars = 20'000;
inline constexpr size_t kMaxReasonChars = 2'000;
inline constexpr size_t kMaxRequestIdChars = 128;
inline constexpr int kMaxReferences = 200;

// Whether `field` is among `paths`; an empty list names every field.
bool Wanted(const std::vector<std::string>& paths, absl::string_view field);

// The paths "<prefix><field>" of one message's fields, for the checks below.
// A path is named for every check but needed only when one fails, so they
// share one buffer: each is valid until the next is asked for.
class FieldPaths {
 public:
  explicit FieldPaths(absl::string_view prefix)
      : path_(prefix.data(), prefix.size()), prefix_size_(prefix.size()) {}
  absl::string_view operator()(absl::string_view field) {
    path_.resize(prefix_size_);
    path_.append(field.data(), field.size());
    return path_;
  }

 private:
  std::string path_;
  const size_t prefix_size_;
};

// Validates the fields of `content` named in `paths` (every field when empty),
// reporting them under `prefix` ("content.").
void ValidateContent(const v1::ProposalContent& content, const std::vector<std::string>& paths,
                     absl::string_view prefix, FieldErrors* errors);

// Field checks the commands' validators (registered beside their deciders)
// share. Each adds a violation naming `field` to `e` and never stops early,
// so a caller learns every bad field at once.

// `request_id`: 1..128 printable ASCII characters.
void CheckRequestId(FieldErrors* e, absl::string_view id);
// A resource id: 1..63 of [a-z0-9-], not starting with '-'.
void CheckId(FieldErrors* e, absl::string_view field, absl::string_view id);
// A round name, "rounds/{id}".
void CheckRound(FieldErrors* e, absl::string_view field, absl::string_view name);
// A child name, "rounds/{round}/{collection}/{id}".
void CheckChild(FieldErrors* e, absl::string_view field, absl::string_view name,
                absl::string_view collection);
// Present and within google.protobuf.Timestamp's years 1..9999.
void CheckTimestamp(FieldErrors* e, absl::string_view field, bool present,
                    const google::protobuf::Timestamp& t);
// Present and a calendar day.
void CheckDate(FieldErrors* e, absl::string_view field, bool present, const v1::Date& d);
// Names in `collection`, each once, at most kMaxReferences; at least one
// when `required`.
void CheckReferences(FieldErrors* e, absl::string_view field,
                     const google::protobuf::RepeatedPtrField<std::string>& names,
                     absl::string_view collection, bool required);
// "bodies/<id>" or a workplace name.
void CheckBody(FieldErrors* e, absl::string_view field, absl::string_view name);
// Yearly amounts: each year once, 0..10^12 kr. (-10^12.. with `allow_negative`).
void CheckYears(FieldErrors* e, absl::string_view field,
                const google::protobuf::RepeatedPtrField<v1::YearAmount>& amounts,
                bool allow_negative);
// Each entry's year in first..last (a round's period, which the decider knows).
void CheckInPeriod(FieldErrors* e, absl::string_view field, int first, int last,
                   const google::protobuf::RepeatedPtrField<v1::YearAmount>& amounts);
// UTF-8 of min_chars..max_chars characters.
void CheckText(FieldErrors* e, absl::string_view field, absl::string_view value, size_t min_chars,
               size_t max_chars);
// 0..10^12 kr.
void CheckAmount(FieldErrors* e, absl::string_view field, int64_t value);
bool IsValidUtf8(absl::string_view s);

// A known, non-zero value of a proto enum; `name` gives the example in the message.
template <typename Enum>
void CheckEnum(FieldErrors* e, absl::string_view field, int value, bool (*is_valid)(int),
               const std::string& (*name)(Enum)) {
  if (value == 0 || !is_valid(value)) {
    e->Add(field,
           absl::StrCat(value == 0 ? "is required" : absl::StrCat("has unknown value ", value),
                        ", e.g. ", name(static_cast<Enum>(1))));
  }
}

// A decision ØK or Byrådet takes at a meeting: `round`, `meeting_date` and
// `agenda_item` (the agenda item or minutes reference, 1..200 characters).
template <typename Request>
void CheckMeetingDecision(const Request& r, FieldErrors* e) {
  CheckRound(e, "round", r.round());
  CheckDate(e, "meeting_date", r.has_meeting_date(), r.meeting_date());
  CheckText(e, "agenda_item", r.agenda_item(), 1, kMaxTitleChars);
}

}  // namespace budget

#endif  // SERVICES_DOMAIN_VALIDATE_H_
