#include "interop/fhir/fhir_dispense_search.h"

#include <gtest/gtest.h>

#include "interop/fhir/operation_outcome.h"

namespace rx {
namespace {

using nlohmann::json;
using Query = std::vector<std::pair<std::string, std::string>>;

const Zone kZone = Zone::shanghai();

json dispense(const std::string& id, const std::string& status, const std::string& patient,
              std::optional<std::string> handed_over) {
  json md = {{"resourceType", "MedicationDispense"},
             {"id", id},
             {"status", status},
             {"subject", {{"identifier", {{"value", patient}}}}}};
  if (handed_over) md["whenHandedOver"] = *handed_over;
  return md;
}

bool matches(const Query& q, const json& md) {
  auto search = parse_dispense_search(q, kZone);
  EXPECT_TRUE(search.ok()) << search.status().to_string();
  return search.ok() && dispense_matches(*search, md, kZone);
}

Status error_of(const Query& q) {
  auto search = parse_dispense_search(q, kZone);
  EXPECT_FALSE(search.ok());
  return search.ok() ? Status() : search.status();
}

const json kHanded = dispense("12-1", "completed", "P000123", "2026-03-29T10:05:00+08:00");

TEST(FhirDispenseSearch, NoParametersMatchEverything) { EXPECT_TRUE(matches({}, kHanded)); }

TEST(FhirDispenseSearch, Prescription) {
  EXPECT_TRUE(matches({{"prescription", "12-1"}}, kHanded));
  EXPECT_TRUE(matches({{"prescription", "MedicationRequest/12-1"}}, kHanded));
  EXPECT_FALSE(matches({{"prescription", "12-2"}}, kHanded));
  EXPECT_FALSE(matches({{"prescription", "13-1"}}, kHanded));
  auto search = parse_dispense_search({{"prescription", "12-2"}}, kZone);
  ASSERT_TRUE(search.ok());
  EXPECT_EQ(search->prescription, PrescriptionId(12));
  EXPECT_EQ(search->item, 1u);
}

TEST(FhirDispenseSearch, Patient) {
  EXPECT_TRUE(matches({{"patient", "P000123"}}, kHanded));
  EXPECT_TRUE(matches({{"patient", "urn:oid:1.2.3|P000123"}}, kHanded));
  EXPECT_FALSE(matches({{"patient", "P000124"}}, kHanded));
}

TEST(FhirDispenseSearch, StatusIsAnyOf) {
  EXPECT_TRUE(matches({{"status", "completed"}}, kHanded));
  EXPECT_TRUE(matches({{"status", "declined,completed"}}, kHanded));
  EXPECT_FALSE(matches({{"status", "declined"}}, kHanded));
}

TEST(FhirDispenseSearch, WhenHandedOverWithPrefixes) {
  EXPECT_TRUE(matches({{"whenhandedover", "2026-03-29"}}, kHanded));
  EXPECT_TRUE(matches({{"whenhandedover", "eq2026-03-29"}}, kHanded));
  EXPECT_FALSE(matches({{"whenhandedover", "ne2026-03-29"}}, kHanded));
  EXPECT_TRUE(matches({{"whenhandedover", "ge2026-03-29"}}, kHanded));
  EXPECT_TRUE(matches({{"whenhandedover", "le2026-03-29"}}, kHanded));
  EXPECT_FALSE(matches({{"whenhandedover", "gt2026-03-29"}}, kHanded));
  EXPECT_FALSE(matches({{"whenhandedover", "lt2026-03-29"}}, kHanded));
  EXPECT_TRUE(matches({{"whenhandedover", "gt2026-03-28"}}, kHanded));
  EXPECT_TRUE(matches({{"whenhandedover", "lt2026-03-30"}}, kHanded));
  // A range is two parameters that must both hold.
  EXPECT_TRUE(matches(
      {{"whenhandedover", "ge2026-03-29T10:00:00+08:00"}, {"whenhandedover", "lt2026-03-29T10:10:00+08:00"}}, kHanded));
  EXPECT_FALSE(matches({{"whenhandedover", "gt2026-03-29T10:05:00+08:00"}}, kHanded));
  EXPECT_TRUE(matches({{"whenhandedover", "eq2026-03-29T02:05:00Z"}}, kHanded));
  // The local day: 2026-03-29T01:00+08:00 is still 2026-03-28 in UTC.
  json early = dispense("12-1", "completed", "P000123", "2026-03-29T01:00:00+08:00");
  EXPECT_TRUE(matches({{"whenhandedover", "2026-03-29"}}, early));
}

TEST(FhirDispenseSearch, NotHandedOverMatchesNoDate) {
  json declined = dispense("12-1", "declined", "P000123", std::nullopt);
  EXPECT_FALSE(matches({{"whenhandedover", "ge2000-01-01"}}, declined));
  EXPECT_TRUE(matches({{"status", "declined"}}, declined));
}

TEST(FhirDispenseSearch, UnknownParameterIsRefused) {
  Status s = error_of({{"subject", "P000123"}});
  EXPECT_EQ(s.field(), "subject");
  EXPECT_EQ(issue_type(s), "not-supported");
  EXPECT_FALSE(is_unprocessable(s));
  EXPECT_EQ(error_of({{"status:not", "completed"}}).field(), "status:not");
}

TEST(FhirDispenseSearch, MalformedValuesAreRefused) {
  EXPECT_EQ(error_of({{"status", "done"}}).field(), "status");
  EXPECT_EQ(error_of({{"status", "completed,"}}).field(), "status");
  EXPECT_EQ(error_of({{"prescription", "12"}}).field(), "prescription");
  EXPECT_EQ(error_of({{"prescription", "Patient/12-1"}}).field(), "prescription");
  EXPECT_EQ(error_of({{"patient", "sys|"}}).field(), "patient");
  EXPECT_EQ(error_of({{"whenhandedover", "ge2026-13-01"}}).field(), "whenhandedover");
  EXPECT_EQ(error_of({{"whenhandedover", "sa2026-03-01"}}).field(), "whenhandedover");
  EXPECT_EQ(issue_type(error_of({{"status", "done"}})), "invalid");
}

}  // namespace
}  // namespace rx
