// The shipped formulary, for the simulation's tests.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/drug.h"
#include "interop/csv/formulary_csv.h"

namespace rx::simulation::testing {

inline const Formulary& shipped_formulary() {
  static const Formulary formulary = [] {
    std::ifstream in(RXPRESS_SOURCE_DIR "/data/formulary.csv", std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    auto f = load_formulary_csv(text.str(), "formulary.csv");
    EXPECT_TRUE(f.ok()) << f.status().to_string();
    return f.ok() ? std::move(f).value() : Formulary{};
  }();
  return formulary;
}

}  // namespace rx::simulation::testing
