// DoseLabel: what the dose-instruction label (用法用量标签) of one item says,
// in Chinese, for the patient who takes the bag home.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/drug.h"
#include "core/prescription.h"
#include "core/time.h"

namespace rx {

struct DoseLabel {
  size_t item = 0;                // index into the prescription's items
  std::string prescription_no;
  std::string date;               // the local day printed, "2026-11-29"
  std::string patient;            // "张三 男 56岁": the full name (the label goes in the patient's bag)
  std::string drug;               // "硫酸氢氯吡格雷片 75 mg（片剂）"
  std::string dose;               // "每次 75 mg（1 片）", or "遵医嘱" without a dose
  std::string frequency;          // "每日一次", or "遵医嘱"
  std::string route;              // "口服"
  std::string days;               // "7 天", or empty
  std::string quantity;           // "1 盒"
  std::vector<std::string> warnings;  // high-alert, LASA, cold or cool storage

  // The printed lines, title first: 患者, 药品, 用量, 用法, 疗程/数量, then one per warning.
  std::vector<std::string> lines() const;
};

// Look-alike/sound-alike groups beyond the formulary's lasa_group, such as
// the knowledge base's: drug code -> group id.
using LasaMemberships = std::map<std::string, std::string>;

// One label per item of `rx`, in item order; the age is as of the local day
// `on`. An item whose drug is not in the formulary is labelled by its code.
std::vector<DoseLabel> dose_labels(const Prescription& rx, const Formulary& formulary, Date on,
                                   const LasaMemberships& lasa = {});

}  // namespace rx
