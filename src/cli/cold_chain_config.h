// The [cold_chain] table of the TOML configuration: zones, sensors, alert
// timing and the thermometer file (docs/configuration.md).
#pragma once

#include <toml++/toml.h>

#include "cli/app_config.h"

namespace rx::cli {

// Reads `table` into config.pharmacy.cold_chain and the thermometer file
// settings; unknown keys and bad values are refused with the key's name.
Status read_cold_chain_table(const toml::table& table, AppConfig& config);

}  // namespace rx::cli
