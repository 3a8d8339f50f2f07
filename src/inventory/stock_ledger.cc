#include "inventory/stock_ledger.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
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

StockLedger::StockLedger(const StockLedger& other)
    : rows_(other.rows_), keys_at_(other.keys_at_), version_(other.version_), last_version_(other.last_version_),
      drug_versions_(other.drug_versions_), drugs_since_(other.drugs_since_) {
  index_drugs();
}

// A moved map keeps its nodes, so the index moves along.
StockLedger::StockLedger(StockLedger&& other) noexcept
    : rows_(std::move(other.rows_)), keys_at_(std::move(other.keys_at_)),
      rows_of_drug_(std::move(other.rows_of_drug_)), version_(other.version_), last_version_(other.last_version_),
      drug_versions_(std::move(other.drug_versions_)), drugs_since_(other.drugs_since_) {
  other.rows_.clear();
  other.keys_at_.clear();
  other.rows_of_drug_.clear();
  other.replaced();
}

StockLedger& StockLedger::operator=(const StockLedger& other) {
  if (this == &other) return *this;
  rows_ = other.rows_;
  keys_at_ = other.keys_at_;
  index_drugs();
  last_version_ = std::max(last_version_, other.last_version_);
  replaced();
  return *this;
}

StockLedger& StockLedger::operator=(StockLedger&& other) noexcept {
  if (this == &other) return *this;
  rows_ = std::move(other.rows_);
  keys_at_ = std::move(other.keys_at_);
  rows_of_drug_ = std::move(other.rows_of_drug_);
  other.rows_.clear();
  other.keys_at_.clear();
  other.rows_of_drug_.clear();
  other.replaced();
  last_version_ = std::max(last_version_, other.last_version_);
  replaced();
  return *this;
}

Status StockLedger::receive_refusal(const StockRow& row, const StockProjection* have_row) {
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
  if (have_row == nullptr) return Status::ok_status();
  const StockRow& have = have_row->row;
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
  return Status::ok_status();
}

Status StockLedger::receive(const StockRow& row) {
  Key key{row.lot.drug.value(), row.lot.lot.value(), row.location.value()};
  auto it = rows_.find(key);
  TRY(receive_refusal(row, it == rows_.end() ? nullptr : &it->second));
  if (it == rows_.end()) {
    add(std::move(key), StockProjection{.row = row, .reserved = 0});
  } else {
    it->second.row.quantity += row.quantity;
  }
  changed(row.lot.drug.value());
  return Status::ok_status();
}

std::optional<std::pair<size_t, Status>> StockLedger::first_refused(const std::vector<StockRow>& rows) const {
  std::map<Key, StockProjection> touched;  // rows as the earlier of `rows` leave them
  for (size_t i = 0; i < rows.size(); ++i) {
    const StockRow& row = rows[i];
    Key key{row.lot.drug.value(), row.lot.lot.value(), row.location.value()};
    auto seen = touched.find(key);
    const StockProjection* have = seen != touched.end() ? &seen->second : find(row.lot.drug, row.lot.lot, row.location);
    Status s = receive_refusal(row, have);
    if (!s.ok()) return std::pair{i, std::move(s)};
    StockProjection after = have != nullptr ? *have : StockProjection{.row = row, .reserved = 0};
    if (have != nullptr) after.row.quantity += row.quantity;
    touched.insert_or_assign(std::move(key), std::move(after));
  }
  return std::nullopt;
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
  changed(drug.value());
  return Status::ok_status();
}

Status StockLedger::reserve_trial(const DrugCode& drug, const LotNo& lot, const LocationCode& location, int n,
                                  Trial& trial) {
  const uint64_t before = version_;
  const uint64_t drug_before = drug_version(drug);
  TRY(reserve(drug, lot, location, n));
  if (trial.held.empty()) {
    trial.version_before = before;
    trial.alone = true;
  } else if (before != trial.version_after) {
    trial.alone = false;
  }
  trial.version_after = version_;
  trial.held.push_back(Trial::Held{drug, lot, location, n, drug_before});
  return Status::ok_status();
}

