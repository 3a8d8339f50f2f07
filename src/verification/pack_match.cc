#include "verification/pack_match.h"

#include <fmt/format.h>

#include <algorithm>

#include "verification/pack_identity.h"

namespace rx {
namespace {

std::string describe(const Drug& d) {
  return fmt::format("{} {} ({}) {} {} {}", d.code.value(), d.name_zh, d.name_en, d.form, d.strength, d.strength_unit);
}

std::string describe(const DrugCode& code, const Formulary& formulary) {
  const Drug* d = formulary.find(code);
  return d ? describe(*d) : code.value();
}

// Why two formulary drugs are not interchangeable, in the words of 四查十对.
std::string difference(const Drug& found, const Drug& planned) {
  std::vector<std::string> parts;
  if (found.name_zh != planned.name_zh || found.name_en != planned.name_en) parts.push_back("drug name");
  if (found.form != planned.form) parts.push_back("form");
  if (found.strength != planned.strength || found.strength_unit != planned.strength_unit) parts.push_back("strength");
  if (found.units_per_pack != planned.units_per_pack) parts.push_back("pack size");
  if (parts.empty()) return "another formulary entry";
  std::string out = "different ";
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  return out;
}

class Matcher {
 public:
  Matcher(const std::vector<PlanLine>& plan, const MatchContext& ctx) : plan_(plan), ctx_(ctx) {
    for (const auto& l : plan) result_.lines.push_back(LineMatch{l.packs, l.matched_before, 0});
  }

  void add(const Scan& scan) {
    PackMatch m{};
    m.pack.code = scan.code;
    std::vector<size_t> candidates = lines_at(scan.source);
    match(scan, candidates, m);
    if (m.outcome == PackOutcome::kMatched) {
      ++result_.lines[*m.line].matched;
      std::string key = serial_key(m.pack);
      batch_serials_.insert(key);
      result_.new_serials.push_back(std::move(key));
    }
    result_.packs.push_back(std::move(m));
  }

  JobMatch finish() {
    for (auto& l : result_.lines) l.missing = std::max(0, l.planned - l.matched);
    return std::move(result_);
  }

 private:
  // The lines a pack from `source` can belong to: those at that location, or
  // every line when the source is unknown or plans nothing.
  std::vector<size_t> lines_at(const LocationCode& source) const {
    std::vector<size_t> out;
    for (size_t i = 0; i < plan_.size(); ++i) {
      if (!source.value().empty() && plan_[i].location == source) out.push_back(i);
    }
    if (out.empty()) {
      for (size_t i = 0; i < plan_.size(); ++i) out.push_back(i);
    }
    return out;
  }

  // The first of `lines` that still lacks a pack, else the first of them.
  std::optional<size_t> first_open(const std::vector<size_t>& lines) const {
    for (size_t i : lines) {
      if (result_.lines[i].matched < plan_[i].packs) return i;
    }
    if (lines.empty()) return std::nullopt;
    return lines.front();
  }

  void flag_suspect(const LocationCode& source) {
    if (source.value().empty()) return;
    auto& s = result_.suspect_locations;
    if (std::find(s.begin(), s.end(), source) == s.end()) s.push_back(source);
  }

