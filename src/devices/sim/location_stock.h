// LocationStock: the packs a simulated device holds, location by location,
// and the per-lot count of packs put in and taken out. Each location is a
// queue: packs taken without a lot asked for come from the front, as boxes
// leave a channel.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/stock.h"

namespace rx {

// What one physical pack is.
struct StockedPack {
  Lot lot;
  std::string gtin;
};

// One lot's packs over the device's life: put in, taken out, and still at a
// location. Conserved: in == out + on_hand.
struct LotAccount {
  Lot lot;
  std::string gtin;
  int64_t in = 0;
  int64_t out = 0;
  int64_t on_hand = 0;
};

class LocationStock {
 public:
  // Adds `count` packs like `pack` at the back of `location`.
  void put(const LocationCode& location, const StockedPack& pack, int count);
  // Takes one pack from `location`: the first of lot `preferred` if given and
  // there, else the front one; nullopt if the location is empty.
  std::optional<StockedPack> take(const LocationCode& location, const LotNo* preferred = nullptr);
  // Takes up to `count` packs of `lot` from `location`, wherever they stand in
  // its queue (packs taken off the shelf by hand); counted out. Returns how
  // many were there to take.
  int remove(const LocationCode& location, const Lot& lot, int count);
  enum class Taken { kPack, kEmpty, kUntracked };
  // As take, in one look-up, telling an empty location from an untracked one;
  // `pack` is set when a pack was taken.
  Taken take_into(const LocationCode& location, const LotNo* preferred, StockedPack& pack);
  // Whether `location` was ever given packs; an untracked location's packs are
  // taken on trust from the job.
  bool tracked(const LocationCode& location) const { return locations_.contains(location.value()); }
  // Packs at `location` now.
  int count(const LocationCode& location) const;
  // What is on hand: one row per location and lot, in location order.
  std::vector<StockRow> rows() const;
  // Every lot ever put in, by drug and lot, with on_hand counted from the locations.
  std::vector<LotAccount> accounts() const;
  // Every lot ever put in, by drug and lot.
  std::vector<StockedPack> known_lots() const;

 private:
  struct Counts {
    StockedPack pack;
    int64_t in = 0;
    int64_t out = 0;
  };
  struct Batch {
    StockedPack pack;
    int count = 0;
    Counts* counts = nullptr;  // its lot's, in lots_ (map nodes stay put)
  };
  static std::pair<std::string, std::string> key(const Lot& lot) { return {lot.drug.value(), lot.lot.value()}; }

  std::unordered_map<std::string, std::deque<Batch>> locations_;
  std::map<std::pair<std::string, std::string>, Counts> lots_;
};

}  // namespace rx
