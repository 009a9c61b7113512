#ifndef CLIENTS_BUDGETCTL_PARSE_H_
#define CLIENTS_BUDGETCTL_PARSE_H_

// Values as people type them on the command line and in CSV files. Every
// function throws UsageError with a message naming what was expected.

#include <cstdint>
#include <string>
#include <vector>

#include "budget/v1/common.pb.h"
#include "budget/v1/proposal.pb.h"
#include "google/protobuf/timestamp.pb.h"

namespace budgetctl {

// Whole kroner: "110000000", "110.000.000", "110 000 000", "110_000_000",
// optionally ending in "kr." / "kr"; or millions with up to six decimals:
// "110 mio", "1,5 mio. kr.".
int64_t ParseKroner(const std::string& text);

// A whole number in [min, max].
int64_t ParseInteger(const std::string& text, int64_t min, int64_t max);

// A decimal with at most `places` decimals ('.' or ',' as the separator),
// scaled to an integer: ParseScaled("1,5", 2) == 150.
int64_t ParseScaled(const std::string& text, int places);

// Percent with up to two decimals ("40", "40 %", "12,5%") as basis points.
int32_t ParsePercentBp(const std::string& text);

// A calendar day, YYYY-MM-DD.
budget::v1::Date ParseDate(const std::string& text);

// An instant: RFC 3339 ("2024-03-01T12:00:00Z", "2024-03-01T13:00:00+01:00"),
// a day (YYYY-MM-DD, meaning 00:00 UTC) or "now".
google::protobuf::Timestamp ParseInstant(const std::string& text);

// "2024=1.500.000" -> {2024, 1500000 kr.}.
budget::v1::YearAmount ParseYearAmount(const std::string& text);
// Every YEAR=KRONER of a repeated flag (--cost, --amount, ...), replacing
// what `out` held.
void SetYearAmounts(const std::vector<std::string>& texts,
                    google::protobuf::RepeatedPtrField<budget::v1::YearAmount>* out);

// A proposal's amount line "YEAR=KRONER[:TYPE]" (TYPE service, transfer or
// capital; KRONER may be negative, an extra cost), e.g. 2024=-200.000:transfer.
budget::v1::YearAmount ParseAmountLine(const std::string& text);

// A staff effect "WORKPLACE:STAFF GROUP:FTE:HOW", FTE with up to 2 decimals
// (a reduction positive), HOW attrition, dismissal or recruitment; WORKPLACE
// an id in `round` or a full name.
budget::v1::StaffEffect ParseStaffEffect(const std::string& round, const std::string& text);

// An attachment "URI SHA256 SIZE TITLE..." (the title is the rest).
budget::v1::Attachment ParseAttachment(const std::string& text);

// Long text: "@FILE" reads the file, "@@..." is a literal "@...", anything
// else is the text itself.
std::string ParseText(const std::string& text);

// yes/no, true/false, 1/0.
bool ParseBool(const std::string& text);

// A political decision: approve/approved -> true, reject/rejected -> false.
bool ParseApproval(const std::string& text);

}  // namespace budgetctl

#endif  // CLIENTS_BUDGETCTL_PARSE_H_
