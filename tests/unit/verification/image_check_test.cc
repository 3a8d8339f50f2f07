#include "verification/image_check.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "image_tote_photo.h"
#include "interop/gs1/pack_code.h"
#include "verification/image_check_json.h"

namespace rx {
namespace {

using namespace std::chrono;

constexpr Date kToday{year{2026}, month{12}, day{1}};

Date date(int y, unsigned m, unsigned d) { return Date{year{y}, month{m}, day{d}}; }

ImageCode data_matrix(std::string_view gtin, Date expiry, std::string_view lot, std::string_view serial) {
  ImageCode c;
  c.format = CodeFormat::kDataMatrix;
  c.symbology = "]d2";
  c.gs1 = true;
  c.content = gs1_element_string(gtin, expiry, lot, serial).substr(3);
  return c;
}

ImageCode code128(std::string text) {
  ImageCode c;
  c.format = CodeFormat::kCode128;
  c.symbology = "]C0";
  c.content = std::move(text);
  return c;
}

ImageCode qr(std::string text) {
  ImageCode c;
  c.format = CodeFormat::kQrCode;
  c.symbology = "]Q1";
  c.content = std::move(text);
  return c;
}

// Packs of the demo stock (data/stock.csv).
ImageCode aspirin_100(std::string_view serial) { return data_matrix("02000000000015", date(2028, 6, 30), "DM2506002", serial); }
ImageCode aspirin_25(std::string_view serial) { return data_matrix("02000000000022", date(2027, 7, 31), "DM2407003", serial); }
ImageCode warfarin(std::string_view serial) { return data_matrix("02000000000046", date(2027, 9, 30), "DM2409005", serial); }
ImageCode glargine(std::string_view serial) { return data_matrix("02000000000275", date(2028, 2, 29), "DM2602050", serial); }
ImageCode clopidogrel_nmpa() { return code128("99000030000001061234"); }

class ImageCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto f = test::demo_formulary(RXPRESS_SOURCE_DIR);
    ASSERT_TRUE(f.ok()) << f.status().message();
    formulary_ = std::move(*f);
    plan_.prescription_id = "42";
    plan_.lines = {
        {0, DrugCode("D0001"), LotNo("DM2506002"), date(2028, 6, 30), 2},
        {1, DrugCode("D0004"), LotNo("DM2409005"), date(2027, 9, 30), 1},
        {2, DrugCode("D0003"), LotNo("DM2511004"), date(2028, 11, 30), 1},
        {3, DrugCode("D0027"), LotNo("DM2602050"), date(2028, 2, 29), 1},
    };
  }

  std::vector<ImageCode> full_tote() const {
    return {aspirin_100("1"), aspirin_100("2"), warfarin("3"), clopidogrel_nmpa(), glargine("5")};
  }

  ToteCheck check(const std::vector<ImageCode>& codes) const { return check_tote(codes, plan_, formulary_, kToday); }

  Formulary formulary_;
  ToteExpectation plan_;
};

TEST_F(ImageCheckTest, AFullToteMatchesEveryLineAndPasses) {
  ToteCheck c = check(full_tote());
  EXPECT_TRUE(c.passed());
  EXPECT_EQ(c.count(ToteCodeStatus::kMatched), 5);
  EXPECT_TRUE(c.missing.empty());
  EXPECT_EQ(c.codes[0].line, 0u);
  EXPECT_EQ(c.codes[1].line, 0u);
  EXPECT_EQ(c.codes[3].line, 2u);
  // The NMPA code carries no lot: it is the planned one.
  EXPECT_EQ(c.codes[3].pack.lot, LotNo("DM2511004"));
  EXPECT_EQ(c.codes[3].pack.drug, DrugCode("D0003"));
}

TEST_F(ImageCheckTest, APlannedPackNotInThePhotoIsMissing) {
  auto codes = full_tote();
  codes.pop_back();
  ToteCheck c = check(codes);
  EXPECT_FALSE(c.passed());
  ASSERT_EQ(c.missing.size(), 1u);
  EXPECT_EQ(c.missing[0].line, 3u);
  EXPECT_EQ(c.missing[0].packs, 1);
}

