#ifndef TESTS_TESTING_CIVIL_TIME_H_
#define TESTS_TESTING_CIVIL_TIME_H_

#include <cstdlib>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace testing_util {

// The UTC instant of a civil time, for readable test timelines.
inline absl::Time At(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) {
  return absl::FromCivil(absl::CivilSecond(year, month, day, hour, minute, second),
                         absl::UTCTimeZone());
}

// The instant of a civil time in Danish local time (Europe/Copenhagen), the
// time template milestones are planned in. Aborts without the zone data.
inline absl::Time AtDk(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) {
  static const absl::TimeZone zone = [] {
    absl::TimeZone tz;
    if (!absl::LoadTimeZone("Europe/Copenhagen", &tz)) std::abort();
    return tz;
  }();
  return absl::FromCivil(absl::CivilSecond(year, month, day, hour, minute, second), zone);
}

}  // namespace testing_util

#endif  // TESTS_TESTING_CIVIL_TIME_H_
