#include "simulation/scenario_data.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "interop/csv/formulary_csv.h"

namespace rx::simulation {

Result<Formulary> load_scenario_formulary(const Scenario& s, const std::filesystem::path& shipped_data_dir) {
  std::filesystem::path path = s.formulary_file.empty() ? shipped_data_dir / "formulary.csv" : s.formulary_file;
  std::error_code ec;
  std::ifstream in(path, std::ios::binary);
  if (!in || !std::filesystem::is_regular_file(path, ec)) {
    return Status::invalid(fmt::format("cannot read the formulary {}", path.string()), "formulary");
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto formulary = load_formulary_csv(text.str(), path.filename().string());
  if (!formulary.ok()) return Status::invalid(formulary.status().message(), "formulary");
  const auto& drugs = formulary->drugs();
  if (std::none_of(drugs.begin(), drugs.end(), [](const Drug& d) { return d.machine_ok; })) {
    return Status::invalid(fmt::format("{} has no machine-stockable drug (machine_ok = true): the channel machine "
                                       "and the pick robot would have nothing to dispense",
                                       path.string()),
                           "formulary");
  }
  return std::move(formulary).value();
}

}  // namespace rx::simulation
