// StockLedger: the stock rows of one pharmacy, keyed by (drug, lot, location), with the packs
// reserved for plans not yet dispensed. Every operation checks all it needs before changing
// anything, so a refused operation leaves the ledger exactly as it was.
#pragma once

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "core/result.h"
#include "core/stock.h"
#include "core/strong_id.h"
#include "storage/store.h"

namespace rx {

// Packs of a row that no plan holds: quantity - reserved.
int available(const StockProjection& row);

class StockLedger {
 public:
  StockLedger() = default;
  // A ledger over stored rows; fails on a repeated key, a negative quantity or a reservation
  // outside 0..quantity.
  static Result<StockLedger> from_rows(std::vector<StockProjection> rows);

  // Adds received packs: a new row, or more packs of an existing one, whose expiry and
  // quarantined/blocked flags must then be the same as the received row's.
  Status receive(const StockRow& row);
  // Holds n available packs of a row for a plan; refused on a quarantined or blocked row.
  Status reserve(const DrugCode& drug, const LotNo& lot, const LocationCode& location, int n);
  // Gives back n reserved packs.
  Status release(const DrugCode& drug, const LotNo& lot, const LocationCode& location, int n);
  // Records n packs leaving the row, counted against its reservations first; refused if the
  // quantity would go below zero. Flags do not stop it: it records packs already out.
  Status dispense(const DrugCode& drug, const LotNo& lot, const LocationCode& location, int n);
  // Takes n packs that no plan holds out of the row (a removal, a move, a count
  // correction); refused if fewer are available. Flags do not stop it.
  Status take(const DrugCode& drug, const LotNo& lot, const LocationCode& location, int n);
  Status set_quarantined(const DrugCode& drug, const LotNo& lot, const LocationCode& location, bool quarantined);
  Status set_blocked(const DrugCode& drug, const LotNo& lot, const LocationCode& location, bool blocked);

  // The row, or nullptr.
  const StockProjection* find(const DrugCode& drug, const LotNo& lot, const LocationCode& location) const;
  // All rows, by drug, lot and location.
  std::vector<StockProjection> rows() const;
  // The rows of one drug, by lot and location.
  std::vector<StockProjection> rows_for(const DrugCode& drug) const;
  // The rows at one location, by drug and lot.
  std::vector<StockProjection> rows_at(const LocationCode& location) const;

 private:
  using Key = std::tuple<std::string, std::string, std::string>;  // drug, lot, location

  Result<StockProjection*> existing_row(const DrugCode& drug, const LotNo& lot, const LocationCode& location);
  // The existing row, after checking that n is a positive number of packs.
  Result<StockProjection*> row_for_change(const DrugCode& drug, const LotNo& lot, const LocationCode& location, int n);

  // Adds a row that is not there yet, and indexes it by location.
  void add(Key key, StockProjection row);

  std::map<Key, StockProjection> rows_;
  // The keys of rows_ by location: a location holds a few rows of thousands.
  std::map<std::string, std::set<Key>> keys_at_;
};

}  // namespace rx
