#include "interop/gs1/pack_code.h"

#include <gtest/gtest.h>

namespace rx {
namespace {

Date ymd(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

std::string error_of(std::string_view scanned) {
  auto code = parse_pack_code(scanned);
  return code.ok() ? std::string("(accepted)") : code.status().message();
}

TEST(GtinCheckDigit, AcceptsValidGtinsOfEveryLength) {
  EXPECT_TRUE(gtin_check_digit_ok("02000000000015"));  // D0001 in data/formulary.csv
  EXPECT_TRUE(gtin_check_digit_ok("02000000000060"));
  EXPECT_TRUE(gtin_check_digit_ok("4006381333931"));  // GTIN-13
  EXPECT_TRUE(gtin_check_digit_ok("036000291452"));   // GTIN-12 (UPC-A)
  EXPECT_TRUE(gtin_check_digit_ok("96385074"));       // GTIN-8
}

TEST(GtinCheckDigit, RefusesWrongDigitsAndShapes) {
  EXPECT_FALSE(gtin_check_digit_ok("02000000000016"));
  EXPECT_FALSE(gtin_check_digit_ok("4006381333932"));
  EXPECT_FALSE(gtin_check_digit_ok("0200000000001"));    // 13 digits whose check fails
  EXPECT_FALSE(gtin_check_digit_ok("020000000000150"));  // 15 digits
  EXPECT_FALSE(gtin_check_digit_ok("0200000000001A"));
  EXPECT_FALSE(gtin_check_digit_ok(""));
}

TEST(PackCode, BuildsTheElementString) {
  EXPECT_EQ(gs1_element_string("02000000000015", ymd(2027, 12, 31), "AB123", "000001"),
            "]d2"
            "0102000000000015"
            "17271231"
            "10AB123"
            "\x1D"
            "21000001");
}

TEST(PackCode, RoundTripsTheElementString) {
  std::string code = gs1_element_string("02000000000046", ymd(2028, 2, 29), "DM2506002", "SN-0042/7");
  auto pack = parse_pack_code(code);
  ASSERT_TRUE(pack.ok()) << pack.status().to_string();
  EXPECT_EQ(pack->kind, PackCode::Kind::kGs1);
  EXPECT_EQ(pack->gtin, "02000000000046");
  EXPECT_EQ(pack->expiry, ymd(2028, 2, 29));
  EXPECT_EQ(pack->lot, "DM2506002");
  EXPECT_EQ(pack->serial, "SN-0042/7");
  EXPECT_EQ(pack->nmpa_product_code, "");
}

// regulations.md: zint -b 71 --gs1 -d '[01]02000000000060[17]271231[10]AB123[21]000001'
TEST(PackCode, ReadsTheZintExampleInEveryForm) {
  const std::string forms[] = {
      "]d2"
      "0102000000000060"
      "17271231"
      "10AB123"
      "\x1D"
      "21000001",  // as a scanner sends it
      "0102000000000060"
      "17271231"
      "10AB123"
      "\x1D"
      "21000001",  // without the symbology identifier
      "\x1D"
      "0102000000000060"
      "17271231"
      "10AB123"
      "\x1D"
      "21000001",                                         // FNC1 in first position
      "(01)02000000000060(17)271231(10)AB123(21)000001",  // as printed under the symbol
  };
  for (const auto& form : forms) {
    auto pack = parse_pack_code(form);
    ASSERT_TRUE(pack.ok()) << pack.status().to_string();
    EXPECT_EQ(pack->gtin, "02000000000060");
    EXPECT_EQ(pack->expiry, ymd(2027, 12, 31));
    EXPECT_EQ(pack->lot, "AB123");
    EXPECT_EQ(pack->serial, "000001");
  }
}

TEST(PackCode, ReadsFieldsInAnyOrderAndOptionalOnes) {
  auto pack = parse_pack_code(
      "]d2"
      "10AB123"
      "\x1D"
      "0102000000000060"
      "\x1D"
      "17271231");
  ASSERT_TRUE(pack.ok()) << pack.status().to_string();
  EXPECT_EQ(pack->gtin, "02000000000060");
  EXPECT_EQ(pack->lot, "AB123");
  EXPECT_EQ(pack->serial, "");

  auto gtin_only = parse_pack_code("(01)02000000000015");
  ASSERT_TRUE(gtin_only.ok());
  EXPECT_FALSE(gtin_only->expiry.has_value());
}

TEST(PackCode, DayZeroMeansTheLastDayOfTheMonth) {
  auto leap = parse_pack_code("(01)02000000000015(17)280200");
  ASSERT_TRUE(leap.ok()) << leap.status().to_string();
  EXPECT_EQ(leap->expiry, ymd(2028, 2, 29));
  auto april = parse_pack_code("(01)02000000000015(17)270400");
  ASSERT_TRUE(april.ok());
  EXPECT_EQ(april->expiry, ymd(2027, 4, 30));
  auto last_century = parse_pack_code("(01)02000000000015(17)991231");
  ASSERT_TRUE(last_century.ok());
  EXPECT_EQ(last_century->expiry, ymd(1999, 12, 31));
}

TEST(PackCode, AcceptsVariableFieldsOfTwentyCharacters) {
  std::string twenty(20, '7');
  auto pack = parse_pack_code(gs1_element_string("02000000000015", ymd(2027, 1, 1), twenty, twenty));
  ASSERT_TRUE(pack.ok()) << pack.status().to_string();
  EXPECT_EQ(pack->lot, twenty);
  EXPECT_EQ(pack->serial, twenty);
}

TEST(PackCode, NamesTheAiThatIsWrong) {
  EXPECT_EQ(error_of("]d2"
                     "0102000000000016"
                     "17271231"),
            "AI (01): check digit of GTIN 02000000000016 is wrong");
  EXPECT_EQ(error_of("(01)0200000000001(17)271231"), "AI (01): expected a 14-digit GTIN, found '0200000000001'");
  EXPECT_EQ(error_of("]d2"
                     "01020000000000"),
            "AI (01): expected a 14-digit GTIN, found '020000000000'");
  EXPECT_EQ(error_of("]d2"
                     "17271231"
                     "10AB123"),
            "AI (01) GTIN is missing");
  EXPECT_EQ(error_of("(17)271231"), "AI (01) GTIN is missing");
  EXPECT_EQ(error_of("]d2"), "AI (01) GTIN is missing");
  EXPECT_EQ(error_of("]d2"
                     "0102000000000015"
                     "11271231"),
            "unknown AI (11): expected (01), (17), (10) or (21)");
  EXPECT_EQ(error_of("(01)02000000000015(240)X1"), "unknown AI (240): expected (01), (17), (10) or (21)");
  EXPECT_EQ(error_of("]d2"
                     "0102000000000015"
                     "10" +
                     std::string(21, 'A')),
            "AI (10): longer than 20 characters (21)");
  EXPECT_EQ(error_of("(01)02000000000015(21)" + std::string(21, '1')), "AI (21): longer than 20 characters (21)");
  EXPECT_EQ(error_of("]d2"
                     "0102000000000015"
                     "10"
                     "\x1D"
                     "21X"),
            "AI (10) is empty");
  EXPECT_EQ(error_of("]d2"
                     "0102000000000015"
                     "10A B"),
            "AI (10): character 0x20 is not allowed");
  EXPECT_EQ(error_of("]d2"
                     "0102000000000015"
                     "17271331"),
            "AI (17): month 13 in '271331' is not 01-12");
  EXPECT_EQ(error_of("]d2"
                     "0102000000000015"
                     "17270230"),
            "AI (17): '270230' is not a date (YYMMDD)");
  EXPECT_EQ(error_of("]d2"
                     "0102000000000015"
                     "1727123"),
            "AI (17): expected an expiry date YYMMDD, found '27123'");
  EXPECT_EQ(error_of("]d2"
                     "0102000000000015"
                     "0102000000000015"),
            "AI (01) appears twice");
  EXPECT_EQ(error_of("(01)02000000000015(10)A(10)B"), "AI (10) appears twice");
}

TEST(PackCode, RefusesWhatIsNotAPackCode) {
  EXPECT_EQ(error_of(""), "empty pack code");
  EXPECT_EQ(error_of("]C1"
                     "0102000000000015"),
            "symbology identifier ']C1' is not GS1 DataMatrix (]d2)");
  EXPECT_EQ(error_of("hello"), "expected a two-digit AI at position 0, found 'he'");
  EXPECT_EQ(error_of("0102000000000015x"), "expected a two-digit AI at position 16, found 'x'");
  EXPECT_EQ(error_of("(01)02000000000015 (10)A"), "AI (01): expected a 14-digit GTIN, found '02000000000015 '");
  EXPECT_EQ(error_of("(0102000000000015"), "'(' at position 0 is not closed");
  EXPECT_EQ(error_of("(01)02000000000015)x"), "AI (01): expected a 14-digit GTIN, found '02000000000015)x'");
}

TEST(PackCode, ReadsTheNmpaTraceabilityCode) {
  auto pack = parse_pack_code("99000010000000421234");
  ASSERT_TRUE(pack.ok()) << pack.status().to_string();
  EXPECT_EQ(pack->kind, PackCode::Kind::kNmpa);
  EXPECT_EQ(pack->nmpa_product_code, "9900001");
  EXPECT_EQ(pack->serial, "000000042");
  EXPECT_EQ(pack->gtin, "");
  EXPECT_FALSE(pack->expiry.has_value());
  EXPECT_EQ(pack->lot, "");
}

TEST(PackCode, TreatsOtherDigitStringsAsGs1) {
  // 19 or 21 digits are not NMPA codes, so they are read as element strings and fail there.
  EXPECT_EQ(error_of("9900001000000042123"), "unknown AI (99): expected (01), (17), (10) or (21)");
  EXPECT_EQ(error_of("990000100000004212345"), "unknown AI (99): expected (01), (17), (10) or (21)");
  // With the DataMatrix identifier, 20 digits are GS1 too.
  EXPECT_EQ(error_of("]d2"
                     "01020000000000151727"),
            "AI (17): expected an expiry date YYMMDD, found '27'");
}

}  // namespace
}  // namespace rx
