#include "inventory/stock_ledger.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "unit/inventory/test_stock.h"

namespace rx::testing {
namespace {

const DrugCode kMetformin("D0022");
const LotNo kEarly("DM2312041");
const LotNo kLate("DM2502042");
const LocationCode kC0908("C-09-08");
const LocationCode kC1008("C-10-08");

StockLedger metformin_ledger() {
  StockLedger ledger;
  EXPECT_TRUE(ledger.receive(stock_row("D0022", "DM2312041", "2026-12-20", "C-09-08", 12)).ok());
  EXPECT_TRUE(ledger.receive(stock_row("D0022", "DM2502042", "2028-02-29", "C-10-08", 20)).ok());
  EXPECT_TRUE(ledger.receive(stock_row("D0001", "DM2312001", "2026-12-31", "C-01-01", 9)).ok());
  return ledger;
}

TEST(StockLedger, ReceiveAddsRowsAndTopsUpAnExistingOne) {
  auto ledger = metformin_ledger();
  EXPECT_EQ(ledger.rows().size(), 3u);
  ASSERT_TRUE(ledger.receive(stock_row("D0022", "DM2312041", "2026-12-20", "C-09-08", 3)).ok());
  ASSERT_NE(ledger.find(kMetformin, kEarly, kC0908), nullptr);
  EXPECT_EQ(ledger.find(kMetformin, kEarly, kC0908)->row.quantity, 15);
  EXPECT_EQ(ledger.rows().size(), 3u);
  EXPECT_EQ(total_quantity(ledger), 15 + 20 + 9);
}

TEST(StockLedger, RowsComeByDrugLotAndLocation) {
  auto ledger = metformin_ledger();
  ASSERT_TRUE(ledger.receive(stock_row("D0022", "DM2312041", "2026-12-20", "C-01-01", 1)).ok());
  auto all = ledger.rows();
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].row.lot.drug.value(), "D0001");
  EXPECT_EQ(all[1].row.location.value(), "C-01-01");
  EXPECT_EQ(all[2].row.location.value(), "C-09-08");
  EXPECT_EQ(all[3].row.lot.lot, kLate);
  auto metformin = ledger.rows_for(kMetformin);
  ASSERT_EQ(metformin.size(), 3u);
  for (const auto& p : metformin) EXPECT_EQ(p.row.lot.drug, kMetformin);
  EXPECT_TRUE(ledger.rows_for(DrugCode("D0002")).empty());
}

TEST(StockLedger, RowsAtOneLocationComeByDrugAndLotWithTheirCurrentCounts) {
  auto ledger = metformin_ledger();
  ASSERT_TRUE(ledger.receive(stock_row("D0022", "DM2312041", "2026-12-20", "C-01-01", 1)).ok());
  ASSERT_TRUE(ledger.reserve(kMetformin, kEarly, LocationCode("C-01-01"), 1).ok());
  auto here = ledger.rows_at(LocationCode("C-01-01"));
  ASSERT_EQ(here.size(), 2u);
  EXPECT_EQ(here[0].row.lot.drug.value(), "D0001");
  EXPECT_EQ(here[1].row.lot.drug.value(), "D0022");
  EXPECT_EQ(here[1].reserved, 1);
  EXPECT_TRUE(ledger.rows_at(LocationCode("C-99-99")).empty());

  // A ledger read back from its rows has the same index.
  auto stored = StockLedger::from_rows(ledger.rows());
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->rows_at(LocationCode("C-01-01")), here);
  EXPECT_EQ(stored->rows_at(kC1008).size(), 1u);
}

