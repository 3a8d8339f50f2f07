#include "verification/image_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "verification/pack_identity.h"
#include "verification/pack_check.h"

namespace rx {
namespace {

std::string drug_label(const Drug& d) { return fmt::format("{} {} ({} {}{})", d.code.value(), d.name_zh, d.name_en,
                                                           d.strength, d.strength_unit); }

// Matches one pack of a formulary drug against the plan's lines for that drug.
void match_line(ToteCode& tc, const ToteExpectation& plan, std::vector<int>& remaining, const Formulary& formulary,
                Date today) {
  std::vector<size_t> lines;
  for (size_t i = 0; i < plan.lines.size(); ++i) {
    if (plan.lines[i].drug == tc.drug->code) lines.push_back(i);
  }
  if (lines.empty()) {
    tc.status = ToteCodeStatus::kExtra;
    tc.reason = fmt::format("{} is not on the plan", drug_label(*tc.drug));
    return;
  }
  std::optional<PackVerdict> first_refusal;
  std::optional<size_t> refused_line;
  for (size_t i : lines) {
    if (remaining[i] == 0) continue;
    const ToteLine& line = plan.lines[i];
    PackVerdict verdict = verify_pack(tc.pack.code, ExpectedPack{tc.drug, line.lot, line.expiry}, formulary, today);
    if (verdict.passed) {
      tc.status = ToteCodeStatus::kMatched;
      tc.reason = verdict.reason;
      tc.pack = verdict.pack;
      tc.line = i;
      --remaining[i];
      return;
    }
    if (!first_refusal) first_refusal = verdict, refused_line = i;
  }
  if (!first_refusal) {
    int planned = 0;
    for (size_t i : lines) planned += plan.lines[i].packs;
    tc.status = ToteCodeStatus::kExtra;
    tc.reason = fmt::format("one pack more of {} than the plan's {}", drug_label(*tc.drug), planned);
    return;
  }
  tc.pack = first_refusal->pack;
  const ToteLine& line = plan.lines[*refused_line];
  bool right_lot = tc.pack.lot == line.lot;
  tc.expired = tc.pack.expiry < today;
  tc.status = right_lot && tc.expired ? ToteCodeStatus::kExpired : ToteCodeStatus::kExtra;
  tc.reason = first_refusal->reason;
}

void collect_warnings(ToteCheck& out, const Formulary& formulary) {
  std::set<DrugCode> drugs;
  for (const ToteLine& line : out.expectation.lines) drugs.insert(line.drug);
  for (const ToteCode& tc : out.codes) {
    if (tc.drug != nullptr) drugs.insert(tc.drug->code);
  }
  std::map<std::string, std::vector<DrugCode>> groups;
  for (const DrugCode& code : drugs) {
    const Drug* d = formulary.find(code);
    if (d == nullptr) continue;
    if (!d->lasa_group.empty()) groups[d->lasa_group].push_back(code);
    if (d->high_alert) out.high_alert.push_back(code);
  }
  for (auto& [group, members] : groups) {
    if (members.size() > 1) out.lasa.push_back(LasaGroupSeen{group, std::move(members)});
  }
}

}  // namespace

std::string_view tote_code_status_name(ToteCodeStatus s) {
  switch (s) {
    case ToteCodeStatus::kMatched: return "matched";
    case ToteCodeStatus::kExpired: return "expired";
    case ToteCodeStatus::kExtra: return "extra";
    case ToteCodeStatus::kBadCode: return "bad_code";
    case ToteCodeStatus::kOther: return "other";
    case ToteCodeStatus::kUnplanned: return "unplanned";
  }
  return "?";
}

bool ToteCheck::passed() const {
  if (!has_plan || !missing.empty()) return false;
  return std::all_of(codes.begin(), codes.end(), [](const ToteCode& c) {
    return c.status == ToteCodeStatus::kMatched || c.status == ToteCodeStatus::kOther;
  });
}

int ToteCheck::count(ToteCodeStatus s) const {
  return static_cast<int>(std::count_if(codes.begin(), codes.end(), [s](const ToteCode& c) { return c.status == s; }));
}

ToteCheck check_tote(const std::vector<ImageCode>& codes, const std::optional<ToteExpectation>& expectation,
                     const Formulary& formulary, Date today) {
  ToteCheck out;
  out.has_plan = expectation.has_value();
  if (expectation) out.expectation = *expectation;
  std::vector<int> remaining;
  for (const ToteLine& line : out.expectation.lines) remaining.push_back(line.packs);
  std::set<std::string> serials;  // product + serial: two packs never share one
  for (const ImageCode& code : codes) {
    ToteCode& tc = out.codes.emplace_back(ToteCode{code});
    auto id = identify_pack(code.scanned(), formulary);
    if (!id.ok()) {
      // A GS1 symbol is a pack code by its FNC1; any other text is a label.
      tc.status = code.gs1 ? ToteCodeStatus::kBadCode : ToteCodeStatus::kOther;
      tc.reason = code.gs1 ? id.status().message() : "not a pack code: " + id.status().message();
      continue;
    }
    tc.drug = id->drug;
    tc.pack = id->pack;
    const PackCode* parsed = &id->code;
    tc.expired = parsed->expiry && *parsed->expiry < today;
    std::string product = parsed->kind == PackCode::Kind::kGs1 ? parsed->gtin : parsed->nmpa_product_code;
    if (!parsed->serial.empty() && !serials.insert(product + "/" + parsed->serial).second) {
      tc.status = ToteCodeStatus::kExtra;
      tc.reason = fmt::format("serial {} of {} appears twice; two packs never share a serial", parsed->serial, product);
      continue;
    }
    if (tc.drug == nullptr) {
      tc.status = out.has_plan ? ToteCodeStatus::kExtra : ToteCodeStatus::kUnplanned;
      tc.reason = parsed->kind == PackCode::Kind::kGs1
                      ? fmt::format("GTIN {} is not a formulary drug", parsed->gtin)
                      : fmt::format("NMPA product code {} is not a formulary drug", parsed->nmpa_product_code);
      continue;
    }
    if (!out.has_plan) {
      tc.status = ToteCodeStatus::kUnplanned;
      tc.reason = tc.expired ? fmt::format("expired on {}", format_date(*parsed->expiry)) : "no plan to check against";
      continue;
    }
    match_line(tc, out.expectation, remaining, formulary, today);
  }
  for (size_t i = 0; i < remaining.size(); ++i) {
    if (remaining[i] > 0) out.missing.push_back(ToteMissing{i, remaining[i]});
  }
  collect_warnings(out, formulary);
  return out;
}

}  // namespace rx
