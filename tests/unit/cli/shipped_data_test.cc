#include "cli/shipped_data.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "support/temp_dir.h"

namespace rx::cli {
namespace {

TEST(ReadFile, ReadsAWholeFileByteForByte) {
  rx::testing::TempDir dir;
  std::string bytes("MSH|^~\\&|\r\0\xff", 13);
  std::ofstream(dir.file("a.hl7"), std::ios::binary) << bytes;
  auto text = read_file(dir.file("a.hl7"));
  ASSERT_TRUE(text.ok()) << text.status().to_string();
  EXPECT_EQ(*text, bytes);
}

TEST(ReadFile, ADirectoryIsRefusedAsOne) {
  rx::testing::TempDir dir;
  auto text = read_file(dir.path());
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().message(), "cannot read " + dir.path().string() + ": it is a directory, not a file");
}

TEST(ReadFile, AMissingFileSaysWhy) {
  rx::testing::TempDir dir;
  auto text = read_file(dir.file("none.json"));
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().message(), "cannot read " + dir.file("none.json") + ": No such file or directory");
}

TEST(ReadFile, AFileOverTheLimitIsRefusedUnread) {
  rx::testing::TempDir dir;
  std::ofstream(dir.file("big.json")) << std::string(101, 'x');
  EXPECT_TRUE(read_file(dir.file("big.json"), 101).ok());
  auto text = read_file(dir.file("big.json"), 100);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().message(), dir.file("big.json") + " is larger than 100 bytes");
}

}  // namespace
}  // namespace rx::cli
