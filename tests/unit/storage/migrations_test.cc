#include "storage/sqlite/migrations.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace rx {
namespace {

// CREATE TABLE without IF NOT EXISTS: running a migration twice would fail.
constexpr SqliteMigration kFirst{1, "create t1", "CREATE TABLE t1 (x INTEGER)"};
constexpr SqliteMigration kSecond{2, "create t2", "CREATE TABLE t2 (y INTEGER)"};

class MigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteDb::open(":memory:");
    ASSERT_TRUE(opened.ok()) << opened.status().to_string();
    db_.emplace(std::move(opened).value());
  }

  bool has_table(const std::string& name) {
    auto q = db_->prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?");
    EXPECT_TRUE(q.ok());
    EXPECT_TRUE(q->bind_all(name).ok());
    return *q->step();
  }

  std::vector<std::string> applied() {
    std::vector<std::string> rows;
    auto q = db_->prepare("SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
    EXPECT_TRUE(q.ok());
    while (*q->step())
      rows.push_back(std::to_string(q->column_int(0)) + " " + q->column_text(1) + " " + q->column_text(2));
    return rows;
  }

  std::optional<SqliteDb> db_;
};

TEST_F(MigrationsTest, FreshDatabaseGetsTheWholeSchema) {
  EXPECT_EQ(*schema_version(*db_), 0);
  ASSERT_TRUE(migrate(*db_, sqlite_migrations()).ok());
  EXPECT_EQ(*schema_version(*db_), sqlite_migrations().back().version);
  for (const char* table : {"events", "prescriptions", "stock", "meta", "schema_migrations"}) {
    EXPECT_TRUE(has_table(table)) << table;
  }
}

TEST_F(MigrationsTest, AppliesOnlyTheMissingOnes) {
  const SqliteMigration first[] = {kFirst};
  const SqliteMigration both[] = {kFirst, kSecond};
  ASSERT_TRUE(migrate(*db_, first).ok());
  EXPECT_EQ(*schema_version(*db_), 1);
  EXPECT_FALSE(has_table("t2"));
  std::vector<std::string> after_first = applied();
  ASSERT_EQ(after_first.size(), 1u);

  Status second = migrate(*db_, both);
  ASSERT_TRUE(second.ok()) << second.to_string();
  EXPECT_EQ(*schema_version(*db_), 2);
  EXPECT_TRUE(has_table("t2"));
  std::vector<std::string> after_second = applied();
  ASSERT_EQ(after_second.size(), 2u);
  EXPECT_EQ(after_second[0], after_first[0]);  // same applied_at: not run again

  Status again = migrate(*db_, both);
  ASSERT_TRUE(again.ok()) << again.to_string();
  EXPECT_EQ(applied(), after_second);
}

TEST_F(MigrationsTest, FailedMigrationLeavesNothingBehind) {
  const SqliteMigration broken[] = {kFirst,
                                    {2, "half good", "CREATE TABLE t2 (y INTEGER); CREATE TABLE t1 (z INTEGER)"}};
  Status s = migrate(*db_, broken);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("migration 2 (half good) failed"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("t1 already exists"), std::string::npos) << s.message();
  EXPECT_EQ(*schema_version(*db_), 1);
  EXPECT_TRUE(has_table("t1"));
  EXPECT_FALSE(has_table("t2"));
  EXPECT_FALSE(db_->in_transaction());
}

TEST_F(MigrationsTest, RefusesADatabaseNewerThanTheCode) {
  const SqliteMigration first[] = {kFirst};
  const SqliteMigration both[] = {kFirst, kSecond};
  ASSERT_TRUE(migrate(*db_, both).ok());
  Status s = migrate(*db_, first);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::kConflict);
  EXPECT_NE(s.message().find("schema version 2, newer than the latest this program knows (1)"), std::string::npos)
      << s.message();
}

TEST_F(MigrationsTest, RefusesAMisnumberedList) {
  const SqliteMigration skipping[] = {kFirst, {3, "create t3", "CREATE TABLE t3 (x INTEGER)"}};
  Status s = migrate(*db_, skipping);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::kInternal);
  EXPECT_FALSE(has_table("t1"));
}

}  // namespace
}  // namespace rx
