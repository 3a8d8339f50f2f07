// The run's store under deferred writes: after the run it holds exactly what
// a commit per turn would have left, and a write that fails stops the run.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "simulation/simulation.h"
#include "sim_formulary.h"
#include "small_runs.h"
#include "simulation/run_result.h"
#include "storage/sqlite/sqlite_db.h"

namespace rx::simulation {
namespace {

using testing::shipped_formulary;
using testing::small;
using testing::without_wall;

std::string shared_memory(const std::string& name) { return "file:" + name + "?mode=memory&cache=shared"; }

// Every row of every table, as quoted SQL values joined by '|', by table,
// sorted: the stock and meta rows are keyed by their columns, and their
// rowids only tell the order of first insertion. The time a migration was
// applied is the wall clock's and left out.
// True on a row; false at the end or on an error, which fails the test.
bool next_row(SqliteStatement& s) {
  Result<bool> row = s.step();
  EXPECT_TRUE(row.ok()) << row.status().to_string();
  return row.ok() && *row;
}

std::map<std::string, std::vector<std::string>> dump(SqliteDb& db) {
  std::map<std::string, std::vector<std::string>> out;
  auto tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
  EXPECT_TRUE(tables.ok()) << tables.status().to_string();
  if (!tables.ok()) return out;
  std::vector<std::string> names;
  while (next_row(*tables)) names.push_back(tables->column_text(0));
  for (const std::string& table : names) {
    auto columns = db.prepare(
        "SELECT group_concat('quote(\"' || name || '\")', ' || ''|'' || ') FROM pragma_table_info(?) "
        "WHERE name <> 'applied_at'");
    EXPECT_TRUE(columns.ok()) << columns.status().to_string();
    if (!columns.ok() || !columns->bind(1, table).ok() || !next_row(*columns)) continue;
    auto rows = db.prepare("SELECT " + columns->column_text(0) + " FROM \"" + table + "\" ORDER BY rowid");
    EXPECT_TRUE(rows.ok()) << rows.status().to_string();
    if (!rows.ok()) continue;
    std::vector<std::string>& lines = out[table];
    while (next_row(*rows)) lines.push_back(rows->column_text(0));
    std::sort(lines.begin(), lines.end());
  }
  return out;
}

struct StoredRun {
  RunResult result;
  std::map<std::string, std::vector<std::string>> tables;
};

StoredRun run_and_dump(const Scenario& s, uint64_t seed, std::optional<Duration> write_every, const std::string& name) {
  // This connection keeps the shared in-memory database alive after the run.
  auto reader = SqliteDb::open(shared_memory(name));
  EXPECT_TRUE(reader.ok()) << reader.status().to_string();
  SimulationOptions options;
  options.database = shared_memory(name);
  options.write_every = write_every;
  auto r = run_simulation(s, shipped_formulary(), PolicyKind::kSmart, seed, options);
  EXPECT_TRUE(r.ok()) << r.status().to_string();
  StoredRun out;
  if (r.ok()) out.result = std::move(r).value();
  if (reader.ok()) out.tables = dump(*reader);
  return out;
}

TEST(SimulationStore, DeferredWritesLeaveWhatPerTurnCommitsLeave) {
  Scenario s = small(15, 900);
  // Ten times the faults, so that jams, re-picks and quarantined packs are stored too.
  s.faults.jam *= 10;
  s.faults.double_drop *= 10;
  s.faults.wrong_load *= 10;
  s.faults.unreadable *= 10;
  s.faults.grip_fail *= 10;
  StoredRun per_turn = run_and_dump(s, 2, std::nullopt, "per-turn");
  StoredRun deferred = run_and_dump(s, 2, Duration{60000}, "deferred");
  StoredRun every_turn = run_and_dump(s, 2, Duration{0}, "every-turn");
  StoredRun by_default = run_and_dump(s, 2, SimulationOptions{}.write_every, "by-default");

  EXPECT_GT(per_turn.result.metrics.prescriptions, 150);
  EXPECT_GT(per_turn.result.metrics.faults_injected, 0);
  EXPECT_EQ(without_wall(deferred.result.metrics), without_wall(per_turn.result.metrics));
  EXPECT_EQ(without_wall(every_turn.result.metrics), without_wall(per_turn.result.metrics));
  EXPECT_EQ(without_wall(by_default.result.metrics), without_wall(per_turn.result.metrics));

  for (const char* table : {"events", "prescriptions", "stock", "meta", "stock_movements", "schema_migrations"}) {
    EXPECT_FALSE(per_turn.tables[table].empty()) << table;
  }
  ASSERT_EQ(deferred.tables.size(), per_turn.tables.size());
  for (const auto& [table, rows] : per_turn.tables) {
    const std::vector<std::string>& other = deferred.tables[table];
    ASSERT_EQ(other.size(), rows.size()) << "table " << table;
    for (size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(other[i], rows[i]) << "table " << table << ", row " << i;
    EXPECT_EQ(every_turn.tables[table], rows) << "table " << table;
    EXPECT_EQ(by_default.tables[table], rows) << "table " << table;
  }
}

TEST(SimulationStore, AFailedWriteStopsTheRunWithTheReason) {
  Scenario s = small(30, 900);
  const std::string db = shared_memory("failing");
  auto other = SqliteDb::open(db);
  ASSERT_TRUE(other.ok()) << other.status().to_string();
  SimulationOptions options;
  options.database = db;
  options.progress_every_s = 600;
  // Ten minutes in, another connection takes the write lock and keeps it.
  // The store's writer thread may be inside a transaction just then; while
  // this callback runs nothing new reaches it, so it finishes and the lock
  // comes free. The clock only guards against a writer that never lets go.
  bool locked = false;
  options.progress = [&](double, long long, long long) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!locked && std::chrono::steady_clock::now() < give_up) locked = other->exec("BEGIN IMMEDIATE").ok();
  };
  auto r = run_simulation(s, shipped_formulary(), PolicyKind::kSmart, 1, options);
  ASSERT_TRUE(locked);
  ASSERT_FALSE(r.ok()) << "the run went on although its store could not be written";
  EXPECT_EQ(r.status().code(), ErrorCode::kUnavailable) << r.status().to_string();
  EXPECT_NE(r.status().message().find("simulation stopped at"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("ahead of its store"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("locked"), std::string::npos) << r.status().message();

  // The same run without the lock finishes.
  SimulationOptions quiet;
  EXPECT_TRUE(run_simulation(s, shipped_formulary(), PolicyKind::kSmart, 1, quiet).ok());
}

}  // namespace
}  // namespace rx::simulation
