#include "verification/pack_match.h"

#include <gtest/gtest.h>

#include "interop/gs1/pack_code.h"

namespace rx {
namespace {

Date ymd(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

Drug drug(std::string code, std::string strength, std::string gtin, std::string nmpa) {
  Drug d;
  d.code = DrugCode(std::move(code));
  d.name_zh = "阿司匹林肠溶片";
  d.name_en = "acetylsalicylic acid";
  d.form = "enteric_coated_tablet";
  d.strength = std::move(strength);
  d.strength_unit = "mg";
  d.units_per_pack = 30;
  d.gtin = std::move(gtin);
  d.nmpa_product_code = std::move(nmpa);
  return d;
}

class PackMatchTest : public ::testing::Test {
 protected:
  PackMatchTest()
      : formulary_(
            {drug("D0001", "100", "02000000000015", "9900001"), drug("D0002", "25", "02000000000022", "9900002")}) {
    plan_ = {
        PlanLine{0, DrugCode("D0001"), LotNo("L1"), ymd(2027, 12, 31), LocationCode("C-01-01"), 2, 0},
        PlanLine{1, DrugCode("D0002"), LotNo("L2"), ymd(2027, 6, 30), LocationCode("C-02-01"), 1, 0},
    };
  }

  static std::string d1(std::string serial, std::string lot = "L1", Date expiry = ymd(2027, 12, 31)) {
    return gs1_element_string("02000000000015", expiry, lot, serial);
  }
  static std::string d2(std::string serial) {
    return gs1_element_string("02000000000022", ymd(2027, 6, 30), "L2", serial);
  }
  static Scan from(std::string code, std::string location) {
    return Scan{std::move(code), LocationCode(std::move(location))};
  }

  JobMatch run(const std::vector<Scan>& scans) {
    return match_packs(scans, plan_, MatchContext{formulary_, today_, seen_});
  }

  Formulary formulary_;
  std::vector<PlanLine> plan_;
  Date today_ = ymd(2026, 12, 1);
  std::unordered_set<std::string> seen_;
};

TEST_F(PackMatchTest, EveryPlannedPackMatches) {
  JobMatch m = run({from(d1("S1"), "C-01-01"), from(d2("S2"), "C-02-01"), from(d1("S3"), "C-01-01")});
  ASSERT_EQ(m.packs.size(), 3u);
  for (const auto& p : m.packs) {
    EXPECT_EQ(p.outcome, PackOutcome::kMatched) << p.pack.code << ": " << p.detail;
    EXPECT_FALSE(p.quarantine());
  }
  EXPECT_EQ(m.packs[0].line, 0u);
  EXPECT_EQ(m.packs[1].line, 1u);
  EXPECT_EQ(m.packs[1].pack.drug, DrugCode("D0002"));
  EXPECT_EQ(m.packs[1].pack.lot, LotNo("L2"));
  EXPECT_EQ(m.lines[0].matched, 2);
  EXPECT_EQ(m.lines[0].missing, 0);
  EXPECT_EQ(m.lines[1].missing, 0);
  EXPECT_TRUE(m.suspect_locations.empty());
  EXPECT_EQ(m.new_serials, (std::vector<std::string>{"02000000000015|S1", "02000000000022|S2", "02000000000015|S3"}));
  EXPECT_TRUE(m.passed());
}

struct OutcomeCase {
  std::string name;
  Scan scan;
  PackOutcome outcome;
  std::string detail;
  std::optional<size_t> line;
};

TEST_F(PackMatchTest, EachWayAPackCanFail) {
  seen_.insert("02000000000015|OLD");
  const std::vector<OutcomeCase> cases = {
      {"the 25 mg strength from the 100 mg channel", from(d2("S9"), "C-01-01"), PackOutcome::kWrongDrug,
       "pack is D0002 阿司匹林肠溶片 (acetylsalicylic acid) enteric_coated_tablet 25 mg; planned D0001 阿司匹林肠溶片 "
       "(acetylsalicylic acid) enteric_coated_tablet 100 mg from C-01-01 (different strength)",
       0},
      {"a GTIN not in the formulary", from(gs1_element_string("02000000000039", ymd(2027, 1, 1), "X", "1"), "C-01-01"),
       PackOutcome::kWrongDrug,
       "pack is GTIN 02000000000039, not in the formulary; planned D0001 阿司匹林肠溶片 (acetylsalicylic acid) "
       "enteric_coated_tablet 100 mg from C-01-01",
       0},
      {"an NMPA product not in the formulary", from("99000990000000011234", "C-01-01"), PackOutcome::kWrongDrug,
       "pack is NMPA product code 9900099, not in the formulary; planned D0001 阿司匹林肠溶片 (acetylsalicylic acid) "
       "enteric_coated_tablet 100 mg from C-01-01",
       0},
      {"another lot", from(d1("S1", "L9"), "C-01-01"), PackOutcome::kWrongLot, "lot L9, planned L1", 0},
      {"the planned lot with another expiry", from(d1("S1", "L1", ymd(2027, 11, 30)), "C-01-01"),
       PackOutcome::kWrongLot, "lot L1: the code says expiry 2027-11-30, the stock records 2027-12-31", 0},
      {"past its expiry", from(d1("S1", "L1", ymd(2026, 11, 30)), "C-01-01"), PackOutcome::kExpired,
       "expired on 2026-11-30 (today is 2026-12-01)", 0},
      {"a serial already dispensed", from(d1("OLD"), "C-01-01"), PackOutcome::kDuplicateSerial,
       "GTIN 02000000000015 serial OLD was already dispensed or read: a copied or misprinted label", 0},
      {"a damaged label", from("0102000000000016", "C-02-01"), PackOutcome::kUnreadable,
       "AI (01) value at position 2: check digit of 02000000000016 is wrong: expected 5, found 6", 1},
      {"a pack whose code the scanner could not read", from("", "C-01-01"), PackOutcome::kUnreadable, "empty pack code",
       0},
      {"a code without a serial", from("(01)02000000000015(17)271231(10)L1", "C-01-01"), PackOutcome::kUnreadable,
       "the GS1 code has no (21) serial: a pack needs it to be checked", 0},
      {"a code without a lot", from("(01)02000000000015(17)271231(21)S1", "C-01-01"), PackOutcome::kUnreadable,
       "the GS1 code has no (10) batch: a pack needs it to be checked", 0},
      {"a code without an expiry", from("(01)02000000000015(10)L1(21)S1", "C-01-01"), PackOutcome::kUnreadable,
       "the GS1 code has no (17) expiry: a pack needs it to be checked", 0},
  };
  for (const auto& c : cases) {
    JobMatch m = run({c.scan});
    ASSERT_EQ(m.packs.size(), 1u) << c.name;
    EXPECT_EQ(pack_outcome_name(m.packs[0].outcome), pack_outcome_name(c.outcome)) << c.name;
    EXPECT_EQ(m.packs[0].detail, c.detail) << c.name;
    EXPECT_EQ(m.packs[0].line, c.line) << c.name;
    EXPECT_TRUE(m.packs[0].quarantine()) << c.name;
    EXPECT_TRUE(m.new_serials.empty()) << c.name;
    EXPECT_FALSE(m.passed()) << c.name;
    EXPECT_EQ(m.lines[0].missing, 2) << c.name;
    EXPECT_EQ(m.lines[1].missing, 1) << c.name;
    // Only a wrong drug makes its source suspect.
    bool wrong_drug = c.outcome == PackOutcome::kWrongDrug;
    EXPECT_EQ(m.suspect_locations, wrong_drug ? std::vector<LocationCode>{c.scan.source} : std::vector<LocationCode>{})
        << c.name;
  }
}

TEST_F(PackMatchTest, APackBeyondTheCountIsExtra) {
  JobMatch m = run({from(d1("S1"), "C-01-01"), from(d1("S2"), "C-01-01"), from(d1("S3"), "C-01-01")});
  EXPECT_EQ(m.packs[2].outcome, PackOutcome::kExtra);
  EXPECT_EQ(m.packs[2].detail, "item 0 already has its 2 planned pack(s) of lot L1 from C-01-01");
  EXPECT_EQ(m.lines[0].matched, 2);
  EXPECT_EQ(m.new_serials.size(), 2u);
}

TEST_F(PackMatchTest, PacksMatchedBeforeCount) {
  plan_[0].matched_before = 1;
  JobMatch m = run({from(d1("S1"), "C-01-01"), from(d1("S2"), "C-01-01")});
  EXPECT_EQ(m.packs[0].outcome, PackOutcome::kMatched);
  EXPECT_EQ(m.packs[1].outcome, PackOutcome::kExtra);
  EXPECT_EQ(m.lines[0].matched, 2);
}

TEST_F(PackMatchTest, TheSameSerialTwiceInOneJobIsADuplicate) {
  JobMatch m = run({from(d1("S1"), "C-01-01"), from(d1("S1"), "C-01-01")});
  EXPECT_EQ(m.packs[0].outcome, PackOutcome::kMatched);
  EXPECT_EQ(m.packs[1].outcome, PackOutcome::kDuplicateSerial);
  EXPECT_EQ(m.lines[0].missing, 1);
}

TEST_F(PackMatchTest, MissingPacksAreCountedPerLine) {
  JobMatch m = run({from(d1("S1"), "C-01-01")});
  EXPECT_EQ(m.lines[0].missing, 1);
  EXPECT_EQ(m.lines[1].missing, 1);
  EXPECT_EQ(m.lines[1].planned, 1);
  EXPECT_FALSE(m.passed());
}

TEST_F(PackMatchTest, AnNmpaCodeTakesItsLotAndExpiryFromTheStockRecord) {
  JobMatch m = run({from("99000010000000011234", "C-01-01"), from("]C0"
                                                                  "99000010000000011234",
                                                                  "C-01-01")});
  EXPECT_EQ(m.packs[0].outcome, PackOutcome::kMatched) << m.packs[0].detail;
  EXPECT_EQ(m.packs[0].pack.drug, DrugCode("D0001"));
  EXPECT_EQ(m.packs[0].pack.lot, LotNo("L1"));
  EXPECT_EQ(m.packs[0].pack.expiry, ymd(2027, 12, 31));
  EXPECT_EQ(m.packs[0].pack.serial, "000000001");
  EXPECT_EQ(m.new_serials, std::vector<std::string>{"drug:D0001|000000001"});
  // The same pack read again, with its symbology identifier.
  EXPECT_EQ(m.packs[1].outcome, PackOutcome::kDuplicateSerial);
}

TEST_F(PackMatchTest, ACodeGoesToTheLineOfItsLot) {
  plan_.push_back(PlanLine{0, DrugCode("D0001"), LotNo("L3"), ymd(2028, 3, 31), LocationCode("C-03-01"), 1, 0});
  JobMatch m =
      match_codes({d1("S1", "L3", ymd(2028, 3, 31)), d1("S2")}, plan_, MatchContext{formulary_, today_, seen_});
  EXPECT_EQ(m.packs[0].outcome, PackOutcome::kMatched);
  EXPECT_EQ(m.packs[0].line, 2u);
  EXPECT_EQ(m.packs[1].line, 0u);
  EXPECT_EQ(m.lines[2].missing, 0);
  EXPECT_EQ(m.lines[0].missing, 1);
}

TEST_F(PackMatchTest, AForeignCodeInAPhotoIsAWrongDrugWithoutASuspect) {
  plan_.pop_back();
  JobMatch m = match_codes({d2("S1")}, plan_, MatchContext{formulary_, today_, seen_});
  EXPECT_EQ(m.packs[0].outcome, PackOutcome::kWrongDrug);
  EXPECT_EQ(
      m.packs[0].detail,
      "pack is D0002 阿司匹林肠溶片 (acetylsalicylic acid) enteric_coated_tablet 25 mg: no line of the plan is for it");
  EXPECT_FALSE(m.packs[0].line.has_value());
  EXPECT_TRUE(m.suspect_locations.empty());
  // Unreadable without a source: no line to charge it to.
  JobMatch unreadable = match_codes({"nonsense"}, plan_, MatchContext{formulary_, today_, seen_});
  EXPECT_EQ(unreadable.packs[0].outcome, PackOutcome::kUnreadable);
  EXPECT_FALSE(unreadable.packs[0].line.has_value());
}

TEST_F(PackMatchTest, AgainstAnEmptyPlanEveryPackIsWrong) {
  JobMatch m = match_codes({d1("S1")}, {}, MatchContext{formulary_, today_, seen_});
  EXPECT_EQ(m.packs[0].outcome, PackOutcome::kWrongDrug);
  EXPECT_EQ(m.packs[0].detail,
            "pack is D0001 阿司匹林肠溶片 (acetylsalicylic acid) enteric_coated_tablet 100 mg; the plan is empty");
  EXPECT_TRUE(match_codes({}, {}, MatchContext{formulary_, today_, seen_}).passed());
}

TEST_F(PackMatchTest, WrongDrugsFlagEachSourceOnce) {
  JobMatch m = run({from(d2("S1"), "C-01-01"), from(d2("S2"), "C-01-01"), from(d1("S3"), "C-02-01")});
  EXPECT_EQ(m.suspect_locations, (std::vector<LocationCode>{LocationCode("C-01-01"), LocationCode("C-02-01")}));
}

TEST(PackOutcome, HasAName) {
  EXPECT_EQ(pack_outcome_name(PackOutcome::kMatched), "matched");
  EXPECT_EQ(pack_outcome_name(PackOutcome::kWrongDrug), "wrong_drug");
  EXPECT_EQ(pack_outcome_name(PackOutcome::kWrongLot), "wrong_lot");
  EXPECT_EQ(pack_outcome_name(PackOutcome::kExpired), "expired");
  EXPECT_EQ(pack_outcome_name(PackOutcome::kDuplicateSerial), "duplicate_serial");
  EXPECT_EQ(pack_outcome_name(PackOutcome::kUnreadable), "unreadable");
  EXPECT_EQ(pack_outcome_name(PackOutcome::kExtra), "extra");
}

TEST(SerialKey, NamesThePack) {
  Pack gs1;
  gs1.gtin = "02000000000015";
  gs1.serial = "S1";
  EXPECT_EQ(serial_key(gs1), "02000000000015|S1");
  Pack nmpa;
  nmpa.drug = DrugCode("D0001");
  nmpa.serial = "000000001";
  EXPECT_EQ(serial_key(nmpa), "drug:D0001|000000001");
}

}  // namespace
}  // namespace rx
