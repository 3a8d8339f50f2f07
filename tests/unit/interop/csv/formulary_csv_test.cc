#include "interop/csv/formulary_csv.h"

#include <gtest/gtest.h>

#include "unit/interop/csv/shipped_csv.h"

namespace rx {
namespace {

using testing_csv::join;
using testing_csv::shipped;
using testing_csv::split;
using testing_csv::with_field;
using testing_csv::with_line;

// Column numbers in the shipped header, for readable edits.
constexpr int kCode = 1, kNameZh = 2, kAtc = 4, kForm = 5, kStrength = 6, kUnitsPerPack = 8, kPackUnit = 9, kGtin = 10,
              kNmpa = 11, kPackD = 14, kStorage = 15, kMachineOk = 16, kControlled = 17, kHighAlert = 18,
              kUsualDose = 20, kMaxDose = 21, kDoseUnit = 22;

std::string load_error(const std::string& text) {
  auto f = load_formulary_csv(text, "formulary.csv");
  return f.ok() ? std::string("(accepted)") : f.status().message();
}

TEST(FormularyCsv, LoadsTheShippedFormulary) {
  auto f = load_formulary_csv(shipped("formulary.csv"), "formulary.csv");
  ASSERT_TRUE(f.ok()) << f.status().to_string();
  EXPECT_EQ(f->size(), 86u);

  const Drug* aspirin = f->find(DrugCode("D0001"));
  ASSERT_NE(aspirin, nullptr);
  EXPECT_EQ(aspirin->name_zh, "阿司匹林肠溶片");
  EXPECT_EQ(aspirin->name_en, "acetylsalicylic acid");
  EXPECT_EQ(aspirin->atc, "B01AC06");
  EXPECT_EQ(aspirin->form, "enteric_coated_tablet");
  EXPECT_EQ(aspirin->strength, "100");
  EXPECT_EQ(aspirin->strength_unit, "mg");
  EXPECT_EQ(aspirin->units_per_pack, 30);
  EXPECT_EQ(aspirin->pack_unit, Unit::kPack);
  EXPECT_EQ(aspirin->gtin, "02000000000015");
  EXPECT_EQ(aspirin->nmpa_product_code, "9900001");
  EXPECT_EQ(aspirin->pack_w_mm, 93);
  EXPECT_EQ(aspirin->pack_h_mm, 60);
  EXPECT_EQ(aspirin->pack_d_mm, 22);
  EXPECT_EQ(aspirin->storage, Storage::kRoom);
  EXPECT_TRUE(aspirin->machine_ok);
  EXPECT_EQ(aspirin->controlled, Controlled::kNone);
  EXPECT_FALSE(aspirin->high_alert);
  EXPECT_EQ(aspirin->lasa_group, "LASA-01");
  EXPECT_EQ(aspirin->adult_usual_single_dose, Quantity::whole(100, Unit::kMilligram));
  EXPECT_FALSE(aspirin->adult_max_daily_dose.has_value());
  EXPECT_EQ(aspirin->max_daily_dose_source, "");

  const Drug* warfarin = f->find_by_gtin("02000000000046");
  ASSERT_NE(warfarin, nullptr);
  EXPECT_EQ(warfarin->code.value(), "D0004");
  EXPECT_TRUE(warfarin->high_alert);
  EXPECT_EQ(warfarin->adult_usual_single_dose, *Quantity::parse("2.5", Unit::kMilligram));

  const Drug* paracetamol = f->find(DrugCode("D0048"));  // a quoted field with a comma
  ASSERT_NE(paracetamol, nullptr);
  EXPECT_EQ(paracetamol->max_daily_dose_source, "label (CN, OTC)");
  EXPECT_EQ(paracetamol->adult_max_daily_dose, Quantity::whole(2000, Unit::kMilligram));

  const Drug* probiotic = f->find(DrugCode("D0058"));
  ASSERT_NE(probiotic, nullptr);
  EXPECT_EQ(probiotic->name_en, "bifidobacterium, lactobacillus and enterococcus (live)");
  EXPECT_EQ(probiotic->storage, Storage::kCold);
  EXPECT_EQ(probiotic->adult_usual_single_dose, Quantity::whole(2, Unit::kCapsule));

  const Drug* glargine = f->find(DrugCode("D0027"));
  ASSERT_NE(glargine, nullptr);
  EXPECT_EQ(glargine->pack_unit, Unit::kUnit);
  EXPECT_FALSE(glargine->adult_usual_single_dose.has_value());

  const Drug* morphine = f->find(DrugCode("D0050"));
  ASSERT_NE(morphine, nullptr);
  EXPECT_EQ(morphine->controlled, Controlled::kNarcotic);
  EXPECT_FALSE(morphine->machine_ok);

  const Drug* alprazolam = f->find_by_nmpa("9900069");
  ASSERT_NE(alprazolam, nullptr);
  EXPECT_EQ(alprazolam->controlled, Controlled::kPsychotropic2);
  EXPECT_EQ(alprazolam->adult_max_daily_dose, Quantity::whole(4, Unit::kMilligram));

  int without_atc = 0;
  for (const auto& d : f->drugs()) without_atc += d.atc.empty();
  EXPECT_EQ(without_atc, 7);  // the 中成药
}

TEST(FormularyCsv, AcceptsCrlfAndAByteOrderMark) {
  std::string converted = "\xEF\xBB\xBF";
  for (char c : shipped("formulary.csv")) {
    if (c == '\n') converted += '\r';
    converted += c;
  }
  auto f = load_formulary_csv(converted, "formulary.csv");
  ASSERT_TRUE(f.ok()) << f.status().to_string();
  EXPECT_EQ(f->size(), 86u);
  EXPECT_EQ(f->drugs().front().code.value(), "D0001");  // no BOM bytes left in the first code
  EXPECT_EQ(f->find(DrugCode("D0048"))->max_daily_dose_source, "label (CN, OTC)");  // no CR left at line ends
}

TEST(FormularyCsv, AcceptsColumnsInAnyOrder) {
  auto lines = split(shipped("formulary.csv"), '\n');
  std::string text;
  for (const auto& l : lines) {
    if (l.empty() || l.find('"') != std::string::npos) continue;  // keep the swap simple
    auto fields = split(l, ',');
    std::swap(fields[kCode - 1], fields[kDoseUnit - 1]);
    text += join(fields, ',') + "\n";
  }
  auto f = load_formulary_csv(text, "formulary.csv");
  ASSERT_TRUE(f.ok()) << f.status().to_string();
  EXPECT_EQ(f->size(), 82u);
  EXPECT_EQ(f->find(DrugCode("D0001"))->adult_usual_single_dose, Quantity::whole(100, Unit::kMilligram));
}

TEST(FormularyCsv, LocatesABadBoolean) {
  EXPECT_EQ(load_error(with_field(shipped("formulary.csv"), 12, kMachineOk, "yes")),
            "formulary.csv:12:16 (machine_ok): expected true or false, found 'yes'");
  EXPECT_EQ(load_error(with_field(shipped("formulary.csv"), 5, kHighAlert, "TRUE")),
            "formulary.csv:5:18 (high_alert): expected true or false, found 'TRUE'");
}

TEST(FormularyCsv, RefusesAMissingColumn) {
  // Drop high_alert from every line.
  auto lines = split(shipped("formulary.csv"), '\n');
  std::string text;
  for (const auto& l : lines) {
    if (l.empty() || l.find('"') != std::string::npos) continue;
    auto fields = split(l, ',');
    fields.erase(fields.begin() + (kHighAlert - 1));
    text += join(fields, ',') + "\n";
  }
  EXPECT_EQ(load_error(text), "formulary.csv:1: missing column 'high_alert'");
}

TEST(FormularyCsv, RefusesUnexpectedAndDuplicateColumns) {
  std::string text = shipped("formulary.csv");
  EXPECT_EQ(load_error(with_field(text, 1, kMachineOk, "machine-ok")),
            "formulary.csv:1:16: unexpected column 'machine-ok'");
  EXPECT_EQ(load_error(with_field(text, 1, kMachineOk, "high_alert")),
            "formulary.csv:1:18: duplicate column 'high_alert'");
}

TEST(FormularyCsv, ReadsAQuotedCommaAsOneField) {
  // Still 23 fields, so the error is about the value, not the shape.
  EXPECT_EQ(load_error(with_field(shipped("formulary.csv"), 5, kUnitsPerPack, "\"3,0\"")),
            "formulary.csv:5:8 (units_per_pack): expected a whole number from 1 to 10000, found '3,0'");
  // Unquoted, the comma makes a 24th field.
  EXPECT_EQ(load_error(with_field(shipped("formulary.csv"), 5, kUnitsPerPack, "3,0")),
            "formulary.csv:5: expected 23 fields, found 24");
}

TEST(FormularyCsv, RefusesDuplicates) {
  std::string text = shipped("formulary.csv");
  EXPECT_EQ(load_error(with_field(text, 20, kCode, "D0001")),
            "formulary.csv:20:1 (code): duplicate 'D0001', first on line 2");
  EXPECT_EQ(load_error(with_field(text, 30, kGtin, "02000000000015")),
            "formulary.csv:30:10 (gtin): duplicate '02000000000015', first on line 2");
  EXPECT_EQ(load_error(with_field(text, 4, kNmpa, "9900001")),
            "formulary.csv:4:11 (nmpa_product_code): duplicate '9900001', first on line 2");
}

TEST(FormularyCsv, VerifiesGtinCheckDigits) {
  std::string text = shipped("formulary.csv");
  EXPECT_EQ(load_error(with_field(text, 3, kGtin, "02000000000023")),
            "formulary.csv:3:10 (gtin): GTIN check digit is wrong, found '02000000000023'");
  EXPECT_EQ(load_error(with_field(text, 3, kGtin, "2000000000022")),
            "formulary.csv:3:10 (gtin): expected a GTIN-14 (14 digits), found '2000000000022'");
}

TEST(FormularyCsv, LocatesBadValues) {
  std::string text = shipped("formulary.csv");
  struct Case {
    int line, column;
    std::string value, message;
  };
  const Case cases[] = {
      {2, kCode, "", "formulary.csv:2:1 (code): expected letters, digits, '-' or '_' (1 to 32), found ''"},
      {2, kNameZh, "", "formulary.csv:2:2 (name_zh): must not be empty"},
      {2, kAtc, "B01AC6", "formulary.csv:2:4 (atc): expected a 7-character ATC code or nothing, found 'B01AC6'"},
      {2, kForm, "pill", "formulary.csv:2:5 (form): expected a dosage form listed in data/README.md, found 'pill'"},
      {2, kStrength, "abc", "formulary.csv:2:6 (strength): expected a positive decimal number, found 'abc'"},
      {2, kUnitsPerPack, "0", "formulary.csv:2:8 (units_per_pack): expected a whole number from 1 to 10000, found '0'"},
      {2, kPackUnit, "袋", "formulary.csv:2:9 (pack_unit): expected 盒, 瓶 or 支, found '袋'"},
      {2, kNmpa, "990001", "formulary.csv:2:11 (nmpa_product_code): expected 7 digits, found '990001'"},
      {2, kPackD, "-3", "formulary.csv:2:14 (pack_d_mm): expected a whole number from 1 to 1000, found '-3'"},
      {2, kStorage, "frozen", "formulary.csv:2:15 (storage): expected one of room, cool, cold, found 'frozen'"},
      {2, kControlled, "opioid",
       "formulary.csv:2:17 (controlled): expected one of none, psychotropic_2, psychotropic_1, narcotic, toxic, "
       "found 'opioid'"},
      {2, kUsualDose, "0",
       "formulary.csv:2:20 (adult_usual_single_dose): expected a positive decimal number or nothing, found '0'"},
      {2, kMaxDose, "1e3",
       "formulary.csv:2:21 (adult_max_daily_dose): expected a positive decimal number or nothing, found '1e3'"},
      {2, kDoseUnit, "grain",
       "formulary.csv:2:22 (dose_unit): expected a unit such as mg, µg, IU, mL, 片 or 粒, found 'grain'"},
      {2, kDoseUnit, "", "formulary.csv:2:22 (dose_unit): must be given when adult_usual_single_dose is"},
      {2, kControlled, "narcotic", "formulary.csv:2:16 (machine_ok): a controlled drug must be false (locked storage)"},
      {2, kStorage, "cold", "formulary.csv:2:16 (machine_ok): a cold-chain drug must be false (refrigerated storage)"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(load_error(with_field(text, c.line, c.column, c.value)), c.message);
  }
}

TEST(FormularyCsv, RefusesBrokenFiles) {
  std::string text = shipped("formulary.csv");
  EXPECT_EQ(load_error(""), "formulary.csv: empty file, expected a header row");
  EXPECT_EQ(load_error(split(text, '\n')[0] + "\n"), "formulary.csv: no drugs after the header row");
  EXPECT_EQ(load_error(with_line(text, 7, "D0006,x")), "formulary.csv:7: expected 23 fields, found 2");
  EXPECT_EQ(load_error(with_field(text, 87, kNameZh, "\"unclosed")), "formulary.csv:87:2: quoted field is not closed");
  // A quote left open runs on to the next quote in the file; the error says where it began.
  EXPECT_EQ(load_error(with_field(text, 7, kNameZh, "\"unclosed")),
            "formulary.csv:49:2: unexpected 'l' after the closing quote of the field opened on line 7");
}

}  // namespace
}  // namespace rx
