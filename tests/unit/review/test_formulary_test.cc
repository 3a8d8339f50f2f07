// Keeps the hand-built test drugs honest: each must equal its row in the shipped formulary.
#include "unit/review/test_formulary.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "support/csv_line.h"

namespace rx::testing {
namespace {

std::map<std::string, std::vector<std::string>> shipped_rows() {
  std::ifstream in(RXPRESS_SOURCE_DIR "/data/formulary.csv");
  std::map<std::string, std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    auto fields = split_csv_line(line);
    rows.emplace(fields[0], std::move(fields));
  }
  return rows;
}

void expect_dose(const std::string& amount, const std::string& unit, const std::optional<Quantity>& dose) {
  if (amount.empty()) {
    EXPECT_FALSE(dose.has_value());
    return;
  }
  ASSERT_TRUE(dose.has_value());
  auto u = parse_unit(unit);
  ASSERT_TRUE(u.ok()) << unit;
  auto expected = Quantity::parse(amount, *u);
  ASSERT_TRUE(expected.ok());
  EXPECT_EQ(*dose, *expected);
}

TEST(TestFormulary, EveryDrugEqualsItsRowInTheShippedFile) {
  auto rows = shipped_rows();
  ASSERT_EQ(rows.size(), 86u);
  for (const Drug& d : test_drugs()) {
    SCOPED_TRACE(d.code.value());
    auto it = rows.find(d.code.value());
    ASSERT_NE(it, rows.end());
    const auto& f = it->second;
    ASSERT_EQ(f.size(), 23u);
    EXPECT_EQ(f[1], d.name_zh);
    EXPECT_EQ(f[2], d.name_en);
    EXPECT_EQ(f[3], d.atc);
    EXPECT_EQ(f[4], d.form);
    EXPECT_EQ(f[5], d.strength);
    EXPECT_EQ(f[6], d.strength_unit);
    EXPECT_EQ(f[7], std::to_string(d.units_per_pack));
    EXPECT_EQ(f[8], unit_zh(d.pack_unit));
    EXPECT_EQ(f[9], d.gtin);
    EXPECT_EQ(f[10], d.nmpa_product_code);
    EXPECT_EQ(f[11], std::to_string(d.pack_w_mm));
    EXPECT_EQ(f[12], std::to_string(d.pack_h_mm));
    EXPECT_EQ(f[13], std::to_string(d.pack_d_mm));
    EXPECT_EQ(f[14], storage_name(d.storage));
    EXPECT_EQ(f[15], d.machine_ok ? "true" : "false");
    EXPECT_EQ(f[16], controlled_name(d.controlled));
    EXPECT_EQ(f[17], d.high_alert ? "true" : "false");
    EXPECT_EQ(f[18], d.lasa_group);
    expect_dose(f[19], f[21], d.adult_usual_single_dose);
    expect_dose(f[20], f[21], d.adult_max_daily_dose);
    EXPECT_EQ(f[22], d.max_daily_dose_source);
  }
}

}  // namespace
}  // namespace rx::testing
