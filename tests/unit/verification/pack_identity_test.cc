#include "verification/pack_identity.h"

#include <gtest/gtest.h>

namespace rx {
namespace {

const Date kExpiry = std::chrono::year(2027) / 12 / 31;

Formulary one_drug() {
  Drug d;
  d.code = DrugCode("D0001");
  d.gtin = "02000000000015";
  d.nmpa_product_code = "9900001";
  return Formulary({d});
}

TEST(PackIdentity, AGs1CodeNamesItsDrugLotExpiryAndSerial) {
  Formulary formulary = one_drug();
  std::string scanned = gs1_element_string("02000000000015", kExpiry, "L1", "SN7");
  auto id = identify_pack(scanned, formulary);
  ASSERT_TRUE(id.ok()) << id.status().to_string();
  ASSERT_NE(id->drug, nullptr);
  EXPECT_EQ(id->drug->code.value(), "D0001");
  EXPECT_EQ(id->code.kind, PackCode::Kind::kGs1);
  EXPECT_EQ(id->pack.drug.value(), "D0001");
  EXPECT_EQ(id->pack.code, scanned);
  EXPECT_EQ(id->pack.gtin, "02000000000015");
  EXPECT_EQ(id->pack.lot.value(), "L1");
  EXPECT_EQ(id->pack.expiry, kExpiry);
  EXPECT_EQ(id->pack.serial, "SN7");
}

TEST(PackIdentity, AnNmpaCodeNamesItsDrugAndSerialButNoLot) {
  Formulary formulary = one_drug();
  auto id = identify_pack("99000010000000421234", formulary);
  ASSERT_TRUE(id.ok()) << id.status().to_string();
  ASSERT_NE(id->drug, nullptr);
  EXPECT_EQ(id->pack.drug.value(), "D0001");
  EXPECT_EQ(id->pack.serial, "000000042");
  EXPECT_TRUE(id->pack.gtin.empty());
  EXPECT_TRUE(id->pack.lot.value().empty()) << "the stock record gives an NMPA pack its lot";
}

TEST(PackIdentity, AnUnknownProductHasNoDrugAndAnUnreadableCodeIsAnError) {
  Formulary formulary = one_drug();
  auto unknown = identify_pack(gs1_element_string("02000000000039", kExpiry, "X", "1"), formulary);
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->drug, nullptr);
  EXPECT_TRUE(unknown->pack.drug.value().empty());
  EXPECT_EQ(unknown->pack.gtin, "02000000000039");
  EXPECT_FALSE(identify_pack("not a code", formulary).ok());
}

}  // namespace
}  // namespace rx
