#include "planning/failed_plan.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace rx {
namespace {

FailedPlan failed_at(uint64_t version) {
  FailedPlan f;
  f.inputs = PlanInputs{{version, 3}, *parse_date("2026-12-01"), 2, 1, 1, {}};
  f.usable = {{LocationCode("C-01-01"), false}, {LocationCode("R-1-0030"), true}};
  return f;
}

// C-01-01 is blocked unless `cleared`.
LocationFilter devices(bool cleared) {
  return [cleared](const LocationCode& l) { return l.value() != "C-01-01" || cleared; };
}

TEST(FailedPlan, NothingChangedSoThePlanWouldFailAgain) {
  FailedPlan f = failed_at(7);
  EXPECT_TRUE(plan_sees_the_same(f, f.inputs, devices(false)));
}

TEST(FailedPlan, AnyInputThatChangedCallsForANewPlan) {
  FailedPlan f = failed_at(7);
  auto with = [&](auto change) {
    PlanInputs now = f.inputs;
    change(now);
    return plan_sees_the_same(f, now, devices(false));
  };
  EXPECT_FALSE(with([](PlanInputs& in) { in.drug_versions[1] = 8; }));
  EXPECT_FALSE(with([](PlanInputs& in) { in.today = *parse_date("2026-12-02"); }));
  EXPECT_FALSE(with([](PlanInputs& in) { in.items = 3; }));
  EXPECT_FALSE(with([](PlanInputs& in) { in.packs = 2; }));
  EXPECT_FALSE(with([](PlanInputs& in) { in.verified = 0; }));
  EXPECT_FALSE(with([](PlanInputs& in) { in.device_jobs[DeviceKind::kShelf] = 1; }));
}

TEST(FailedPlan, ALocationThatChangedWithoutNoticeCallsForANewPlan) {
  FailedPlan f = failed_at(7);
  // The jam was cleared: the device says so only when asked.
  EXPECT_FALSE(plan_sees_the_same(f, f.inputs, devices(true)));
  // A location it did not ask about does not matter.
  std::set<std::string> asked;
  EXPECT_TRUE(plan_sees_the_same(f, f.inputs, [&](const LocationCode& l) {
    asked.insert(l.value());
    return l.value() != "C-01-01";
  }));
  EXPECT_EQ(asked, (std::set<std::string>{"C-01-01", "R-1-0030"}));
}

}  // namespace
}  // namespace rx
