#include "planning/resource_load.h"

#include <gtest/gtest.h>

namespace rx {
namespace {

IdleLine line(std::string location, int packs) { return IdleLine{0, LocationCode(std::move(location)), packs, false}; }

TEST(RunLoad, TheBusiestResourceSetsTheBound) {
  RunLoad load(IdleMachines{}, 8);
  // 100 one-box jobs from C-03-24 (9.3 s each): the channel ejects 80 s, the
  // shelf 80 s over 4 ejectors, the buckets hold 100 x 5.3 s = 530 s over 2.
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(load.add_job({line("C-03-24", 1)}).ok());
  // 10 robot jobs at R-1-0150 (6.0 s, 4.0 s of gripper), 5 shelf jobs (22 s).
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(load.add_job({line("R-1-0150", 1)}).ok());
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(load.add_job({line("S-01-01", 1)}).ok());
  load.add_window_service(8 * 50.0);

  auto loads = load.loads(1000.0);
  ASSERT_EQ(loads.size(), 6u);
  EXPECT_EQ(loads[0].resource, "C buckets");
  EXPECT_NEAR(loads[0].work_s, 530.0, 1e-9);
  EXPECT_EQ(loads[0].capacity, 2);
  EXPECT_NEAR(loads[0].load_pct, 26.5, 1e-9);
  EXPECT_EQ(loads[1].resource, "C-03-24");
  EXPECT_NEAR(loads[1].load_pct, 8.0, 1e-9);
  EXPECT_EQ(loads[2].resource, "windows");
  EXPECT_NEAR(loads[2].load_pct, 5.0, 1e-9);
  EXPECT_EQ(loads[3].resource, "R gripper");
  EXPECT_NEAR(loads[3].load_pct, 4.0, 1e-9);
  EXPECT_EQ(loads[4].resource, "S technicians");
  EXPECT_NEAR(loads[4].load_pct, 2.75, 1e-9);
  EXPECT_EQ(loads[5].resource, "C-03");
  EXPECT_NEAR(loads[5].load_pct, 2.0, 1e-9);
}

TEST(RunLoad, RefusesABadJobAndAnEmptySpan) {
  RunLoad load(IdleMachines{}, 8);
  auto bad = load.add_job({line("C-01-01", 1), line("S-01-01", 1)});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.field(), "lines[1].location");
  ASSERT_TRUE(load.add_job({line("C-01-01", 1)}).ok());
  EXPECT_TRUE(load.loads(0).empty());
  EXPECT_EQ(load.loads(10).size(), 3u);
}

}  // namespace
}  // namespace rx
