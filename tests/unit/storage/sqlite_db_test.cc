#include "storage/sqlite/sqlite_db.h"

#include <gtest/gtest.h>

#include <limits>
#include <optional>
#include <string>

#include "support/temp_dir.h"

namespace rx {
namespace {

SqliteDb memory_db() {
  auto db = SqliteDb::open(":memory:");
  EXPECT_TRUE(db.ok()) << db.status().to_string();
  return std::move(db).value();
}

TEST(SqliteDb, BindsAndReadsBackValues) {
  SqliteDb db = memory_db();
  ASSERT_TRUE(db.exec("CREATE TABLE t (i INTEGER, s TEXT, n INTEGER)").ok());
  auto insert = db.prepare("INSERT INTO t (i, s, n) VALUES (?, ?, ?)");
  ASSERT_TRUE(insert.ok()) << insert.status().to_string();
  const std::string text = std::string("张三 a\0b", 10);
  ASSERT_TRUE(insert->bind_all(std::numeric_limits<long long>::max(), text, std::optional<long long>()).ok());
  ASSERT_TRUE(insert->run_to_end().ok());
  ASSERT_TRUE(insert->bind_all(-7LL, std::string_view("x"), std::optional<long long>(42)).ok());
  ASSERT_TRUE(insert->run_to_end().ok());

  auto select = db.prepare("SELECT i, s, n FROM t ORDER BY i DESC");
  ASSERT_TRUE(select.ok());
  ASSERT_TRUE(*select->step());
  EXPECT_EQ(select->column_int(0), std::numeric_limits<long long>::max());
  EXPECT_EQ(select->column_text(1), text);
  EXPECT_TRUE(select->column_is_null(2));
  ASSERT_TRUE(*select->step());
  EXPECT_EQ(select->column_int(0), -7);
  EXPECT_EQ(select->column_text(1), "x");
  EXPECT_FALSE(select->column_is_null(2));
  EXPECT_EQ(select->column_int(2), 42);
  EXPECT_FALSE(*select->step());
}

// Text is bound without a copy, so a run must let go of it when it ends: the
// next run, bound with nothing, sees NULL rather than text that is gone.
TEST(SqliteDb, ARunLetsGoOfItsTextWhenItEnds) {
  SqliteDb db = memory_db();
  ASSERT_TRUE(db.exec("CREATE TABLE t (i INTEGER, s TEXT)").ok());
  auto insert = db.prepare("INSERT INTO t (i, s) VALUES (?, ?)");
  ASSERT_TRUE(insert.ok());
  {
    const std::string text = "held for one run " + std::string(100, 'x');
    ASSERT_TRUE(insert->bind_all(1LL, text).ok());
    ASSERT_TRUE(insert->run_to_end().ok());
  }
  ASSERT_TRUE(insert->bind_all(2LL).ok());
  ASSERT_TRUE(insert->run_to_end().ok());

  auto select = db.prepare("SELECT s FROM t ORDER BY i");
  ASSERT_TRUE(select.ok());
  ASSERT_TRUE(*select->step());
  EXPECT_EQ(select->column_text(0), "held for one run " + std::string(100, 'x'));
  ASSERT_TRUE(*select->step());
  EXPECT_TRUE(select->column_is_null(0));
}

TEST(SqliteDb, StatementRunResetsAnAbandonedRun) {
  SqliteDb db = memory_db();
  ASSERT_TRUE(db.exec("CREATE TABLE t (i INTEGER); INSERT INTO t VALUES (1), (2)").ok());
  auto select = db.prepare("SELECT i FROM t WHERE i >= ? ORDER BY i");
  ASSERT_TRUE(select.ok());
  {
    StatementRun run(*select);
    ASSERT_TRUE(select->bind_all(1LL).ok());
    ASSERT_TRUE(*select->step());
  }
  // Reset: binding for the next run is accepted and the run starts over.
  ASSERT_TRUE(select->bind_all(2LL).ok());
  ASSERT_TRUE(*select->step());
  EXPECT_EQ(select->column_int(0), 2);
  // Without a reset, a statement in the middle of a run refuses new bindings.
  EXPECT_FALSE(select->bind_all(1LL).ok());
  select->reset();
}

TEST(SqliteDb, ReportsConstraintFailuresAsConflict) {
  SqliteDb db = memory_db();
  ASSERT_TRUE(db.exec("CREATE TABLE t (i INTEGER CHECK (i >= 0))").ok());
  auto insert = db.prepare("INSERT INTO t (i) VALUES (?)");
  ASSERT_TRUE(insert.ok());
  ASSERT_TRUE(insert->bind_all(-1LL).ok());
  Status s = insert->run_to_end();
  EXPECT_EQ(s.code(), ErrorCode::kConflict);
  EXPECT_NE(s.message().find("CHECK constraint failed"), std::string::npos) << s.message();
  ASSERT_TRUE(insert->bind_all(1LL).ok());
  EXPECT_TRUE(insert->run_to_end().ok());
}

TEST(SqliteDb, ReportsBadSqlWithTheStatement) {
  SqliteDb db = memory_db();
  auto bad = db.prepare("SELEC 1");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), ErrorCode::kInternal);
  EXPECT_NE(bad.status().message().find("SELEC 1"), std::string::npos) << bad.status().message();
  EXPECT_FALSE(db.exec("DROP TABLE nothing_here").ok());
}

TEST(SqliteDb, TracksTransactions) {
  SqliteDb db = memory_db();
  EXPECT_FALSE(db.in_transaction());
  ASSERT_TRUE(db.exec("BEGIN").ok());
  EXPECT_TRUE(db.in_transaction());
  ASSERT_TRUE(db.exec("COMMIT").ok());
  EXPECT_FALSE(db.in_transaction());
}

TEST(SqliteDb, TellsMemoryFromFile) {
  testing::TempDir dir;
  EXPECT_TRUE(memory_db().in_memory());
  auto file = SqliteDb::open(dir.file("a.db"));
  ASSERT_TRUE(file.ok()) << file.status().to_string();
  EXPECT_FALSE(file->in_memory());
  EXPECT_EQ(file->path(), dir.file("a.db"));
}

TEST(SqliteDb, RefusesPathsItCannotOpen) {
  testing::TempDir dir;
  auto empty = SqliteDb::open("");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(empty.status().field(), "path");

  std::string missing = dir.file("no-such-dir/a.db");
  auto bad = SqliteDb::open(missing);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), ErrorCode::kUnavailable);
  EXPECT_NE(bad.status().message().find(missing), std::string::npos) << bad.status().message();
}

}  // namespace
}  // namespace rx
