#include "inventory/stock_ledger.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace rx {
namespace {

std::string describe(const DrugCode& drug, const LotNo& lot, const LocationCode& location) {
  return fmt::format("{} lot {} at {}", drug.value(), lot.value(), location.value());
}

std::string describe(const StockRow& row) { return describe(row.lot.drug, row.lot.lot, row.location); }

}  // namespace

int available(const StockProjection& row) { return row.row.quantity - row.reserved; }

Result<StockLedger> StockLedger::from_rows(std::vector<StockProjection> rows) {
  StockLedger ledger;
  for (auto& p : rows) {
    if (p.row.quantity < 0 || p.reserved < 0 || p.reserved > p.row.quantity) {
      return Status::invalid(fmt::format("{}: {} reserved of {} packs; expected 0 <= reserved <= quantity",
                                         describe(p.row), p.reserved, p.row.quantity),
                             "reserved");
    }
    Key key{p.row.lot.drug.value(), p.row.lot.lot.value(), p.row.location.value()};
    if (ledger.rows_.count(key) != 0) {
      return Status::invalid(fmt::format("{} appears twice", describe(p.row)), "stock");
    }
    ledger.add(std::move(key), std::move(p));
  }
  return ledger;
}

Status StockLedger::receive(const StockRow& row) {
  if (row.lot.drug.value().empty()) return Status::invalid("a received row needs a drug code", "drug");
  if (row.lot.lot.value().empty()) return Status::invalid(fmt::format("{}: the lot is empty", describe(row)), "lot");
  if (row.location.value().empty()) {
    return Status::invalid(fmt::format("{}: the location is empty", describe(row)), "location");
  }
  if (!row.lot.expiry.ok())
    return Status::invalid(fmt::format("{}: the expiry is not a date", describe(row)), "expiry");
  if (row.quantity <= 0) {
    return Status::invalid(fmt::format("{}: received {} packs; expected 1 or more", describe(row), row.quantity),
                           "quantity");
  }
  Key key{row.lot.drug.value(), row.lot.lot.value(), row.location.value()};
  auto it = rows_.find(key);
  if (it == rows_.end()) {
    add(std::move(key), StockProjection{.row = row, .reserved = 0});
    return Status::ok_status();
  }
  StockRow& have = it->second.row;
  if (have.lot.expiry != row.lot.expiry) {
    return Status::conflict(fmt::format("{}: received with expiry {}, but the row has expiry {}", describe(row),
                                        format_date(row.lot.expiry), format_date(have.lot.expiry)));
  }
  if (have.quarantined != row.quarantined || have.blocked != row.blocked) {
    return Status::conflict(fmt::format(
        "{}: received as quarantined={} blocked={}, but the row is quarantined={} blocked={}; change the flags first",
        describe(row), row.quarantined, row.blocked, have.quarantined, have.blocked));
  }
  if (have.quantity > std::numeric_limits<int>::max() - row.quantity) {
    return Status::invalid(fmt::format("{}: {} more packs would overflow the row", describe(row), row.quantity),
                           "quantity");
  }
  have.quantity += row.quantity;
  return Status::ok_status();
}

Result<StockProjection*> StockLedger::existing_row(const DrugCode& drug, const LotNo& lot,
                                                   const LocationCode& location) {
  auto it = rows_.find(Key{drug.value(), lot.value(), location.value()});
  if (it == rows_.end()) return Status::not_found(fmt::format("no stock row for {}", describe(drug, lot, location)));
  return &it->second;
}

Result<StockProjection*> StockLedger::row_for_change(const DrugCode& drug, const LotNo& lot,
                                                     const LocationCode& location, int n) {
  if (n <= 0) {
    return Status::invalid(fmt::format("{}: {} packs; expected 1 or more", describe(drug, lot, location), n), "packs");
  }
  return existing_row(drug, lot, location);
}

