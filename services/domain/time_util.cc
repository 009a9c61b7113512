#include "services/domain/time_util.h"

#include "absl/strings/str_format.h"
#include "google/protobuf/util/time_util.h"

namespace budget {

absl::Time FromProto(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

google::protobuf::Timestamp ToProto(absl::Time t) {
  google::protobuf::Timestamp out;
  const int64_t s = absl::ToUnixSeconds(t);
  out.set_seconds(s);
  out.set_nanos(static_cast<int32_t>((t - absl::FromUnixSeconds(s)) / absl::Nanoseconds(1)));
  return out;
}

bool IsValidTimestamp(const google::protobuf::Timestamp& t) {
  using google::protobuf::util::TimeUtil;
  return t.seconds() >= TimeUtil::kTimestampMinSeconds &&
         t.seconds() <= TimeUtil::kTimestampMaxSeconds && t.nanos() >= 0 &&
         t.nanos() <= 999'999'999;
}

bool IsValidDate(const v1::Date& d) {
  if (d.year() < 1 || d.year() > 9999 || d.month() < 1 || d.month() > 12 || d.day() < 1) {
    return false;
  }
  absl::CivilDay day(d.year(), d.month(), d.day());
  // CivilDay normalises 31 April to 1 May; a valid date survives unchanged.
  return day.year() == d.year() && day.month() == d.month() && day.day() == d.day();
}

v1::Date MakeDate(int year, int month, int day) {
  v1::Date d;
  d.set_year(year);
  d.set_month(month);
  d.set_day(day);
  return d;
}

absl::Time StartOfDay(const v1::Date& d) {
  return absl::FromCivil(absl::CivilDay(d.year(), d.month(), d.day()), absl::UTCTimeZone());
}

std::string TimeString(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", t, absl::UTCTimeZone());
}

std::string DateString(const v1::Date& d) {
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

}  // namespace budget