TEST_F(ImageCheckTest, OnePackShortOfALineOfTwoIsMissingOne) {
  auto codes = full_tote();
  codes.erase(codes.begin());
  ToteCheck c = check(codes);
  ASSERT_EQ(c.missing.size(), 1u);
  EXPECT_EQ(c.missing[0].line, 0u);
  EXPECT_EQ(c.missing[0].packs, 1);
}

TEST_F(ImageCheckTest, APackOverThePlannedCountIsExtra) {
  auto codes = full_tote();
  codes.push_back(aspirin_100("9"));
  ToteCheck c = check(codes);
  EXPECT_FALSE(c.passed());
  EXPECT_EQ(c.codes.back().status, ToteCodeStatus::kExtra);
  EXPECT_NE(c.codes.back().reason.find("one pack more"), std::string::npos) << c.codes.back().reason;
  EXPECT_TRUE(c.missing.empty());
}

TEST_F(ImageCheckTest, ADrugNotOnThePlanIsExtra) {
  auto codes = full_tote();
  codes.push_back(data_matrix("02000000000053", date(2028, 7, 31), "DM2507008", "7"));
  ToteCheck c = check(codes);
  EXPECT_FALSE(c.passed());
  EXPECT_EQ(c.codes.back().status, ToteCodeStatus::kExtra);
  EXPECT_NE(c.codes.back().reason.find("D0005"), std::string::npos);
  EXPECT_NE(c.codes.back().reason.find("is not on the plan"), std::string::npos);
}

TEST_F(ImageCheckTest, AGtinOutsideTheFormularyIsExtra) {
  auto codes = full_tote();
  codes.push_back(data_matrix("02000000999999", date(2028, 7, 31), "X1", "7"));
  ToteCheck c = check(codes);
  EXPECT_EQ(c.codes.back().status, ToteCodeStatus::kExtra);
  EXPECT_EQ(c.codes.back().reason, "GTIN 02000000999999 is not a formulary drug");
}

TEST_F(ImageCheckTest, AnotherLotOfThePlannedDrugIsExtraAndTheLineMissing) {
  std::vector<ImageCode> codes = {data_matrix("02000000000015", date(2026, 12, 31), "DM2312001", "1"),
                                  aspirin_100("2"), warfarin("3"), clopidogrel_nmpa(), glargine("5")};
  ToteCheck c = check(codes);
  EXPECT_EQ(c.codes[0].status, ToteCodeStatus::kExtra);
  EXPECT_NE(c.codes[0].reason.find("wrong lot"), std::string::npos) << c.codes[0].reason;
  ASSERT_EQ(c.missing.size(), 1u);
  EXPECT_EQ(c.missing[0].line, 0u);
}

// The stock records give each lot one expiry; a pack whose code dates the
// planned lot otherwise is mislabelled or not the pack the stock holds.
TEST_F(ImageCheckTest, APlannedLotWhoseCodeGivesAnotherExpiryIsNotMatched) {
  auto codes = full_tote();
  codes[1] = data_matrix("02000000000015", date(2029, 6, 30), "DM2506002", "2");
  ToteCheck c = check(codes);
  EXPECT_FALSE(c.passed());
  EXPECT_EQ(c.codes[1].status, ToteCodeStatus::kExtra);
  EXPECT_EQ(c.codes[1].reason, "wrong expiry: lot DM2506002 is dated 2029-06-30 on the pack, 2028-06-30 in the stock records");
  ASSERT_EQ(c.missing.size(), 1u);
  EXPECT_EQ(c.missing[0].line, 0u);
}

TEST_F(ImageCheckTest, AnExpiredPackOfThePlannedLotIsExpired) {
  plan_.lines.push_back({4, DrugCode("D0032"), LotNo("DM2311061"), date(2026, 11, 18), 1});
  auto codes = full_tote();
  codes.push_back(data_matrix("02000000000329", date(2026, 11, 18), "DM2311061", "8"));
  ToteCheck c = check(codes);
  EXPECT_FALSE(c.passed());
  EXPECT_EQ(c.codes.back().status, ToteCodeStatus::kExpired);
  EXPECT_TRUE(c.codes.back().expired);
  EXPECT_EQ(c.codes.back().reason, "expired on 2026-11-18");
  ASSERT_EQ(c.missing.size(), 1u);
  EXPECT_EQ(c.missing[0].line, 4u);
}

