// The shipped demo formulary (data/formulary.csv), read just far enough for
// the tests to write realistic prescriptions from it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace rx::test {

struct FormularyDrug {
  std::string code;       // D0001
  std::string atc;        // empty for Chinese patent medicines
  std::string form;       // tablet, capsule, inhaler, …
  std::string pack_unit;  // 盒, 瓶 or 支
  bool machine_ok = false;
  std::string controlled;  // none, psychotropic_2, …
  bool high_alert = false;
  std::optional<double> usual_single_dose;  // in dose_unit
  std::optional<double> max_daily_dose;     // in dose_unit
  std::string dose_unit;
};

// Every drug of the CSV at `path`; empty, with `error` set, if it cannot be read.
std::vector<FormularyDrug> load_demo_formulary(const std::filesystem::path& path, std::string& error);

}  // namespace rx::test
