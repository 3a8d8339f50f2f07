#include "integration/demo_formulary.h"

#include <fstream>
#include <map>

#include "support/csv_line.h"

namespace rx::test {
namespace {

std::optional<double> number(const std::string& text) {
  if (text.empty()) return std::nullopt;
  try {
    size_t used = 0;
    double value = std::stod(text, &used);
    if (used != text.size()) return std::nullopt;
    return value;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

std::vector<FormularyDrug> load_demo_formulary(const std::filesystem::path& path, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = "cannot read " + path.string();
    return {};
  }
  std::string line;
  std::getline(in, line);
  std::map<std::string, size_t> column;
  auto header = testing::split_csv_line(line);
  for (size_t i = 0; i < header.size(); ++i) column[header[i]] = i;
  for (const char* needed : {"code", "atc", "form", "pack_unit", "machine_ok", "controlled", "high_alert", "adult_usual_single_dose",
                             "adult_max_daily_dose", "dose_unit"}) {
    if (!column.count(needed)) {
      error = path.string() + " has no column '" + needed + "'";
      return {};
    }
  }
  std::vector<FormularyDrug> drugs;
  for (int line_no = 2; std::getline(in, line); ++line_no) {
    if (line.empty()) continue;
    auto fields = testing::split_csv_line(line);
    if (fields.size() != header.size()) {
      error = path.string() + ":" + std::to_string(line_no) + ": " + std::to_string(fields.size()) +
              " fields, expected " + std::to_string(header.size());
      return {};
    }
    FormularyDrug d;
    d.code = fields[column["code"]];
    d.atc = fields[column["atc"]];
    d.form = fields[column["form"]];
    d.pack_unit = fields[column["pack_unit"]];
    d.machine_ok = fields[column["machine_ok"]] == "true";
    d.controlled = fields[column["controlled"]];
    d.high_alert = fields[column["high_alert"]] == "true";
    d.usual_single_dose = number(fields[column["adult_usual_single_dose"]]);
    d.max_daily_dose = number(fields[column["adult_max_daily_dose"]]);
    d.dose_unit = fields[column["dose_unit"]];
    drugs.push_back(std::move(d));
  }
  if (drugs.empty()) error = path.string() + " lists no drugs";
  return drugs;
}

}  // namespace rx::test
