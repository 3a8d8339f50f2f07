// The shipped formulary and the R4 resources under tests/fhir/, for the FHIR tests.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "core/drug.h"
#include "interop/csv/formulary_csv.h"

namespace rx::testing_fhir {

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline const Formulary& shipped_formulary() {
  static const Formulary formulary = [] {
    auto f = load_formulary_csv(read_text(RXPRESS_SOURCE_DIR "/data/formulary.csv"), "formulary.csv");
    EXPECT_TRUE(f.ok()) << f.status().to_string();
    return f.ok() ? std::move(f).value() : Formulary();
  }();
  return formulary;
}

// tests/fhir/<name>.json
inline nlohmann::json resource(const std::string& name) {
  return nlohmann::json::parse(read_text(RXPRESS_SOURCE_DIR "/tests/fhir/" + name + ".json"));
}

}  // namespace rx::testing_fhir
