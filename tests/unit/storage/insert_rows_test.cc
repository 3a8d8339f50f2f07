// Several rows per INSERT: every row is stored in order, the triggers see the
// rows before it, and a refused row is named as when rows go one at a time,
// with the rows before it still in the transaction.
#include "storage/sqlite/insert_rows.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace rx {
namespace {

// A ledger in the shape of stock_movements: ids in order, each row's total
// the previous total of its key plus its delta, and a CHECK with an IN list.
constexpr std::string_view kSchema = R"sql(
CREATE TABLE ledger (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('in', 'out', 'moved')),
  key TEXT NOT NULL,
  delta INTEGER NOT NULL,
  total INTEGER NOT NULL CHECK (total >= 0)
) STRICT;
CREATE INDEX ledger_by_key ON ledger(key, id, total);
CREATE TRIGGER ledger_in_order BEFORE INSERT ON ledger
WHEN NEW.id IS NOT (SELECT COALESCE(MAX(id), 0) + 1 FROM ledger)
BEGIN
  SELECT RAISE(ABORT, 'ids must follow the last id');
END;
CREATE TRIGGER ledger_total BEFORE INSERT ON ledger
WHEN NEW.total IS NOT COALESCE((SELECT total FROM ledger WHERE key = NEW.key ORDER BY id DESC LIMIT 1), 0) + NEW.delta
BEGIN
  SELECT RAISE(ABORT, 'total must be the previous total plus delta');
END;
)sql";

struct Row {
  long long id = 0;
  std::string kind;
  std::string key;
  long long delta = 0;
  long long total = 0;
  bool operator==(const Row&) const = default;
};

// n rows over three keys whose totals add up.
std::vector<Row> rows_adding_up(size_t n) {
  std::vector<Row> rows;
  long long totals[3] = {0, 0, 0};
  for (size_t i = 0; i < n; ++i) {
    const size_t k = (i * 7) % 3;
    const long long delta = totals[k] > 0 && i % 4 == 3 ? -1 : 2;
    totals[k] += delta;
    rows.push_back(Row{static_cast<long long>(i + 1), delta < 0 ? "out" : (i % 5 == 0 ? "moved" : "in"),
                       fmt::format("key-{}", k), delta, totals[k]});
  }
  return rows;
}

class InsertRowsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = SqliteDb::open(":memory:");
    ASSERT_TRUE(db.ok()) << db.status().to_string();
    db_ = std::make_unique<SqliteDb>(std::move(db).value());
    ASSERT_TRUE(db_->exec(std::string(kSchema)).ok());
    auto insert = InsertRows::prepare(*db_, "ledger", "id, kind, key, delta, total");
    ASSERT_TRUE(insert.ok()) << insert.status().to_string();
    insert_ = std::make_unique<InsertRows>(std::move(insert).value());
    ASSERT_TRUE(db_->exec("BEGIN IMMEDIATE").ok());
  }

  Status insert(const std::vector<Row>& rows) {
    return insert_->insert(
        rows.size(),
        [&](SqliteStatement& s, int first, size_t i) {
          const Row& r = rows[i];
          return s.bind_from(first, r.id, r.kind, r.key, r.delta, r.total);
        },
        [&](size_t i, Status s) {
          return Status(s.code(), fmt::format("row id {}: {}", rows[i].id, s.message()), fmt::format("rows[{}]", i));
        });
  }

  std::vector<Row> stored() {
    std::vector<Row> out;
    auto select = db_->prepare("SELECT id, kind, key, delta, total FROM ledger ORDER BY id");
    EXPECT_TRUE(select.ok());
    while (*select->step()) {
      out.push_back(Row{select->column_int(0), select->column_text(1), select->column_text(2), select->column_int(3),
                        select->column_int(4)});
    }
    return out;
  }

  std::unique_ptr<SqliteDb> db_;
  std::unique_ptr<InsertRows> insert_;
};

TEST_F(InsertRowsTest, StoresEveryRowInOrderWhateverTheCount) {
  for (size_t n : {0u, 1u, 7u, 8u, 9u, 63u, 64u, 65u, 72u, 73u, 200u}) {
    SCOPED_TRACE(n);
    ASSERT_TRUE(db_->exec("DELETE FROM ledger").ok());
    const std::vector<Row> rows = rows_adding_up(n);
    Status s = insert(rows);
    ASSERT_TRUE(s.ok()) << s.to_string();
    EXPECT_EQ(stored(), rows);
  }
}

TEST_F(InsertRowsTest, NamesTheFirstRowRefusedAndKeepsTheRowsBeforeIt) {
  // Refused rows inside a wide statement, a narrow one and the single rows.
  for (size_t bad : {0u, 5u, 63u, 64u, 70u, 71u, 72u, 130u, 134u}) {
    for (const char* how : {"total", "kind", "id"}) {
      SCOPED_TRACE(fmt::format("row {} with a wrong {}", bad, how));
      ASSERT_TRUE(db_->exec("DELETE FROM ledger").ok());
      std::vector<Row> rows = rows_adding_up(135);
      if (std::string(how) == "total") rows[bad].total += 1;
      if (std::string(how) == "kind") rows[bad].kind = "lost";
      if (std::string(how) == "id") rows[bad].id += 1;
      Status s = insert(rows);
      ASSERT_FALSE(s.ok());
      EXPECT_EQ(s.field(), fmt::format("rows[{}]", bad));
      EXPECT_EQ(s.message().rfind(fmt::format("row id {}: ", rows[bad].id), 0), 0u) << s.to_string();
      const char* expected = std::string(how) == "total" ? "previous total"
                             : std::string(how) == "kind" ? "CHECK"
                                                          : "last id";
      EXPECT_NE(s.message().find(expected), std::string::npos) << s.to_string();
      EXPECT_TRUE(db_->in_transaction());
      EXPECT_EQ(stored(), std::vector<Row>(rows.begin(), rows.begin() + static_cast<long>(bad)));
    }
  }
}

}  // namespace
}  // namespace rx
