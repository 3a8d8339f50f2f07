#include "inventory/stock_in.h"

#include <fmt/format.h>

#include <set>

#include "interop/gs1/pack_code.h"
#include "inventory/lot_acceptance.h"

namespace rx {
namespace {

Status refusal(std::string_view reason, std::string message, std::string field) {
  return Status::invalid(std::move(message), std::move(field)).with_reason(std::string(reason));
}

bool locked_cabinet(const LocationCode& location) { return location.value().starts_with("S-10-"); }

// The reason `drug` may not be kept at `location` by its kind, or empty.
std::string unsuitable_kind(const Drug& drug, const LocationCode& location) {
  if (is_reserve_location(location)) return {};
  char device = location_device(location);
  bool cold = drug.storage == Storage::kCold;
  bool controlled = drug.controlled != Controlled::kNone;
  if (cold != (device == 'F')) {
    return cold ? fmt::format("{} is kept cold (2-8 °C): only fridge locations F-… take it", drug.code.value())
                : fmt::format("{} is not a cold-chain drug: the fridge takes only those", drug.code.value());
  }
  if (controlled != locked_cabinet(location)) {
    return controlled ? fmt::format("{} is a controlled drug: only the locked cabinet S-10-… takes it",
                                    drug.code.value())
                      : fmt::format("the locked cabinet S-10-… takes only controlled drugs, and {} is not one",
                                    drug.code.value());
  }
  if ((device == 'C' || device == 'R') && !drug.machine_ok) {
    return fmt::format("{} is not a box the machines handle (machine_ok is false)", drug.code.value());
  }
  return {};
}

// What stock holds at each location, for one decision.
class Occupancy {
 public:
  explicit Occupancy(const std::vector<StockProjection>& stock) : stock_(stock) {}

  int packs_at(const LocationCode& location) const {
    int n = 0;
    for (const auto& p : stock_) n += p.row.location == location ? p.row.quantity : 0;
    return n;
  }
  // The reason the lot may not join what is at `location`, or empty.
  std::string conflict(const Lot& lot, const LocationCode& location) const {
    for (const auto& p : stock_) {
      const StockRow& row = p.row;
      if (row.location != location) continue;
      bool same_lot = row.lot.drug == lot.drug && row.lot.lot == lot.lot;
      if (same_lot && row.quarantined) {
        return fmt::format("lot {} is quarantined at {}", lot.lot.value(), location.value());
      }
      if (row.quantity > 0 && location_device(location) == 'C' && !same_lot) {
        return fmt::format("channel {} holds lot {} of {}; a channel holds one lot of one drug", location.value(),
                           row.lot.lot.value(), row.lot.drug.value());
      }
    }
    return {};
  }
  bool holds(const LocationCode& location, const DrugCode& drug, const LotNo* lot) const {
    for (const auto& p : stock_) {
      const StockRow& row = p.row;
      if (row.location == location && row.quantity > 0 && row.lot.drug == drug && (!lot || row.lot.lot == *lot)) {
        return true;
      }
    }
    return false;
  }

