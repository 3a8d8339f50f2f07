#include "inventory/walking_order.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace rx::testing {
namespace {

std::vector<std::string> walked(std::vector<std::string> codes) {
  std::vector<LocationCode> locations;
  for (auto& c : codes) locations.emplace_back(std::move(c));
  std::sort(locations.begin(), locations.end(), walks_before);
  std::vector<std::string> out;
  for (const auto& l : locations) out.push_back(l.value());
  return out;
}

TEST(WalkingOrder, DevicesInTheOrderCSFRThenTheReserve) {
  EXPECT_EQ(walked({"B-02", "R-1-0050", "F-01-02", "S-02-01", "C-02-01", "Q-BIN"}),
            (std::vector<std::string>{"C-02-01", "S-02-01", "F-01-02", "R-1-0050", "B-02", "Q-BIN"}));
}

TEST(WalkingOrder, ChannelsAlongTheMachineThenUpTheShelves) {
  // Channel 01 on every shelf, then channel 02: the technician steps along x once.
  EXPECT_EQ(walked({"C-10-02", "C-01-02", "C-02-01", "C-01-01", "C-10-01"}),
            (std::vector<std::string>{"C-01-01", "C-02-01", "C-10-01", "C-01-02", "C-10-02"}));
}

TEST(WalkingOrder, ShelvesByRackThenBinAndTheRobotAlongTheAisle) {
  EXPECT_EQ(walked({"S-02-01", "S-01-10", "S-01-02", "F-01-03", "F-01-01"}),
            (std::vector<std::string>{"S-01-02", "S-01-10", "S-02-01", "F-01-01", "F-01-03"}));
  EXPECT_EQ(walked({"R-1-0124", "R-3-0050", "R-1-0050", "R-2-0087"}),
            (std::vector<std::string>{"R-1-0050", "R-3-0050", "R-2-0087", "R-1-0124"}));
  EXPECT_EQ(walked({"B-10", "B-02", "B-1"}), (std::vector<std::string>{"B-1", "B-02", "B-10"}));
}

TEST(WalkingOrder, MalformedCodesComeLastInTheirDevice) {
  EXPECT_EQ(walked({"C-xx-01", "S-01-01", "C-09-60", "C-01"}),
            (std::vector<std::string>{"C-09-60", "C-01", "C-xx-01", "S-01-01"}));
  EXPECT_FALSE(walks_before(LocationCode("C-01-01"), LocationCode("C-01-01")));
}

TEST(WalkingOrder, TasksByLocationThenId) {
  auto task = [](long long id, std::string location) {
    StockTask t;
    t.id = id;
    t.location = LocationCode(std::move(location));
    return t;
  };
  std::vector<StockTask> tasks{task(1, "R-1-0050"), task(2, "C-01-02"), task(5, "C-01-01"), task(3, "C-01-01")};
  sort_walking_order(tasks);
  std::vector<long long> ids;
  for (const auto& t : tasks) ids.push_back(t.id);
  EXPECT_EQ(ids, (std::vector<long long>{3, 5, 2, 1}));
}

}  // namespace
}  // namespace rx::testing
