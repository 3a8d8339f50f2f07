// Drugs from the shipped data/formulary.csv, built by hand with the file's
// values (test_formulary_test.cc checks them against the file).
#pragma once

#include <string_view>
#include <vector>

#include "core/drug.h"
#include "core/quantity.h"

namespace rx::testing {

inline Quantity qty(std::string_view amount, Unit unit) { return *Quantity::parse(amount, unit); }

// D0001 阿司匹林肠溶片 100 mg, no maximum daily dose.
inline Drug aspirin_100() {
  return Drug{.code = DrugCode("D0001"),
              .name_zh = "阿司匹林肠溶片",
              .name_en = "acetylsalicylic acid",
              .atc = "B01AC06",
              .form = "enteric_coated_tablet",
              .strength = "100",
              .strength_unit = "mg",
              .units_per_pack = 30,
              .pack_unit = Unit::kPack,
              .gtin = "02000000000015",
              .nmpa_product_code = "9900001",
              .pack_w_mm = 93,
              .pack_h_mm = 60,
              .pack_d_mm = 22,
              .storage = Storage::kRoom,
              .machine_ok = true,
              .controlled = Controlled::kNone,
              .high_alert = false,
              .lasa_group = "LASA-01",
              .adult_usual_single_dose = qty("100", Unit::kMilligram)};
}

// D0022 盐酸二甲双胍片 500 mg tablet, 20 per box, max daily 2550 mg.
inline Drug metformin() {
  return Drug{.code = DrugCode("D0022"),
              .name_zh = "盐酸二甲双胍片",
              .name_en = "metformin",
              .atc = "A10BA02",
              .form = "tablet",
              .strength = "500",
              .strength_unit = "mg",
              .units_per_pack = 20,
              .pack_unit = Unit::kPack,
              .gtin = "02000000000220",
              .nmpa_product_code = "9900022",
              .pack_w_mm = 105,
              .pack_h_mm = 60,
              .pack_d_mm = 22,
              .storage = Storage::kRoom,
              .machine_ok = true,
              .controlled = Controlled::kNone,
              .high_alert = true,
              .adult_usual_single_dose = qty("500", Unit::kMilligram),
              .adult_max_daily_dose = qty("2550", Unit::kMilligram),
              .max_daily_dose_source = "label (CN)"};
}

// D0027 甘精胰岛素注射液 100 IU/mL pen (支), dosed per patient.
inline Drug insulin_glargine() {
  return Drug{.code = DrugCode("D0027"),
              .name_zh = "甘精胰岛素注射液",
              .name_en = "insulin glargine",
              .atc = "A10AE04",
              .form = "injection_pen",
              .strength = "100",
              .strength_unit = "IU/mL",
              .units_per_pack = 1,
              .pack_unit = Unit::kUnit,
              .gtin = "02000000000275",
              .nmpa_product_code = "9900027",
              .pack_w_mm = 175,
              .pack_h_mm = 32,
              .pack_d_mm = 27,
              .storage = Storage::kCold,
              .machine_ok = false,
              .controlled = Controlled::kNone,
              .high_alert = true};
}

// D0030 左甲状腺素钠片 50 µg tablet, no maximum daily dose.
inline Drug levothyroxine() {
  return Drug{.code = DrugCode("D0030"),
              .name_zh = "左甲状腺素钠片",
              .name_en = "levothyroxine sodium",
              .atc = "H03AA01",
              .form = "tablet",
              .strength = "50",
              .strength_unit = "µg",
              .units_per_pack = 100,
              .pack_unit = Unit::kPack,
              .gtin = "02000000000305",
              .nmpa_product_code = "9900030",
              .pack_w_mm = 100,
              .pack_h_mm = 62,
              .pack_d_mm = 34,
              .storage = Storage::kRoom,
              .machine_ok = true,
              .controlled = Controlled::kNone,
              .high_alert = false,
              .adult_usual_single_dose = qty("50", Unit::kMicrogram)};
}

// D0032 阿莫西林胶囊 250 mg capsule, 36 per box, max daily 4000 mg.
inline Drug amoxicillin() {
  return Drug{.code = DrugCode("D0032"),
              .name_zh = "阿莫西林胶囊",
              .name_en = "amoxicillin",
              .atc = "J01CA04",
              .form = "capsule",
              .strength = "250",
              .strength_unit = "mg",
              .units_per_pack = 36,
              .pack_unit = Unit::kPack,
              .gtin = "02000000000329",
              .nmpa_product_code = "9900032",
              .pack_w_mm = 110,
              .pack_h_mm = 62,
              .pack_d_mm = 30,
              .storage = Storage::kRoom,
              .machine_ok = true,
              .controlled = Controlled::kNone,
              .high_alert = false,
              .lasa_group = "LASA-07",
              .adult_usual_single_dose = qty("500", Unit::kMilligram),
              .adult_max_daily_dose = qty("4000", Unit::kMilligram),
              .max_daily_dose_source = "label (CN)"};
}

// D0080 复方丹参滴丸 27 mg pill, 180 per box; label daily dose 30 丸.
inline Drug danshen_pills() {
  return Drug{.code = DrugCode("D0080"),
              .name_zh = "复方丹参滴丸",
              .name_en = "Compound Danshen Dripping Pills (Fufang Danshen Diwan)",
              .atc = "",
              .form = "dropping_pill",
              .strength = "27",
              .strength_unit = "mg",
              .units_per_pack = 180,
              .pack_unit = Unit::kPack,
              .gtin = "02000000000800",
              .nmpa_product_code = "9900080",
              .pack_w_mm = 58,
              .pack_h_mm = 108,
              .pack_d_mm = 58,
              .storage = Storage::kRoom,
              .machine_ok = true,
              .controlled = Controlled::kNone,
              .high_alert = false,
              .adult_usual_single_dose = qty("10", Unit::kPill),
              .adult_max_daily_dose = qty("30", Unit::kPill),
              .max_daily_dose_source = "label (CN) daily dose"};
}

// D0082 连花清瘟胶囊 0.35 g capsule, 24 per box; label daily dose 12 粒.
inline Drug lianhua_capsules() {
  return Drug{.code = DrugCode("D0082"),
              .name_zh = "连花清瘟胶囊",
              .name_en = "Lianhua Qingwen Capsules",
              .atc = "",
              .form = "capsule",
              .strength = "0.35",
              .strength_unit = "g",
              .units_per_pack = 24,
              .pack_unit = Unit::kPack,
              .gtin = "02000000000824",
              .nmpa_product_code = "9900082",
              .pack_w_mm = 100,
              .pack_h_mm = 60,
              .pack_d_mm = 24,
              .storage = Storage::kRoom,
              .machine_ok = true,
              .controlled = Controlled::kNone,
              .high_alert = false,
              .adult_usual_single_dose = qty("4", Unit::kCapsule),
              .adult_max_daily_dose = qty("12", Unit::kCapsule),
              .max_daily_dose_source = "label (CN) daily dose"};
}

// D0086 急支糖浆 200 mL bottle (瓶); label daily dose 120 mL.
inline Drug jizhi_syrup() {
  return Drug{.code = DrugCode("D0086"),
              .name_zh = "急支糖浆",
              .name_en = "Jizhi Syrup",
              .atc = "",
              .form = "syrup",
              .strength = "200",
              .strength_unit = "mL",
              .units_per_pack = 1,
              .pack_unit = Unit::kBottle,
              .gtin = "02000000000862",
              .nmpa_product_code = "9900086",
              .pack_w_mm = 68,
              .pack_h_mm = 170,
              .pack_d_mm = 68,
              .storage = Storage::kCool,
              .machine_ok = false,
              .controlled = Controlled::kNone,
              .high_alert = false,
              .adult_usual_single_dose = qty("20", Unit::kMillilitre),
              .adult_max_daily_dose = qty("120", Unit::kMillilitre),
              .max_daily_dose_source = "label (CN) daily dose"};
}

inline std::vector<Drug> test_drugs() {
  return {aspirin_100(), metformin(),     insulin_glargine(), levothyroxine(),
          amoxicillin(), danshen_pills(), lianhua_capsules(), jizhi_syrup()};
}

inline Formulary test_formulary() { return Formulary(test_drugs()); }

}  // namespace rx::testing
