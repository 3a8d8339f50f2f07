#include "inventory/fefo.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>

namespace rx {
namespace {

// Machines dispense without a person walking, so their locations go first.
int device_rank(const LocationCode& location) {
  switch (location_device(location)) {
    case 'C': return 0;
    case 'R': return 1;
    default: return 2;
  }
}

}  // namespace

int Allocation::allocated_packs() const {
  int total = 0;
  for (const auto& pick : picks) total += pick.packs;
  return total;
}

Date course_end_date(Date today, std::optional<int> days) {
  if (!days || *days <= 1) return today;
  return add_days(today, *days - 1);
}

Result<Allocation> allocate_fefo(const StockLedger& ledger, const DrugCode& drug, int packs, Date today,
                                 Date course_end, const LocationFilter& usable, const LotSplit& split) {
  if (packs < 0) return Status::invalid(fmt::format("asked for {} packs of {}", packs, drug.value()), "packs");
  if (!today.ok() || !course_end.ok()) return Status::invalid("today and the course end must be dates", "date");
  if (course_end < today) {
    return Status::invalid(
        fmt::format("the course ends {}, before today {}", format_date(course_end), format_date(today)), "course_end");
  }

  // Each usable row with its rank and available packs, worked out once. The
  // pointers are into the ledger: it does not change while this runs.
  struct Keyed {
    const StockProjection* p;
    int rank;
    int available;
    uint64_t order = 0;  // within its lot: rank, then most available, then location
  };
  const std::vector<const StockProjection*> rows = ledger.rows_of(drug);
  std::vector<Keyed> keyed;
  keyed.reserve(rows.size());
  for (const StockProjection* p : rows) {
    const Date expiry = p->row.lot.expiry;
    const int packs_there = available(*p);
    if (p->row.quarantined || p->row.blocked || packs_there <= 0) continue;
    if (expiry < today || expiry < course_end) continue;
    if (usable && !usable(p->row.location)) continue;
    keyed.push_back(Keyed{p, device_rank(p->row.location), packs_there});
  }
  auto lot_before = [](const Lot& a, const Lot& b) {
    if (a.expiry != b.expiry) return a.expiry < b.expiry;
    return a.lot.value() < b.lot.value();
  };

  Allocation allocation;
  int remaining = packs;
  // Lot by lot, earliest expiry first: the lot is FEFO's choice, its locations
  // the split's. Most plans are covered by their first lot, so the lots are
  // taken out one at a time rather than all sorted.
  std::vector<Keyed> in_lot;
  in_lot.reserve(keyed.size());
  while (!keyed.empty() && remaining > 0) {
    const Lot* lot = &keyed[0].p->row.lot;
    for (const Keyed& k : keyed) {
      if (lot_before(k.p->row.lot, *lot)) lot = &k.p->row.lot;
    }
    const Lot first_lot = *lot;
    in_lot.clear();
    std::erase_if(keyed, [&](const Keyed& k) {
      const bool same = k.p->row.lot.expiry == first_lot.expiry && k.p->row.lot.lot == first_lot.lot;
      if (same) in_lot.push_back(k);
      return same;
    });
    // The ledger gives a lot's rows by location, so a row's position stands
    // for its location code, and the places sort by one integer each.
    for (size_t k = 0; k < in_lot.size(); ++k) {
      in_lot[k].order = static_cast<uint64_t>(in_lot[k].rank) << 56 |
                        static_cast<uint64_t>(std::numeric_limits<int>::max() - in_lot[k].available) << 24 | k;
    }
    std::sort(in_lot.begin(), in_lot.end(), [](const Keyed& a, const Keyed& b) { return a.order < b.order; });

    std::vector<int> take(in_lot.size(), 0);
    int left = remaining;
    if (split) {
      std::vector<LotPlace> places;
      places.reserve(in_lot.size());
      int lot_packs = 0;
      for (const Keyed& k : in_lot) {
        places.push_back(LotPlace{k.p->row.location, k.available});
        lot_packs += k.available;
      }
      std::vector<int> given = split(places, std::min(remaining, lot_packs));
      for (size_t k = 0; k < take.size() && k < given.size(); ++k) {
        take[k] = std::clamp(given[k], 0, std::min(left, places[k].available));
        left -= take[k];
      }
    }
    for (size_t k = 0; k < take.size() && left > 0; ++k) {
      const int more = std::min(left, in_lot[k].available - take[k]);
      take[k] += more;
      left -= more;
    }
    for (size_t k = 0; k < take.size(); ++k) {
      if (take[k] == 0) continue;
      const StockProjection& p = *in_lot[k].p;
      allocation.picks.push_back(AllocatedPick{
          .drug = drug, .lot = p.row.lot.lot, .expiry = p.row.lot.expiry, .location = p.row.location, .packs = take[k]});
    }
    remaining = left;
  }
  allocation.short_packs = remaining;
  return allocation;
}

}  // namespace rx
