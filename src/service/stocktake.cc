// Stocktake (盘点): counts by scan, their discrepancy reports, and the
// approval that turns a report into adjusted movements. A count lives in a
// meta row "stocktake:<id>", rewritten at each scan, so an open count
// survives a restart.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "interop/gs1/pack_code.h"
#include "inventory/known_location.h"
#include "service/pharmacy_impl.h"
#include "service/stocktake_json.h"

namespace rx {
namespace {

constexpr std::string_view kStocktakePrefix = "stocktake:";

std::string stocktake_key(long long id) { return fmt::format("{}{}", kStocktakePrefix, id); }

// Answers on the loop, never re-entrantly inside the caller.
void fail_later(Scheduler& sched, const Pharmacy::StocktakeDone& done, Status s) {
  sched.post([done, s = std::move(s)] { done(s); });
}

}  // namespace

void Pharmacy::start_stocktake(std::vector<LocationCode> locations, const Actor& actor, StocktakeDone done) {
  auto& im = *impl_;
  if (locations.size() > kMaxStocktakeLocations) {
    fail_later(scheduler_, done,
               Status::invalid(fmt::format("a count names at most {} locations; got {}", kMaxStocktakeLocations,
                                           locations.size()),
                               "locations"));
    return;
  }
  std::vector<LocationCode> scope;
  for (size_t i = 0; i < locations.size(); ++i) {
    const LocationCode& loc = locations[i];
    auto problem = loc == kQuarantineLocation ? std::nullopt : unknown_location_problem(loc, im.ledger_);
    if (problem) {
      fail_later(scheduler_, done, Status::invalid(*problem, fmt::format("locations[{}]", i)));
      return;
    }
    if (std::find(scope.begin(), scope.end(), loc) == scope.end()) scope.push_back(loc);
  }
  Stocktake count;
  count.id = im.stocktakes_.empty() ? 1 : im.stocktakes_.rbegin()->first + 1;
  count.scope = std::move(scope);
  count.started_at = scheduler_.now();
  count.started_by = actor.label();
  nlohmann::json doc = stocktake_json(count, config_.zone);
  im.set_meta(stocktake_key(count.id), doc.dump());
  im.emit("stocktake.started", actor, std::nullopt, {{"id", count.id}, {"scope", doc["scope"]}});
  long long id = count.id;
  im.stocktakes_[id] = std::move(count);
  im.after_commit([this, id, done] { done(impl_->stocktakes_.at(id)); }, [done](const Status& s) { done(s); });
}

void Pharmacy::scan_stocktake(long long id, const LocationCode& location, const std::string& scan,
                              std::optional<int> quantity, std::optional<LotNo> lot, const Actor& actor,
                              StocktakeDone done) {
  auto& im = *impl_;
  auto it = im.stocktakes_.find(id);
  if (it == im.stocktakes_.end()) {
    fail_later(scheduler_, done, Status::not_found(fmt::format("there is no stocktake {}", id)));
    return;
  }
  if (auto problem = location == kQuarantineLocation ? std::nullopt : unknown_location_problem(location, im.ledger_)) {
    fail_later(scheduler_, done, Status::invalid(*problem, "location"));
    return;
  }
  CountScan cs{location, Lot{}, quantity.value_or(1), "", scheduler_.now()};
  if (scan.empty()) {
    if (quantity.value_or(-1) != 0) {
      fail_later(scheduler_, done,
                 Status::invalid("scan a pack, or send an empty scan with quantity 0 for an empty location", "scan"));
      return;
    }
  } else {
    Result<PackCode> code = parse_pack_code(scan);
    if (!code.ok()) {
      fail_later(scheduler_, done, Status::invalid(code.status().message(), "scan").with_reason("BAD_CODE"));
      return;
    }
    bool gs1 = code->kind == PackCode::Kind::kGs1;
    const Drug* drug = gs1 ? formulary_.find_by_gtin(code->gtin) : formulary_.find_by_nmpa(code->nmpa_product_code);
    if (drug == nullptr) {
      fail_later(scheduler_, done,
                 Status::invalid(fmt::format("{} is not in the formulary",
                                             gs1 ? "GTIN " + code->gtin : "NMPA product " + code->nmpa_product_code),
                                 "scan")
                     .with_reason("UNKNOWN_GTIN"));
      return;
    }
    if (gs1) {
      if (code->lot.empty() || !code->expiry) {
        fail_later(scheduler_, done,
                   Status::invalid("the code carries no lot (AI 10) or no expiry (AI 17); scan the pack's DataMatrix",
                                   "scan"));
        return;
      }
      if (lot && *lot != LotNo(code->lot)) {
        fail_later(scheduler_, done,
                   Status::invalid(fmt::format("expected the scanned pack's lot {}, found {}", code->lot, lot->value()),
                                   "lot"));
        return;
      }
      cs.lot = Lot{drug->code, LotNo(code->lot), *code->expiry};
    } else {
      // An NMPA code names no lot: it is the one named with it, else the
      // drug's only lot at the location. The expiry is the ledger's.
      std::vector<Lot> lots;
      std::optional<Lot> named;
      for (const StockProjection& p : im.ledger_.rows_for(drug->code)) {
        if (p.row.location == location) lots.push_back(p.row.lot);
        if (lot && p.row.lot.lot == *lot && (!named || p.row.location == location)) named = p.row.lot;
      }
      if (lot && !named) {
        fail_later(scheduler_, done,
                   Status::invalid(fmt::format("expected a lot of {} on record, found {}", drug->code.value(),
                                               lot->value()),
                                   "lot"));
        return;
      }
      if (!lot && lots.size() != 1) {
        fail_later(scheduler_, done,
                   Status::invalid(fmt::format("an NMPA code carries no lot, and {} holds {} lots of {}; name the "
                                               "lot, or scan the pack's GS1 DataMatrix",
                                               location.value(), lots.size(), drug->code.value()),
                                   "scan"));
        return;
      }
      cs.lot = named ? *named : lots.front();
    }
    cs.serial = code->serial;
  }
  std::vector<StockRow> on_hand;
  for (const StockProjection& p : im.ledger_.rows()) {
    if (p.row.location == location) on_hand.push_back(p.row);
  }
  Stocktake& count = it->second;
  Status s = record_scan(count, cs, on_hand);
  if (!s.ok()) {
    fail_later(scheduler_, done, std::move(s));
    return;
  }
  im.set_meta(stocktake_key(id), stocktake_json(count, config_.zone).dump());
  im.emit("stocktake.scanned", actor, std::nullopt,
          {{"id", id},
           {"location", location.value()},
           {"drug", cs.lot.drug.value()},
           {"lot", cs.lot.lot.value()},
           {"packs", cs.packs},
           {"serial", cs.serial}});
  im.after_commit([this, id, done] { done(impl_->stocktakes_.at(id)); }, [done](const Status& s) { done(s); });
}

Result<Stocktake> Pharmacy::stocktake(long long id) const {
  auto it = impl_->stocktakes_.find(id);
  if (it == impl_->stocktakes_.end()) return Status::not_found(fmt::format("there is no stocktake {}", id));
  return it->second;
}

std::vector<Stocktake> Pharmacy::stocktakes() const {
  std::vector<Stocktake> out;
  for (const auto& [id, c] : impl_->stocktakes_) out.push_back(c);
  return out;
}

void Pharmacy::approve_stocktake(long long id, const Actor& actor, StocktakeDone done) {
  auto& im = *impl_;
  if (actor.role != "admin") {
    fail_later(scheduler_, done,
               Status(ErrorCode::kPermissionDenied,
                      fmt::format("a stocktake is approved by an admin; {} may not", actor.label())));
    return;
  }
  auto it = im.stocktakes_.find(id);
  if (it == im.stocktakes_.end()) {
    fail_later(scheduler_, done, Status::not_found(fmt::format("there is no stocktake {}", id)));
    return;
  }
  Stocktake& count = it->second;
  if (count.state == StocktakeState::kApproved) {
    fail_later(scheduler_, done,
               Status::conflict(fmt::format("stocktake {} was already approved by {}", id, count.approved_by)));
    return;
  }
  // All corrections or none: each is tried on a copy of the ledger first.
  std::vector<CountLine> corrections;
  StockLedger trial = im.ledger_;
  for (const CountLine& line : discrepancy_report(count)) {
    int diff = line.difference();
    if (diff == 0) continue;
    Status s;
    if (diff > 0) {
      StockRow row{line.lot, line.location, diff, line.location == kQuarantineLocation};
      if (const StockProjection* have = trial.find(line.lot.drug, line.lot.lot, line.location)) {
        // Packs join the row as it is, as Impl::move does.
        row.quarantined = have->row.quarantined;
        row.blocked = have->row.blocked;
      }
      s = trial.receive(row);
    } else {
      s = trial.take(line.lot.drug, line.lot.lot, line.location, -diff);
    }
    if (!s.ok()) {
      fail_later(scheduler_, done,
                 Status::conflict(fmt::format("stocktake {}: {} lot {} at {} cannot be corrected by {:+}: {}", id,
                                              line.lot.drug.value(), line.lot.lot.value(), line.location.value(),
                                              diff, s.message())));
      return;
    }
    corrections.push_back(line);
  }
  std::string reason = fmt::format("stocktake {}", id);
  for (const CountLine& line : corrections) {
    Impl::Move m{MovementKind::kAdjusted, line.lot, line.location, line.difference(), std::nullopt, "", reason};
    m.quarantined = line.location == kQuarantineLocation;
    Status s = im.move(m, actor);
    if (!s.ok()) spdlog::error("stocktake {}: correction at {}: {}", id, line.location.value(), s.message());
  }
  (void)approve_count(count, scheduler_.now(), actor.label());
  im.set_meta(stocktake_key(id), stocktake_json(count, config_.zone).dump());
  im.emit("stocktake.approved", actor, std::nullopt, {{"id", id}, {"adjustments", corrections.size()}});
  im.after_commit([this, id, done] { done(impl_->stocktakes_.at(id)); }, [done](const Status& s) { done(s); });
  im.post_dispatch();
}

}  // namespace rx
