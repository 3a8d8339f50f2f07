#include "core/time.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "core/frequency.h"
#include "core/patient.h"
#include "core/virtual_scheduler.h"

namespace rx {
namespace {

TEST(Time, ParsesOffsetsAndFormatsUtc) {
  auto t = parse_instant("2026-03-29T09:12:00+08:00", Zone::shanghai());
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(format_instant(*t), "2026-03-29T01:12:00.000Z");
  EXPECT_EQ(format_local(*t, Zone::shanghai()), "2026-03-29T09:12:00+08:00");
  auto naive = parse_instant("2026-03-29T09:12:00", Zone::shanghai());
  ASSERT_TRUE(naive.ok());
  EXPECT_EQ(*naive, *t);
  EXPECT_FALSE(parse_instant("2026-13-29T09:12:00Z", Zone::utc()).ok());
  EXPECT_FALSE(parse_instant("yesterday", Zone::utc()).ok());
}

TEST(Time, LocalDayFollowsTheZone) {
  // 2026-03-28T17:00Z is already 29 March in Shanghai.
  auto t = *parse_instant("2026-03-28T17:00:00Z", Zone::utc());
  EXPECT_EQ(format_date(Zone::shanghai().local_date(t)), "2026-03-29");
  EXPECT_EQ(format_date(Zone::utc().local_date(t)), "2026-03-28");
  auto end = Zone::shanghai().end_of_day(*parse_date("2026-03-29"));
  EXPECT_EQ(format_instant(end), "2026-03-29T16:00:00.000Z");
}

TEST(Time, DatesInBothForms) {
  EXPECT_EQ(format_date(*parse_date("20260329")), "2026-03-29");
  EXPECT_FALSE(parse_date("2026-02-30").ok());
  EXPECT_EQ(days_between(*parse_date("2026-12-01"), *parse_date("2027-01-30")), 60);
  EXPECT_EQ(format_date(add_days(*parse_date("2026-12-31"), 1)), "2027-01-01");
}

// The digits are written in place; they must be what the format strings
// "{:04d}-{:02d}-{:02d}" and "{}T{:02d}:{:02d}:{:02d}{}{}{:02d}:{:02d}" gave.
TEST(Time, FormatsLikeTheFormatStrings) {
  for (int year : {1, 99, 999, 1970, 2026, 9999, 10000, 12345}) {
    for (unsigned month : {1u, 9u, 12u}) {
      for (unsigned day : {1u, 9u, 28u}) {
        Date d{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
        EXPECT_EQ(format_date(d), fmt::format("{:04d}-{:02d}-{:02d}", year, month, day));
      }
    }
  }
  const Zone zones[] = {Zone::shanghai(), Zone::utc(), *Zone::parse("-03:30"), *Zone::parse("+14:00"),
                        *Zone::parse("-00:45")};
  const Instant base = *parse_instant("2026-12-31T23:59:59.999Z", Zone::utc());
  for (const Zone& zone : zones) {
    for (long long step : {0LL, 1LL, 7LL, 999LL, 1000LL, 59'999LL, 3'600'000LL, 86'399'001LL, 1'234'567'890LL}) {
      for (Instant t : {base + Duration{step}, base - Duration{step}}) {
        auto local = t + zone.offset();
        auto day = std::chrono::floor<std::chrono::days>(local);
        std::chrono::hh_mm_ss hms{local - day};
        int off = static_cast<int>(zone.offset().count());
        int ms = static_cast<int>(hms.subseconds().count());
        std::string frac = ms != 0 ? fmt::format(".{:03d}", ms) : "";
        std::string expected = fmt::format("{}T{:02d}:{:02d}:{:02d}{}{}{:02d}:{:02d}", format_date(Date{day}),
                                           hms.hours().count(), hms.minutes().count(), hms.seconds().count(), frac,
                                           off < 0 ? '-' : '+', std::abs(off) / 60, std::abs(off) % 60);
        EXPECT_EQ(format_local(t, zone), expected) << zone.name() << " " << step;
        EXPECT_EQ(*parse_instant(format_local(t, zone), zone), t);
      }
    }
  }
}

TEST(Frequency, DosesPerDay) {
  EXPECT_EQ(*parse_frequency("TID"), Frequency::kTid);
  EXPECT_EQ(doses_per_day(Frequency::kQ8h)->numerator, 3);
  EXPECT_EQ(doses_per_day(Frequency::kQw)->denominator, 7);
  EXPECT_FALSE(doses_per_day(Frequency::kPrn).has_value());
  EXPECT_FALSE(parse_frequency("hourly").ok());
}

TEST(Patient, AgeAndMaskedName) {
  Patient p;
  p.birth_date = *parse_date("2010-06-15");
  EXPECT_EQ(*p.age_on(*parse_date("2026-06-14")), 15);
  EXPECT_EQ(*p.age_on(*parse_date("2026-06-15")), 16);
  EXPECT_EQ(mask_name("张三丰"), "张**");
  EXPECT_EQ(mask_name("Li"), "L*");
}

TEST(VirtualScheduler, RunsInTimeOrderThenFifo) {
  Instant start{};
  VirtualScheduler s(start);
  std::string order;
  s.schedule_after(Duration{200}, [&] { order += "c"; });
  s.schedule_after(Duration{100}, [&] { order += "a"; });
  s.schedule_after(Duration{100}, [&] { order += "b"; });
  s.run_until(start + Duration{150});
  EXPECT_EQ(order, "ab");
  EXPECT_EQ(s.now(), start + Duration{150});
  s.run();
  EXPECT_EQ(order, "abc");
  EXPECT_EQ(s.now(), start + Duration{200});
}

}  // namespace
}  // namespace rx
