#include "core/machine/smart_shelf_params.h"

#include <gtest/gtest.h>

#include "core/virtual_scheduler.h"
#include "devices/sim/smart_shelf.h"

namespace rx {
namespace {

TEST(SmartShelfParams, DefaultsAreTheReferenceStaffing) {
  SmartShelfParams p;
  EXPECT_TRUE(check_smart_shelf_params(p).ok());
  EXPECT_EQ(p.technicians, 4);
  EXPECT_EQ(p.pick_line_s, 12.0);
  EXPECT_EQ(p.carry_s, 10.0);
  EXPECT_EQ(p.faults.unreadable, 0.003);
}

TEST(SmartShelfParams, NamesTheFieldOutOfRange) {
  SmartShelfParams p;
  p.technicians = 0;
  EXPECT_EQ(check_smart_shelf_params(p).to_string(), "invalid_argument: technicians: expected 1 to 1000, found 0");
  p = {};
  p.cold_line_s = -8;
  EXPECT_EQ(check_smart_shelf_params(p).field(), "cold_line_s");
  p = {};
  p.name = "";
  EXPECT_EQ(check_smart_shelf_params(p).field(), "name");
  p = {};
  p.faults.unreadable = 1.01;
  EXPECT_EQ(check_smart_shelf_params(p).field(), "faults.unreadable");

  VirtualScheduler sched(Instant{});
  p = {};
  p.speed = -1;
  auto shelf = SmartShelf::create(sched, p);
  ASSERT_FALSE(shelf.ok());
  EXPECT_EQ(shelf.status().field(), "speed");
}

}  // namespace
}  // namespace rx
