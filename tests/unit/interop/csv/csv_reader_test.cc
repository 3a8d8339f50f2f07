#include "interop/csv/csv_reader.h"

#include <gtest/gtest.h>

namespace rx {
namespace {

using Fields = std::vector<std::string>;

TEST(CsvReader, SplitsRowsAndFields) {
  auto rows = read_csv("a,b,c\n1,2,3\n", "t.csv");
  ASSERT_TRUE(rows.ok()) << rows.status().to_string();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].fields, (Fields{"a", "b", "c"}));
  EXPECT_EQ((*rows)[1].fields, (Fields{"1", "2", "3"}));
  EXPECT_EQ((*rows)[0].line, 1);
  EXPECT_EQ((*rows)[1].line, 2);
}

TEST(CsvReader, AcceptsCrlfAndAMissingFinalLineBreak) {
  auto rows = read_csv("a,b\r\n1,2\r\n3,4", "t.csv");
  ASSERT_TRUE(rows.ok()) << rows.status().to_string();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[1].fields, (Fields{"1", "2"}));
  EXPECT_EQ((*rows)[2].fields, (Fields{"3", "4"}));
  EXPECT_EQ((*rows)[2].line, 3);
}

TEST(CsvReader, KeepsEmptyFields) {
  auto rows = read_csv(",a,,\n", "t.csv");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].fields, (Fields{"", "a", "", ""}));
}

TEST(CsvReader, ReadsQuotedFields) {
  auto rows = read_csv("x,\"a, b\",\"say \"\"hi\"\"\",\"\"\n", "t.csv");
  ASSERT_TRUE(rows.ok()) << rows.status().to_string();
  EXPECT_EQ((*rows)[0].fields, (Fields{"x", "a, b", "say \"hi\"", ""}));
}

TEST(CsvReader, CountsLinesInsideQuotedLineBreaks) {
  auto rows = read_csv("h1,h2\n1,\"two\nlines\"\n3,4\n", "t.csv");
  ASSERT_TRUE(rows.ok()) << rows.status().to_string();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[1].fields[1], "two\nlines");
  EXPECT_EQ((*rows)[1].line, 2);
  EXPECT_EQ((*rows)[2].line, 4);
}

TEST(CsvReader, SkipsAByteOrderMarkAndEmptyLines) {
  auto rows = read_csv(
      "\xEF\xBB\xBF"
      "code,name\n\nD1,阿司匹林\r\n\r\n",
      "t.csv");
  ASSERT_TRUE(rows.ok()) << rows.status().to_string();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].fields[0], "code");  // no BOM bytes left on the first name
  EXPECT_EQ((*rows)[1].fields, (Fields{"D1", "阿司匹林"}));
  EXPECT_EQ((*rows)[1].line, 3);
}

TEST(CsvReader, ReadsNothingFromNothing) {
  auto rows = read_csv("", "t.csv");
  ASSERT_TRUE(rows.ok());
  EXPECT_TRUE(rows->empty());
}

TEST(CsvReader, LocatesSyntaxErrors) {
  auto message = [](std::string_view text) {
    auto rows = read_csv(text, "t.csv");
    return rows.ok() ? std::string("(accepted)") : rows.status().message();
  };
  EXPECT_EQ(message("a,b\n1,\"open\n2,3\n"), "t.csv:2:2: quoted field is not closed");
  EXPECT_EQ(message("a,b\n1,x\"y\n"),
            "t.csv:2:2: double quote inside an unquoted field (quote the whole field and double the quote)");
  EXPECT_EQ(message("a,b\n\"1\"x,2\n"), "t.csv:2:1: unexpected 'x' after the closing quote");
  EXPECT_EQ(message("a,b\n1,2\r3,4\n"), "t.csv:2:2: carriage return without a line feed");
  EXPECT_EQ(message("a,b\n\"1\"\r,2\n"), "t.csv:2:1: carriage return without a line feed");
}

}  // namespace
}  // namespace rx