 private:
  const std::vector<StockProjection>& stock_;
};

// The device whose free locations the drug's new stock goes to.
char home_device(const Drug& drug, const std::vector<StockProjection>& stock) {
  for (const auto& p : stock) {
    char device = location_device(p.row.location);
    if (p.row.lot.drug == drug.code && p.row.quantity > 0 && device != 0) return device;
  }
  if (drug.storage == Storage::kCold) return 'F';
  if (drug.controlled != Controlled::kNone) return 'S';
  return drug.machine_ok ? 'C' : 'S';
}

}  // namespace

std::string stock_serial_key(const DrugCode& drug, std::string_view serial) {
  return fmt::format("{}|{}", drug.value(), serial);
}

Result<ScannedPack> identify_pack(const StockInRequest& request, const StockInFacts& facts) {
  auto code = parse_pack_code(request.scan);
  if (!code.ok()) return refusal(kBadCode, code.status().message(), "scan");
  ScannedPack pack;
  if (code->kind == PackCode::Kind::kNmpa) {
    pack.drug = facts.formulary.find_by_nmpa(code->nmpa_product_code);
    if (pack.drug == nullptr) {
      return refusal(kUnknownGtin,
                     fmt::format("NMPA product code {} is not in the formulary", code->nmpa_product_code), "scan");
    }
  } else {
    pack.drug = facts.formulary.find_by_gtin(code->gtin);
    if (pack.drug == nullptr) {
      return refusal(kUnknownGtin, fmt::format("GTIN {} is not in the formulary", code->gtin), "scan");
    }
  }
  pack.serial = code->serial;
  pack.lot.drug = pack.drug->code;

  const DeliveredLot* delivered = nullptr;
  if (auto it = facts.delivered.find(pack.drug->code.value()); it != facts.delivered.end()) delivered = &it->second;

  if (!code->lot.empty()) {
    if (request.lot && request.lot->value() != code->lot) {
      return Status::invalid(
          fmt::format("the code names lot {}, the request lot {}", code->lot, request.lot->value()), "lot");
    }
    pack.lot.lot = LotNo(code->lot);
  } else if (request.lot) {
    pack.lot.lot = *request.lot;
  } else if (delivered) {
    pack.lot.lot = delivered->lot;
  } else {
    return refusal(kMissingLot,
                   fmt::format("the code of {} carries no lot, and no delivery names one: enter the lot",
                               pack.drug->code.value()),
                   "lot");
  }

  if (code->expiry) {
    if (request.expiry && *request.expiry != *code->expiry) {
      return Status::invalid(fmt::format("the code names expiry {}, the request {}", format_date(*code->expiry),
                                         format_date(*request.expiry)),
                             "expiry");
    }
    pack.lot.expiry = *code->expiry;
  } else if (request.expiry) {
    pack.lot.expiry = *request.expiry;
  } else if (delivered && delivered->lot == pack.lot.lot) {
    pack.lot.expiry = delivered->expiry;
  } else {
    return refusal(kMissingExpiry,
                   fmt::format("the code of {} carries no expiry, and no delivery names one for lot {}: enter the "
                               "expiry",
                               pack.drug->code.value(), pack.lot.lot.value()),
                   "expiry");
  }
  return pack;
}

Result<LocationCode> place_packs(const Drug& drug, const Lot& lot, int quantity,
                                 const std::optional<LocationCode>& requested, const StockInFacts& facts) {
  Occupancy occupancy(facts.stock);
  // The reason the packs may not go to `location`, with its refusal code; empty when they may.
  auto problem = [&](const LocationCode& location) -> std::pair<std::string_view, std::string> {
    if (std::string why = unsuitable_kind(drug, location); !why.empty()) return {kUnsuitableLocation, why};
    if (std::string why = occupancy.conflict(lot, location); !why.empty()) return {kUnsuitableLocation, why};
    auto capacity = facts.locations.packs(location, drug);
    int there = occupancy.packs_at(location);
    if (capacity && there + quantity > *capacity) {
      return {kOverCapacity, fmt::format("{} holds {} packs of {}; {} are there, so {} more do not fit",
                                         location.value(), *capacity, drug.code.value(), there, quantity)};
    }
    return {};
  };

  if (requested) {
    if (auto why = location_code_problem(requested->value())) {
      return Status::invalid(fmt::format("location '{}': {}", requested->value(), *why), "location");
    }
    auto [reason, why] = problem(*requested);
    if (!why.empty()) return refusal(reason, std::move(why), "location");
    return *requested;
  }

  std::set<LocationCode> known;
  for (const LocationCode& location : facts.locations.known()) known.insert(location);
  for (const auto& p : facts.stock) known.insert(p.row.location);
  auto fits = [&](const LocationCode& location) { return problem(location).second.empty(); };

  for (const LocationCode& location : known) {  // 1. where the lot already is
    if (location_device(location) != 0 && occupancy.holds(location, drug.code, &lot.lot) && fits(location)) {
      return location;
    }
  }
  for (const LocationCode& location : known) {  // 2. beside other lots of the drug
    char device = location_device(location);
    if (device != 0 && device != 'C' && occupancy.holds(location, drug.code, nullptr) && fits(location)) {
      return location;
    }
  }
  char device = home_device(drug, facts.stock);
  for (const LocationCode& location : known) {  // 3. an empty place on its device
    if (location_device(location) == device && occupancy.packs_at(location) == 0 && fits(location)) return location;
  }
  for (const LocationCode& location : known) {  // 4. the reserve store
    if (is_reserve_location(location) && occupancy.holds(location, drug.code, &lot.lot) && fits(location)) {
      return location;
    }
  }
  for (const LocationCode& location : known) {
    if (is_reserve_location(location) && occupancy.holds(location, drug.code, nullptr) && fits(location)) {
      return location;
    }
  }
  return facts.locations.reserve;
}

Result<StockInDecision> decide_stock_in(const StockInRequest& request, const StockInFacts& facts) {
  if (request.quantity < 1 || request.quantity > kMaxStockInPacks) {
    return Status::invalid(
        fmt::format("quantity must be a whole number of packs from 1 to {}; got {}", kMaxStockInPacks,
                    request.quantity),
        "quantity");
  }
  ScannedPack pack = TRY(identify_pack(request, facts));
  TRY(check_shelf_life(pack.lot, facts.today, facts.short_dated_days));
  if (!pack.serial.empty() && facts.known_serials.contains(stock_serial_key(pack.drug->code, pack.serial))) {
    return refusal(kDuplicateSerial,
                   fmt::format("a pack of {} with serial {} was received before", pack.drug->code.value(), pack.serial),
                   "scan");
  }
  TRY(check_lot_against_stock(pack.lot, facts.stock));
  StockInDecision decision;
  decision.drug = pack.drug;
  decision.lot = pack.lot;
  decision.quantity = request.quantity;
  if (request.quantity == 1) decision.serial = pack.serial;
  decision.location = TRY(place_packs(*pack.drug, pack.lot, request.quantity, request.location, facts));
  decision.proposed = !request.location.has_value();
  return decision;
}

}  // namespace rx
