// Prescriptions for review tests: a plain outpatient prescription issued on
// 2026-03-29 in Shanghai, and items built from the test formulary's drugs.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "core/prescription.h"
#include "review/review.h"
#include "unit/review/test_formulary.h"

namespace rx::testing {

inline Instant shanghai_time(std::string_view local) { return *parse_instant(local, Zone::shanghai()); }

// An item of `drug` with a dose, a frequency and days; a box as the quantity.
inline Item item_of(const Drug& drug, std::optional<Quantity> dose, std::optional<Frequency> frequency,
                    std::optional<int> days) {
  return Item{.drug = drug.code,
              .dose = dose,
              .route = "po",
              .frequency = frequency,
              .days = days,
              .quantity = Quantity::whole(1, Unit::kPack)};
}

// Metformin 500 mg tid for 7 days: within every rule.
inline Item plain_item() { return item_of(metformin(), qty("500", Unit::kMilligram), Frequency::kTid, 7); }

// An outpatient prescription for a 40-year-old, issued 2026-03-29 09:12 Shanghai time.
inline Prescription prescription_with(std::vector<Item> items) {
  Prescription rx;
  rx.prescription_no = "MZ20260329-000123";
  rx.issued_at = shanghai_time("2026-03-29T09:12:00+08:00");
  rx.patient.id = PatientId("P000123");
  rx.patient.name = "张三";
  rx.patient.birth_date = *parse_date("1986-01-15");
  rx.items = std::move(items);
  return rx;
}

// Reviewed at `local` Shanghai time (default: 48 minutes after issue).
inline ReviewContext review_at(std::string_view local = "2026-03-29T10:00:00+08:00") {
  return ReviewContext{.now = shanghai_time(local), .zone = Zone::shanghai()};
}

inline std::vector<Finding> review(const Prescription& rx, const ReviewContext& ctx = review_at()) {
  return review_prescription(rx, test_formulary(), ctx);
}

inline std::vector<Finding> with_code(const std::vector<Finding>& findings, std::string_view code) {
  std::vector<Finding> out;
  for (const auto& f : findings) {
    if (f.code == code) out.push_back(f);
  }
  return out;
}

}  // namespace rx::testing
