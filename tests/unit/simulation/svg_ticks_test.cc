#include "simulation/svg_ticks.h"

#include <gtest/gtest.h>

#include <cmath>

namespace rx::simulation {
namespace {

TEST(NiceTicks, RoundStepsCoverTheRange) {
  const Ticks t = nice_ticks(0, 20, 6);
  EXPECT_DOUBLE_EQ(t.step, 5);
  EXPECT_EQ(t.values, (std::vector<double>{0, 5, 10, 15, 20}));

  const Ticks odd = nice_ticks(3, 97, 5);
  EXPECT_DOUBLE_EQ(odd.step, 20);
  EXPECT_DOUBLE_EQ(odd.lo, 0);
  EXPECT_DOUBLE_EQ(odd.hi, 100);
}

TEST(NiceTicks, SmallStepsPrintWithoutFloatNoise) {
  const Ticks t = nice_ticks(0, 0.3, 3);
  EXPECT_DOUBLE_EQ(t.step, 0.1);
  ASSERT_EQ(t.values.size(), 4u);
  EXPECT_EQ(tick_label(t.values[3], t.step), "0.3");
  EXPECT_EQ(tick_label(2.5, 2.5), "2.5");
  EXPECT_EQ(tick_label(20, 5), "20");
  EXPECT_EQ(tick_label(-1e-12, 1), "0");
}

TEST(NiceTicks, DegenerateAndNonFiniteRangesStillGiveAnAxis) {
  const Ticks same = nice_ticks(5, 5, 5);
  EXPECT_LT(same.lo, 5);
  EXPECT_GT(same.hi, 5);
  const Ticks zero = nice_ticks(0, 0, 5);
  EXPECT_LT(zero.lo, zero.hi);
  const Ticks bad = nice_ticks(NAN, INFINITY, 5);
  EXPECT_DOUBLE_EQ(bad.lo, 0);
  EXPECT_DOUBLE_EQ(bad.hi, 1);
}

TEST(NiceTicks, CountsStepByWholeNumbers) {
  const Ticks t = nice_ticks(0, 2, 5, 1);
  EXPECT_EQ(t.values, (std::vector<double>{0, 1, 2}));
}

TEST(ClockTicks, AnHourIsMarkedEveryTenMinutes) {
  const Ticks t = clock_ticks(9 * 3600, 10 * 3600, 8);
  EXPECT_DOUBLE_EQ(t.step, 600);
  ASSERT_EQ(t.values.size(), 7u);
  EXPECT_EQ(clock_label(t.values.front()), "09:00");
  EXPECT_EQ(clock_label(t.values.back()), "10:00");
  EXPECT_EQ(clock_label(17.5 * 3600 + 59), "17:30");
}

TEST(ClockTicks, AWholeDayIsMarkedEveryTwoHours) {
  const Ticks t = clock_ticks(8 * 3600, 17.5 * 3600, 6);
  EXPECT_DOUBLE_EQ(t.step, 7200);
  EXPECT_EQ(clock_label(t.values.front()), "08:00");
  EXPECT_EQ(clock_label(t.values.back()), "18:00");
}

TEST(LogTicks, OneTwoFivePerDecade) {
  EXPECT_EQ(log_ticks(1, 1000), (std::vector<double>{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000}));
  EXPECT_EQ(log_ticks(3, 40), (std::vector<double>{5, 10, 20}));
  EXPECT_TRUE(log_ticks(0, 10).empty());
}

}  // namespace
}  // namespace rx::simulation
