// Instants (UTC, millisecond precision), calendar dates, and the pharmacy's
// time zone. Pure: nothing here reads a clock.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/result.h"

namespace rx {

using Duration = std::chrono::milliseconds;
using Instant = std::chrono::sys_time<Duration>;
using Date = std::chrono::year_month_day;

// A fixed-offset zone. China has one offset and no daylight saving, so a named
// zone maps to its offset; other offsets can be given as "+HH:MM".
class Zone {
 public:
  // "Asia/Shanghai", "UTC", "+08:00", "-05:30".
  static Result<Zone> parse(std::string_view name);
  static Zone shanghai();
  static Zone utc();

  const std::string& name() const { return name_; }
  std::chrono::minutes offset() const { return offset_; }
  // The local calendar day of an instant in this zone.
  Date local_date(Instant t) const;
  // The first instant of the local day after `d`: a thing valid "until the
  // end of d" is valid while now < end_of_day(d).
  Instant end_of_day(Date d) const;

 private:
  std::string name_ = "Asia/Shanghai";
  std::chrono::minutes offset_{8 * 60};
};

// ISO 8601 date-time with an offset or Z ("2026-03-29T09:12:00+08:00"); a
// value without an offset is read in `zone`.
Result<Instant> parse_instant(std::string_view text, const Zone& zone);
// "2026-03-29T01:12:00.000Z"
std::string format_instant(Instant t);
// "2026-03-29T09:12:00+08:00", with ".fff" when the milliseconds are not zero.
std::string format_local(Instant t, const Zone& zone);
// "YYYY-MM-DD", also "YYYYMMDD" (HL7).
Result<Date> parse_date(std::string_view text);
std::string format_date(Date d);
Date add_days(Date d, int days);
int days_between(Date from, Date to);  // to - from

}  // namespace rx
