#ifndef SERVICES_DOMAIN_TIME_UTIL_H_
#define SERVICES_DOMAIN_TIME_UTIL_H_

#include <string>

#include "absl/time/time.h"
#include "budget/v1/common.pb.h"
#include "google/protobuf/timestamp.pb.h"

namespace budget {

absl::Time FromProto(const google::protobuf::Timestamp& t);
google::protobuf::Timestamp ToProto(absl::Time t);

// Within the years 1..9999, as google.protobuf.Timestamp defines (and the
// JSON mapping can print), with nanos in 0..999,999,999.
bool IsValidTimestamp(const google::protobuf::Timestamp& t);

// A valid calendar day (1..9999, real month and day).
bool IsValidDate(const v1::Date& d);
v1::Date MakeDate(int year, int month, int day);
// 00:00 UTC of the day.
absl::Time StartOfDay(const v1::Date& d);

// "2023-04-30 23:59:59 UTC"
std::string TimeString(absl::Time t);
// "2023-04-30"
std::string DateString(const v1::Date& d);

}  // namespace budget

#endif  // SERVICES_DOMAIN_TIME_UTIL_H_
