#include "core/time.h"

#include <cstdio>

#include <fmt/format.h>

namespace rx {
namespace {

// Writes `value` as `width` decimal digits, zero-padded; value < 10^width.
void put_digits(char* out, unsigned value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

Result<std::chrono::minutes> parse_offset(std::string_view s) {
  if (s == "Z" || s == "z") return std::chrono::minutes{0};
  int h = 0, m = 0;
  if (s.size() == 6 && (s[0] == '+' || s[0] == '-') && digits(s, 1, 2, h) && s[3] == ':' &&
      digits(s, 4, 2, m) && h <= 14 && m < 60) {
    int total = h * 60 + m;
    return std::chrono::minutes{s[0] == '-' ? -total : total};
  }
  if (s.size() == 5 && (s[0] == '+' || s[0] == '-') && digits(s, 1, 2, h) && digits(s, 3, 2, m) &&
      h <= 14 && m < 60) {
    int total = h * 60 + m;
    return std::chrono::minutes{s[0] == '-' ? -total : total};
  }
  return Status::invalid(fmt::format("'{}' is not a UTC offset like +08:00", s));
}

}  // namespace

Result<Zone> Zone::parse(std::string_view name) {
  Zone z;
  if (name == "Asia/Shanghai" || name == "Asia/Chongqing" || name == "Asia/Harbin" ||
      name == "Asia/Urumqi" || name == "PRC") {
    z.name_ = std::string(name);
    z.offset_ = std::chrono::minutes{480};
    return z;
  }
  if (name == "UTC" || name == "Etc/UTC") return utc();
  auto off = parse_offset(name);
  if (!off.ok()) {
    return Status::invalid(fmt::format("unknown time zone '{}': use Asia/Shanghai, UTC or an offset like +08:00", name),
                           "timezone");
  }
  z.name_ = std::string(name);
  z.offset_ = *off;
  return z;
}

Zone Zone::shanghai() { return Zone(); }
Zone Zone::utc() {
  Zone z;
  z.name_ = "UTC";
  z.offset_ = std::chrono::minutes{0};
  return z;
}

Date Zone::local_date(Instant t) const {
  return Date{std::chrono::floor<std::chrono::days>(t + offset_)};
}

Instant Zone::end_of_day(Date d) const {
  auto next = std::chrono::sys_days{d} + std::chrono::days{1};
  return std::chrono::time_point_cast<Duration>(next) - offset_;
}

Result<Date> parse_date(std::string_view s) {
  int y = 0, mo = 0, d = 0;
  bool ok = false;
  if (s.size() == 10 && s[4] == '-' && s[7] == '-') {
    ok = digits(s, 0, 4, y) && digits(s, 5, 2, mo) && digits(s, 8, 2, d);
  } else if (s.size() == 8) {
    ok = digits(s, 0, 4, y) && digits(s, 4, 2, mo) && digits(s, 6, 2, d);
  }
  Date date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(mo)},
            std::chrono::day{static_cast<unsigned>(d)}};
  if (!ok || !date.ok()) return Status::invalid(fmt::format("'{}' is not a date (YYYY-MM-DD)", s));
  return date;
}

std::string format_date(Date d) {
  const int year = static_cast<int>(d.year());
  const unsigned month = static_cast<unsigned>(d.month());
  const unsigned day = static_cast<unsigned>(d.day());
  if (year < 0 || year > 9999 || month > 99 || day > 99) {
    return fmt::format("{:04d}-{:02d}-{:02d}", year, month, day);
  }
  std::string out(10, '-');
  put_digits(&out[0], static_cast<unsigned>(year), 4);
  put_digits(&out[5], month, 2);
  put_digits(&out[8], day, 2);
  return out;
}

Date add_days(Date d, int days) { return Date{std::chrono::sys_days{d} + std::chrono::days{days}}; }

int days_between(Date from, Date to) {
  return static_cast<int>((std::chrono::sys_days{to} - std::chrono::sys_days{from}).count());
}

Result<Instant> parse_instant(std::string_view s, const Zone& zone) {
  // YYYY-MM-DDTHH:MM[:SS[.fff]][offset]
  auto bad = [&] {
    return Status::invalid(fmt::format("'{}' is not an ISO 8601 date-time like 2026-03-29T09:12:00+08:00", s));
  };
  if (s.size() < 16 || (s[10] != 'T' && s[10] != ' ')) return bad();
  auto date = parse_date(s.substr(0, 10));
  if (!date.ok()) return bad();
  int h = 0, mi = 0, sec = 0, ms = 0;
  if (!digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi)) return bad();
  size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    if (!digits(s, pos + 1, 2, sec)) return bad();
    pos += 3;
    if (pos < s.size() && s[pos] == '.') {
      size_t start = ++pos;
      int frac = 0, n = 0;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        if (n < 3) frac = frac * 10 + (s[pos] - '0'), ++n;
        ++pos;
      }
      if (pos == start) return bad();
      while (n < 3) frac *= 10, ++n;
      ms = frac;
    }
  }
  if (h > 23 || mi > 59 || sec > 60) return bad();
  std::chrono::minutes offset = zone.offset();
  if (pos < s.size()) {
    auto off = parse_offset(s.substr(pos));
    if (!off.ok()) return bad();
    offset = *off;
  }
  auto local = std::chrono::sys_days{*date} + std::chrono::hours{h} + std::chrono::minutes{mi} +
               std::chrono::seconds{sec} + std::chrono::milliseconds{ms};
  return std::chrono::time_point_cast<Duration>(local - offset);
}

std::string format_instant(Instant t) {
  auto day = std::chrono::floor<std::chrono::days>(t);
  Date d{day};
  std::chrono::hh_mm_ss hms{t - day};
  return fmt::format("{}T{:02d}:{:02d}:{:02d}.{:03d}Z", format_date(d), hms.hours().count(), hms.minutes().count(),
                     hms.seconds().count(), static_cast<int>(hms.subseconds().count()));
}

std::string format_local(Instant t, const Zone& zone) {
  auto local = t + zone.offset();
  auto day = std::chrono::floor<std::chrono::days>(local);
  std::chrono::hh_mm_ss hms{local - day};
  const int off = static_cast<int>(zone.offset().count());
  const unsigned off_abs = static_cast<unsigned>(std::abs(off));
  const unsigned ms = static_cast<unsigned>(hms.subseconds().count());
  // "YYYY-MM-DDThh:mm:ss[.fff]+hh:mm": the fields are written in place, as
  // the digits of a format string would write them.
  std::string out = format_date(Date{day});
  const size_t at = out.size();
  out.resize(at + (ms != 0 ? 19 : 15));
  char* p = &out[at];
  *p++ = 'T';
  put_digits(p, static_cast<unsigned>(hms.hours().count()), 2);
  p[2] = ':';
  put_digits(p + 3, static_cast<unsigned>(hms.minutes().count()), 2);
  p[5] = ':';
  put_digits(p + 6, static_cast<unsigned>(hms.seconds().count()), 2);
  p += 8;
  // Milliseconds only when there are any, so that values round-trip exactly.
  if (ms != 0) {
    *p++ = '.';
    put_digits(p, ms, 3);
    p += 3;
  }
  *p++ = off < 0 ? '-' : '+';
  put_digits(p, off_abs / 60, 2);
  p[2] = ':';
  put_digits(p + 3, off_abs % 60, 2);
  return out;
}

}  // namespace rx
