// The stock ledger in SQLite: movements are appended in id order with their
// running balance, never changed, and found by every filter; the balance of a
// lot at a location can be read as of any instant.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "storage/sqlite/sqlite_db.h"
#include "storage/sqlite/sqlite_store.h"
#include "support/temp_dir.h"

namespace rx {
namespace {

Instant at_ms(long long ms) { return Instant{Duration{ms}}; }
constexpr long long kT0 = 1796086800000;  // 2026-12-01T09:00:00+08:00

StockMovement movement(long long id, std::string drug, std::string lot, std::string location, int delta, int on_hand,
                       MovementKind kind = MovementKind::kReceived, long long at = kT0) {
  StockMovement m;
  m.id = id;
  m.at = at_ms(at);
  m.kind = kind;
  m.lot = Lot{DrugCode(std::move(drug)), LotNo(std::move(lot)), *parse_date("2027-06-30")};
  m.location = LocationCode(std::move(location));
  m.delta = delta;
  m.on_hand = on_hand;
  m.actor = "technician:li";
  return m;
}

std::vector<long long> ids(const Result<std::vector<StockMovement>>& found) {
  std::vector<long long> out;
  if (!found.ok()) {
    ADD_FAILURE() << found.status().to_string();
    return out;
  }
  for (const auto& m : *found) out.push_back(m.id);
  return out;
}

class SqliteMovementsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = SqliteStore::open(path_);
    ASSERT_TRUE(store.ok()) << store.status().to_string();
    store_ = std::move(store).value();
  }
  Status append(std::vector<StockMovement> movements) {
    Batch b;
    b.movements = std::move(movements);
    return store_->commit(b);
  }
  // The ledger of one day: D0001 lot L1 received at C-01-01, two packs out for
  // prescription 7, a move to B-01; D0002 lot L1 received at R-02.
  void seed() {
    StockMovement out1 = movement(2, "D0001", "L1", "C-01-01", -1, 9, MovementKind::kDispensed, kT0 + 60'000);
    out1.prescription = PrescriptionId(7);
    out1.serial = "S0001";
    StockMovement out2 = movement(3, "D0001", "L1", "C-01-01", -1, 8, MovementKind::kDispensed, kT0 + 120'000);
    out2.prescription = PrescriptionId(7);
    out2.serial = "S0002";
    ASSERT_TRUE(append({movement(1, "D0001", "L1", "C-01-01", 10, 10), out1, out2,
                        movement(4, "D0001", "L1", "C-01-01", -3, 5, MovementKind::kMoved, kT0 + 180'000),
                        movement(5, "D0001", "L1", "B-01", 3, 3, MovementKind::kMoved, kT0 + 180'000),
                        movement(6, "D0002", "L1", "R-02", 4, 4, MovementKind::kReceived, kT0 + 240'000)})
                    .ok());
  }

  testing::TempDir dir_;
  std::string path_ = dir_.file("rxpress.db");
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(SqliteMovementsTest, EveryFieldRoundTripsAndTheLastIdIsLoaded) {
  StockMovement m = movement(1, "D0001", "L1", "C-01-01", 2, 2, MovementKind::kReturned, kT0 + 5);
  m.prescription = PrescriptionId(42);
  m.serial = "SN-9";
  m.reason = "prescription cancelled";
  ASSERT_TRUE(append({m}).ok());
  auto found = store_->movements(MovementQuery{});
  ASSERT_TRUE(found.ok()) << found.status().to_string();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front(), m);
  store_.reset();
  auto reopened = SqliteStore::open(path_);
  ASSERT_TRUE(reopened.ok());
  auto state = (*reopened)->load();
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->movements_last_id, 1);
}

TEST_F(SqliteMovementsTest, EachFilterNarrowsTheAnswer) {
  seed();
  EXPECT_EQ(ids(store_->movements(MovementQuery{})), (std::vector<long long>{1, 2, 3, 4, 5, 6}));
  MovementQuery q;
  q.drug = DrugCode("D0002");
  EXPECT_EQ(ids(store_->movements(q)), (std::vector<long long>{6}));
  q = {};
  q.lot = LotNo("L1");
  q.kind = MovementKind::kDispensed;
  EXPECT_EQ(ids(store_->movements(q)), (std::vector<long long>{2, 3}));
  q = {};
  q.location = LocationCode("B-01");
  EXPECT_EQ(ids(store_->movements(q)), (std::vector<long long>{5}));
  q = {};
  q.prescription = PrescriptionId(7);
  EXPECT_EQ(ids(store_->movements(q)), (std::vector<long long>{2, 3}));
  q = {};
  q.serial = "S0002";
  EXPECT_EQ(ids(store_->movements(q)), (std::vector<long long>{3}));
  q = {};
  q.from = at_ms(kT0 + 60'000);
  q.until = at_ms(kT0 + 180'000);
  EXPECT_EQ(ids(store_->movements(q)), (std::vector<long long>{2, 3}));
  q = {};
  q.after_id = 2;
  q.limit = 2;
  EXPECT_EQ(ids(store_->movements(q)), (std::vector<long long>{3, 4}));
}

TEST_F(SqliteMovementsTest, OnHandAtAnyInstantIsTheBalanceOfTheLastMovementBeforeIt) {
  seed();
  auto on_hand = [&](std::string location, long long at) {
    auto n = store_->on_hand_at(DrugCode("D0001"), LotNo("L1"), LocationCode(std::move(location)), at_ms(at));
    EXPECT_TRUE(n.ok()) << n.status().to_string();
    return n.ok() ? *n : -1;
  };
  EXPECT_EQ(on_hand("C-01-01", kT0 - 1), 0);
  EXPECT_EQ(on_hand("C-01-01", kT0), 10);
  EXPECT_EQ(on_hand("C-01-01", kT0 + 60'000), 9);
  EXPECT_EQ(on_hand("C-01-01", kT0 + 179'999), 8);
  EXPECT_EQ(on_hand("C-01-01", kT0 + 10'000'000), 5);
  EXPECT_EQ(on_hand("B-01", kT0 + 10'000'000), 3);
  EXPECT_EQ(on_hand("R-02", kT0 + 10'000'000), 0);  // another drug's lot L1
}

TEST_F(SqliteMovementsTest, ARecallFindsEveryPrescriptionThatReceivedTheLotWithItsPacks) {
  seed();
  StockMovement other = movement(7, "D0002", "L1", "R-02", -1, 3, MovementKind::kDispensed, kT0 + 300'000);
  other.prescription = PrescriptionId(3);
  ASSERT_TRUE(append({other}).ok());
  auto all = store_->dispensed_of_lot(LotNo("L1"), std::nullopt);
  ASSERT_TRUE(all.ok()) << all.status().to_string();
  EXPECT_EQ(*all, (std::vector<LotDispensing>{{DrugCode("D0002"), PrescriptionId(3), 1},
                                              {DrugCode("D0001"), PrescriptionId(7), 2}}));
  auto one_drug = store_->dispensed_of_lot(LotNo("L1"), DrugCode("D0001"));
  ASSERT_TRUE(one_drug.ok());
  EXPECT_EQ(*one_drug, (std::vector<LotDispensing>{{DrugCode("D0001"), PrescriptionId(7), 2}}));
  auto none = store_->dispensed_of_lot(LotNo("L9"), std::nullopt);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_F(SqliteMovementsTest, ABalanceThatDoesNotAddUpIsRefusedAndNothingOfTheBatchIsStored) {
  seed();
  // C-01-01 holds 5: a movement of -1 must say 4.
  Status s = append({movement(7, "D0002", "L1", "R-02", -1, 3, MovementKind::kDispensed),
                     movement(8, "D0001", "L1", "C-01-01", -1, 5, MovementKind::kDispensed)});
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("previous balance"), std::string::npos) << s.to_string();
  EXPECT_EQ(s.field(), "movements[1]");
  EXPECT_EQ(ids(store_->movements(MovementQuery{})).size(), 6u);
}

TEST_F(SqliteMovementsTest, ALongBatchIsStoredInOrderAndItsRefusedMovementIsNamed) {
  // 150 movements alternate between two places, each adding 2 then taking 1.
  auto batch = [](int wrong_at) {
    std::vector<StockMovement> out;
    int on_hand[2] = {0, 0};
    for (int i = 0; i < 150; ++i) {
      const int place = i % 2;
      const int delta = (i / 2) % 2 == 0 ? 2 : -1;
      on_hand[place] += delta;
      out.push_back(movement(i + 1, "D0001", "L1", place == 0 ? "C-01-01" : "R-02", delta,
                             on_hand[place] + (i == wrong_at ? 1 : 0),
                             delta > 0 ? MovementKind::kReceived : MovementKind::kDispensed, kT0 + i * 1000));
    }
    return out;
  };
  Status refused = append(batch(100));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.field(), "movements[100]");
  EXPECT_EQ(refused.message().rfind("stock movement 101 (", 0), 0u) << refused.to_string();
  EXPECT_NE(refused.message().find("previous balance"), std::string::npos) << refused.to_string();
  EXPECT_TRUE(ids(store_->movements(MovementQuery{})).empty());

  ASSERT_TRUE(append(batch(-1)).ok());
  auto stored = store_->movements(MovementQuery{});
  ASSERT_TRUE(stored.ok());
  const std::vector<StockMovement> want = batch(-1);
  ASSERT_EQ(stored->size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ((*stored)[i].id, want[i].id);
    EXPECT_EQ((*stored)[i].location, want[i].location);
    EXPECT_EQ((*stored)[i].on_hand, want[i].on_hand);
    EXPECT_EQ((*stored)[i].kind, want[i].kind);
  }
}

TEST_F(SqliteMovementsTest, NegativeBalancesGapsAndZeroDeltasAreRefused) {
  seed();
  EXPECT_FALSE(append({movement(7, "D0002", "L1", "R-02", -5, -1, MovementKind::kDispensed)}).ok());
  EXPECT_FALSE(append({movement(8, "D0002", "L1", "R-02", 1, 5)}).ok());  // id 7 is missing
  EXPECT_FALSE(append({movement(7, "D0002", "L1", "R-02", 0, 4)}).ok());
  EXPECT_TRUE(append({movement(7, "D0002", "L1", "R-02", 1, 5)}).ok());
}

TEST_F(SqliteMovementsTest, MovementsCannotBeChangedOrDeleted) {
  seed();
  store_.reset();
  auto db = SqliteDb::open(path_);
  ASSERT_TRUE(db.ok());
  Status update = db->exec("UPDATE stock_movements SET delta = 100 WHERE id = 1");
  EXPECT_FALSE(update.ok());
  EXPECT_NE(update.message().find("append-only"), std::string::npos) << update.to_string();
  Status remove = db->exec("DELETE FROM stock_movements WHERE id = 6");
  EXPECT_FALSE(remove.ok());
  EXPECT_NE(remove.message().find("append-only"), std::string::npos) << remove.to_string();
}

}  // namespace
}  // namespace rx
