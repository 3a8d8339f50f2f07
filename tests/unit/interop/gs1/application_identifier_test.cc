#include "interop/gs1/application_identifier.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

namespace rx {
namespace {

TEST(ApplicationIdentifier, AiLengthFollowsTheFirstTwoDigits) {
  struct Case {
    std::string_view prefix;
    std::optional<int> length;
  };
  const Case cases[] = {{"00", 2},
                        {"01", 2},
                        {"10", 2},
                        {"17", 2},
                        {"21", 2},
                        {"22", 2},
                        {"24", 3},
                        {"25", 3},
                        {"30", 2},
                        {"31", 4},
                        {"36", 4},
                        {"37", 2},
                        {"39", 4},
                        {"40", 3},
                        {"41", 3},
                        {"42", 3},
                        {"70", 4},
                        {"71", 3},
                        {"80", 4},
                        {"90", 2},
                        {"99", 2},
                        {"05", std::nullopt},
                        {"26", std::nullopt},
                        {"50", std::nullopt},
                        {"1", std::nullopt},
                        {"1A", std::nullopt}};
  for (const auto& c : cases) EXPECT_EQ(ai_length(c.prefix), c.length) << c.prefix;
}

TEST(ApplicationIdentifier, PredefinedLengthsNeedNoSeparator) {
  EXPECT_EQ(predefined_value_length("00"), 18);
  EXPECT_EQ(predefined_value_length("01"), 14);
  EXPECT_EQ(predefined_value_length("17"), 6);
  EXPECT_EQ(predefined_value_length("20"), 2);
  EXPECT_EQ(predefined_value_length("33"), 6);
  EXPECT_EQ(predefined_value_length("41"), 13);
  EXPECT_EQ(predefined_value_length("10"), std::nullopt);
  EXPECT_EQ(predefined_value_length("21"), std::nullopt);
  EXPECT_EQ(predefined_value_length("80"), std::nullopt);
}

TEST(ApplicationIdentifier, FormatsOfTheCommonAis) {
  struct Case {
    std::string_view ai;
    AiFormat::Chars chars;
    int min, max;
    bool check_digit, date;
  };
  using C = AiFormat::Chars;
  const Case cases[] = {
      {"00", C::kNumeric, 18, 18, true, false},  {"01", C::kNumeric, 14, 14, true, false},
      {"02", C::kNumeric, 14, 14, true, false},  {"10", C::kCset82, 1, 20, false, false},
      {"11", C::kNumeric, 6, 6, false, true},    {"13", C::kNumeric, 6, 6, false, true},
      {"15", C::kNumeric, 6, 6, false, true},    {"17", C::kNumeric, 6, 6, false, true},
      {"20", C::kNumeric, 2, 2, false, false},   {"21", C::kCset82, 1, 20, false, false},
      {"22", C::kCset82, 1, 20, false, false},   {"30", C::kNumeric, 1, 8, false, false},
      {"37", C::kNumeric, 1, 8, false, false},   {"240", C::kCset82, 1, 30, false, false},
      {"241", C::kCset82, 1, 30, false, false},  {"250", C::kCset82, 1, 30, false, false},
      {"400", C::kCset82, 1, 30, false, false},  {"410", C::kNumeric, 13, 13, true, false},
      {"8005", C::kNumeric, 6, 6, false, false}, {"3103", C::kNumeric, 6, 6, false, false},
      {"3922", C::kCset82, 1, 90, false, false}, {"99", C::kCset82, 1, 90, false, false},
      {"18", C::kCset82, 6, 6, false, false},  // reserved, but of predefined length
  };
  for (const auto& c : cases) {
    AiFormat f = ai_format(c.ai);
    EXPECT_EQ(f.chars, c.chars) << c.ai;
    EXPECT_EQ(f.min_length, c.min) << c.ai;
    EXPECT_EQ(f.max_length, c.max) << c.ai;
    EXPECT_EQ(f.check_digit, c.check_digit) << c.ai;
    EXPECT_EQ(f.date, c.date) << c.ai;
  }
  EXPECT_EQ(ai_format("17").title, "USE BY or EXPIRY");
  EXPECT_EQ(ai_format("7240").title, "");
}

// ai_length as first written, comparing the two digits as text.
std::optional<int> ai_length_by_text(std::string_view p) {
  auto in_range = [&](std::string_view from, std::string_view to) { return p >= from && p <= to; };
  if (p.size() != 2 || p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9') return std::nullopt;
  if (in_range("00", "04") || in_range("10", "22") || p == "30" || p == "37" || in_range("90", "99")) return 2;
  if (in_range("23", "25") || in_range("40", "42") || p == "71") return 3;
  if (in_range("31", "36") || p == "39" || p == "43" || p == "70" || p == "72" || in_range("80", "82")) return 4;
  return std::nullopt;
}

TEST(ApplicationIdentifier, AiLengthAnswersAsTheTextRangesForEveryTwoBytes) {
  for (int a = 0; a < 0x100; ++a) {
    for (int b = 0; b < 0x100; ++b) {
      const std::string p{static_cast<char>(a), static_cast<char>(b)};
      ASSERT_EQ(ai_length(p), ai_length_by_text(p)) << a << " " << b;
    }
  }
  for (std::string_view p : {"", "0", "1", "010", "9"}) EXPECT_EQ(ai_length(p), ai_length_by_text(p)) << p;
}

// Every AI of the table is found by its own digits, and nothing else is.
TEST(ApplicationIdentifier, AiFormatFindsEachTableEntryByItsDigits) {
  int titled = 0;
  for (int length = 1; length <= 4; ++length) {
    int end = 1;
    for (int k = 0; k < length; ++k) end *= 10;
    for (int n = 0; n < end; ++n) {
      std::string ai = std::to_string(n);
      ai.insert(0, static_cast<size_t>(length) - ai.size(), '0');
      if (!ai_format(ai).title.empty()) ++titled;
    }
  }
  // The 45 entries of the table, 310n-369n (MEASURE) and 91-99 (INTERNAL).
  EXPECT_EQ(titled, 45 + 600 + 9);
  EXPECT_EQ(ai_format("").title, "");
  EXPECT_EQ(ai_format("0").title, "");
}

}  // namespace
}  // namespace rx