TEST(StockLedger, ReceiveRefusesWhatWouldBreakARow) {
  auto ledger = metformin_ledger();
  const auto before = ledger.rows();
  auto other_expiry = ledger.receive(stock_row("D0022", "DM2312041", "2027-01-20", "C-09-08", 3));
  EXPECT_EQ(other_expiry.code(), ErrorCode::kConflict);
  EXPECT_NE(other_expiry.message().find("expiry 2027-01-20"), std::string::npos) << other_expiry.message();
  auto flagged = stock_row("D0022", "DM2312041", "2026-12-20", "C-09-08", 3);
  flagged.quarantined = true;
  EXPECT_EQ(ledger.receive(flagged).code(), ErrorCode::kConflict);
  auto none = ledger.receive(stock_row("D0022", "DM2312041", "2026-12-20", "C-09-08", 0));
  EXPECT_EQ(none.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(none.field(), "quantity");
  EXPECT_EQ(ledger.receive(stock_row("D0022", "DM2312041", "2026-12-20", "", 1)).field(), "location");
  EXPECT_EQ(ledger.rows(), before);
}

TEST(StockLedger, ReservationsReduceAvailableAndAreReleased) {
  auto ledger = metformin_ledger();
  ASSERT_TRUE(ledger.reserve(kMetformin, kEarly, kC0908, 5).ok());
  const auto* row = ledger.find(kMetformin, kEarly, kC0908);
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->reserved, 5);
  EXPECT_EQ(available(*row), 7);

  auto too_many = ledger.reserve(kMetformin, kEarly, kC0908, 8);
  EXPECT_EQ(too_many.code(), ErrorCode::kConflict);
  EXPECT_EQ(too_many.message(), "cannot reserve 8 packs of D0022 lot DM2312041 at C-09-08: 7 available");
  EXPECT_EQ(ledger.find(kMetformin, kEarly, kC0908)->reserved, 5);

  EXPECT_EQ(ledger.release(kMetformin, kEarly, kC0908, 6).code(), ErrorCode::kConflict);
  ASSERT_TRUE(ledger.release(kMetformin, kEarly, kC0908, 5).ok());
  EXPECT_EQ(available(*ledger.find(kMetformin, kEarly, kC0908)), 12);
}

TEST(StockLedger, QuarantinedOrBlockedRowsCannotBeReserved) {
  auto ledger = metformin_ledger();
  ASSERT_TRUE(ledger.set_quarantined(kMetformin, kEarly, kC0908, true).ok());
  EXPECT_EQ(ledger.reserve(kMetformin, kEarly, kC0908, 1).code(), ErrorCode::kConflict);
  ASSERT_TRUE(ledger.set_quarantined(kMetformin, kEarly, kC0908, false).ok());
  EXPECT_TRUE(ledger.reserve(kMetformin, kEarly, kC0908, 1).ok());

  ASSERT_TRUE(ledger.set_blocked(kMetformin, kLate, kC1008, true).ok());
  EXPECT_TRUE(ledger.find(kMetformin, kLate, kC1008)->row.blocked);
  EXPECT_EQ(ledger.reserve(kMetformin, kLate, kC1008, 1).code(), ErrorCode::kConflict);
  EXPECT_EQ(ledger.set_blocked(kMetformin, kLate, LocationCode("C-99-99"), true).code(), ErrorCode::kNotFound);
}

TEST(StockLedger, DispenseDecrementsQuantityAndReservedOfItsRowOnly) {
  auto ledger = metformin_ledger();
  ASSERT_TRUE(ledger.reserve(kMetformin, kEarly, kC0908, 4).ok());
  ASSERT_TRUE(ledger.reserve(kMetformin, kLate, kC1008, 2).ok());
  ASSERT_TRUE(ledger.dispense(kMetformin, kEarly, kC0908, 3).ok());
  const auto* early = ledger.find(kMetformin, kEarly, kC0908);
  EXPECT_EQ(early->row.quantity, 9);
  EXPECT_EQ(early->reserved, 1);
  const auto* late = ledger.find(kMetformin, kLate, kC1008);
  EXPECT_EQ(late->row.quantity, 20);
  EXPECT_EQ(late->reserved, 2);

  // Beyond its reservations a dispense takes unreserved packs.
  ASSERT_TRUE(ledger.dispense(kMetformin, kEarly, kC0908, 5).ok());
  EXPECT_EQ(ledger.find(kMetformin, kEarly, kC0908)->row.quantity, 4);
  EXPECT_EQ(ledger.find(kMetformin, kEarly, kC0908)->reserved, 0);
}