  void match(const Scan& scan, const std::vector<size_t>& candidates, PackMatch& m) {
    auto fail = [&](PackOutcome outcome, std::string detail) {
      m.outcome = outcome;
      m.detail = std::move(detail);
    };
    auto id = identify_pack(scan.code, ctx_.formulary);
    if (!id.ok()) {
      if (!scan.source.value().empty()) m.line = first_open(candidates);
      return fail(PackOutcome::kUnreadable, id.status().message());
    }
    const PackCode* code = &id->code;
    const bool nmpa = code->kind == PackCode::Kind::kNmpa;
    const Drug* drug = id->drug;
    m.pack = id->pack;

    std::vector<size_t> same_drug;
    for (size_t i : candidates) {
      if (drug && plan_[i].drug == drug->code) same_drug.push_back(i);
    }
    if (same_drug.empty()) {
      flag_suspect(scan.source);
      std::string found =
          drug ? describe(*drug)
               : (nmpa ? fmt::format("NMPA product code {}, not in the formulary", code->nmpa_product_code)
                       : fmt::format("GTIN {}, not in the formulary", code->gtin));
      if (candidates.empty()) return fail(PackOutcome::kWrongDrug, fmt::format("pack is {}; the plan is empty", found));
      if (!scan.source.value().empty()) m.line = first_open(candidates);
      const PlanLine& expected = plan_[m.line.value_or(candidates.front())];
      const Drug* planned = ctx_.formulary.find(expected.drug);
      std::string why = drug && planned ? fmt::format(" ({})", difference(*drug, *planned)) : "";
      if (scan.source.value().empty()) {
        return fail(PackOutcome::kWrongDrug, fmt::format("pack is {}: no line of the plan is for it", found));
      }
      return fail(PackOutcome::kWrongDrug,
                  fmt::format("pack is {}; planned {} from {}{}", found, describe(expected.drug, ctx_.formulary),
                              scan.source.value(), why));
    }
    m.line = first_open(same_drug);

    if (nmpa) {
      // The code carries neither lot nor expiry: they are the stock record's.
      m.pack.lot = plan_[*m.line].lot;
      m.pack.expiry = plan_[*m.line].expiry;
    } else if (code->lot.empty() || !code->expiry || code->serial.empty()) {
      std::string_view absent = code->lot.empty() ? "(10) batch" : !code->expiry ? "(17) expiry" : "(21) serial";
      return fail(PackOutcome::kUnreadable,
                  fmt::format("the GS1 code has no {}: a pack needs it to be checked", absent));
    }

    std::string key = serial_key(m.pack);
    if (ctx_.seen_serials.count(key) || batch_serials_.count(key)) {
      return fail(PackOutcome::kDuplicateSerial,
                  fmt::format("{} serial {} was already dispensed or read: a copied or misprinted label",
                              nmpa ? "NMPA product " + code->nmpa_product_code : "GTIN " + code->gtin, code->serial));
    }
    if (m.pack.expiry < ctx_.today) {
      return fail(PackOutcome::kExpired,
                  fmt::format("expired on {} (today is {})", format_date(m.pack.expiry), format_date(ctx_.today)));
    }

    std::vector<size_t> same_lot;
    for (size_t i : same_drug) {
      if (plan_[i].lot == m.pack.lot) same_lot.push_back(i);
    }
    if (same_lot.empty()) {
      std::string planned;
      for (size_t i : same_drug) planned += (planned.empty() ? "" : ", ") + plan_[i].lot.value();
      return fail(PackOutcome::kWrongLot, fmt::format("lot {}, planned {}", m.pack.lot.value(), planned));
    }
    m.line = first_open(same_lot);
    const PlanLine& line = plan_[*m.line];
    if (m.pack.expiry != line.expiry) {
      return fail(PackOutcome::kWrongLot,
                  fmt::format("lot {}: the code says expiry {}, the stock records {}", line.lot.value(),
                              format_date(m.pack.expiry), format_date(line.expiry)));
    }
    if (result_.lines[*m.line].matched >= line.packs) {
      return fail(PackOutcome::kExtra, fmt::format("item {} already has its {} planned pack(s) of lot {} from {}",
                                                   line.item, line.packs, line.lot.value(), line.location.value()));
    }
    m.outcome = PackOutcome::kMatched;
  }

  const std::vector<PlanLine>& plan_;
  const MatchContext& ctx_;
  JobMatch result_;
  std::unordered_set<std::string> batch_serials_;
};

}  // namespace

std::string_view pack_outcome_name(PackOutcome outcome) {
  switch (outcome) {
    case PackOutcome::kMatched: return "matched";
    case PackOutcome::kWrongDrug: return "wrong_drug";
    case PackOutcome::kWrongLot: return "wrong_lot";
    case PackOutcome::kExpired: return "expired";
    case PackOutcome::kDuplicateSerial: return "duplicate_serial";
    case PackOutcome::kUnreadable: return "unreadable";
    case PackOutcome::kExtra: return "extra";
  }
  return "unreadable";
}

bool JobMatch::passed() const {
  return std::all_of(packs.begin(), packs.end(), [](const PackMatch& p) { return !p.quarantine(); }) &&
         std::all_of(lines.begin(), lines.end(), [](const LineMatch& l) { return l.missing == 0; });
}

std::string serial_key(const Pack& pack) {
  return (pack.gtin.empty() ? "drug:" + pack.drug.value() : pack.gtin) + "|" + pack.serial;
}

JobMatch match_packs(const std::vector<Scan>& scans, const std::vector<PlanLine>& plan, const MatchContext& context) {
  Matcher matcher(plan, context);
  for (const auto& scan : scans) matcher.add(scan);
  return matcher.finish();
}

JobMatch match_codes(const std::vector<std::string>& codes, const std::vector<PlanLine>& plan,
                     const MatchContext& context) {
  std::vector<Scan> scans;
  scans.reserve(codes.size());
  for (const auto& c : codes) scans.push_back(Scan{c, LocationCode()});
  return match_packs(scans, plan, context);
}

}  // namespace rx
