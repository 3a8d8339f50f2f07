#include "integration/prescription_writer.h"

#include <algorithm>
#include <cstdio>
#include <set>

namespace rx::test {
namespace {

using nlohmann::json;

constexpr auto kShanghaiOffset = std::chrono::hours(8);

// Drugs named in one of the interaction pairs of regulations.md. A
// prescription carries at most one of them, so that no DDI finding can block it.
const std::set<std::string> kInteracting = {
    "D0001", "D0002", "D0003", "D0004", "D0006", "D0010", "D0011", "D0012", "D0014", "D0015",
    "D0016", "D0017", "D0018", "D0036", "D0037", "D0038", "D0039", "D0042", "D0043", "D0044",
    "D0045", "D0046", "D0047", "D0051", "D0054", "D0055", "D0060", "D0066", "D0067", "D0072",
    "D0075"};

const char* const kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"};
const char* const kGiven[] = {"伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "秀英"};
const char* const kDepartments[] = {"心内科", "内分泌科", "呼吸内科", "消化内科", "神经内科", "全科医学科"};

std::string route_for(const std::string& form) {
  if (form == "inhaler") return "inh";
  if (form == "injection_pen") return "sc";
  if (form == "ointment" || form == "gel") return "topical";
  if (form == "eye_drops") return "eye";
  return "po";
}

}  // namespace

PrescriptionWriter::PrescriptionWriter(std::vector<FormularyDrug> drugs, std::map<std::string, long long> available,
                                       uint32_t seed)
    : available_(std::move(available)), rng_(seed) {
  // Controlled drugs need ID documents and locked storage; they are not
  // what this writer is for.
  for (auto& d : drugs) {
    if (d.controlled == "none") drugs_.push_back(std::move(d));
  }
}

size_t PrescriptionWriter::usable_drugs() const {
  return static_cast<size_t>(std::count_if(drugs_.begin(), drugs_.end(), [this](const FormularyDrug& d) {
    auto it = available_.find(d.code);
    return it != available_.end() && it->second > 0;
  }));
}

bool PrescriptionWriter::fits(const FormularyDrug& drug, const std::vector<const FormularyDrug*>& chosen) const {
  auto it = available_.find(drug.code);
  if (it == available_.end() || it->second <= 0) return false;
  for (const FormularyDrug* other : chosen) {
    if (other->code == drug.code) return false;
    if (kInteracting.count(other->code) && kInteracting.count(drug.code)) return false;
    // Same therapeutic subgroup (two statins, two NSAIDs, ACE inhibitor and ARB): DUPLICATE_THERAPY.
    if (!drug.atc.empty() && other->atc.substr(0, 3) == drug.atc.substr(0, 3)) return false;
  }
  return true;
}

json PrescriptionWriter::item(const FormularyDrug& drug, int packs) {
  std::uniform_int_distribution<int> days(1, 7);
  std::uniform_int_distribution<int> percent(0, 99);
  json item = {{"drug", drug.code},
               {"route", route_for(drug.form)},
               {"days", days(rng_)},
               {"quantity", {{"value", packs}, {"unit", percent(rng_) < 20 ? std::string("pack") : drug.pack_unit}}}};
  // Some prescribers leave the dose out; review then only notes it.
  if (!drug.usual_single_dose || percent(rng_) < 10) return item;
  double dose = *drug.usual_single_dose;
  const char* frequency = "qd";
  if (drug.max_daily_dose) {
    frequency = nullptr;
    for (auto [code, per_day] : {std::pair{"tid", 3}, std::pair{"bid", 2}, std::pair{"qd", 1}}) {
      if (dose * per_day <= *drug.max_daily_dose) {
        frequency = code;
        break;
      }
    }
    if (frequency == nullptr) return item;
  }
  // Oral methotrexate is taken once a week; daily dosing is a known fatal error.
  if (drug.atc == "L04AX03") frequency = "qw";
  item["dose"] = {{"value", dose}, {"unit", drug.dose_unit}};
  item["frequency"] = frequency;
  return item;
}

json PrescriptionWriter::next(const std::string& prescription_no, const std::string& issued_at) {
  std::uniform_int_distribution<int> item_count(1, 3);
  std::uniform_int_distribution<int> pack_count(1, 3);
  std::uniform_int_distribution<size_t> pick(0, drugs_.size() - 1);
  int wanted = item_count(rng_);
  std::vector<const FormularyDrug*> chosen;
  json items = json::array();
  for (int attempt = 0; static_cast<int>(chosen.size()) < wanted && attempt < 200; ++attempt) {
    const FormularyDrug& drug = drugs_[pick(rng_)];
    if (!fits(drug, chosen)) continue;
    long long& left = available_[drug.code];
    int packs = static_cast<int>(std::min<long long>(pack_count(rng_), left));
    left -= packs;
    chosen.push_back(&drug);
    items.push_back(item(drug, packs));
  }
  int patient = static_cast<int>(rng_() % 900000) + 100000;
  int birth_year = 1960 + static_cast<int>(rng_() % 45);
  char birth_date[16];
  std::snprintf(birth_date, sizeof birth_date, "%04d-%02d-%02d", birth_year, 1 + static_cast<int>(rng_() % 12),
                1 + static_cast<int>(rng_() % 28));
  return {{"prescription_no", prescription_no},
          {"issued_at", issued_at},
          {"extended_validity_days", 0},
          {"visit", {{"type", "outpatient"}, {"department", kDepartments[rng_() % std::size(kDepartments)]},
                     {"pain_patient", false}}},
          {"patient",
           {{"id", "P" + std::to_string(patient)},
            {"name", std::string(kSurnames[rng_() % std::size(kSurnames)]) + kGiven[rng_() % std::size(kGiven)]},
            {"sex", rng_() % 2 ? "M" : "F"},
            {"birth_date", birth_date},
            {"weight_kg", 50 + static_cast<int>(rng_() % 40)},
            {"pregnant", false},
            {"allergies", json::array()},
            {"id_number", nullptr}}},
          {"prescriber", {{"id", "D" + std::to_string(1000 + rng_() % 300)}, {"name", "门诊医师"}}},
          {"diagnoses", json::array({{{"code", "Z00.0"}, {"text", "门诊随访"}}})},
          {"items", std::move(items)}};
}

std::string shanghai_iso8601(std::chrono::system_clock::time_point t) {
  auto local = std::chrono::floor<std::chrono::seconds>(t) + kShanghaiOffset;
  auto day = std::chrono::floor<std::chrono::days>(local);
  std::chrono::year_month_day ymd{day};
  std::chrono::hh_mm_ss hms{local - day};
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d+08:00", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return text;
}

std::chrono::system_clock::time_point shanghai_midnight(std::chrono::system_clock::time_point t) {
  auto local_day = std::chrono::floor<std::chrono::days>(t + kShanghaiOffset);
  return std::chrono::time_point_cast<std::chrono::system_clock::duration>(local_day - kShanghaiOffset);
}

}  // namespace rx::test
