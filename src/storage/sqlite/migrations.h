// Numbered schema migrations of the SQLite store, applied at open.
#pragma once

#include <span>
#include <string_view>

#include "core/result.h"
#include "storage/sqlite/sqlite_db.h"

namespace rx {

struct SqliteMigration {
  int version = 0;        // 1, 2, 3 … without gaps
  std::string_view name;  // what it does, recorded in schema_migrations
  std::string_view sql;   // parameterless statements, run in one transaction
};

// The store's migrations in order; the last version is the schema this code reads and writes.
std::span<const SqliteMigration> sqlite_migrations();

// The highest applied migration version, 0 for a database that has none.
Result<int> schema_version(SqliteDb& db);

// Applies each migration the database lacks in its own transaction; refuses a
// database whose version is newer than the last of `migrations`.
Status migrate(SqliteDb& db, std::span<const SqliteMigration> migrations);

}  // namespace rx
