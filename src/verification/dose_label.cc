#include "verification/dose_label.h"

#include <fmt/format.h>

#include "verification/label_terms.h"

namespace rx {
namespace {

// A dose in whole quarters of a tablet or capsule is worth printing as a count.
constexpr int64_t kQuarter = Quantity::kScale / 4;
// Above this (a million units of the strength's unit) the count is not printed, and micros × scale cannot overflow.
constexpr int64_t kLargestCountedDose = 1'000'000 * Quantity::kScale;

std::string sex_zh(const std::string& sex) {
  if (sex == "M") return "男";
  if (sex == "F") return "女";
  return "";
}

std::string patient_line(const Patient& p, Date on) {
  std::vector<std::string> parts;
  parts.push_back(p.name.empty() ? p.id.value() : p.name);
  if (std::string sex = sex_zh(p.sex); !sex.empty()) parts.push_back(sex);
  if (auto age = p.age_on(on)) parts.push_back(*age < 1 ? "不足1岁" : fmt::format("{}岁", *age));
  return fmt::format("{}", fmt::join(parts, " "));
}

// "（1 片）" when the dose is a whole number of quarter units of the drug's strength.
std::string unit_count(const Quantity& dose, const Drug& drug) {
  if (drug.units_per_pack <= 1) return "";
  auto unit = parse_unit(drug.strength_unit);
  if (!unit.ok()) return "";  // a concentration such as mg/mL
  auto strength = Quantity::parse(drug.strength, *unit);
  if (!strength.ok() || !strength->positive()) return "";
  auto in_strength_unit = dose.to(*unit);
  if (!in_strength_unit.ok()) return "";
  if (in_strength_unit->micros() > kLargestCountedDose) return "";
  const int64_t scaled = in_strength_unit->micros() * Quantity::kScale;
  if (scaled % strength->micros() != 0) return "";
  const int64_t count = scaled / strength->micros();
  if (count <= 0 || count % kQuarter != 0) return "";
  return fmt::format("（{} {}）", Quantity::from_micros(count, Unit::kTablet).amount_string(),
                     unit_zh(drug.content_unit()));
}

std::string amount(const Quantity& q) {
  std::string_view zh = unit_zh(q.unit());
  return fmt::format("{} {}", q.amount_string(), zh);
}

std::vector<std::string> warnings(const Drug& drug, const LasaMemberships& lasa) {
  std::vector<std::string> out;
  if (drug.high_alert) out.push_back("高警示药品：请严格按医嘱用量使用");
  std::string group = drug.lasa_group;
  if (auto it = lasa.find(drug.code.value()); group.empty() && it != lasa.end()) group = it->second;
  if (!group.empty()) out.push_back(fmt::format("看似听似药品（{}）：请核对药名和规格", group));
  if (drug.storage == Storage::kCold) out.push_back("冷藏 2-8℃ 保存，请勿冷冻");
  if (drug.storage == Storage::kCool) out.push_back("阴凉处保存（不超过 20℃）");
  return out;
}

}  // namespace

std::vector<std::string> DoseLabel::lines() const {
  std::vector<std::string> out;
  out.push_back(fmt::format("用法用量标签　{}　{}", prescription_no, date));
  out.push_back("患者：" + patient);
  out.push_back("药品：" + drug);
  out.push_back("用量：" + dose);
  out.push_back(fmt::format("用法：{}，{}", route, frequency));
  out.push_back(days.empty() ? fmt::format("数量：{}", quantity) : fmt::format("疗程：{}　数量：{}", days, quantity));
  for (const auto& w : warnings) out.push_back("【注意】" + w);
  return out;
}

std::vector<DoseLabel> dose_labels(const Prescription& rx, const Formulary& formulary, Date on,
                                   const LasaMemberships& lasa) {
  std::vector<DoseLabel> out;
  const std::string patient = patient_line(rx.patient, on);
  for (size_t i = 0; i < rx.items.size(); ++i) {
    const Item& it = rx.items[i];
    const Drug* drug = formulary.find(it.drug);
    DoseLabel label;
    label.item = i;
    label.prescription_no = rx.prescription_no;
    label.date = format_date(on);
    label.patient = patient;
    if (drug != nullptr) {
      label.drug = fmt::format("{} {} {}（{}）", drug->name_zh, drug->strength, drug->strength_unit, form_zh(drug->form));
      label.warnings = warnings(*drug, lasa);
    } else {
      label.drug = it.drug.value();
    }
    label.dose = it.dose ? "每次 " + amount(*it.dose) + (drug ? unit_count(*it.dose, *drug) : "") : "遵医嘱";
    label.frequency = it.frequency ? std::string(frequency_zh(*it.frequency)) : "遵医嘱";
    label.route = route_zh(it.route);
    if (it.days) label.days = fmt::format("{} 天", *it.days);
    label.quantity = amount(it.quantity);
    out.push_back(std::move(label));
  }
  return out;
}

}  // namespace rx
