// The demo formulary shipped in data/, for the targets that resolve drug codes.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include "core/drug.h"
#include "interop/csv/formulary_csv.h"
#include "invariant.h"

namespace rx::fuzz {

// Loaded once; aborts when the shipped file cannot be read, since every input would then be refused.
inline const Formulary& shipped_formulary() {
  static const Formulary formulary = [] {
    std::ifstream in(std::string(RXPRESS_SOURCE_DIR) + "/data/formulary.csv", std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    auto loaded = load_formulary_csv(text.str(), "formulary.csv");
    RX_FUZZ_CHECK(loaded.ok(), "data/formulary.csv does not load");
    return std::move(loaded).value();
  }();
  return formulary;
}

}  // namespace rx::fuzz
