#include "planning/one_box_times.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

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

}  // namespace
}  // namespace rx
