#include "core/machine/channel_machine_params.h"

#include <gtest/gtest.h>

#include "core/virtual_scheduler.h"
#include "devices/sim/channel_machine.h"

namespace rx {
namespace {

TEST(ChannelMachineParams, DefaultsAreTheReferenceMachine) {
  ChannelMachineParams p;
  EXPECT_TRUE(check_channel_machine_params(p).ok());
  EXPECT_EQ(p.shelves, 10);
  EXPECT_EQ(p.channels_per_shelf, 60);
  EXPECT_EQ(p.max_ejecting_per_shelf, 4);
  EXPECT_EQ(p.buckets, 2);
  EXPECT_EQ(p.bucket_capacity, 12);
  EXPECT_EQ(p.channel_depth_mm, 1000);
  EXPECT_EQ(p.min_channel_boxes, 6);
  EXPECT_EQ(p.max_channel_boxes, 20);
  EXPECT_EQ(p.refill_box_s, 2.5);
  EXPECT_EQ(p.refill_technicians, 2);
  EXPECT_EQ(p.faults.jam, 0.002);
  EXPECT_EQ(p.speed, 1.0);
}

TEST(ChannelMachineParams, NamesTheFieldOutOfRange) {
  ChannelMachineParams p;
  p.speed = 0;
  Status s = check_channel_machine_params(p);
  EXPECT_EQ(s.field(), "speed");
  EXPECT_EQ(s.message(), "expected a number above 0, found 0");

  p = {};
  p.shelves = 100;
  EXPECT_EQ(check_channel_machine_params(p).to_string(), "invalid_argument: shelves: expected 1 to 99, found 100");
  p = {};
  p.max_ejecting_per_shelf = 0;
  EXPECT_EQ(check_channel_machine_params(p).field(), "max_ejecting_per_shelf");
  p = {};
  p.drop_s = -1;
  EXPECT_EQ(check_channel_machine_params(p).field(), "drop_s");
  p = {};
  p.name = "C-1";
  EXPECT_EQ(check_channel_machine_params(p).to_string(),
            "invalid_argument: name: expected 1 to 8 letters or digits, found \"C-1\"");
  p = {};
  p.max_channel_boxes = 5;
  EXPECT_EQ(check_channel_machine_params(p).to_string(),
            "invalid_argument: max_channel_boxes: expected 6 to 1000, found 5");
  p = {};
  p.refill_technicians = 0;
  EXPECT_EQ(check_channel_machine_params(p).field(), "refill_technicians");
  p = {};
  p.faults.double_drop = 2;
  EXPECT_EQ(check_channel_machine_params(p).field(), "faults.double_drop");
  p = {};
  p.name = "CHANNEL12";
  EXPECT_EQ(check_channel_machine_params(p).field(), "name");
}

TEST(ChannelMachineParams, CreateRefusesBadParams) {
  VirtualScheduler sched(Instant{});
  ChannelMachineParams p;
  p.belt_m_per_s = -0.6;
  auto machine = ChannelMachine::create(sched, p);
  ASSERT_FALSE(machine.ok());
  EXPECT_EQ(machine.status().field(), "belt_m_per_s");
  EXPECT_TRUE(ChannelMachine::create(sched, {}).ok());
}

}  // namespace
}  // namespace rx
