#include "planning/readiness_target.h"

#include <gtest/gtest.h>

namespace rx {
namespace {

using std::chrono::seconds;

TEST(ReadinessTarget, NoneUntilEnoughPrescriptionsArePlanned) {
  ReadinessTarget t;
  for (size_t i = 1; i < kTargetMinSamples; ++i) {
    t.add(seconds(20));
    EXPECT_FALSE(t.target().has_value()) << i;
  }
  t.add(seconds(20));
  ASSERT_TRUE(t.target().has_value());
  EXPECT_EQ(*t.target(), seconds(25));  // 1.25 × 20 s
}

TEST(ReadinessTarget, IsTheStretchedNinetyFifthPercentileByNearestRank) {
  ReadinessTarget t;
  // 1, 2, ..., 100 s, in an order that is not sorted.
  for (int i = 0; i < 100; ++i) t.add(seconds((i * 37) % 100 + 1));
  ASSERT_TRUE(t.target().has_value());
  EXPECT_EQ(*t.target(), std::chrono::milliseconds(118750));  // 1.25 × 95 s
}

TEST(ReadinessTarget, FollowsOnlyTheLastWindowOfPrescriptions) {
  ReadinessTarget t;
  for (size_t i = 0; i < kTargetWindow; ++i) t.add(seconds(100));
  EXPECT_EQ(*t.target(), seconds(125));
  // The 95th percentile comes down to 10 s once no more than 5% of the last
  // window are the older 100 s.
  for (size_t i = 0; i < kTargetWindow - kTargetWindow / 20 - 1; ++i) t.add(seconds(10));
  EXPECT_EQ(*t.target(), seconds(125));
  t.add(seconds(10));
  EXPECT_EQ(*t.target(), std::chrono::milliseconds(12500));
}

}  // namespace
}  // namespace rx
