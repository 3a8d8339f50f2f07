// The stock ledger adds up at every moment: after random sequences of
// prescriptions, payments, cancellations, hand-overs, restocks, device faults
// and restarts, each lot at each location holds exactly the sum of its
// movements, every movement's balance is the one before it plus its delta,
// and the ledger read as of now agrees with the stock the service shows.
#include <fmt/format.h>

#include <algorithm>
#include <random>

#include "unit/service/pharmacy_fixture.h"

namespace rx::testing_service {
namespace {

class StockLedgerPropertyTest : public PharmacyTest {
 protected:
  // Every movement on record, oldest first.
  std::vector<StockMovement> all_movements() {
    std::vector<StockMovement> out;
    MovementQuery q;
    q.limit = 5000;
    for (;;) {
      auto page = ph().movements(q);
      EXPECT_TRUE(page.ok()) << page.status().to_string();
      if (!page.ok() || page->empty()) break;
      q.after_id = page->back().id;
      out.insert(out.end(), page->begin(), page->end());
    }
    return out;
  }

  // Checks the ledger against the stock rows; returns how many movements there were.
  size_t check_ledger(const std::string& when) {
    SCOPED_TRACE(when);
    std::map<StockKeyT, int> balance;
    std::map<StockKeyT, int> sum;
    std::vector<StockMovement> movements = all_movements();
    for (size_t i = 0; i < movements.size(); ++i) {
      const StockMovement& m = movements[i];
      EXPECT_EQ(m.id, static_cast<long long>(i) + 1) << "ids continue without gaps";
      EXPECT_NE(m.delta, 0);
      StockKeyT key{m.lot.drug.value(), m.lot.lot.value(), m.location.value()};
      EXPECT_EQ(m.on_hand, balance[key] + m.delta) << "movement " << m.id;
      EXPECT_GE(m.on_hand, 0) << "movement " << m.id;
      balance[key] = m.on_hand;
      sum[key] += m.delta;
    }
    std::map<StockKeyT, int> shown = stock_by_key(ph().stock(std::nullopt));
    for (const auto& [key, quantity] : shown) {
      EXPECT_EQ(sum[key], quantity) << std::get<0>(key) << " " << std::get<1>(key) << " " << std::get<2>(key);
      auto as_of_now = ph().on_hand_at(DrugCode(std::get<0>(key)), LotNo(std::get<1>(key)),
                                       LocationCode(std::get<2>(key)), now());
      EXPECT_TRUE(as_of_now.ok());
      if (as_of_now.ok()) {
        EXPECT_EQ(*as_of_now, quantity);
      }
    }
    for (const auto& [key, total] : sum) EXPECT_TRUE(shown.count(key)) << "a movement at a row the ledger lacks";
    return movements.size();
  }
};

TEST_F(StockLedgerPropertyTest, EveryLotAtEveryLocationIsTheSumOfItsMovementsThroughFaultsAndRestarts) {
  // Faults far above the reference rates, so that jams, double drops, wrong
  // loads and unreadable packs all happen within a short run.
  channel_params_.faults.jam = 0.05;
  channel_params_.faults.jam_clear_mean_s = 20;
  channel_params_.faults.double_drop = 0.05;
  channel_params_.faults.unreadable = 0.05;
  TempDir dir;
  const std::string db = dir.file("rxpress.db");
  start({}, db);
  std::vector<std::string> drugs;
  for (const auto& row : initial_stock_) {
    char device = location_device(row.location);
    if ((device == 'C' || device == 'R' || device == 'S') && formulary_->find(row.lot.drug)) {
      drugs.push_back(row.lot.drug.value());
    }
  }
  std::sort(drugs.begin(), drugs.end());
  drugs.erase(std::unique(drugs.begin(), drugs.end()), drugs.end());
  ASSERT_GT(drugs.size(), 10u);

  std::mt19937 rng(20261201);
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  std::vector<PrescriptionId> open;
  size_t movements_seen = 0;
  for (int step = 0; step < 120; ++step) {
    switch (pick(8)) {
      case 0: case 1: case 2: {
        json items = json::array();
        for (size_t i = 0, n = 1 + pick(3); i < n; ++i) items.push_back(item(drugs[pick(drugs.size())], 1 + static_cast<int>(pick(2))));
        auto c = create(rx_json(fmt::format("MZ-PROP-{:04}", step), items, fmt::format("P{:04}", pick(50))));
        if (c.ok() && c->record->status == RxStatus::kAccepted) {
          open.push_back(c->record->id);
          (void)pay(c->record->id);
        }
        break;
      }
      case 3:
        if (!open.empty()) (void)cancel(open[pick(open.size())], "patient left");
        break;
      case 4:
        for (PrescriptionId id : open) {
          if (record(id).status == RxStatus::kReady) {
            (void)check_in(id);
            (void)hand_over(id, true);
          }
        }
        break;
      case 5: {
        const StockRow& row = initial_stock_[pick(initial_stock_.size())];
        StockRow more = row;
        more.quantity = 1 + static_cast<int>(pick(5));
        Status s = await_status([&](auto done) { ph().restock({more}, kTechnician, done); });
        EXPECT_TRUE(s.ok()) << s.to_string();
        break;
      }
      case 6:
        run_for(std::chrono::seconds(1 + pick(30)));
        break;
      case 7:
        if (step % 3 == 0) {
          // A restart mid-work: the process ends and starts again on the same database.
          Instant restart_at = now() + std::chrono::seconds(5);
          stop();
          start({}, db, restart_at);
          if (HasFatalFailure()) return;
        } else {
          settle();
        }
        break;
    }
    movements_seen = check_ledger(fmt::format("after step {}", step));
    if (HasFailure()) return;
  }
  settle();
  movements_seen = check_ledger("at the end");
  // The run did move stock: it is not an empty ledger that trivially adds up.
  EXPECT_GT(movements_seen, 100u);
  MovementQuery dispensed;
  dispensed.kind = MovementKind::kDispensed;
  auto out = ph().movements(dispensed);
  ASSERT_TRUE(out.ok());
  EXPECT_GT(out->size(), 20u);
}

TEST_F(StockLedgerPropertyTest, InitialStockIsReceivedAsMovementsAndAPreLedgerDatabaseGetsOpeningBalances) {
  TempDir dir;
  const std::string db = dir.file("rxpress.db");
  start({}, db);
  size_t received = check_ledger("after opening");
  size_t rows_with_packs = 0;
  for (const auto& row : initial_stock_) rows_with_packs += row.quantity > 0 ? 1 : 0;
  EXPECT_EQ(received, rows_with_packs);
  Instant restart_at = now();
  stop();
  {
    // A database written before the ledger existed: the movements are gone, the stock rows stay.
    auto raw = SqliteDb::open(db);
    ASSERT_TRUE(raw.ok());
    ASSERT_TRUE(raw->exec("DROP TABLE stock_movements; DELETE FROM schema_migrations WHERE version = 3").ok());
  }
  start({}, db, restart_at);
  EXPECT_EQ(check_ledger("after the opening balances"), rows_with_packs);
  MovementQuery q;
  q.kind = MovementKind::kAdjusted;
  auto adjusted = ph().movements(q);
  ASSERT_TRUE(adjusted.ok());
  ASSERT_EQ(adjusted->size(), rows_with_packs);
  EXPECT_EQ(adjusted->front().reason, "opening balance");
}

}  // namespace
}  // namespace rx::testing_service
