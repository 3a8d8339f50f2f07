// The shipped formulary and knowledge base, read by the tests themselves: review links no CSV
// reader and does no I/O, so these stand in for what the command line loads at start.
#pragma once

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/drug.h"
#include "core/prescription.h"
#include "review/knowledge_base_parser.h"
#include "review/review.h"
#include "support/csv_line.h"
#include "unit/review/test_prescription.h"

namespace rx::testing {

inline std::string file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline Controlled controlled_of(const std::string& name) {
  if (name == "psychotropic_2") return Controlled::kPsychotropic2;
  if (name == "psychotropic_1") return Controlled::kPsychotropic1;
  if (name == "narcotic") return Controlled::kNarcotic;
  if (name == "toxic") return Controlled::kToxic;
  return Controlled::kNone;
}

// data/formulary.csv with the columns review uses.
inline const Formulary& shipped_formulary() {
  static const Formulary formulary = [] {
    std::istringstream in(file_text(RXPRESS_SOURCE_DIR "/data/formulary.csv"));
    std::vector<Drug> drugs;
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      auto f = split_csv_line(line);
      Drug d{.code = DrugCode(f[0]),
             .name_zh = f[1],
             .name_en = f[2],
             .atc = f[3],
             .form = f[4],
             .strength = f[5],
             .strength_unit = f[6],
             .units_per_pack = std::stoi(f[7]),
             .pack_unit = *parse_unit(f[8]),
             .gtin = f[9],
             .controlled = controlled_of(f[16]),
             .high_alert = f[17] == "true",
             .lasa_group = f[18]};
      if (!f[20].empty()) d.adult_max_daily_dose = *Quantity::parse(f[20], *parse_unit(f[21]));
      d.max_daily_dose_source = f[22];
      drugs.push_back(std::move(d));
    }
    return Formulary(std::move(drugs));
  }();
  return formulary;
}

inline std::vector<KnowledgeFile> shipped_knowledge_files() {
  std::vector<std::filesystem::path> paths;
  for (const auto& e : std::filesystem::directory_iterator(RXPRESS_SOURCE_DIR "/data/knowledge")) {
    if (e.path().extension() == ".toml") paths.push_back(e.path());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<KnowledgeFile> files;
  for (const auto& p : paths) files.push_back({p.filename().string(), file_text(p)});
  return files;
}

inline const KnowledgeBase& shipped_knowledge() {
  static const KnowledgeBase kb = [] {
    auto parsed = parse_knowledge_base(shipped_knowledge_files());
    if (!parsed.ok()) ADD_FAILURE() << parsed.status().message();
    return parsed.ok() ? *parsed : KnowledgeBase{};
  }();
  return kb;
}

inline const Drug& shipped(std::string_view code) {
  const Drug* d = shipped_formulary().find(DrugCode(std::string(code)));
  if (d == nullptr) ADD_FAILURE() << "no drug " << code << " in data/formulary.csv";
  return *d;
}

// An item of the shipped drug `code`: `dose` in `unit`, `frequency`, 7 days.
inline Item shipped_item(std::string_view code, std::string_view dose, Unit unit, Frequency frequency = Frequency::kQd,
                         int days = 7) {
  return item_of(shipped(code), qty(dose, unit), frequency, days);
}

// The whole review against the shipped formulary and knowledge base.
inline std::vector<Finding> review_with_knowledge(const Prescription& rx, const Formulary& formulary = shipped_formulary(),
                                                  const KnowledgeBase& kb = shipped_knowledge()) {
  ReviewContext ctx = review_at();
  ctx.knowledge = &kb;
  return review_prescription(rx, formulary, ctx);
}

// The shipped formulary plus `extra`: drugs that only the ATC classes of the knowledge base know.
inline Formulary formulary_with(const std::vector<Drug>& extra) {
  std::vector<Drug> drugs = shipped_formulary().drugs();
  drugs.insert(drugs.end(), extra.begin(), extra.end());
  return Formulary(std::move(drugs));
}

// A drug that is not in the shipped formulary: a tablet of `strength` mg with ATC `atc`.
inline Drug new_drug(std::string code, std::string name, std::string atc, std::string strength = "10") {
  return Drug{.code = DrugCode(std::move(code)),
              .name_en = std::move(name),
              .atc = std::move(atc),
              .form = "tablet",
              .strength = std::move(strength),
              .strength_unit = "mg",
              .units_per_pack = 20,
              .pack_unit = Unit::kPack};
}

// A patient of `years` on the issue day (2026-03-29), born on 1 January.
inline void set_age(Prescription& rx, int years) {
  rx.patient.birth_date = *parse_date(fmt::format("{}-01-01", 2026 - years));
}

}  // namespace rx::testing