TEST(StockLedger, RefusingNegativeStockLeavesTheLedgerUnchanged) {
  auto ledger = metformin_ledger();
  ASSERT_TRUE(ledger.reserve(kMetformin, kEarly, kC0908, 2).ok());
  const auto before = ledger.rows();
  auto refused = ledger.dispense(kMetformin, kEarly, kC0908, 13);
  EXPECT_EQ(refused.code(), ErrorCode::kConflict);
  EXPECT_EQ(refused.message(), "cannot dispense 13 packs of D0022 lot DM2312041 at C-09-08: 12 in stock");
  EXPECT_EQ(ledger.rows(), before);
  EXPECT_EQ(ledger.dispense(kMetformin, kEarly, kC0908, 0).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(ledger.dispense(kMetformin, kEarly, kC0908, -1).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(ledger.dispense(kMetformin, kEarly, LocationCode("C-01-01"), 1).code(), ErrorCode::kNotFound);
  EXPECT_EQ(ledger.rows(), before);
  ASSERT_TRUE(ledger.dispense(kMetformin, kEarly, kC0908, 12).ok());
  EXPECT_EQ(ledger.find(kMetformin, kEarly, kC0908)->row.quantity, 0);
}

TEST(StockLedger, FromRowsKeepsStoredRowsAndRefusesBadOnes) {
  auto stored = metformin_ledger();
  ASSERT_TRUE(stored.reserve(kMetformin, kLate, kC1008, 7).ok());
  auto loaded = StockLedger::from_rows(stored.rows());
  ASSERT_TRUE(loaded.ok()) << loaded.status().to_string();
  EXPECT_EQ(loaded->rows(), stored.rows());

  auto twice = stored.rows();
  twice.push_back(twice.front());
  auto dup = StockLedger::from_rows(twice);
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.status().message().find("appears twice"), std::string::npos);

  auto over = stored.rows();
  over[0].reserved = over[0].row.quantity + 1;
  EXPECT_EQ(StockLedger::from_rows(over).status().field(), "reserved");
}

// After any sequence of operations, accepted or refused, the stock is what came in minus what
// went out, and every reservation stays within its row.
TEST(StockLedger, RowsOfADrugPointIntoTheLedger) {
  auto ledger = metformin_ledger();
  auto metformin = ledger.rows_of(kMetformin);
  ASSERT_EQ(metformin.size(), 2u);
  EXPECT_EQ(metformin[0], ledger.find(kMetformin, kEarly, kC0908));
  EXPECT_EQ(metformin[1], ledger.find(kMetformin, kLate, kC1008));
  EXPECT_TRUE(ledger.rows_of(DrugCode("D0002")).empty());
}

// rows_of keeps the drug's rows in rows_for's order (lot, then location) whatever order they
// came in, and a copied or moved ledger's rows_of points into that ledger.
TEST(StockLedger, RowsOfFollowTheLedgersOrderThroughCopiesAndMoves) {
  StockLedger ledger;
  const char* lots[] = {"L3", "L1", "L2"};
  const char* places[] = {"C-05-01", "C-01-02", "R-1-0100", "C-01-01", "S-01-01"};
  for (const char* lot : lots) {
    for (const char* place : places) {
      ASSERT_TRUE(ledger.receive(stock_row("D0022", lot, "2027-01-31", place, 2)).ok());
      ASSERT_TRUE(ledger.receive(stock_row("D0001", lot, "2027-01-31", place, 1)).ok());
    }
  }
  auto same_as_rows_for = [](const StockLedger& l, const DrugCode& drug) {
    auto pointers = l.rows_of(drug);
    auto copies = l.rows_for(drug);
    if (pointers.size() != copies.size()) return false;
    for (size_t i = 0; i < pointers.size(); ++i) {
      const StockRow& row = copies[i].row;
      if (pointers[i] != l.find(row.lot.drug, row.lot.lot, row.location)) return false;
    }
    return true;
  };
  ASSERT_EQ(ledger.rows_of(kMetformin).size(), 15u);
  EXPECT_EQ(ledger.rows_of(kMetformin).front()->row.location.value(), "C-01-01");
  EXPECT_EQ(ledger.rows_of(kMetformin).front()->row.lot.lot.value(), "L1");
  EXPECT_TRUE(same_as_rows_for(ledger, kMetformin));
  EXPECT_TRUE(same_as_rows_for(ledger, DrugCode("D0001")));

  StockLedger copy(ledger);
  EXPECT_TRUE(same_as_rows_for(copy, kMetformin));
  EXPECT_NE(copy.rows_of(kMetformin).front(), ledger.rows_of(kMetformin).front());
  StockLedger assigned;
  assigned = ledger;
  EXPECT_TRUE(same_as_rows_for(assigned, kMetformin));
  StockLedger moved(std::move(copy));
  EXPECT_TRUE(same_as_rows_for(moved, kMetformin));
  EXPECT_TRUE(copy.rows_of(kMetformin).empty());
  StockLedger move_assigned;
  move_assigned = std::move(moved);
  EXPECT_TRUE(same_as_rows_for(move_assigned, DrugCode("D0001")));
  EXPECT_TRUE(moved.rows_of(DrugCode("D0001")).empty());
}

TEST(StockLedger, EveryChangeGivesANewVersionAndARefusalNone) {
  auto ledger = metformin_ledger();
  std::set<uint64_t> seen{ledger.version()};
  auto changes = [&](Status s) {
    ASSERT_TRUE(s.ok()) << s.message();
    EXPECT_TRUE(seen.insert(ledger.version()).second) << "a version came back";
  };
  changes(ledger.reserve(kMetformin, kEarly, kC0908, 2));
  changes(ledger.release(kMetformin, kEarly, kC0908, 1));
  changes(ledger.dispense(kMetformin, kEarly, kC0908, 1));
  changes(ledger.take(kMetformin, kLate, kC1008, 1));
  changes(ledger.set_blocked(kMetformin, kLate, kC1008, true));
  changes(ledger.set_quarantined(kMetformin, kLate, kC1008, true));
  changes(ledger.receive(stock_row("D0022", "DM2312041", "2026-12-20", "C-09-08", 1)));
  const uint64_t before = ledger.version();
  EXPECT_FALSE(ledger.take(kMetformin, kEarly, kC0908, 999).ok());
  EXPECT_EQ(ledger.version(), before);
}

TEST(StockLedger, AnAssignedLedgerNeverReusesAVersion) {
  auto ledger = metformin_ledger();
  const uint64_t before = ledger.version();
  StockLedger copy = ledger;
  EXPECT_EQ(copy.version(), before);
  ASSERT_TRUE(copy.reserve(kMetformin, kEarly, kC0908, 1).ok());
  ledger = copy;
  EXPECT_GT(ledger.version(), before);
  EXPECT_NE(ledger.version(), copy.version());
  ledger = StockLedger();
  EXPECT_GT(ledger.version(), copy.version());
}

TEST(StockLedger, ADrugsVersionChangesWithItsOwnRowsOnly) {
  auto ledger = metformin_ledger();
  const DrugCode aspirin("D0001");
  const uint64_t metformin = ledger.drug_version(kMetformin);
  const uint64_t other = ledger.drug_version(aspirin);
  ASSERT_TRUE(ledger.reserve(kMetformin, kEarly, kC0908, 1).ok());
  EXPECT_NE(ledger.drug_version(kMetformin), metformin);
  EXPECT_EQ(ledger.drug_version(aspirin), other);
  const uint64_t before_assign = ledger.drug_version(aspirin);
  ledger = metformin_ledger();
  EXPECT_NE(ledger.drug_version(aspirin), before_assign) << "an assigned ledger's drugs are new too";
}

TEST(StockLedger, ADroppedTrialPutsTheLedgerBackAtItsVersion) {
  auto ledger = metformin_ledger();
  const uint64_t before = ledger.version();
  const uint64_t metformin_before = ledger.drug_version(kMetformin);
  const uint64_t never_changed = ledger.drug_version(DrugCode("D0099"));
  StockLedger::Trial trial;
  ASSERT_TRUE(ledger.reserve_trial(kMetformin, kEarly, kC0908, 2, trial).ok());
  ASSERT_TRUE(ledger.reserve_trial(kMetformin, kLate, kC1008, 3, trial).ok());
  EXPECT_EQ(ledger.find(kMetformin, kLate, kC1008)->reserved, 3);
  EXPECT_NE(ledger.version(), before);
  ledger.drop_trial(trial);
  EXPECT_TRUE(trial.held.empty());
  EXPECT_EQ(ledger.find(kMetformin, kEarly, kC0908)->reserved, 0);
  EXPECT_EQ(ledger.find(kMetformin, kLate, kC1008)->reserved, 0);
  EXPECT_EQ(ledger.version(), before);
  EXPECT_EQ(ledger.drug_version(kMetformin), metformin_before);
  EXPECT_EQ(ledger.drug_version(DrugCode("D0099")), never_changed);
}

TEST(StockLedger, ATrialWithAnotherChangeBetweenGetsANewVersion) {
  auto ledger = metformin_ledger();
  const uint64_t before = ledger.version();
  StockLedger::Trial trial;
  ASSERT_TRUE(ledger.reserve_trial(kMetformin, kEarly, kC0908, 2, trial).ok());
  ASSERT_TRUE(ledger.dispense(DrugCode("D0001"), LotNo("DM2312001"), LocationCode("C-01-01"), 1).ok());
  ledger.drop_trial(trial);
  EXPECT_EQ(ledger.find(kMetformin, kEarly, kC0908)->reserved, 0);
  EXPECT_NE(ledger.version(), before) << "the ledger holds one pack fewer than then";
}

TEST(StockLedger, FirstRefusedChecksRowsInTurnWithoutChangingAnything) {
  auto ledger = metformin_ledger();
  const uint64_t before = ledger.version();
  EXPECT_FALSE(ledger.first_refused({stock_row("D0022", "DM2312041", "2026-12-20", "C-09-08", 3),
                                     stock_row("D0030", "L1", "2027-01-31", "C-20-01", 4),
                                     stock_row("D0030", "L1", "2027-01-31", "C-20-01", 4)}));
  // The second row of a new key must agree with the first one's expiry.
  auto refused = ledger.first_refused({stock_row("D0030", "L1", "2027-01-31", "C-20-01", 4),
                                       stock_row("D0030", "L1", "2027-02-28", "C-20-01", 1)});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->first, 1u);
  EXPECT_EQ(refused->second.code(), ErrorCode::kConflict);
  EXPECT_NE(refused->second.message().find("expiry"), std::string::npos) << refused->second.message();
  refused = ledger.first_refused({stock_row("D0022", "DM2312041", "2026-12-20", "C-09-08", 0)});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->first, 0u);
  EXPECT_EQ(refused->second.field(), "quantity");
  EXPECT_EQ(ledger.version(), before);
  EXPECT_EQ(ledger.find(DrugCode("D0030"), LotNo("L1"), LocationCode("C-20-01")), nullptr);
}

