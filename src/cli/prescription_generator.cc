#include "cli/prescription_generator.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/frequency.h"

namespace rx::cli {
namespace {

constexpr const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                     "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"};
constexpr const char* kGiven[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳",
                                  "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "文"};
constexpr const char* kDepartments[] = {"心内科", "内分泌科", "呼吸内科", "消化内科", "神经内科",
                                        "骨科",   "皮肤科",   "眼科",     "全科医学科"};

}  // namespace

PrescriptionGenerator::PrescriptionGenerator(const Formulary& formulary, uint64_t seed, GeneratorMix mix)
    : formulary_(formulary), rng_(seed), mix_(mix) {
  for (const auto& d : formulary.drugs()) {
    // Narcotic and class-1 psychotropic prescriptions need ID documents and a
    // red paper; the synthetic HIS leaves them to real prescribers.
    if (d.controlled == Controlled::kNarcotic || d.controlled == Controlled::kPsychotropic1) continue;
    drugs_.push_back(&d);
  }
  std::shuffle(drugs_.begin(), drugs_.end(), rng_);
  double sum = 0;
  for (size_t i = 0; i < drugs_.size(); ++i) {
    sum += 1.0 / static_cast<double>(i + 1);
    cumulative_.push_back(sum);
  }
}

const Drug& PrescriptionGenerator::pick_drug() {
  std::uniform_real_distribution<double> u(0.0, cumulative_.back());
  double x = u(rng_);
  size_t i = std::lower_bound(cumulative_.begin(), cumulative_.end(), x) - cumulative_.begin();
  return *drugs_[std::min(i, drugs_.size() - 1)];
}

int PrescriptionGenerator::pick_items() {
  // machine-model.md: 1 (45%), 2 (28%), 3 (15%), 4 (8%), 5 (4%).
  std::discrete_distribution<int> d({45, 28, 15, 8, 4});
  return d(rng_) + 1;
}

int PrescriptionGenerator::pick_packs() {
  // 1 (60%), 2 (25%), 3 (10%), 4-6 (5%).
  std::discrete_distribution<int> d({60, 25, 10, 5});
  int k = d(rng_);
  if (k < 3) return k + 1;
  return std::uniform_int_distribution<int>(4, 6)(rng_);
}

std::string PrescriptionGenerator::prescription_no(Date day, long long serial) {
  std::string ymd = format_date(day);
  ymd.erase(std::remove(ymd.begin(), ymd.end(), '-'), ymd.end());
  return fmt::format("MZ{}-{:06d}", ymd, serial);
}

nlohmann::json PrescriptionGenerator::next(Date day, long long serial, Instant issued_at, const Zone& zone) {
  std::uniform_real_distribution<double> pct(0.0, 100.0);
  std::uniform_int_distribution<int> age_d(18, 88);
  int age = age_d(rng_);
  Date birth = add_days(day, -(age * 365 + std::uniform_int_distribution<int>(0, 364)(rng_)));
  std::string name = std::string(kSurnames[rng_() % std::size(kSurnames)]) + kGiven[rng_() % std::size(kGiven)];
  bool chronic = age >= 60 && pct(rng_) < 30;

  nlohmann::json items = nlohmann::json::array();
  // ATC chemical subgroups already on the prescription: two products of one
  // substance or subgroup would be duplicate therapy.
  std::vector<std::string> used;
  int n = pick_items();
  bool overdose = pct(rng_) < mix_.overdose_pct;
  bool long_supply = !chronic && pct(rng_) < mix_.long_supply_pct;
  for (int attempts = 0; static_cast<int>(items.size()) < n && attempts < 50; ++attempts) {
    const Drug& d = pick_drug();
    const std::string group = d.atc.empty() ? d.code.value() : d.atc.substr(0, 5);
    if (std::find(used.begin(), used.end(), group) != used.end()) continue;
    used.push_back(group);
    nlohmann::json item = {{"drug", d.code.value()},
                           {"route", d.form.find("inhaler") != std::string::npos ? "inh" : "po"},
                           {"quantity", {{"value", pick_packs()}, {"unit", "pack"}}}};
    int days = chronic ? 28 : std::uniform_int_distribution<int>(3, 7)(rng_);
    if (long_supply && items.empty()) days = 10;
    item["days"] = days;
    if (chronic) item["supply_reason"] = "慢性病长期用药";
    if (d.adult_usual_single_dose) {
      const Quantity& dose = *d.adult_usual_single_dose;
      Frequency f = Frequency::kQd;
      if (d.adult_max_daily_dose) {
        // The most frequent of tid, bid, qd that stays within the label.
        for (Frequency cand : {Frequency::kTid, Frequency::kBid, Frequency::kQd}) {
          auto cmp = dose.times(doses_per_day(cand)->numerator).compare(*d.adult_max_daily_dose);
          if (cmp && *cmp != std::strong_ordering::greater) {
            f = cand;
            break;
          }
        }
        if (overdose && items.empty()) {
          f = Frequency::kQid;
          item["dose"] = {{"value", dose.times(2).value()}, {"unit", unit_symbol(dose.unit())}};
        }
      }
      // Oral methotrexate is taken once a week; daily dosing is a known fatal error.
      if (d.atc == "L04AX03") f = Frequency::kQw;
      if (!item.contains("dose")) item["dose"] = {{"value", dose.value()}, {"unit", unit_symbol(dose.unit())}};
      item["frequency"] = frequency_code(f);
    }
    items.push_back(std::move(item));
  }
  return {{"prescription_no", prescription_no(day, serial)},
          {"issued_at", format_local(issued_at, zone)},
          {"visit", {{"type", chronic ? "chronic" : "outpatient"}, {"department", kDepartments[rng_() % std::size(kDepartments)]}}},
          {"patient",
           {{"id", fmt::format("P{:07d}", 1000000 + static_cast<long long>(rng_() % 9000000))},
            {"name", name},
            {"sex", rng_() % 2 ? "M" : "F"},
            {"birth_date", format_date(birth)},
            {"allergies", nlohmann::json::array()}}},
          {"prescriber", {{"id", fmt::format("D{:04d}", 1 + rng_() % 300)}, {"name", "门诊医师"}}},
          {"items", items}};
}

}  // namespace rx::cli