TEST_F(ImageCheckTest, APackExpiringTodayIsStillInDate) {
  plan_.lines = {{0, DrugCode("D0001"), LotNo("L1"), kToday, 1}};
  ToteCheck c = check({data_matrix("02000000000015", kToday, "L1", "1")});
  EXPECT_TRUE(c.passed());
}

TEST_F(ImageCheckTest, ASerialSeenTwiceIsExtra) {
  auto codes = full_tote();
  codes[1] = aspirin_100("1");
  ToteCheck c = check(codes);
  EXPECT_EQ(c.codes[1].status, ToteCodeStatus::kExtra);
  EXPECT_NE(c.codes[1].reason.find("appears twice"), std::string::npos);
  EXPECT_EQ(c.missing.size(), 1u);
}

TEST_F(ImageCheckTest, AnUnreadableGs1CodeFailsTheCheck) {
  auto codes = full_tote();
  codes.push_back(data_matrix("02000000000016", date(2028, 6, 30), "DM2506002", "3"));  // check digit wrong
  ToteCheck c = check(codes);
  EXPECT_FALSE(c.passed());
  EXPECT_EQ(c.codes.back().status, ToteCodeStatus::kBadCode);
  EXPECT_NE(c.codes.back().reason.find("check digit"), std::string::npos) << c.codes.back().reason;
}

TEST_F(ImageCheckTest, ALabelCodeIsOtherAndDoesNotFailTheCheck) {
  auto codes = full_tote();
  codes.push_back(qr("RX:MZ20261201-000001"));
  ToteCheck c = check(codes);
  EXPECT_TRUE(c.passed());
  EXPECT_EQ(c.codes.back().status, ToteCodeStatus::kOther);
  EXPECT_EQ(c.count(ToteCodeStatus::kOther), 1);
}

TEST_F(ImageCheckTest, HighAlertDrugsOfThePlanAndTheToteAreListed) {
  ToteCheck c = check(full_tote());
  EXPECT_EQ(c.high_alert, (std::vector<DrugCode>{DrugCode("D0004"), DrugCode("D0027")}));
}

TEST_F(ImageCheckTest, TwoDrugsOfOneLasaGroupTogetherAreFlagged) {
  ToteCheck alone = check(full_tote());
  EXPECT_TRUE(alone.lasa.empty());
  auto codes = full_tote();
  codes.push_back(aspirin_25("6"));
  ToteCheck c = check(codes);
  ASSERT_EQ(c.lasa.size(), 1u);
  EXPECT_EQ(c.lasa[0].group, "LASA-01");
  EXPECT_EQ(c.lasa[0].drugs, (std::vector<DrugCode>{DrugCode("D0001"), DrugCode("D0002")}));
}

TEST_F(ImageCheckTest, WithoutAPlanPacksAreOnlyReadAndDated) {
  std::vector<ImageCode> codes = {aspirin_100("1"),
                                  data_matrix("02000000000329", date(2026, 11, 18), "DM2311061", "8")};
  ToteCheck c = check_tote(codes, std::nullopt, formulary_, kToday);
  EXPECT_FALSE(c.has_plan);
  EXPECT_FALSE(c.passed());
  EXPECT_EQ(c.count(ToteCodeStatus::kUnplanned), 2);
  EXPECT_FALSE(c.codes[0].expired);
  EXPECT_TRUE(c.codes[1].expired);
  EXPECT_EQ(c.codes[1].reason, "expired on 2026-11-18");
  auto j = tote_check_json(c, formulary_);
  EXPECT_TRUE(j["prescription_id"].is_null());
  EXPECT_TRUE(j["passed"].is_null());
}

