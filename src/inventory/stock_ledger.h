// StockLedger: the stock rows of one pharmacy, keyed by (drug, lot, location), with the packs
// reserved for plans not yet dispensed. Every operation checks all it needs before changing
// anything, so a refused operation leaves the ledger exactly as it was.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
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
  // Reservations of a plan that may yet be dropped (reserve_trial, drop_trial).
  struct Trial {
    struct Held {
      DrugCode drug;
      LotNo lot;
      LocationCode location;
      int packs = 0;
      uint64_t drug_version_before = 0;
    };
    std::vector<Held> held;
    uint64_t version_before = 0;  // the ledger's version before the first of them
    uint64_t version_after = 0;   // after the last of them
    bool alone = true;            // nothing else changed the ledger between them
  };

  StockLedger() = default;
  // A version names contents within one object's history: a ledger assigned
  // over (or moved from) takes a version it never had before.
  StockLedger(const StockLedger& other);
  StockLedger(StockLedger&& other) noexcept;
  StockLedger& operator=(const StockLedger& other);
  StockLedger& operator=(StockLedger&& other) noexcept;
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
  // reserve(), recorded in `trial` so that drop_trial can take it back.
  Status reserve_trial(const DrugCode& drug, const LotNo& lot, const LocationCode& location, int n, Trial& trial);
  // Releases every reservation of `trial` and empties it; if nothing else
  // changed the ledger since the trial began, the ledger is back at its
  // version of then, as if the trial had never been.
  void drop_trial(Trial& trial);
  // Whether receive() would take every one of `rows`, received in turn:
  // nullopt, or the index of the first it would refuse and why. Changes nothing.
  std::optional<std::pair<size_t, Status>> first_refused(const std::vector<StockRow>& rows) const;

  // Names the ledger's contents: it changes with every change, and the same
  // version of one ledger (this object) always means the same rows.
  uint64_t version() const { return version_; }
  // The same for the rows of one drug alone.
  uint64_t drug_version(const DrugCode& drug) const;

  // The row, or nullptr.
  const StockProjection* find(const DrugCode& drug, const LotNo& lot, const LocationCode& location) const;
  // All rows, by drug, lot and location.
  std::vector<StockProjection> rows() const;
  // The rows of one drug, by lot and location.
  std::vector<StockProjection> rows_for(const DrugCode& drug) const;
  // The same rows in place, valid until the ledger next changes.
  std::vector<const StockProjection*> rows_of(const DrugCode& drug) const;
  // The rows at one location, by drug and lot.
  std::vector<StockProjection> rows_at(const LocationCode& location) const;

 private:
  using Key = std::tuple<std::string, std::string, std::string>;  // drug, lot, location

  Result<StockProjection*> existing_row(const DrugCode& drug, const LotNo& lot, const LocationCode& location);
  // The existing row, after checking that n is a positive number of packs.
  Result<StockProjection*> row_for_change(const DrugCode& drug, const LotNo& lot, const LocationCode& location, int n);

  // Adds a row that is not there yet, and indexes it by location and by drug.
  void add(Key key, StockProjection row);
  // Builds rows_of_drug_ afresh from rows_ (after a copy).
  void index_drugs();
  // Why receive() would refuse `row`, given the row it would add to (nullptr:
  // none yet); ok if it would take it.
  static Status receive_refusal(const StockRow& row, const StockProjection* have);
  // Called after every change: a version never used before in this history.
  void changed() { version_ = ++last_version_; }
  void changed(const std::string& drug) {
    changed();
    drug_versions_[drug] = version_;
  }
  // A ledger of new contents: every drug's version is new as well.
  void replaced() {
    changed();
    drug_versions_.clear();
    drugs_since_ = version_;
  }

  std::map<Key, StockProjection> rows_;
  // The keys of rows_ by location: a location holds a few rows of thousands.
  std::map<std::string, std::set<Key>> keys_at_;
  // The rows of each drug in rows_'s order, so that a plan reads them without
  // walking the map. Rows are never erased, so the pointers stay valid.
  std::unordered_map<std::string, std::vector<StockProjection*>> rows_of_drug_;
  uint64_t version_ = 0;
  uint64_t last_version_ = 0;  // the highest version this history has used
  std::unordered_map<std::string, uint64_t> drug_versions_;  // of the drugs changed since drugs_since_
  uint64_t drugs_since_ = 0;  // every other drug's version
};

}  // namespace rx