TEST(StockLedger, RandomOperationsConserveStock) {
  std::mt19937 rng(20261201);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const std::vector<std::string> drugs = {"D0001", "D0022"};
  const std::vector<std::string> lots = {"L1", "L2"};
  const std::vector<std::string> locations = {"C-01-01", "R-1-0050", "S-02-03"};

  StockLedger ledger;
  long long received = 0, dispensed = 0;
  int accepted = 0, refused = 0;
  for (int step = 0; step < 5000; ++step) {
    const DrugCode drug(drugs[pick(2)]);
    const LotNo lot(lots[pick(2)]);
    const LocationCode location(locations[pick(3)]);
    const int n = pick(12) - 1;  // -1 .. 10, so some are refused
    const auto before = ledger.rows();
    Status s;
    switch (pick(6)) {
      case 0:
        s = ledger.receive(StockRow{.lot = {drug, lot, date(lot.value() == "L1" ? "2027-03-31" : "2028-06-30")},
                                    .location = location,
                                    .quantity = n});
        if (s.ok()) received += n;
        break;
      case 1: s = ledger.reserve(drug, lot, location, n); break;
      case 2: s = ledger.release(drug, lot, location, n); break;
      case 3:
        s = ledger.dispense(drug, lot, location, n);
        if (s.ok()) dispensed += n;
        break;
      case 4: s = ledger.set_quarantined(drug, lot, location, pick(4) == 0); break;
      default: s = ledger.set_blocked(drug, lot, location, pick(4) == 0); break;
    }
    if (s.ok()) {
      ++accepted;
    } else {
      ++refused;
      ASSERT_EQ(ledger.rows(), before) << "step " << step << ": " << s.to_string();
    }
    ASSERT_EQ(total_quantity(ledger), received - dispensed) << "step " << step;
    for (const auto& p : ledger.rows()) {
      ASSERT_GE(p.reserved, 0);
      ASSERT_LE(p.reserved, p.row.quantity);
    }
  }
  // The walk exercised both outcomes.
  EXPECT_GT(accepted, 1000);
  EXPECT_GT(refused, 500);
  EXPECT_GT(dispensed, 0);
}

}  // namespace
}  // namespace rx::testing
