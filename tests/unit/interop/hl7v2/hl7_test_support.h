// Shared pieces of the HL7 pharmacy-message tests: the shipped formulary,
// messages written one segment per line, and fixed instants.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>

#include "core/drug.h"
#include "core/time.h"
#include "interop/csv/formulary_csv.h"
#include "interop/hl7v2/inbound.h"
#include "unit/interop/csv/shipped_csv.h"

namespace rx::hl7::testing {

inline const Formulary& shipped_formulary() {
  static const Formulary formulary = [] {
    auto loaded = load_formulary_csv(testing_csv::shipped("formulary.csv"), "formulary.csv");
    EXPECT_TRUE(loaded.ok()) << loaded.status().to_string();
    return loaded.ok() ? *loaded : Formulary();
  }();
  return formulary;
}

// Segments joined with \r, as MLLP carries them.
inline std::string hl7(std::initializer_list<std::string_view> segments) {
  std::string out;
  for (std::string_view s : segments) {
    out += s;
    out += '\r';
  }
  return out;
}

inline Instant at(std::string_view iso) {
  auto t = parse_instant(iso, Zone::shanghai());
  EXPECT_TRUE(t.ok()) << iso;
  return t.ok() ? *t : Instant{};
}

inline Inbound read(std::string_view message) {
  return read_inbound(message, shipped_formulary(), Zone::shanghai());
}

// The NewOrder of an accepted message, or a failure naming the refusal.
inline const Prescription* new_order(const Inbound& in) {
  if (in.error) ADD_FAILURE() << in.error->code << " at " << in.error->location << ": " << in.error->text;
  if (!in.action) return nullptr;
  const auto* order = std::get_if<NewOrder>(&*in.action);
  EXPECT_NE(order, nullptr) << "the action is not a NewOrder";
  return order ? &order->rx : nullptr;
}

}  // namespace rx::hl7::testing
