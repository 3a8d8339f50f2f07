// allocate_fefo takes its lots out one at a time; this compares it with
// FEFO as first written (every usable row sorted at once) on many ledgers.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "inventory/fefo.h"
#include "unit/inventory/test_stock.h"

namespace rx::testing {
namespace {

int rank_of(const LocationCode& location) {
  switch (location_device(location)) {
    case 'C': return 0;
    case 'R': return 1;
    default: return 2;
  }
}

// FEFO with every usable row sorted by (expiry, lot, device, -available, location).
Allocation sorted_fefo(const StockLedger& ledger, const DrugCode& drug, int packs, Date today, Date course_end,
                       const LocationFilter& usable, const LotSplit& split) {
  std::vector<const StockProjection*> rows = ledger.rows_of(drug);
  std::erase_if(rows, [&](const StockProjection* p) {
    if (p->row.quarantined || p->row.blocked || available(*p) <= 0) return true;
    if (p->row.lot.expiry < today || p->row.lot.expiry < course_end) return true;
    return usable && !usable(p->row.location);
  });
  std::sort(rows.begin(), rows.end(), [](const StockProjection* a, const StockProjection* b) {
    return std::make_tuple(a->row.lot.expiry, std::cref(a->row.lot.lot.value()), rank_of(a->row.location),
                           -available(*a), std::cref(a->row.location.value())) <
           std::make_tuple(b->row.lot.expiry, std::cref(b->row.lot.lot.value()), rank_of(b->row.location),
                           -available(*b), std::cref(b->row.location.value()));
  });
  Allocation allocation;
  int remaining = packs;
  for (size_t first = 0; first < rows.size() && remaining > 0;) {
    size_t end = first;
    while (end < rows.size() && rows[end]->row.lot.expiry == rows[first]->row.lot.expiry &&
           rows[end]->row.lot.lot == rows[first]->row.lot.lot) {
      ++end;
    }
    std::vector<int> take(end - first, 0);
    int left = remaining;
    if (split) {
      std::vector<LotPlace> places;
      int in_lot = 0;
      for (size_t k = first; k < end; ++k) {
        places.push_back(LotPlace{rows[k]->row.location, available(*rows[k])});
        in_lot += available(*rows[k]);
      }
      std::vector<int> given = split(places, std::min(remaining, in_lot));
      for (size_t k = 0; k < take.size() && k < given.size(); ++k) {
        take[k] = std::clamp(given[k], 0, std::min(left, places[k].available));
        left -= take[k];
      }
    }
    for (size_t k = 0; k < take.size() && left > 0; ++k) {
      const int more = std::min(left, available(*rows[first + k]) - take[k]);
      take[k] += more;
      left -= more;
    }
    for (size_t k = 0; k < take.size(); ++k) {
      if (take[k] == 0) continue;
      const StockProjection& p = *rows[first + k];
      allocation.picks.push_back(AllocatedPick{.drug = drug,
                                               .lot = p.row.lot.lot,
                                               .expiry = p.row.lot.expiry,
                                               .location = p.row.location,
                                               .packs = take[k]});
    }
    remaining = left;
    first = end;
  }
  allocation.short_packs = remaining;
  return allocation;
}

// A small generator whose draws are the same on every standard library.
struct Draw {
  std::mt19937 engine;
  int below(int n) { return static_cast<int>(engine() % static_cast<uint32_t>(n)); }
};

const DrugCode kDrug("D0032");

// A ledger of a few lots of one drug (some sharing an expiry, some a lot
// number) spread over channels, the robot, the shelf and the fridge, with
// reservations, quarantined and blocked rows.
StockLedger random_ledger(Draw& draw) {
  static const char* const kExpiries[] = {"2026-11-20", "2026-12-01", "2026-12-05",
                                          "2027-01-15", "2027-01-15", "2027-09-30"};
  static const char* const kLots[] = {"L1", "L2", "L10", "L3", "M1"};
  static const char* const kLocations[] = {"C-01-01", "C-01-02", "C-02-05", "C-03-01", "C-11-04", "R-001",
                                           "R-017",   "S-01-02", "S-03-01", "F-01-01", "F-02-03"};
  StockLedger ledger;
  const int lots = 1 + draw.below(5);
  for (int l = 0; l < lots; ++l) {
    const std::string lot = kLots[draw.below(5)];
    const std::string expiry = kExpiries[draw.below(6)];
    const int places = 1 + draw.below(6);
    for (int k = 0; k < places; ++k) {
      StockRow row = stock_row("D0032", lot, expiry, kLocations[draw.below(11)], 1 + draw.below(8));
      (void)ledger.receive(row);  // a lot number seen before with another expiry is refused
    }
  }
  for (const StockProjection& p : ledger.rows_for(kDrug)) {
    const StockRow& r = p.row;
    switch (draw.below(8)) {
      case 0: (void)ledger.set_quarantined(r.lot.drug, r.lot.lot, r.location, true); break;
      case 1: (void)ledger.set_blocked(r.lot.drug, r.lot.lot, r.location, true); break;
      case 2:
      case 3: (void)ledger.reserve(r.lot.drug, r.lot.lot, r.location, 1 + draw.below(r.quantity)); break;
      default: break;
    }
  }
  return ledger;
}

TEST(AllocateFefo, TakesTheSameLotsAndPlacesAsSortingEveryRow) {
  Draw draw{std::mt19937(20261130)};
  int with_picks = 0;
  int over_lots = 0;
  for (int trial = 0; trial < 4000; ++trial) {
    StockLedger ledger = random_ledger(draw);
    const int packs = draw.below(30);
    const Date today = demo_today();
    const std::optional<int> days = draw.below(3) == 0 ? std::nullopt : std::optional<int>(1 + draw.below(60));
    // Some locations refused, answered the same on every call.
    const int refused = draw.below(4);
    std::vector<std::string> asked_sorted;
    std::vector<std::string> asked;
    auto filter_into = [refused](std::vector<std::string>& log) {
      return [refused, &log](const LocationCode& location) {
        log.push_back(location.value());
        return refused == 0 || location.value().back() - '0' != refused;
      };
    };
    // A split that favours the last places, or none.
    const int split_kind = draw.below(3);
    LotSplit split;
    if (split_kind > 0) {
      split = [split_kind](const std::vector<LotPlace>& places, int n) {
        std::vector<int> given(places.size(), 0);
        for (size_t k = places.size(); k-- > 0 && n > 0;) {
          given[k] = split_kind == 1 ? std::min(n, places[k].available) : n;
          n -= std::min(n, places[k].available);
        }
        return given;
      };
    }
    const Date course_end = course_end_date(today, days);
    Allocation want = sorted_fefo(ledger, kDrug, packs, today, course_end, filter_into(asked_sorted), split);
    auto got = allocate_fefo(ledger, kDrug, packs, today, course_end, filter_into(asked), split);
    ASSERT_TRUE(got.ok()) << "trial " << trial;
    ASSERT_EQ(got->picks, want.picks) << "trial " << trial;
    ASSERT_EQ(got->short_packs, want.short_packs) << "trial " << trial;
    ASSERT_EQ(asked, asked_sorted) << "trial " << trial;
    if (!want.picks.empty()) ++with_picks;
    std::vector<std::string> lots;
    for (const auto& pick : want.picks) {
      if (std::find(lots.begin(), lots.end(), pick.lot.value()) == lots.end()) lots.push_back(pick.lot.value());
    }
    if (lots.size() > 1) ++over_lots;
  }
  // The draws cover plans of one lot and of several.
  EXPECT_GT(with_picks, 1500);
  EXPECT_GT(over_lots, 300);
}

}  // namespace
}  // namespace rx::testing