TEST_F(ImageCheckTest, JsonNamesEveryCodeAndMissingLine) {
  auto codes = full_tote();
  codes.pop_back();
  codes.push_back(qr("RX:MZ20261201-000001"));
  auto j = tote_check_json(check(codes), formulary_);
  EXPECT_EQ(j["prescription_id"], "42");
  EXPECT_EQ(j["passed"], false);
  EXPECT_EQ(j["counts"]["codes"], 5);
  EXPECT_EQ(j["counts"]["matched"], 4);
  EXPECT_EQ(j["counts"]["missing"], 1);
  EXPECT_EQ(j["counts"]["other"], 1);
  const auto& first = j["codes"][0];
  EXPECT_EQ(first["format"], "datamatrix");
  EXPECT_EQ(first["status"], "matched");
  EXPECT_EQ(first["drug"], "D0001");
  EXPECT_EQ(first["name_zh"], "阿司匹林肠溶片");
  EXPECT_EQ(first["lot"], "DM2506002");
  EXPECT_EQ(first["expiry"], "2028-06-30");
  EXPECT_EQ(first["serial"], "1");
  EXPECT_EQ(first["item"], 0);
  EXPECT_EQ(first["lasa_group"], "LASA-01");
  EXPECT_EQ(first["text"], "]d201020000000000151728063010DM2506002\x1D" "211");
  EXPECT_EQ(j["codes"][4]["status"], "other");
  EXPECT_FALSE(j["codes"][4].contains("drug"));
  ASSERT_EQ(j["missing"].size(), 1u);
  EXPECT_EQ(j["missing"][0]["drug"], "D0027");
  EXPECT_EQ(j["missing"][0]["name_en"], "insulin glargine");
  EXPECT_EQ(j["missing"][0]["item"], 3);
  EXPECT_EQ(j["high_alert"], nlohmann::json({"D0004", "D0027"}));
}

// The whole station: the demo tote photo, decoded and checked against a plan
// that wants a pack the photo lacks (D0027) and not the foreign D0005.
TEST_F(ImageCheckTest, TheDemoTotePhotoGivesTheFourChecksResult) {
  plan_.lines = {
      {0, DrugCode("D0001"), LotNo("DM2506002"), date(2028, 6, 30), 1},
      {1, DrugCode("D0002"), LotNo("DM2407003"), date(2027, 7, 31), 1},
      {2, DrugCode("D0004"), LotNo("DM2409005"), date(2027, 9, 30), 1},
      {3, DrugCode("D0032"), LotNo("DM2311061"), date(2026, 11, 18), 1},
      {4, DrugCode("D0003"), LotNo("DM2511004"), date(2028, 11, 30), 1},
      {5, DrugCode("D0027"), LotNo("DM2602050"), date(2028, 2, 29), 1},
  };
  auto photo = test::render_photo(test::demo_tote_codes(), 7);
  ASSERT_TRUE(photo.ok());
  auto codes = decode_image_codes(*photo);
  ASSERT_TRUE(codes.ok());
  ToteCheck c = check(*codes);
  EXPECT_FALSE(c.passed());
  EXPECT_EQ(c.count(ToteCodeStatus::kMatched), 4);
  EXPECT_EQ(c.count(ToteCodeStatus::kExpired), 1);
  EXPECT_EQ(c.count(ToteCodeStatus::kExtra), 1);
  EXPECT_EQ(c.count(ToteCodeStatus::kOther), 1);
  auto extra = std::find_if(c.codes.begin(), c.codes.end(),
                            [](const ToteCode& tc) { return tc.status == ToteCodeStatus::kExtra; });
  ASSERT_NE(extra, c.codes.end());
  EXPECT_EQ(extra->pack.drug, DrugCode("D0005"));
  std::vector<size_t> missing;
  for (const auto& m : c.missing) missing.push_back(m.line);
  EXPECT_EQ(missing, (std::vector<size_t>{3, 5}));
  ASSERT_EQ(c.lasa.size(), 1u);
  EXPECT_EQ(c.lasa[0].group, "LASA-01");
  EXPECT_EQ(c.high_alert, (std::vector<DrugCode>{DrugCode("D0004"), DrugCode("D0005"), DrugCode("D0027")}));
}

}  // namespace
}  // namespace rx
