// Micro-benchmarks of the per-prescription work of intake that does not touch
// the disk: reading and writing canonical JSON, and review (审方).
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include "interop/csv/formulary_csv.h"
#include "interop/json/bounded_json.h"
#include "interop/json/prescription_json.h"
#include "review/knowledge_base_parser.h"
#include "review/review.h"

namespace rx {
namespace {

// A three-item prescription of the shape intake_load posts.
constexpr const char* kPrescription = R"({
  "prescription_no": "MZ20261129-000123",
  "issued_at": "2026-11-29T09:12:00+08:00",
  "visit": {"type": "outpatient", "department": "心内科"},
  "patient": {"id": "P000123", "name": "张三", "sex": "M", "birth_date": "1958-04-02", "allergies": []},
  "prescriber": {"id": "D0012", "name": "李医生"},
  "diagnoses": [{"code": "I25.1", "text": "冠心病"}],
  "items": [
    {"drug": "D0001", "dose": {"value": 100, "unit": "mg"}, "route": "po", "frequency": "qd", "days": 7,
     "quantity": {"value": 1, "unit": "pack"}},
    {"drug": "D0019", "dose": {"value": 20, "unit": "mg"}, "route": "po", "frequency": "qd", "days": 7,
     "quantity": {"value": 2, "unit": "pack"}},
    {"drug": "D0022", "dose": {"value": 500, "unit": "mg"}, "route": "po", "frequency": "bid", "days": 7,
     "quantity": {"value": 1, "unit": "pack"}}
  ]
})";

// Five items of an 82-year-old with a penicillin allergy, which every rule of
// the knowledge base looks at and three interactions fire on: warfarin with
// aspirin and with ibuprofen, simvastatin with clarithromycin.
constexpr const char* kFiveItems = R"({
  "prescription_no": "MZ20261129-000124",
  "issued_at": "2026-11-29T09:12:00+08:00",
  "visit": {"type": "outpatient", "department": "心内科"},
  "patient": {"id": "P000124", "name": "李四", "sex": "F", "birth_date": "1944-04-02", "allergies": ["J01C"]},
  "prescriber": {"id": "D0012", "name": "李医生"},
  "diagnoses": [{"code": "I48", "text": "心房颤动"}],
  "items": [
    {"drug": "D0004", "dose": {"value": 2.5, "unit": "mg"}, "route": "po", "frequency": "qd", "days": 7,
     "quantity": {"value": 1, "unit": "pack"}},
    {"drug": "D0001", "dose": {"value": 100, "unit": "mg"}, "route": "po", "frequency": "qd", "days": 7,
     "quantity": {"value": 1, "unit": "pack"}},
    {"drug": "D0018", "dose": {"value": 20, "unit": "mg"}, "route": "po", "frequency": "qn", "days": 7,
     "quantity": {"value": 1, "unit": "pack"}},
    {"drug": "D0036", "dose": {"value": 250, "unit": "mg"}, "route": "po", "frequency": "bid", "days": 3,
     "quantity": {"value": 1, "unit": "pack"}},
    {"drug": "D0043", "dose": {"value": 300, "unit": "mg"}, "route": "po", "frequency": "bid", "days": 5,
     "quantity": {"value": 1, "unit": "pack"}}
  ]
})";

Instant received_at() { return parse_instant("2026-11-29T09:15:00+08:00", Zone::shanghai()).value(); }

Prescription sample() {
  auto doc = parse_json_bounded(kPrescription).value();
  return prescription_from_json(doc, Zone::shanghai(), received_at()).value();
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every file of data/knowledge, as the server loads them.
const KnowledgeBase& shipped_knowledge() {
  static const KnowledgeBase kb = [] {
    std::vector<KnowledgeFile> files;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(RXPRESS_SOURCE_DIR) + "/data/knowledge")) {
      if (entry.path().extension() == ".toml") {
        files.push_back(KnowledgeFile{entry.path().filename().string(), read_text(entry.path())});
      }
    }
    return parse_knowledge_base(files).value();
  }();
  return kb;
}

const Formulary& shipped_formulary() {
  static const Formulary formulary = [] {
    std::ifstream in(std::string(RXPRESS_SOURCE_DIR) + "/data/formulary.csv");
    std::stringstream text;
    text << in.rdbuf();
    return load_formulary_csv(text.str(), "formulary.csv").value();
  }();
  return formulary;
}

void BM_ParseJson(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(parse_json_bounded(kPrescription));
}
BENCHMARK(BM_ParseJson);

void BM_PrescriptionFromJson(benchmark::State& state) {
  auto doc = parse_json_bounded(kPrescription).value();
  Zone zone = Zone::shanghai();
  Instant at = received_at();
  for (auto _ : state) benchmark::DoNotOptimize(prescription_from_json(doc, zone, at));
}
BENCHMARK(BM_PrescriptionFromJson);

void BM_PrescriptionToJson(benchmark::State& state) {
  Prescription rx = sample();
  Zone zone = Zone::shanghai();
  for (auto _ : state) benchmark::DoNotOptimize(prescription_to_json(rx, zone).dump());
}
BENCHMARK(BM_PrescriptionToJson);

void BM_ReviewPrescription(benchmark::State& state) {
  Prescription rx = sample();
  const Formulary& formulary = shipped_formulary();
  ReviewContext ctx{received_at(), Zone::shanghai()};
  for (auto _ : state) benchmark::DoNotOptimize(review_prescription(rx, formulary, ctx));
}
BENCHMARK(BM_ReviewPrescription);

// Issue target: a median under 50 µs for a 5-item prescription against the full knowledge base.
void BM_ReviewFiveItemsFullKnowledgeBase(benchmark::State& state) {
  auto doc = parse_json_bounded(kFiveItems).value();
  Prescription rx = prescription_from_json(doc, Zone::shanghai(), received_at()).value();
  const Formulary& formulary = shipped_formulary();
  ReviewContext ctx{received_at(), Zone::shanghai(), &shipped_knowledge()};
  size_t findings = review_prescription(rx, formulary, ctx).size();
  if (findings != 3) state.SkipWithError("the sample no longer sets off its three interactions");
  for (auto _ : state) benchmark::DoNotOptimize(review_prescription(rx, formulary, ctx));
  state.counters["findings"] = static_cast<double>(findings);
}
BENCHMARK(BM_ReviewFiveItemsFullKnowledgeBase)->Repetitions(5)->ReportAggregatesOnly(true);

}  // namespace
}  // namespace rx

BENCHMARK_MAIN();
