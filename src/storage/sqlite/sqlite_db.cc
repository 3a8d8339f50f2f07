#include "storage/sqlite/sqlite_db.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <utility>

namespace rx {
namespace {

// Busy and I/O failures may pass on retry; constraint failures mean the state
// refuses the write; anything else is a fault in the schema or the code.
ErrorCode code_for(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PROTOCOL: return ErrorCode::kUnavailable;
    case SQLITE_CONSTRAINT: return ErrorCode::kConflict;
    default: return ErrorCode::kInternal;
  }
}

Status error_status(sqlite3* db, int rc, std::string_view what) {
  const char* detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return Status(code_for(rc), fmt::format("{}: {}", what, detail));
}

}  // namespace

Result<SqliteDb> SqliteDb::open(const std::string& path) {
  if (path.empty()) {
    return Status::invalid("expected a database file path or \":memory:\", found an empty path", "path");
  }
  // SQLite counts every allocation under a process-wide mutex for
  // sqlite3_memory_used() and a soft heap limit, neither of which is used
  // here. The setting is taken only before SQLite's first use, so it is made
  // once, before the first connection opens.
  [[maybe_unused]] static const int no_memory_counts = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  sqlite3* db = nullptr;
  // NOMUTEX: the owner serialises access, so SQLite's own locking would be pure cost.
  int rc =
      sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Status status = error_status(db, rc, fmt::format("cannot open database '{}'", path));
    sqlite3_close_v2(db);
    return status;
  }
  sqlite3_extended_result_codes(db, 1);
  return SqliteDb(db, path);
}

SqliteDb::SqliteDb(SqliteDb&& other) noexcept : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

SqliteDb& SqliteDb::operator=(SqliteDb&& other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
  }
  return *this;
}

SqliteDb::~SqliteDb() { sqlite3_close_v2(db_); }

Result<SqliteStatement> SqliteDb::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  // PERSISTENT: these statements live as long as the connection.
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return error_status(db_, rc, fmt::format("preparing \"{}\"", sql));
  return SqliteStatement(stmt);
}

Status SqliteDb::exec(const std::string& sql) {
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return error_status(db_, rc, fmt::format("running \"{}\"", sql));
  return Status();
}

void SqliteDb::set_busy_timeout(std::chrono::milliseconds timeout) {
  sqlite3_busy_timeout(db_, static_cast<int>(timeout.count()));
}

bool SqliteDb::in_memory() const {
  const char* file = sqlite3_db_filename(db_, "main");
  return file == nullptr || *file == '\0';
}

bool SqliteDb::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(stmt_); }

Status SqliteStatement::bind(int index, long long value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) return error_status(sqlite3_db_handle(stmt_), rc, fmt::format("binding parameter {}", index));
  return Status();
}

Status SqliteStatement::bind(int index, std::string_view text) {
  // STATIC: SQLite reads the caller's text until the run ends, without a copy.
  int rc = sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
  if (rc != SQLITE_OK) return error_status(sqlite3_db_handle(stmt_), rc, fmt::format("binding parameter {}", index));
  return Status();
}

Status SqliteStatement::bind(int index, const std::optional<long long>& value) {
  if (value) return bind(index, *value);
  int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK) return error_status(sqlite3_db_handle(stmt_), rc, fmt::format("binding parameter {}", index));
  return Status();
}

Result<bool> SqliteStatement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // The caller knows what the statement was doing and adds that to the message.
  return Status(code_for(rc), sqlite3_errmsg(sqlite3_db_handle(stmt_)));
}

Status SqliteStatement::run_to_end() {
  Status status;
  for (;;) {
    Result<bool> row = step();
    if (!row.ok()) {
      status = row.status();
      break;
    }
    if (!*row) break;
  }
  reset();
  return status;
}

long long SqliteStatement::column_int(int col) const { return sqlite3_column_int64(stmt_, col); }

std::string SqliteStatement::column_text(int col) const {
  // text before bytes: the byte count is of the text form of the value.
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  if (text == nullptr) return {};
  return std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

bool SqliteStatement::column_is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

void SqliteStatement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool SqliteStatement::in_transaction() const { return sqlite3_get_autocommit(sqlite3_db_handle(stmt_)) == 0; }

}  // namespace rx
