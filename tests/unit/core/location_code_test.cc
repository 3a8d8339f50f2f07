#include "core/location_code.h"

#include <gtest/gtest.h>

namespace rx {
namespace {

TEST(LocationCode, ReserveStoreLocations) {
  EXPECT_TRUE(is_reserve_location(LocationCode("B-01")));
  EXPECT_TRUE(is_reserve_location(LocationCode("B-99")));
  EXPECT_FALSE(is_reserve_location(LocationCode("B-00")));
  EXPECT_FALSE(is_reserve_location(LocationCode("B-1")));
  EXPECT_FALSE(is_reserve_location(LocationCode("B-1x")));
  EXPECT_FALSE(is_reserve_location(LocationCode("C-01-01")));
}

TEST(LocationCode, StockLocationCodes) {
  for (const char* ok : {"C-01-01", "C-10-60", "R-8-0999", "S-10-04", "F-09-01", "B-01"}) {
    EXPECT_EQ(location_code_problem(ok), std::nullopt) << ok;
  }
  for (const char* bad : {"", "C-00-01", "C-01-61", "C-1-01", "R-9-0001", "R-1-12", "S-00-01", "B-100", "Q-BIN",
                          "c-01-01"}) {
    auto problem = location_code_problem(bad);
    ASSERT_TRUE(problem.has_value()) << bad;
    EXPECT_NE(problem->find("expected"), std::string::npos) << *problem;
  }
  EXPECT_EQ(location_code_problem("B-100"), "expected B-nn with reserve-store number nn 01-99");
  EXPECT_EQ(location_code_problem("X-1"), "expected C-SS-CC, R-L-xxxx, S-RR-BB, F-RR-BB or B-nn");
}

TEST(LocationCode, MachineLocationsLeaveTheReserveOut) {
  for (const char* ok : {"C-01-01", "C-10-60", "R-1-0000", "S-01-99", "F-99-01"}) {
    EXPECT_EQ(machine_location_problem(ok), std::nullopt) << ok;
  }
  EXPECT_EQ(machine_location_problem("B-01"), "expected C-SS-CC, R-L-xxxx, S-RR-BB or F-RR-BB");
  EXPECT_EQ(machine_location_problem("C-11-01"), "expected C-SS-CC with shelf SS 01-10 and channel CC 01-60");
  EXPECT_EQ(machine_location_problem("F-00-01"), "expected F-RR-BB with rack RR and bin BB 01-99");
  EXPECT_EQ(machine_location_problem("R-0-0001"), "expected R-L-xxxx with level L 1-8 and a 4-digit position");
}

}  // namespace
}  // namespace rx
