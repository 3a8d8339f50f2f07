// formulary.csv (columns as data/README.md lists them) -> Formulary.
#pragma once

#include <string_view>

#include "core/drug.h"
#include "core/result.h"

namespace rx {

// Reads the formulary. Any broken field rejects the whole file with
// "<file_name>:<line>:<column> (<name>): <reason>"; so do duplicate codes,
// GTINs or NMPA product codes and GTINs whose check digit is wrong.
Result<Formulary> load_formulary_csv(std::string_view text, std::string_view file_name);

}  // namespace rx
