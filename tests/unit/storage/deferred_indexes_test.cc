// DeferredIndexes, and the in-memory SqliteStore that uses them: the indexes
// only queries read are absent until a query needs them, and every query
// answers the same either way.
#include "storage/sqlite/deferred_indexes.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "storage/sqlite/sqlite_store.h"
#include "support/temp_dir.h"

namespace rx {
namespace {

bool has_index(SqliteDb& db, std::string_view name) {
  auto q = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?");
  EXPECT_TRUE(q.ok()) << q.status().to_string();
  if (!q.ok() || !q->bind(1, name).ok()) return false;
  auto row = q->step();
  EXPECT_TRUE(row.ok()) << row.status().to_string();
  return row.ok() && *row;
}

StockMovement movement(long long id, std::string lot, std::string location, int delta, int on_hand,
                       MovementKind kind, std::optional<long long> prescription = std::nullopt) {
  StockMovement m;
  m.id = id;
  m.at = Instant{Duration{1'000 * id}};
  m.kind = kind;
  m.lot = Lot{DrugCode("D0001"), LotNo(std::move(lot)), *parse_date("2028-01-31")};
  m.location = LocationCode(std::move(location));
  m.delta = delta;
  m.on_hand = on_hand;
  if (prescription) m.prescription = PrescriptionId(*prescription);
  m.serial = delta > 0 ? "S" + std::to_string(id) : "";
  m.actor = "test";
  return m;
}

Batch ledger() {
  Batch b;
  b.movements = {movement(1, "L1", "C-01-01", 10, 10, MovementKind::kReceived),
                 movement(2, "L2", "C-01-02", 5, 5, MovementKind::kReceived),
                 movement(3, "L1", "C-01-01", -2, 8, MovementKind::kDispensed, 7),
                 movement(4, "L1", "C-01-01", -1, 7, MovementKind::kDispensed, 9),
                 movement(5, "L2", "C-01-02", -5, 0, MovementKind::kDispensed, 9)};
  return b;
}

constexpr std::string_view kTaken[] = {"t_by_b", "t_by_missing"};

TEST(DeferredIndexes, TakesAnIndexAndBuildsItOnceOnDemand) {
  auto db = SqliteDb::open(":memory:");
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(db->exec("CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT); CREATE INDEX t_by_b ON t(b);"
                       "INSERT INTO t(b) VALUES ('x'), ('y')").ok());
  auto taken = DeferredIndexes::take(*db, kTaken);
  ASSERT_TRUE(taken.ok()) << taken.status().to_string();
  EXPECT_FALSE(has_index(*db, "t_by_b"));
  EXPECT_TRUE(taken->deferred("t_by_b"));
  EXPECT_FALSE(taken->deferred("t_by_missing")) << "an index that does not exist is not taken";

  ASSERT_TRUE(db->exec("INSERT INTO t(b) VALUES ('z')").ok());
  ASSERT_TRUE(taken->ensure(*db, "t_by_b").ok());
  EXPECT_TRUE(has_index(*db, "t_by_b"));
  EXPECT_FALSE(taken->deferred("t_by_b"));
  EXPECT_TRUE(taken->ensure(*db, "t_by_b").ok()) << "built already: nothing to do";
  EXPECT_TRUE(taken->ensure(*db, "t_by_missing").ok());
  auto check = db->prepare("PRAGMA integrity_check");
  ASSERT_TRUE(check.ok());
  ASSERT_TRUE(*check->step());
  EXPECT_EQ(check->column_text(0), "ok") << "the index holds every row, those inserted while it was away too";
}

TEST(DeferredIndexes, AFailedBuildSaysWhichIndex) {
  auto db = SqliteDb::open(":memory:");
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(db->exec("CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT); CREATE UNIQUE INDEX t_by_b ON t(b)").ok());
  auto taken = DeferredIndexes::take(*db, kTaken);
  ASSERT_TRUE(taken.ok());
  ASSERT_TRUE(db->exec("INSERT INTO t(b) VALUES ('x'), ('x')").ok());
  Status s = taken->ensure(*db, "t_by_b");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("building index t_by_b"), std::string::npos) << s.message();
  EXPECT_TRUE(taken->deferred("t_by_b")) << "still to build";
}

TEST(DeferredIndexes, AnInMemoryStoreBuildsEachQueryIndexWhenAQueryNeedsIt) {
  const std::string name = "file:deferred-indexes?mode=memory&cache=shared";
  auto reader = SqliteDb::open(name);  // keeps the database, and looks at its schema
  ASSERT_TRUE(reader.ok());
  auto store = SqliteStore::open(name);
  ASSERT_TRUE(store.ok()) << store.status().to_string();
  ASSERT_TRUE((*store)->commit(ledger()).ok());
  for (std::string_view index : SqliteMovements::kQueryIndexes) EXPECT_FALSE(has_index(*reader, index)) << index;
  EXPECT_FALSE(has_index(*reader, "events_by_prescription"));
  EXPECT_FALSE(has_index(*reader, "prescriptions_by_status"));
  EXPECT_TRUE(has_index(*reader, "stock_movements_by_place")) << "the balance trigger reads it on every insert";

  MovementQuery dispensed;
  dispensed.kind = MovementKind::kDispensed;
  auto found = (*store)->movements(dispensed);
  ASSERT_TRUE(found.ok()) << found.status().to_string();
  EXPECT_EQ(found->size(), 3u);
  EXPECT_TRUE(has_index(*reader, SqliteMovements::kByTime));
  EXPECT_FALSE(has_index(*reader, SqliteMovements::kByLot));

  auto on_hand = (*store)->on_hand_at(DrugCode("D0001"), LotNo("L1"), LocationCode("C-01-01"), Instant{Duration{3'500}});
  ASSERT_TRUE(on_hand.ok());
  EXPECT_EQ(*on_hand, 8);
  EXPECT_TRUE(has_index(*reader, SqliteMovements::kByPlaceTime));

  auto received = (*store)->dispensed_of_lot(LotNo("L1"), std::nullopt);
  ASSERT_TRUE(received.ok());
  ASSERT_EQ(received->size(), 2u);
  EXPECT_EQ((*received)[0].prescription, PrescriptionId(7));
  EXPECT_TRUE(has_index(*reader, SqliteMovements::kByLot));

  ASSERT_TRUE((*store)->events_for(PrescriptionId(7)).ok());
  EXPECT_TRUE(has_index(*reader, "events_by_prescription"));
}

TEST(DeferredIndexes, AFileStoreKeepsEveryIndexAndAnswersTheSame) {
  testing::TempDir dir;
  auto file = SqliteStore::open(dir.file("rx.db"));
  ASSERT_TRUE(file.ok()) << file.status().to_string();
  auto memory = SqliteStore::open(":memory:");
  ASSERT_TRUE(memory.ok());
  ASSERT_TRUE((*file)->commit(ledger()).ok());
  ASSERT_TRUE((*memory)->commit(ledger()).ok());
  auto db = SqliteDb::open(dir.file("rx.db"));
  ASSERT_TRUE(db.ok());
  for (std::string_view index : SqliteMovements::kQueryIndexes) EXPECT_TRUE(has_index(*db, index)) << index;

  std::vector<MovementQuery> queries(3);
  queries[1].lot = LotNo("L2");
  queries[2].prescription = PrescriptionId(9);
  for (const MovementQuery& q : queries) {
    auto a = (*file)->movements(q);
    auto b = (*memory)->movements(q);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(*a, *b);
  }
}

}  // namespace
}  // namespace rx
