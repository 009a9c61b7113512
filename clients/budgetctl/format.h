#ifndef CLIENTS_BUDGETCTL_FORMAT_H_
#define CLIENTS_BUDGETCTL_FORMAT_H_

// Values as people read them, Danish style: "110.000.000 kr.",
// "110,0 mio. kr.", "42,5 %".

#include <cstdint>
#include <string>

#include "budget/v1/common.pb.h"
#include "google/protobuf/repeated_field.h"
#include "google/protobuf/timestamp.pb.h"

namespace budgetctl {

// A whole number grouped Danish style: "1.234.567".
std::string Count(int64_t n);

// "110.000.000 kr."; "-5.000 kr."
std::string Kroner(int64_t kr);

// "110,0 mio. kr." (one decimal).
std::string Mio(int64_t kr);

// Basis points as a percentage with up to two decimals: "40 %", "42,15 %".
std::string Percent(int64_t bp);

// Hundredths of a full-time equivalent: "1,50".
std::string Fte(int64_t hundredths);

// "2023-05-01"; "" when unset (year 0).
std::string Day(const budget::v1::Date& date);

// "2023-05-01 14:30 UTC"; "" when unset.
std::string Instant(const google::protobuf::Timestamp& t);

// "2023-05-01 14:30:05 UTC", for the log; "" when unset.
std::string InstantSeconds(const google::protobuf::Timestamp& t);

// `text` on one line (newlines and tabs become spaces), cut to `max`
// characters (UTF-8 aware) with "…" when longer.
std::string OneLine(const std::string& text, size_t max);

// The ids of resource names, comma-separated: "P-0001, P-0002".
std::string Ids(const google::protobuf::RepeatedPtrField<std::string>& names);

// Characters (UTF-8 code points), for column widths.
size_t DisplayWidth(const std::string& text);

}  // namespace budgetctl

#endif  // CLIENTS_BUDGETCTL_FORMAT_H_
