// The wire names of stock movement kinds, task kinds and task states.
#include <gtest/gtest.h>

#include "core/stock_movement.h"
#include "core/stock_task.h"

namespace rx {
namespace {

TEST(StockNames, MovementKindsRoundTripAndUnknownNamesAreRefused) {
  for (auto k : {MovementKind::kReceived, MovementKind::kPutAway, MovementKind::kMoved, MovementKind::kDispensed,
                 MovementKind::kReturned, MovementKind::kQuarantined, MovementKind::kRemoved,
                 MovementKind::kAdjusted}) {
    EXPECT_EQ(parse_movement_kind(movement_kind_name(k)), k);
  }
  EXPECT_EQ(movement_kind_name(MovementKind::kPutAway), "put_away");
  EXPECT_EQ(parse_movement_kind("stolen"), std::nullopt);
  EXPECT_EQ(parse_movement_kind(""), std::nullopt);
}

TEST(StockNames, TaskKindsAndStatesRoundTripAndUnknownNamesAreRefused) {
  for (auto k : {TaskKind::kReplenish, TaskKind::kPutAway, TaskKind::kRemove, TaskKind::kCount}) {
    EXPECT_EQ(parse_task_kind(task_kind_name(k)), k);
  }
  for (auto s : {TaskState::kOpen, TaskState::kDone, TaskState::kCancelled}) {
    EXPECT_EQ(parse_task_state(task_state_name(s)), s);
  }
  EXPECT_EQ(task_state_name(TaskState::kCancelled), "cancelled");
  EXPECT_EQ(parse_task_kind("Replenish"), std::nullopt);
  EXPECT_EQ(parse_task_state("closed"), std::nullopt);
}

}  // namespace
}  // namespace rx
