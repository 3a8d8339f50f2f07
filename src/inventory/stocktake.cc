#include "inventory/stocktake.h"

#include <algorithm>
#include <map>
#include <tuple>

#include <fmt/format.h>

namespace rx {
namespace {

using LineKey = std::tuple<std::string, std::string>;  // drug, lot

LineKey key_of(const Lot& lot) { return {lot.drug.value(), lot.lot.value()}; }

}  // namespace

std::string_view stocktake_state_name(StocktakeState s) {
  return s == StocktakeState::kOpen ? "open" : "approved";
}

bool in_scope(const Stocktake& count, const LocationCode& location) {
  return count.scope.empty() || std::find(count.scope.begin(), count.scope.end(), location) != count.scope.end();
}

Status record_scan(Stocktake& count, const CountScan& scan, const std::vector<StockRow>& on_hand) {
  if (count.state != StocktakeState::kOpen) {
    return Status::conflict(fmt::format("stocktake {} is already approved; start a new count", count.id));
  }
  if (scan.location.value().empty()) return Status::invalid("a scan needs the location it was made at", "location");
  if (!in_scope(count, scan.location)) {
    return Status::invalid(fmt::format("location '{}' is not part of stocktake {}", scan.location.value(), count.id),
                           "location");
  }
  bool empty_location = scan.lot.drug.value().empty();
  if (empty_location && scan.packs != 0) {
    return Status::invalid(fmt::format("{} packs counted without a pack code; scan a pack", scan.packs), "scan");
  }
  if (!empty_location && (scan.packs < 1 || scan.packs > kMaxPacksPerScan)) {
    return Status::invalid(fmt::format("quantity must be from 1 to {} packs; got {}", kMaxPacksPerScan, scan.packs),
                           "quantity");
  }
  if (!scan.serial.empty() && std::find(count.serials.begin(), count.serials.end(), scan.serial) != count.serials.end()) {
    return Status::conflict(fmt::format("the pack with serial '{}' was already counted in stocktake {}", scan.serial,
                                        count.id))
        .with_reason("DUPLICATE_SERIAL");
  }
  auto place = std::find_if(count.counts.begin(), count.counts.end(),
                            [&](const LocationCount& c) { return c.location == scan.location; });
  if (!empty_location && place != count.counts.end()) {
    for (const StockRow& row : place->counted) {
      if (key_of(row.lot) == key_of(scan.lot) && row.lot.expiry != scan.lot.expiry) {
        return Status::invalid(fmt::format("lot {} of {} was counted with expiry {}; this pack says {}",
                                           scan.lot.lot.value(), scan.lot.drug.value(), format_date(row.lot.expiry),
                                           format_date(scan.lot.expiry)),
                               "scan");
      }
    }
  }

  if (place == count.counts.end()) {
    count.counts.push_back(LocationCount{scan.location, scan.at, {}, {}});
    place = count.counts.end() - 1;
  }
  place->counted_at = scan.at;
  place->expected.clear();
  for (const StockRow& row : on_hand) {
    if (row.location == scan.location) place->expected.push_back(row);
  }
  if (!empty_location) {
    auto row = std::find_if(place->counted.begin(), place->counted.end(),
                            [&](const StockRow& r) { return key_of(r.lot) == key_of(scan.lot); });
    if (row == place->counted.end()) {
      place->counted.push_back(StockRow{scan.lot, scan.location, scan.packs});
    } else {
      row->quantity += scan.packs;
    }
  }
  if (!scan.serial.empty()) count.serials.push_back(scan.serial);
  return Status();
}

std::vector<CountLine> discrepancy_report(const Stocktake& count) {
  std::map<std::tuple<std::string, std::string, std::string>, CountLine> lines;
  for (const LocationCount& c : count.counts) {
    for (const StockRow& row : c.expected) {
      CountLine& line = lines[{c.location.value(), row.lot.drug.value(), row.lot.lot.value()}];
      line.lot = row.lot;
      line.location = c.location;
      line.expected += row.quantity;
    }
    for (const StockRow& row : c.counted) {
      CountLine& line = lines[{c.location.value(), row.lot.drug.value(), row.lot.lot.value()}];
      if (line.lot.drug.value().empty()) line.lot = row.lot;
      line.location = c.location;
      line.counted += row.quantity;
    }
  }
  std::vector<CountLine> out;
  for (auto& [key, line] : lines) {
    if (line.expected != 0 || line.counted != 0) out.push_back(std::move(line));
  }
  return out;
}

std::vector<LocationCode> uncounted_locations(const Stocktake& count) {
  std::vector<LocationCode> out;
  for (const LocationCode& location : count.scope) {
    bool counted = std::any_of(count.counts.begin(), count.counts.end(),
                               [&](const LocationCount& c) { return c.location == location; });
    if (!counted) out.push_back(location);
  }
  return out;
}

Status approve_count(Stocktake& count, Instant at, std::string by) {
  if (count.state == StocktakeState::kApproved) {
    return Status::conflict(fmt::format("stocktake {} was already approved by {}", count.id, count.approved_by));
  }
  count.state = StocktakeState::kApproved;
  count.approved_at = at;
  count.approved_by = std::move(by);
  return Status();
}

}  // namespace rx
