// `rxpress review FILE` (contracts.md): canonical JSON, FHIR and HL7 input,
// detected by content; exit 0 without a blocking finding, 1 with one, 2 when
// the file cannot be read as any supported format.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "integration/command_output.h"
#include "support/temp_dir.h"

namespace {

using nlohmann::json;

// Its stdout is the JSON.
using Outcome = rx::testing::CommandOutput;

Outcome review(const std::filesystem::path& file) {
  return rx::testing::run_command(std::string("'") + RXPRESS_BINARY + "' review '" + file.string() +
                                  "' 2>/dev/null");
}

std::filesystem::path write(const rx::testing::TempDir& dir, const std::string& name, const std::string& text) {
  auto path = dir.path() / name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// Now in UTC, so that no prescription is reviewed as expired.
std::string utc_now(const char* format) {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}
std::string now_iso() { return utc_now("%Y-%m-%dT%H:%M:%S+00:00"); }
std::string now_hl7() { return utc_now("%Y%m%d%H%M%S+0000"); }

json canonical(const std::vector<std::string>& drugs) {
  json items = json::array();
  for (const auto& d : drugs) {
    items.push_back({{"drug", d}, {"route", "po"}, {"days", 5}, {"quantity", {{"value", 1}, {"unit", "pack"}}}});
  }
  return {{"prescription_no", "MZ-REVIEW-1"},
          {"issued_at", now_iso()},
          {"visit", {{"type", "outpatient"}, {"department", "心内科"}}},
          {"patient", {{"id", "P1"}, {"name", "张三"}, {"sex", "M"}, {"birth_date", "1960-01-01"}}},
          {"prescriber", {{"id", "D0012"}, {"name", "李医生"}}},
          {"items", items}};
}

std::vector<std::string> codes(const std::string& out) {
  std::vector<std::string> result;
  const json parsed = json::parse(out);  // kept: a range-for over a temporary's member would dangle
  for (const auto& f : parsed.at("findings")) result.push_back(f.at("code").get<std::string>());
  return result;
}

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

TEST(ReviewCommand, CanonicalJsonWithoutProblemsExitsZero) {
  rx::testing::TempDir dir;
  Outcome r = review(write(dir, "ok.json", canonical({"D0006"}).dump()));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_FALSE(contains(codes(r.out), "DDI")) << r.out;
}

TEST(ReviewCommand, CanonicalJsonWithAContraindicatedPairBlocks) {
  rx::testing::TempDir dir;
  // simvastatin + clarithromycin: DDI-001 in the knowledge base.
  Outcome r = review(write(dir, "ddi.json", canonical({"D0018", "D0036"}).dump()));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  auto found = json::parse(r.out).at("findings");
  bool ddi = false;
  for (const auto& f : found) {
    if (f.at("code") == "DDI") {
      ddi = true;
      EXPECT_EQ(f.at("severity"), "block");
      EXPECT_EQ(f.at("items"), json::array({0, 1}));
    }
  }
  EXPECT_TRUE(ddi) << r.out;
}

TEST(ReviewCommand, FhirMedicationRequestIsDetectedByResourceType) {
  rx::testing::TempDir dir;
  json mr = {{"resourceType", "MedicationRequest"},
             {"status", "active"},
             {"intent", "order"},
             {"identifier", {{{"value", "MZ-FHIR-1"}}}},
             {"subject", {{"identifier", {{"value", "P2"}}}}},
             {"authoredOn", now_iso()},
             {"medicationCodeableConcept", {{"coding", {{{"system", "urn:rxpress:formulary"}, {"code", "D0018"}}}}}},
             {"dispenseRequest", {{"quantity", {{"value", 1}, {"unit", "盒"}}}}}};
  Outcome ok = review(write(dir, "mr.json", mr.dump()));
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_TRUE(json::parse(ok.out).contains("findings"));

  mr["medicationCodeableConcept"]["coding"][0]["code"] = "NOT-A-DRUG";
  Outcome unknown = review(write(dir, "unknown.json", mr.dump()));
  EXPECT_EQ(unknown.exit_code, 1) << unknown.out;
  EXPECT_TRUE(contains(codes(unknown.out), "UNKNOWN_DRUG")) << unknown.out;
}

TEST(ReviewCommand, Hl7OrderIsDetectedByItsMshSegment) {
  rx::testing::TempDir dir;
  std::string ts = now_hl7();
  auto message = [&](const std::string& second_drug) {
    return "MSH|^~\\&|HIS|HOSP|RXPRESS|PHARM|" + ts + "||RDE^O11^RDE_O11|MSG-R1|P|2.5\r"
           "PID|||P3||王^五||19600101|M\r"
           "PV1||O|心内科\r"
           "ORC|NW|L1|||||||" + ts + "\r"
           "RXE|^QD^D5|D0018|20||mg|||||1|盒\r"
           "ORC|NW|L2|||||||" + ts + "\r"
           "RXE|^BID^D5|" + second_drug + "|250||mg|||||1|盒\r";
  };
  Outcome ddi = review(write(dir, "ddi.hl7", message("D0036")));
  EXPECT_EQ(ddi.exit_code, 1) << ddi.out;
  EXPECT_TRUE(contains(codes(ddi.out), "DDI")) << ddi.out;

  Outcome unknown = review(write(dir, "unknown.hl7", message("62756-017")));
  EXPECT_EQ(unknown.exit_code, 1) << unknown.out;
  EXPECT_TRUE(contains(codes(unknown.out), "UNKNOWN_DRUG")) << unknown.out;
}

TEST(ReviewCommand, UnreadableInputExitsTwoWithNothingOnStdout) {
  rx::testing::TempDir dir;
  for (const auto& [name, text] : std::vector<std::pair<std::string, std::string>>{
           {"garbage.txt", "not a prescription"},
           {"oru.hl7", "MSH|^~\\&|LAB|H|RX|P|20260101||ORU^R01|M1|P|2.5\rPID|||P1\r"},
           {"patient.json", R"({"resourceType":"Patient","id":"x"})"},
           {"empty.json", ""}}) {
    Outcome r = review(write(dir, name, text));
    EXPECT_EQ(r.exit_code, 2) << name << ": " << r.out;
    EXPECT_TRUE(r.out.empty()) << name << ": " << r.out;
  }
  Outcome missing = review(dir.path() / "no-such-file.json");
  EXPECT_EQ(missing.exit_code, 2);
}

}  // namespace
