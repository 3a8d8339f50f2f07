// PrescriptionGenerator: realistic outpatient prescriptions from the
// formulary, for the demo's synthetic HIS. Deterministic for a seed.
#pragma once

#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/drug.h"
#include "core/time.h"

namespace rx::cli {

struct GeneratorMix {
  double overdose_pct = 1.5;      // a daily dose above the label's maximum (DOSE_MAX)
  double long_supply_pct = 1.0;   // 10 days for an outpatient without a reason (MAX_DAYS)
};

class PrescriptionGenerator {
 public:
  PrescriptionGenerator(const Formulary& formulary, uint64_t seed, GeneratorMix mix = {});

  // "MZ20261129-000123"
  static std::string prescription_no(Date day, long long serial);
  // The canonical JSON of a new prescription, numbered `serial` on `day`.
  nlohmann::json next(Date day, long long serial, Instant issued_at, const Zone& zone);

 private:
  const Drug& pick_drug();
  int pick_items();
  int pick_packs();

  const Formulary& formulary_;
  std::mt19937_64 rng_;
  GeneratorMix mix_;
  std::vector<const Drug*> drugs_;    // in popularity order
  std::vector<double> cumulative_;    // Zipf(s = 1) weights, cumulative
};

}  // namespace rx::cli
