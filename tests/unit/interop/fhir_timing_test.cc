#include "interop/fhir/fhir_timing.h"

#include <gtest/gtest.h>

#include "interop/fhir/operation_outcome.h"

namespace rx {
namespace {

using nlohmann::json;

std::optional<Frequency> frequency_of(const json& dosage) {
  auto f = frequency_from_dosage(dosage, "Dosage");
  EXPECT_TRUE(f.ok()) << f.status().to_string();
  return f.ok() ? *f : std::nullopt;
}

json repeat(int frequency, int period, const char* unit) {
  return {{"timing", {{"repeat", {{"frequency", frequency}, {"period", period}, {"periodUnit", unit}}}}}};
}

TEST(FhirTiming, EveryFrequencyRoundTrips) {
  for (Frequency f :
       {Frequency::kQd, Frequency::kBid, Frequency::kTid, Frequency::kQid, Frequency::kQn, Frequency::kQ6h,
        Frequency::kQ8h, Frequency::kQ12h, Frequency::kQw, Frequency::kPrn, Frequency::kSt}) {
    EXPECT_EQ(frequency_of(dosage_timing(f)), f) << frequency_code(f);
  }
}

TEST(FhirTiming, RepeatShapes) {
  EXPECT_EQ(frequency_of(repeat(2, 1, "d")), Frequency::kBid);
  EXPECT_EQ(frequency_of(repeat(1, 8, "h")), Frequency::kQ8h);
  EXPECT_EQ(frequency_of(repeat(1, 24, "h")), Frequency::kQd);
  EXPECT_EQ(frequency_of(repeat(1, 7, "d")), Frequency::kQw);
  json hs = repeat(1, 1, "d");
  hs["timing"]["repeat"]["when"] = {"HS"};
  EXPECT_EQ(frequency_of(hs), Frequency::kQn);
  EXPECT_EQ(frequency_of({{"timing", {{"repeat", {{"count", 1}}}}}}), Frequency::kSt);
}

TEST(FhirTiming, CodeByCodingOrText) {
  json coded = {{"timing", {{"code", {{"coding", {{{"system", "x"}, {"code", "TID"}}}}}}}}};
  EXPECT_EQ(frequency_of(coded), Frequency::kTid);
  EXPECT_EQ(frequency_of({{"timing", {{"code", {{"text", "q12h"}}}}}}), Frequency::kQ12h);
}

TEST(FhirTiming, AsNeededAndNoTiming) {
  EXPECT_EQ(frequency_of({{"asNeededBoolean", true}}), Frequency::kPrn);
  EXPECT_EQ(frequency_of({{"asNeededBoolean", false}}), std::nullopt);
  EXPECT_EQ(frequency_of(json::object()), std::nullopt);
}

TEST(FhirTiming, UnmappableTimingNamesTheElement) {
  auto f = frequency_from_dosage(repeat(1, 4, "h"), "X.dosageInstruction[0]");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().field(), "X.dosageInstruction[0].timing.repeat");
  EXPECT_EQ(issue_type(f.status()), "value");

  f = frequency_from_dosage({{"timing", {{"code", {{"text", "every other day"}}}}}}, "D");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().field(), "D.timing.code");

  f = frequency_from_dosage({{"timing", "daily"}}, "D");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(issue_type(f.status()), "structure");
}

}  // namespace
}  // namespace rx
