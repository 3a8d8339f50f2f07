// Micro-benchmarks of the per-prescription work of intake that does not touch
// the disk: reading and writing canonical JSON, and review (审方).
#include <fstream>
#include <sstream>
#include <string>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include "interop/csv/formulary_csv.h"
#include "interop/json/bounded_json.h"
#include "interop/json/prescription_json.h"
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

Instant received_at() { return parse_instant("2026-11-29T09:15:00+08:00", Zone::shanghai()).value(); }

Prescription sample() {
  auto doc = parse_json_bounded(kPrescription).value();
  return prescription_from_json(doc, Zone::shanghai(), received_at()).value();
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

}  // namespace
}  // namespace rx

BENCHMARK_MAIN();
