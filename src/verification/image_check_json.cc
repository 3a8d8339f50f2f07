#include "verification/image_check_json.h"

namespace rx {
namespace {

using nlohmann::json;

json drug_codes(const std::vector<DrugCode>& drugs) {
  json out = json::array();
  for (const DrugCode& d : drugs) out.push_back(d.value());
  return out;
}

json code_json(const ToteCode& tc, const ToteCheck& check) {
  json corners = json::array();
  for (const ImagePoint& p : tc.code.corners) corners.push_back({p.x, p.y});
  json out = {{"format", code_format_name(tc.code.format)},
              {"symbology", tc.code.symbology},
              {"text", tc.code.scanned()},
              {"corners", std::move(corners)},
              {"status", tote_code_status_name(tc.status)},
              {"reason", tc.reason},
              {"expired", tc.expired}};
  bool pack = tc.status != ToteCodeStatus::kOther && tc.status != ToteCodeStatus::kBadCode;
  if (pack) {
    if (!tc.pack.gtin.empty()) out["gtin"] = tc.pack.gtin;
    if (!tc.pack.lot.value().empty()) out["lot"] = tc.pack.lot.value();
    if (tc.pack.expiry.ok()) out["expiry"] = format_date(tc.pack.expiry);
    out["serial"] = tc.pack.serial;
  }
  if (tc.drug != nullptr) {
    out["drug"] = tc.drug->code.value();
    out["name_zh"] = tc.drug->name_zh;
    out["name_en"] = tc.drug->name_en;
    out["high_alert"] = tc.drug->high_alert;
    out["lasa_group"] = tc.drug->lasa_group.empty() ? json(nullptr) : json(tc.drug->lasa_group);
  }
  if (tc.line) out["item"] = check.expectation.lines[*tc.line].item;
  return out;
}

}  // namespace

json tote_check_json(const ToteCheck& check, const Formulary& formulary) {
  json codes = json::array();
  for (const ToteCode& tc : check.codes) codes.push_back(code_json(tc, check));
  json missing = json::array();
  int missing_packs = 0;
  for (const ToteMissing& m : check.missing) {
    const ToteLine& line = check.expectation.lines[m.line];
    json entry = {{"item", line.item},
                  {"drug", line.drug.value()},
                  {"lot", line.lot.value()},
                  {"expiry", format_date(line.expiry)},
                  {"packs", m.packs}};
    if (const Drug* d = formulary.find(line.drug)) {
      entry["name_zh"] = d->name_zh;
      entry["name_en"] = d->name_en;
    }
    missing.push_back(std::move(entry));
    missing_packs += m.packs;
  }
  json lasa = json::array();
  for (const LasaGroupSeen& g : check.lasa) lasa.push_back({{"group", g.group}, {"drugs", drug_codes(g.drugs)}});
  json counts = {{"codes", check.codes.size()}, {"missing", missing_packs}};
  for (auto s : {ToteCodeStatus::kMatched, ToteCodeStatus::kExtra, ToteCodeStatus::kExpired, ToteCodeStatus::kBadCode,
                 ToteCodeStatus::kOther, ToteCodeStatus::kUnplanned}) {
    counts[std::string(tote_code_status_name(s))] = check.count(s);
  }
  return {{"prescription_id", check.has_plan ? json(check.expectation.prescription_id) : json(nullptr)},
          {"passed", check.has_plan ? json(check.passed()) : json(nullptr)},
          {"counts", std::move(counts)},
          {"codes", std::move(codes)},
          {"missing", std::move(missing)},
          {"lasa", std::move(lasa)},
          {"high_alert", drug_codes(check.high_alert)}};
}

}  // namespace rx
