#include "core/utf8_length.h"

#include <gtest/gtest.h>

namespace rx {
namespace {

TEST(Utf8Length, CountsCharactersNotBytes) {
  EXPECT_EQ(utf8_length(""), 0u);
  EXPECT_EQ(utf8_length("lot recalled"), 12u);
  EXPECT_EQ(utf8_length("召回批号"), 4u);         // 3 bytes each
  EXPECT_EQ(utf8_length("µg 阿司匹林 💊"), 9u);  // 2, 3 and 4 bytes
}

}  // namespace
}  // namespace rx
