// PrescriptionWriter: realistic canonical prescriptions (contracts.md) that
// intake accepts and review lets through: formulary drugs in whole packs,
// doses within the label, at most 7 days, no interacting or duplicate pair,
// and never more packs of a drug than the stock it was given holds.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "integration/demo_formulary.h"

namespace rx::test {

class PrescriptionWriter {
 public:
  // `available` maps a drug code to the packs that may be dispensed of it.
  PrescriptionWriter(std::vector<FormularyDrug> drugs, std::map<std::string, long long> available, uint32_t seed);

  // The next prescription, with 1 to 3 items of 1 to 3 packs each, issued at
  // `issued_at` (ISO 8601 with offset).
  nlohmann::json next(const std::string& prescription_no, const std::string& issued_at);
  // The drugs it may still choose from.
  size_t usable_drugs() const;

 private:
  bool fits(const FormularyDrug& drug, const std::vector<const FormularyDrug*>& chosen) const;
  nlohmann::json item(const FormularyDrug& drug, int packs);

  std::vector<FormularyDrug> drugs_;
  std::map<std::string, long long> available_;
  std::mt19937 rng_;
};

// `t` in the pharmacy's zone (Asia/Shanghai, UTC+8) as ISO 8601, to the second.
std::string shanghai_iso8601(std::chrono::system_clock::time_point t);
// The start of the Shanghai day that holds `t`.
std::chrono::system_clock::time_point shanghai_midnight(std::chrono::system_clock::time_point t);

}  // namespace rx::test
