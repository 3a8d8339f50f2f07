// SqliteDb and SqliteStatement: owning handles for a SQLite connection and its
// prepared statements, with SQLite's error codes turned into Status.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace rx {

class SqliteStatement;

// One connection. Not thread-safe: one owner uses it at a time.
class SqliteDb {
 public:
  // Opens the database at `path`, creating the file if missing; ":memory:" is a
  // private in-memory database.
  static Result<SqliteDb> open(const std::string& path);

  SqliteDb(SqliteDb&& other) noexcept;
  SqliteDb& operator=(SqliteDb&& other) noexcept;
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;
  ~SqliteDb();

  // Compiles one statement for repeated runs; values go in through bind, never into `sql`.
  Result<SqliteStatement> prepare(std::string_view sql);
  // Runs parameterless SQL, possibly several statements, discarding any rows.
  Status exec(const std::string& sql);
  // How long a statement waits for another connection's lock before failing as unavailable.
  void set_busy_timeout(std::chrono::milliseconds timeout);
  // True for an in-memory database, which has no file and no journal on disk.
  bool in_memory() const;
  // True while a transaction is open on this connection.
  bool in_transaction() const;
  const std::string& path() const { return path_; }

 private:
  SqliteDb(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  sqlite3* db_ = nullptr;
  std::string path_;
};

// A prepared statement. Each run binds its parameters, steps through its rows
// and is reset; hold a StatementRun for the run so that an abandoned run is
// reset too.
class SqliteStatement {
 public:
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement();

  // Binds parameter `index` (1-based) of the current run. Text is not copied:
  // it must stay valid until the run ends (reset(), which unbinds it).
  Status bind(int index, long long value);
  Status bind(int index, std::string_view text);
  Status bind(int index, const std::optional<long long>& value);  // nullopt binds NULL
  // Binds the arguments to parameters 1, 2, … in order.
  template <class... Args>
  Status bind_all(const Args&... args) {
    return bind_from(1, args...);
  }
  // Binds the arguments to parameters first, first + 1, … in order.
  template <class... Args>
  Status bind_from(int first, const Args&... args) {
    int index = first - 1;
    Status failed;
    auto bound = [&failed](Status s) {
      if (s.ok()) return true;
      failed = std::move(s);
      return false;
    };
    (bound(bind(++index, args)) && ...);
    return failed;
  }
  // Advances the run: true with a row to read, false once the statement is done.
  Result<bool> step();
  // Steps a statement that returns no rows to its end.
  Status run_to_end();
  // Columns of the current row, 0-based.
  long long column_int(int col) const;
  std::string column_text(int col) const;
  bool column_is_null(int col) const;
  // Ends the run and clears the bindings, ready for the next run.
  void reset();
  // True while a transaction is open on the statement's connection.
  bool in_transaction() const;

 private:
  friend class SqliteDb;
  explicit SqliteStatement(sqlite3_stmt* stmt) : stmt_(stmt) {}

  sqlite3_stmt* stmt_ = nullptr;
};

// Resets a statement when the scope ends: a run left half-read would otherwise
// keep its read transaction open and block WAL checkpoints.
class StatementRun {
 public:
  explicit StatementRun(SqliteStatement& statement) : statement_(statement) { statement_.reset(); }
  ~StatementRun() { statement_.reset(); }
  StatementRun(const StatementRun&) = delete;
  StatementRun& operator=(const StatementRun&) = delete;

 private:
  SqliteStatement& statement_;
};

}  // namespace rx
