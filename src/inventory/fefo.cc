#include "inventory/fefo.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <tuple>

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

  // Pointers into the ledger: it does not change while this runs.
  std::vector<const StockProjection*> candidates = ledger.rows_of(drug);
  std::erase_if(candidates, [&](const StockProjection* p) {
    const Date expiry = p->row.lot.expiry;
    if (p->row.quarantined || p->row.blocked || available(*p) <= 0) return true;
    if (expiry < today || expiry < course_end) return true;
    return usable && !usable(p->row.location);
  });
  // Each row's rank and available packs are worked out once, not once per comparison.
  struct Keyed {
    const StockProjection* p;
    int rank;
    int available;
  };
  std::vector<Keyed> keyed;
  keyed.reserve(candidates.size());
  for (const StockProjection* p : candidates) keyed.push_back(Keyed{p, device_rank(p->row.location), available(*p)});
  std::sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
    return std::make_tuple(a.p->row.lot.expiry, std::cref(a.p->row.lot.lot.value()), a.rank, -a.available,
                           std::cref(a.p->row.location.value())) <
           std::make_tuple(b.p->row.lot.expiry, std::cref(b.p->row.lot.lot.value()), b.rank, -b.available,
                           std::cref(b.p->row.location.value()));
  });
  for (size_t k = 0; k < keyed.size(); ++k) candidates[k] = keyed[k].p;

  Allocation allocation;
  int remaining = packs;
  // Lot by lot: the lot is FEFO's choice, its locations the split's.
  for (size_t first = 0; first < candidates.size() && remaining > 0;) {
    const Lot& lot = candidates[first]->row.lot;
    size_t end = first;
    while (end < candidates.size() && candidates[end]->row.lot.expiry == lot.expiry &&
           candidates[end]->row.lot.lot == lot.lot) {
      ++end;
    }
    std::vector<int> take(end - first, 0);
    int left = remaining;
    if (split) {
      std::vector<LotPlace> places;
      int in_lot = 0;
      for (size_t k = first; k < end; ++k) {
        places.push_back(LotPlace{candidates[k]->row.location, available(*candidates[k])});
        in_lot += available(*candidates[k]);
      }
      std::vector<int> given = split(places, std::min(remaining, in_lot));
      for (size_t k = 0; k < take.size() && k < given.size(); ++k) {
        take[k] = std::clamp(given[k], 0, std::min(left, places[k].available));
        left -= take[k];
      }
    }
    for (size_t k = 0; k < take.size() && left > 0; ++k) {
      const int more = std::min(left, available(*candidates[first + k]) - take[k]);
      take[k] += more;
      left -= more;
    }
    for (size_t k = 0; k < take.size(); ++k) {
      if (take[k] == 0) continue;
      const StockProjection& p = *candidates[first + k];
      allocation.picks.push_back(AllocatedPick{
          .drug = drug, .lot = p.row.lot.lot, .expiry = p.row.lot.expiry, .location = p.row.location, .packs = take[k]});
    }
    remaining = left;
    first = end;
  }
  allocation.short_packs = remaining;
  return allocation;
}

}  // namespace rx
