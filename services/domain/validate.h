#ifndef SERVICES_DOMAIN_VALIDATE_H_
#define SERVICES_DOMAIN_VALIDATE_H_

// Shape checks that need no state: lengths, ranges, formats, enums. Every bad
// field is reported at once as INVALID_ARGUMENT with google.rpc.BadRequest.
// Checks that need the round (known committees, years inside the period) are
// the deciders'.

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "budget/internal/commands.pb.h"
#include "budget/v1/proposal.pb.h"
#include "services/domain/errors.h"

namespace budget {

inline constexpr int64_t kMaxAmountKr = 1'000'000'000'000;  // 10^12 kr.
inline constexpr int64_t kMaxFteHundredths = 10'000'000;
inline constexpr size_t kMaxTitleChars = 200;
inline constexpr size_t kMaxTextChars = 20'000;
inline constexpr size_t kMaxReasonChars = 2'000;
inline constexpr size_t kMaxRequestIdChars = 128;
inline constexpr int kMaxReferences = 200;

// Validates the command's request. Thread-safe, pure.
absl::Status ValidateCommand(const internal::Command& command);

// Validates the fields of `content` named in `paths` (every field when empty),
// reporting them under `prefix` ("content.").
void ValidateContent(const v1::ProposalContent& content, const std::vector<std::string>& paths,
                     absl::string_view prefix, FieldErrors* errors);

// Helpers the deciders share for fields they validate themselves.
void CheckText(FieldErrors* e, absl::string_view field, absl::string_view value, size_t min_chars,
               size_t max_chars);
void CheckAmount(FieldErrors* e, absl::string_view field, int64_t value);
bool IsValidUtf8(absl::string_view s);

}  // namespace budget

#endif  // SERVICES_DOMAIN_VALIDATE_H_
