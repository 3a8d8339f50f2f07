#include "planning/one_box_times.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "planning/location_choice.h"

namespace rx {
namespace {

std::optional<double> line_seconds(const std::string& location, const IdleMachines& machines) {
  auto t = line_idle_time(IdleLine{0, LocationCode(location), 1, false}, machines);
  if (!t.ok()) return std::nullopt;
  return std::chrono::duration<double>(*t).count();
}

std::string channel(int shelf, int channel) {
  char text[16];
  std::snprintf(text, sizeof text, "C-%02d-%02d", shelf, channel);
  return text;
}

TEST(OneBoxTimes, AnswersAsLineIdleTimeForEveryChannelAskedOnceOrAgain) {
  OneBoxTimes times{IdleMachines{}};
  for (int round = 0; round < 2; ++round) {
    for (int shelf = 1; shelf <= 10; ++shelf) {
      for (int c = 1; c <= 60; ++c) {
        const std::string location = channel(shelf, c);
        EXPECT_EQ(times.seconds(LocationCode(location)), line_seconds(location, IdleMachines{})) << location;
      }
    }
  }
}

TEST(OneBoxTimes, AnswersNothingWhereLineIdleTimeRefuses) {
  OneBoxTimes times{IdleMachines{}};
  for (const char* location : {"C-11-01", "C-01-61", "X-01", "", "C-1"}) {
    EXPECT_FALSE(line_seconds(location, IdleMachines{}).has_value()) << location;
    EXPECT_FALSE(times.seconds(LocationCode(location)).has_value()) << location;
    EXPECT_FALSE(times.seconds(LocationCode(location)).has_value()) << location;
  }
  EXPECT_EQ(times.seconds(LocationCode("R-1-0150")), 6.0);
}

TEST(OneBoxTimes, KeepsTheAnswersOfItsOwnMachines) {
  IdleMachines faster;
  faster.channel.speed = 2.0;
  faster.channel.shelves = 12;
  OneBoxTimes slow{IdleMachines{}};
  OneBoxTimes fast{faster};
  for (const std::string& location : {channel(1, 60), channel(3, 5), channel(12, 30)}) {
    EXPECT_EQ(slow.seconds(LocationCode(location)), line_seconds(location, IdleMachines{})) << location;
    EXPECT_EQ(fast.seconds(LocationCode(location)), line_seconds(location, faster)) << location;
  }
  EXPECT_NE(slow.seconds(LocationCode(channel(1, 60))), fast.seconds(LocationCode(channel(1, 60))));
  EXPECT_FALSE(slow.seconds(LocationCode(channel(12, 30))).has_value());
  EXPECT_EQ(fast.machines().channel.speed, 2.0);
}

// A small generator whose draws are the same on every standard library.
struct Draw {
  std::mt19937 engine;
  int below(int n) { return static_cast<int>(engine() % static_cast<uint32_t>(n)); }
};

TEST(ChooseLocations, ChoosesTheSameWithOneBoxTimesKeptFromPlanToPlan) {
  Draw draw{std::mt19937(1130)};
  const IdleMachines machines;
  OneBoxTimes kept{machines};
  static const char* const kOther[] = {"R-1-0150", "R-3-0420", "S-01-01", "F-02-03", "C-99-99", "Q-1"};
  int spread = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::vector<LotPlace> places;
    const int n = 1 + draw.below(12);
    for (int k = 0; k < n; ++k) {
      std::string location =
          draw.below(5) == 0 ? kOther[draw.below(6)] : channel(1 + draw.below(4), 1 + draw.below(60));
      places.push_back(LotPlace{LocationCode(std::move(location)), draw.below(6)});
    }
    DeviceLoad load;
    for (int k = draw.below(6); k > 0; --k) load.channel_boxes[channel(1 + draw.below(4), 1 + draw.below(60))] += 1 + draw.below(3);
    load.channel_jobs = draw.below(4);
    load.bucket_s = draw.below(40);
    load.robot_s = draw.below(30);
    load.shelf_s = draw.below(90);
    const int packs = draw.below(15);
    std::vector<int> want = choose_locations(places, packs, load, machines);
    ASSERT_EQ(choose_locations(places, packs, load, kept), want) << "trial " << trial;
    if (std::count_if(want.begin(), want.end(), [](int c) { return c > 0; }) > 1) ++spread;
  }
  EXPECT_GT(spread, 500);  // the draws share packs over several places, not only one
}

}  // namespace
}  // namespace rx
