#include "interop/fhir/fhir_quantity.h"

#include <gtest/gtest.h>

namespace rx {
namespace {

using nlohmann::json;

TEST(FhirQuantity, UnitTextPrefersTheUcumCode) {
  EXPECT_EQ(fhir_unit_text({{"unit", "IU"}, {"system", "http://unitsofmeasure.org"}, {"code", "[iU]"}}), "IU");
  EXPECT_EQ(fhir_unit_text({{"unit", "盒"}, {"system", "http://unitsofmeasure.org"}, {"code", "{pack}"}}), "pack");
  EXPECT_EQ(fhir_unit_text({{"unit", "milligram"}, {"system", "http://unitsofmeasure.org"}, {"code", "mg"}}), "mg");
  EXPECT_EQ(fhir_unit_text({{"system", "http://terminology.hl7.org/CodeSystem/v3-orderableDrugForm"}, {"code", "CAP"}}),
            "capsule");
  EXPECT_EQ(fhir_unit_text({{"unit", "片"}, {"system", "urn:local"}, {"code", "T"}}), "片");
  EXPECT_EQ(fhir_unit_text({{"code", "mL"}}), "mL");
  EXPECT_EQ(fhir_unit_text({{"value", 1}}), std::nullopt);
}

TEST(FhirQuantity, WritesUcum) {
  json q = fhir_quantity(*Quantity::parse("2.5", Unit::kMilligram));
  EXPECT_EQ(q, json({{"value", 2.5}, {"unit", "mg"}, {"system", "http://unitsofmeasure.org"}, {"code", "mg"}}));
  EXPECT_EQ(fhir_quantity(Quantity::whole(50, Unit::kMicrogram))["code"], "ug");
  EXPECT_EQ(fhir_quantity(Quantity::whole(10, Unit::kIU))["code"], "[iU]");
  json tablets = fhir_quantity(Quantity::whole(2, Unit::kTablet));
  EXPECT_EQ(tablets["code"], "{tablet}");
  EXPECT_TRUE(tablets["value"].is_number_integer());
}

TEST(FhirQuantity, EveryUnitRoundTrips) {
  for (Unit u : {Unit::kGram, Unit::kMilligram, Unit::kMicrogram, Unit::kMillilitre, Unit::kIU, Unit::kU,
                 Unit::kPercent, Unit::kTablet, Unit::kCapsule, Unit::kPill, Unit::kSachet, Unit::kPuff, Unit::kUnit,
                 Unit::kBottle, Unit::kPack}) {
    auto text = fhir_unit_text(fhir_quantity(Quantity::whole(1, u)));
    ASSERT_TRUE(text.has_value());
    auto parsed = parse_unit(*text);
    ASSERT_TRUE(parsed.ok()) << *text;
    EXPECT_EQ(*parsed, u) << *text;
  }
}

}  // namespace
}  // namespace rx
