#include "storage/sqlite/deferred_indexes.h"

#include <fmt/format.h>

namespace rx {

Result<DeferredIndexes> DeferredIndexes::take(SqliteDb& db, std::span<const std::string_view> names) {
  DeferredIndexes out;
  auto definition = TRY(db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?"));
  for (std::string_view name : names) {
    StatementRun run(definition);
    TRY(definition.bind(1, name));
    if (!TRY(definition.step())) continue;
    out.pending_.emplace(std::string(name), definition.column_text(0));
  }
  for (const auto& [name, sql] : out.pending_) TRY(db.exec(fmt::format("DROP INDEX \"{}\"", name)));
  return out;
}

Status DeferredIndexes::ensure(SqliteDb& db, std::string_view name) {
  auto it = pending_.find(name);
  if (it == pending_.end()) return Status();
  Status built = db.exec(it->second);
  if (!built.ok()) {
    return Status(built.code(), fmt::format("database '{}': building index {}: {}", db.path(), name, built.message()));
  }
  pending_.erase(it);
  return Status();
}

}  // namespace rx
