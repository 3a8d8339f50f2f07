#include "interop/gs1/pack_code.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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

struct BadCode {
  std::string scanned;
  std::string error;
};

const std::string kD = "]d2";
const std::string kGtin = "0102000000000015";  // AI (01) with D0001's GTIN: positions 3-18 after "]d2"
const std::string kGs = "\x1D";

// Every error names the AI (or the position where no AI could be read), where
// in the scanned text it is, and what was expected against what was found.
TEST(PackCode, BadCodesGivePreciseErrors) {
  const std::vector<BadCode> cases = {
      {kD + "0102000000000016" + "17271231",
       "AI (01) value at position 5: check digit of 02000000000016 is wrong: expected 5, found 6"},
      {"(01)0200000000001(17)271231", "AI (01) value at position 4: expected 14 digits, found 13 ('0200000000001')"},
      {kD + "01020000000000", "AI (01) value at position 5: expected 14 digits, found 12 ('020000000000')"},
      {kD + "01020000000A0015", "AI (01) value at position 5: expected a digit at position 14, found 'A'"},
      {kD + "17271231" + "10AB123", "AI (01) GTIN is missing"},
      {"(17)271231", "AI (01) GTIN is missing"},
      {kD, "AI (01) GTIN is missing"},
      {kD + kGs, "AI (01) GTIN is missing"},
      {kD + kGtin + "10" + std::string(21, 'A'), "AI (10) value at position 21: longer than 20 characters (21)"},
      {"(01)02000000000015(21)" + std::string(21, '1'), "AI (21) value at position 22: longer than 20 characters (21)"},
      {kD + kGtin + "10" + kGs + "21X", "AI (10) value at position 21: value is empty"},
      {kD + kGtin + "10A B",
       "AI (10) value at position 21: character ' ' at position 22 is not in GS1 character set 82"},
      {kD + kGtin +
           "10A\x01"
           "B",
       "AI (10) value at position 21: character 0x01 at position 22 is not in GS1 character set 82"},
      {kD + kGtin + "17271331", "AI (17) value at position 21: month 13 in '271331' is not 01-12"},
      {kD + kGtin + "17270230", "AI (17) value at position 21: day 30 in '270230' does not exist in 2027-02"},
      {kD + kGtin + "17270431", "AI (17) value at position 21: day 31 in '270431' does not exist in 2027-04"},
      {kD + kGtin + "1727123", "AI (17) value at position 21: expected 6 digits, found 5 ('27123')"},
      {kD + kGtin + "1727123" + kGs + "10A", "AI (17) value at position 21: expected 6 digits, found 5 ('27123')"},
      {kD + kGtin + "172712A1", "AI (17) value at position 21: expected a digit at position 25, found 'A'"},
      {kD + "01020000000000151727", "AI (17) value at position 21: expected 6 digits, found 2 ('27')"},
      {"(01)02000000000015(10)AB(17)27", "AI (17) value at position 28: expected 6 digits, found 2 ('27')"},
      {kD + kGtin + kGtin, "AI (01) at position 19 appears a second time"},
      {"(01)02000000000015(10)A(10)B", "AI (10) at position 23 appears a second time"},
      {kD + kGtin + "05123", "position 19: no GS1 AI begins with '05'"},
      {kD + kGtin + "24X", "position 19: AIs beginning with '24' have 3 digits, found '24X'"},
      {kD + kGtin + "8005", "AI (8005) value at position 23: value is empty"},
      {"(01)02000000000015(8005)12345A", "AI (8005) value at position 24: expected a digit at position 29, found 'A'"},
      {"(01)02000000000015(3103)00125", "AI (3103) value at position 24: expected 6 digits, found 5 ('00125')"},
      {"(00)123456789012345678",
       "AI (00) value at position 4: check digit of 123456789012345678 is wrong: expected 5, found 8"},
      {"(01)02000000000015(410)1234567890123",
       "AI (410) value at position 23: check digit of 1234567890123 is wrong: expected 8, found 3"},
      {"(01)02000000000015(20)ABC", "AI (20) value at position 22: expected 2 digits, found 3 ('ABC')"},
      {"(01)02000000000015(37)123456789", "AI (37) value at position 22: longer than 8 digits (9)"},
      {"(1)02000000000015", "position 0: expected an AI of 2 to 4 digits in parentheses, found '(1)'"},
      {"(0A)02000000000015", "position 0: expected an AI of 2 to 4 digits in parentheses, found '(0A)'"},
      {"(0102)02000000000015", "position 0: AIs beginning with '01' have 2 digits, found '(0102)'"},
      {"(01)02000000000015(24)X", "position 18: AIs beginning with '24' have 3 digits, found '(24)'"},
      {"(0102000000000015", "position 0: '(' is not closed by ')'"},
      {"(01)02000000000015 (10)A", "AI (01) value at position 4: expected 14 digits, found 15 ('02000000000015 ')"},
      {"(01)02000000000015)x", "AI (01) value at position 4: expected 14 digits, found 16 ('02000000000015)x')"},
      {"", "empty pack code"},
      {"\r\n", "empty pack code"},
      {"hello", "position 0: expected a GS1 AI (digits), found 'he'"},
      {"0102000000000015x", "position 16: expected a GS1 AI (digits), found 'x'"},
      {kD + "0102000000000015" + kGs + "x", "position 20: expected a GS1 AI (digits), found 'x'"},
      {"]X9" + kGtin,
       "symbology identifier ']X9' is not read here: expected ]d2, ]C1, ]Q3 or ]e0 (GS1), or ]C0, ]d1 or ]Q1 (NMPA "
       "code)"},
      {"]d1" + kGtin, "NMPA code: expected 20 digits, found 16"},
      {"]C0"
       "9900001000000042123A",
       "NMPA code: expected a digit at position 22, found 'A'"},
      {"]C0"
       "990000100000004212345",
       "NMPA code: expected 20 digits, found 21"},
      // 19 or 21 digits are not NMPA codes, so they are read as element strings: (99) is internal data.
      {"9900001000000042123", "AI (01) GTIN is missing"},
      // With a GS1 identifier, 20 digits are an element string too.
      {kD + "99000010000000421234", "AI (01) GTIN is missing"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(error_of(c.scanned), c.error) << "scanned: " << c.scanned;
  }
}

struct GoodCode {
  std::string scanned;
  std::vector<AiElement> elements;
};

TEST(PackCode, KeepsEveryAiInOrderKnownOrNot) {
  const std::vector<GoodCode> cases = {
      {kD + kGtin + "11260115" + "17280200" + "10AB1" + kGs + "21S1",
       {{"01", "02000000000015"}, {"11", "260115"}, {"17", "280200"}, {"10", "AB1"}, {"21", "S1"}}},
      {"]C1" + kGtin + "15270400",  // GS1-128
       {{"01", "02000000000015"}, {"15", "270400"}}},
      {"]Q3" + kGtin + "21X" + kGs + "240REF-7",  // GS1 QR
       {{"01", "02000000000015"}, {"21", "X"}, {"240", "REF-7"}}},
      {"]e0" + kGtin + "3103001250",  // GS1 DataBar: a measure of predefined length needs no GS
       {{"01", "02000000000015"}, {"3103", "001250"}}},
      {kD + kGtin + "8005001200" + "10L1",  // a fixed-length AI runs into the next
       {{"01", "02000000000015"}, {"8005", "001200"}, {"10", "L1"}}},
      {kD + "00123456789012345675" + kGtin, {{"00", "123456789012345675"}, {"01", "02000000000015"}}},
      {kD + kGtin + "10L1" + kGs + "99Internal+Data" + kGs +
           "7003"
           "2701011230",
       {{"01", "02000000000015"}, {"10", "L1"}, {"99", "Internal+Data"}, {"7003", "2701011230"}}},
      {kD + kGtin + "4101234567890128" +
           "37"
           "12" +
           kGs + "8020INV-1",
       {{"01", "02000000000015"}, {"410", "1234567890128"}, {"37", "12"}, {"8020", "INV-1"}}},
      {kD + kGtin + "72401234",  // (7240), in a range GS1 has assigned, kept unchecked
       {{"01", "02000000000015"}, {"7240", "1234"}}},
      {"(01)02000000000015(05)abc(5012)x", {{"01", "02000000000015"}, {"05", "abc"}, {"5012", "x"}}},
      {kD + kGtin + "10L1" + kGs + "\r\n", {{"01", "02000000000015"}, {"10", "L1"}}},
  };
  for (const auto& c : cases) {
    auto pack = parse_pack_code(c.scanned);
    ASSERT_TRUE(pack.ok()) << c.scanned << ": " << pack.status().to_string();
    EXPECT_EQ(pack->elements, c.elements) << c.scanned;
    EXPECT_EQ(pack->gtin, "02000000000015");
    // The printed form reads back to the same elements.
    auto again = parse_pack_code(gs1_human_readable(pack->elements));
    ASSERT_TRUE(again.ok()) << gs1_human_readable(pack->elements) << ": " << again.status().to_string();
    EXPECT_EQ(again->elements, c.elements);
  }
}

TEST(PackCode, PrintsTheHumanReadableForm) {
  auto pack = parse_pack_code(gs1_element_string("02000000000060", ymd(2027, 12, 31), "AB123", "000001"));
  ASSERT_TRUE(pack.ok());
  EXPECT_EQ(gs1_human_readable(pack->elements), "(01)02000000000060(17)271231(10)AB123(21)000001");
}

TEST(GtinCheckDigit, ComputesTheMod10Digit) {
  EXPECT_EQ(gs1_check_digit("0200000000001"), 5);
  EXPECT_EQ(gs1_check_digit("12345678901234567"), 5);  // an SSCC
  EXPECT_EQ(gs1_check_digit("123456789012"), 8);       // a GLN
  EXPECT_EQ(gs1_check_digit("9638507"), 4);
  EXPECT_EQ(gs1_check_digit(""), -1);
  EXPECT_EQ(gs1_check_digit("12a"), -1);
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
  EXPECT_EQ(pack->nmpa_check, "1234");
  EXPECT_TRUE(pack->elements.empty());

  for (const std::string form : {"]C0"
                                 "99000010000000421234",
                                 "]d1"
                                 "99000010000000421234",
                                 "]Q1"
                                 "99000010000000421234",
                                 "99000010000000421234\r\n"}) {
    auto again = parse_pack_code(form);
    ASSERT_TRUE(again.ok()) << form << ": " << again.status().to_string();
    EXPECT_EQ(again->kind, PackCode::Kind::kNmpa);
    EXPECT_EQ(again->nmpa_product_code, "9900001");
    EXPECT_EQ(again->serial, "000000042");
  }
}

}  // namespace
}  // namespace rx
