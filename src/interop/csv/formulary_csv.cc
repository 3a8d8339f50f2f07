#include "interop/csv/formulary_csv.h"

#include <fmt/format.h>

#include <map>
#include <string>
#include <vector>

#include "interop/csv/csv_table.h"
#include "interop/gs1/pack_code.h"

namespace rx {
namespace {

const std::vector<std::string_view> kColumns = {"code",
                                                "name_zh",
                                                "name_en",
                                                "atc",
                                                "form",
                                                "strength",
                                                "strength_unit",
                                                "units_per_pack",
                                                "pack_unit",
                                                "gtin",
                                                "nmpa_product_code",
                                                "pack_w_mm",
                                                "pack_h_mm",
                                                "pack_d_mm",
                                                "storage",
                                                "machine_ok",
                                                "controlled",
                                                "high_alert",
                                                "lasa_group",
                                                "adult_usual_single_dose",
                                                "adult_max_daily_dose",
                                                "dose_unit",
                                                "max_daily_dose_source"};

constexpr std::string_view kForms[] = {"tablet",
                                       "enteric_coated_tablet",
                                       "sustained_release_tablet",
                                       "controlled_release_tablet",
                                       "sublingual_tablet",
                                       "capsule",
                                       "enteric_coated_capsule",
                                       "sustained_release_capsule",
                                       "dropping_pill",
                                       "granules",
                                       "oral_solution",
                                       "oral_suspension",
                                       "oral_liquid",
                                       "syrup",
                                       "inhaler",
                                       "injection_pen",
                                       "powder_for_injection",
                                       "ointment",
                                       "gel",
                                       "eye_drops"};

constexpr int kMaxPackUnits = 10'000;
constexpr int kMaxPackMm = 1'000;

bool all_digits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// WHO ATC level 5: letter, 2 digits, 2 letters, 2 digits ("B01AC06").
bool atc_ok(std::string_view s) {
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  return s.size() == 7 && upper(s[0]) && digit(s[1]) && digit(s[2]) && upper(s[3]) && upper(s[4]) && digit(s[5]) &&
         digit(s[6]);
}

bool code_ok(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  for (char c : s) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

// The enum value whose name() is the field, for the small enums of the file.
template <class E, size_t N>
Result<E> parse_enum(const CsvTable& t, const CsvRow& row, std::string_view column, const E (&values)[N],
                     std::string_view (*name)(E)) {
  const std::string& s = t.text(row, column);
  std::string names;
  for (E v : values) {
    if (name(v) == s) return v;
    names += names.empty() ? "" : ", ";
    names += name(v);
  }
  return t.bad_value(row, column, fmt::format("expected one of {}", names));
}

constexpr Storage kStorages[] = {Storage::kRoom, Storage::kCool, Storage::kCold};
constexpr Controlled kControlled[] = {Controlled::kNone, Controlled::kPsychotropic2, Controlled::kPsychotropic1,
                                      Controlled::kNarcotic, Controlled::kToxic};

Result<std::optional<Quantity>> dose(const CsvTable& t, const CsvRow& row, std::string_view column,
                                     std::optional<Unit> unit) {
  const std::string& s = t.text(row, column);
  if (s.empty()) return std::optional<Quantity>();
  if (!unit) return t.error(row, "dose_unit", fmt::format("must be given when {} is", column));
  auto q = Quantity::parse(s, *unit);
  if (!q.ok() || !q->positive()) return t.bad_value(row, column, "expected a positive decimal number or nothing");
  return std::optional<Quantity>(*q);
}

Result<Drug> read_drug(const CsvTable& t, const CsvRow& row) {
  Drug d;
  if (!code_ok(t.text(row, "code"))) return t.bad_value(row, "code", "expected letters, digits, '-' or '_' (1 to 32)");
  d.code = DrugCode(t.text(row, "code"));
  d.name_zh = TRY(t.non_empty(row, "name_zh"));
  d.name_en = TRY(t.non_empty(row, "name_en"));
  d.atc = t.text(row, "atc");
  if (!d.atc.empty() && !atc_ok(d.atc)) return t.bad_value(row, "atc", "expected a 7-character ATC code or nothing");
  d.form = t.text(row, "form");
  bool form_known = false;
  for (auto f : kForms) form_known = form_known || f == d.form;
  if (!form_known) return t.bad_value(row, "form", "expected a dosage form listed in data/README.md");
  d.strength = t.text(row, "strength");
  auto strength = Quantity::parse(d.strength, Unit::kMilligram);  // only the number is checked here
  if (!strength.ok() || !strength->positive())
    return t.bad_value(row, "strength", "expected a positive decimal number");
  d.strength_unit = TRY(t.non_empty(row, "strength_unit"));
  d.units_per_pack = TRY(t.positive_int(row, "units_per_pack", kMaxPackUnits));
  auto pack_unit = parse_unit(t.text(row, "pack_unit"));
  if (!pack_unit.ok() || (*pack_unit != Unit::kPack && *pack_unit != Unit::kBottle && *pack_unit != Unit::kUnit)) {
    return t.bad_value(row, "pack_unit", "expected 盒, 瓶 or 支");
  }
  d.pack_unit = *pack_unit;
  d.gtin = t.text(row, "gtin");
  if (d.gtin.size() != 14 || !all_digits(d.gtin)) return t.bad_value(row, "gtin", "expected a GTIN-14 (14 digits)");
  if (!gtin_check_digit_ok(d.gtin)) return t.bad_value(row, "gtin", "GTIN check digit is wrong");
  d.nmpa_product_code = t.text(row, "nmpa_product_code");
  if (d.nmpa_product_code.size() != 7 || !all_digits(d.nmpa_product_code)) {
    return t.bad_value(row, "nmpa_product_code", "expected 7 digits");
  }
  d.pack_w_mm = TRY(t.positive_int(row, "pack_w_mm", kMaxPackMm));
  d.pack_h_mm = TRY(t.positive_int(row, "pack_h_mm", kMaxPackMm));
  d.pack_d_mm = TRY(t.positive_int(row, "pack_d_mm", kMaxPackMm));
  d.storage = TRY(parse_enum(t, row, "storage", kStorages, storage_name));
  d.machine_ok = TRY(t.boolean(row, "machine_ok"));
  d.controlled = TRY(parse_enum(t, row, "controlled", kControlled, controlled_name));
  // Rules, not preferences: controlled drugs live in a locked cabinet and cold
  // ones in the fridge, so neither may be routed to a machine.
  if (d.machine_ok && d.controlled != Controlled::kNone) {
    return t.error(row, "machine_ok", "a controlled drug must be false (locked storage)");
  }
  if (d.machine_ok && d.storage == Storage::kCold) {
    return t.error(row, "machine_ok", "a cold-chain drug must be false (refrigerated storage)");
  }
  d.high_alert = TRY(t.boolean(row, "high_alert"));
  d.lasa_group = t.text(row, "lasa_group");
  std::optional<Unit> dose_unit;
  if (const std::string& u = t.text(row, "dose_unit"); !u.empty()) {
    auto parsed = parse_unit(u);
    if (!parsed.ok()) return t.bad_value(row, "dose_unit", "expected a unit such as mg, µg, IU, mL, 片 or 粒");
    dose_unit = *parsed;
  }
  d.adult_usual_single_dose = TRY(dose(t, row, "adult_usual_single_dose", dose_unit));
  d.adult_max_daily_dose = TRY(dose(t, row, "adult_max_daily_dose", dose_unit));
  d.max_daily_dose_source = t.text(row, "max_daily_dose_source");
  return d;
}

}  // namespace

Result<Formulary> load_formulary_csv(std::string_view text, std::string_view file_name) {
  auto table = TRY(CsvTable::read(text, file_name, kColumns));
  if (table.rows().empty()) return Status::invalid(fmt::format("{}: no drugs after the header row", file_name));
  std::vector<Drug> drugs;
  std::map<std::string, int> code_line, gtin_line, nmpa_line;
  for (const CsvRow& row : table.rows()) {
    Drug d = TRY(read_drug(table, row));
    auto unique = [&](std::map<std::string, int>& seen, const std::string& key, std::string_view column) {
      auto [it, fresh] = seen.emplace(key, row.line);
      if (fresh) return Status::ok_status();
      return table.error(row, column, fmt::format("duplicate '{}', first on line {}", key, it->second));
    };
    TRY(unique(code_line, d.code.value(), "code"));
    TRY(unique(gtin_line, d.gtin, "gtin"));
    TRY(unique(nmpa_line, d.nmpa_product_code, "nmpa_product_code"));
    drugs.push_back(std::move(d));
  }
  return Formulary(std::move(drugs));
}

}  // namespace rx
