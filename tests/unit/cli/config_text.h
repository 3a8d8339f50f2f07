// Loading a serve configuration from text, for the tests of its tables.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include "cli/app_config.h"
#include "support/temp_dir.h"

namespace rx::cli {

// Writes `text` as rxpress.toml in a directory of the test's own, loads it,
// and removes the directory again.
inline Result<AppConfig> load_config_text(const std::string& text) {
  testing::TempDir dir;
  const std::filesystem::path path = dir.path() / "rxpress.toml";
  std::ofstream(path) << text;
  return load_app_config(path);
}

}  // namespace rx::cli
