// DeferredIndexes: indexes of an in-memory database that only queries read,
// dropped at open and built again just before the first query that reads
// each. Nothing outside the process reads an in-memory database, so until a
// query needs one, such an index would only cost every insert. The results of
// every query are the same with or without it.
#pragma once

#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"
#include "storage/sqlite/sqlite_db.h"

namespace rx {

class DeferredIndexes {
 public:
  // Drops each named index that exists, keeping its definition to build it again.
  static Result<DeferredIndexes> take(SqliteDb& db, std::span<const std::string_view> names);
  // Builds the index again if it was taken and not built since.
  Status ensure(SqliteDb& db, std::string_view name);
  // True while the index is dropped.
  bool deferred(std::string_view name) const { return pending_.find(name) != pending_.end(); }

 private:
  std::map<std::string, std::string, std::less<>> pending_;  // name -> its CREATE INDEX statement
};

}  // namespace rx