Status StockLedger::reserve(const DrugCode& drug, const LotNo& lot, const LocationCode& location, int n) {
  StockProjection* p = TRY(row_for_change(drug, lot, location, n));
  if (p->row.quarantined || p->row.blocked) {
    return Status::conflict(fmt::format("{} is {}; its packs cannot be reserved", describe(p->row),
                                        p->row.quarantined ? "quarantined" : "blocked"));
  }
  if (n > available(*p)) {
    return Status::conflict(
        fmt::format("cannot reserve {} packs of {}: {} available", n, describe(p->row), available(*p)));
  }
  p->reserved += n;
  return Status::ok_status();
}

Status StockLedger::release(const DrugCode& drug, const LotNo& lot, const LocationCode& location, int n) {
  StockProjection* p = TRY(row_for_change(drug, lot, location, n));
  if (n > p->reserved) {
    return Status::conflict(
        fmt::format("cannot release {} packs of {}: {} reserved", n, describe(p->row), p->reserved));
  }
  p->reserved -= n;
  return Status::ok_status();
}

Status StockLedger::dispense(const DrugCode& drug, const LotNo& lot, const LocationCode& location, int n) {
  StockProjection* p = TRY(row_for_change(drug, lot, location, n));
  if (n > p->row.quantity) {
    return Status::conflict(
        fmt::format("cannot dispense {} packs of {}: {} in stock", n, describe(p->row), p->row.quantity));
  }
  p->row.quantity -= n;
  p->reserved -= std::min(n, p->reserved);
  return Status::ok_status();
}

Status StockLedger::take(const DrugCode& drug, const LotNo& lot, const LocationCode& location, int n) {
  StockProjection* p = TRY(row_for_change(drug, lot, location, n));
  if (n > available(*p)) {
    return Status::conflict(fmt::format("cannot take {} packs of {}: {} in stock, {} of them held for prescriptions", n,
                                        describe(p->row), p->row.quantity, p->reserved));
  }
  p->row.quantity -= n;
  return Status::ok_status();
}

Status StockLedger::set_quarantined(const DrugCode& drug, const LotNo& lot, const LocationCode& location,
                                    bool quarantined) {
  StockProjection* p = TRY(existing_row(drug, lot, location));
  p->row.quarantined = quarantined;
  return Status::ok_status();
}

Status StockLedger::set_blocked(const DrugCode& drug, const LotNo& lot, const LocationCode& location, bool blocked) {
  StockProjection* p = TRY(existing_row(drug, lot, location));
  p->row.blocked = blocked;
  return Status::ok_status();
}

const StockProjection* StockLedger::find(const DrugCode& drug, const LotNo& lot, const LocationCode& location) const {
  auto it = rows_.find(Key{drug.value(), lot.value(), location.value()});
  return it == rows_.end() ? nullptr : &it->second;
}

std::vector<StockProjection> StockLedger::rows() const {
  std::vector<StockProjection> out;
  out.reserve(rows_.size());
  for (const auto& [key, p] : rows_) out.push_back(p);
  return out;
}

void StockLedger::add(Key key, StockProjection row) {
  keys_at_[std::get<2>(key)].insert(key);
  rows_.emplace(std::move(key), std::move(row));
}

std::vector<StockProjection> StockLedger::rows_at(const LocationCode& location) const {
  std::vector<StockProjection> out;
  auto keys = keys_at_.find(location.value());
  if (keys == keys_at_.end()) return out;
  out.reserve(keys->second.size());
  for (const Key& key : keys->second) out.push_back(rows_.at(key));
  return out;
}

std::vector<StockProjection> StockLedger::rows_for(const DrugCode& drug) const {
  std::vector<StockProjection> out;
  for (auto it = rows_.lower_bound(Key{drug.value(), "", ""});
       it != rows_.end() && std::get<0>(it->first) == drug.value(); ++it) {
    out.push_back(it->second);
  }
  return out;
}

}  // namespace rx
