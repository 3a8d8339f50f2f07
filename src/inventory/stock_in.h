// Stock-in by scan: from a pack's code, which drug, lot, expiry and serial it
// is, whether the pharmacy takes it, and at which location.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/drug.h"
#include "core/result.h"
#include "core/stock.h"
#include "inventory/delivery.h"
#include "inventory/stock_locations.h"
#include "storage/store.h"

namespace rx {

// The most packs one stock-in takes.
inline constexpr int kMaxStockInPacks = 1000;

// What a technician scanned, and what they entered beside it.
struct StockInRequest {
  std::string scan;  // GS1 element string (with or without ]d2), its (01)… form, or an NMPA 20-digit code
  int quantity = 1;  // packs of this lot put in
  std::optional<LotNo> lot;               // for a code without a lot (NMPA)
  std::optional<Date> expiry;             // for a code without an expiry (NMPA)
  std::optional<LocationCode> location;   // instead of the proposed one; checked the same way
};

// What stock-in decides from; everything is the caller's, read only.
struct StockInFacts {
  const Formulary& formulary;
  Date today;  // in the pharmacy's zone
  int short_dated_days = 30;
  const std::unordered_set<std::string>& known_serials;    // stock_serial_key of every pack received
  const std::map<std::string, DeliveredLot>& delivered;     // by drug code
  const std::vector<StockProjection>& stock;                // every ledger row
  const StockLocations& locations;
};

// The key of a received pack's serial in StockInFacts::known_serials.
std::string stock_serial_key(const DrugCode& drug, std::string_view serial);

// A scanned pack, identified.
struct ScannedPack {
  const Drug* drug = nullptr;
  Lot lot;
  std::string serial;  // empty when the code has none
};

// Reads the scan and completes its lot and expiry from the code, else the
// request, else the most recent delivery of the drug. BAD_CODE, UNKNOWN_GTIN
// (also for an NMPA product the formulary lacks), MISSING_LOT,
// MISSING_EXPIRY; invalid_argument (no reason) when the request's lot or
// expiry contradicts the code's.
Result<ScannedPack> identify_pack(const StockInRequest& request, const StockInFacts& facts);

// Where `quantity` packs of the lot go. A requested location must be a
// location code (invalid_argument otherwise), suit the drug
// (UNSUITABLE_LOCATION) and have room (OVER_CAPACITY). Without one, the
// proposal is the first (in code order) of:
//  1. a machine location holding this lot with room;
//  2. a non-channel machine location holding the drug with room (a channel
//     holds one lot, so that its boxes leave first expiry first);
//  3. an empty location of the drug's device that suits the drug and holds
//     the packs; the device is the one its stock is in, else fridge for cold
//     drugs, the locked cabinet S-10 for controlled ones, the channel machine
//     for other machine_ok boxes, the shelf for the rest;
//  4. the reserve store: a B- location holding the lot, else the drug, else
//     locations.reserve.
// A location suits a drug when: the fridge holds exactly the cold drugs; the
// locked cabinet S-10-* exactly the controlled ones; the channel machine and
// the robot only machine_ok boxes; a channel only one lot of one drug; and no
// row of the lot there is quarantined. The known locations are
// facts.locations.known() and those in `stock`.
Result<LocationCode> place_packs(const Drug& drug, const Lot& lot, int quantity,
                                 const std::optional<LocationCode>& requested, const StockInFacts& facts);

struct StockInDecision {
  const Drug* drug = nullptr;
  Lot lot;
  std::string serial;  // recorded only when one pack comes in
  int quantity = 0;
  LocationCode location;
  bool proposed = false;  // true: the location is rxpress's proposal
};

// The whole decision, refusals in this order: invalid quantity, BAD_CODE,
// UNKNOWN_GTIN, MISSING_LOT, MISSING_EXPIRY, EXPIRED, SHORT_DATED,
// DUPLICATE_SERIAL, EXPIRY_MISMATCH, BLOCKED_LOT, then place_packs' own.
Result<StockInDecision> decide_stock_in(const StockInRequest& request, const StockInFacts& facts);

}  // namespace rx