void StockLedger::drop_trial(Trial& trial) {
  if (trial.held.empty()) return;
  const bool untouched = trial.alone && version_ == trial.version_after;
  for (auto it = trial.held.rbegin(); it != trial.held.rend(); ++it) {
    (void)release(it->drug, it->lot, it->location, it->packs);
  }
  if (untouched) {
    version_ = trial.version_before;
    // Newest first, so that each drug ends at its version before the trial.
    for (auto it = trial.held.rbegin(); it != trial.held.rend(); ++it) {
      if (it->drug_version_before == drugs_since_) {
        drug_versions_.erase(it->drug.value());
      } else {
        drug_versions_[it->drug.value()] = it->drug_version_before;
      }
    }
  }
  trial.held.clear();
}

Status StockLedger::release(const DrugCode& drug, const LotNo& lot, const LocationCode& location, int n) {
  StockProjection* p = TRY(row_for_change(drug, lot, location, n));
  if (n > p->reserved) {
    return Status::conflict(
        fmt::format("cannot release {} packs of {}: {} reserved", n, describe(p->row), p->reserved));
  }
  p->reserved -= n;
  changed(drug.value());
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
  changed(drug.value());
  return Status::ok_status();
}

Status StockLedger::take(const DrugCode& drug, const LotNo& lot, const LocationCode& location, int n) {
  StockProjection* p = TRY(row_for_change(drug, lot, location, n));
  if (n > available(*p)) {
    return Status::conflict(fmt::format("cannot take {} packs of {}: {} in stock, {} of them held for prescriptions", n,
                                        describe(p->row), p->row.quantity, p->reserved));
  }
  p->row.quantity -= n;
  changed(drug.value());
  return Status::ok_status();
}

Status StockLedger::set_quarantined(const DrugCode& drug, const LotNo& lot, const LocationCode& location,
                                    bool quarantined) {
  StockProjection* p = TRY(existing_row(drug, lot, location));
  p->row.quarantined = quarantined;
  changed(drug.value());
  return Status::ok_status();
}

Status StockLedger::set_blocked(const DrugCode& drug, const LotNo& lot, const LocationCode& location, bool blocked) {
  StockProjection* p = TRY(existing_row(drug, lot, location));
  p->row.blocked = blocked;
  changed(drug.value());
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
  auto [it, added] = rows_.emplace(std::move(key), std::move(row));
  std::vector<StockProjection*>& of_drug = rows_of_drug_[std::get<0>(it->first)];
  // Its place among the drug's rows is its place in rows_: before the next row of the drug there.
  auto next = std::next(it);
  auto at = of_drug.end();
  if (next != rows_.end() && std::get<0>(next->first) == std::get<0>(it->first)) {
    at = std::find(of_drug.begin(), of_drug.end(), &next->second);
  }
  of_drug.insert(at, &it->second);
}

void StockLedger::index_drugs() {
  rows_of_drug_.clear();
  for (auto& [key, row] : rows_) rows_of_drug_[std::get<0>(key)].push_back(&row);
}

std::vector<StockProjection> StockLedger::rows_at(const LocationCode& location) const {
  std::vector<StockProjection> out;
  auto keys = keys_at_.find(location.value());
  if (keys == keys_at_.end()) return out;
  out.reserve(keys->second.size());
  for (const Key& key : keys->second) out.push_back(rows_.at(key));
  return out;
}

uint64_t StockLedger::drug_version(const DrugCode& drug) const {
  auto it = drug_versions_.find(drug.value());
  return it == drug_versions_.end() ? drugs_since_ : it->second;
}

std::vector<const StockProjection*> StockLedger::rows_of(const DrugCode& drug) const {
  auto of_drug = rows_of_drug_.find(drug.value());
  if (of_drug == rows_of_drug_.end()) return {};
  return {of_drug->second.begin(), of_drug->second.end()};
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
