#include "core/result.h"

#include <gtest/gtest.h>

namespace rx {
namespace {

Result<int> parse_positive(int v) {
  if (v <= 0) return Status::invalid("must be positive", "value");
  return v;
}

Result<int> doubled(int v) {
  int x = TRY(parse_positive(v));
  return x * 2;
}

Status check(int v) {
  TRY(parse_positive(v));
  return Status();
}

TEST(Result, TryPropagatesErrorAndValue) {
  EXPECT_EQ(*doubled(4), 8);
  auto bad = doubled(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.status().field(), "value");
  EXPECT_TRUE(check(1).ok());
  EXPECT_EQ(check(0).to_string(), "invalid_argument: value: must be positive");
}

}  // namespace
}  // namespace rx
