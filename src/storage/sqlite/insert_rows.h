// InsertRows: one table's INSERT of a fixed list of columns, prepared for one
// row and for several rows per statement. Each statement costs SQLite a run
// of its program, a statement journal (the tables' triggers may abort it) and,
// for a CHECK with an IN list, a temporary table built afresh; rows that share
// a statement share those. Triggers and constraints still see each row in
// turn, after the rows before it.
#pragma once

#include <cstddef>
#include <string_view>
#include <utility>

#include "core/result.h"
#include "storage/sqlite/sqlite_db.h"

namespace rx {

class InsertRows {
 public:
  static constexpr size_t kWide = 64;   // rows per statement while that many are left
  static constexpr size_t kNarrow = 8;  // then this many, then one at a time

  // `columns` is the column list, separated by commas.
  static Result<InsertRows> prepare(SqliteDb& db, std::string_view table, std::string_view columns);

  // Inserts rows 0 .. n - 1 in order; the caller holds the write transaction.
  // bind_row(statement, first, i) binds row i to parameters first, first + 1,
  // …; its text must stay valid until this returns. When a statement of
  // several rows fails, SQLite has undone that statement alone, and its rows
  // are inserted again one per statement, so that what is returned is
  // row_failed(i, status) of the first row refused, as with one row at a time.
  template <class BindRow, class RowFailed>
  Status insert(size_t n, BindRow&& bind_row, RowFailed&& row_failed);

 private:
  InsertRows(SqliteStatement one, SqliteStatement narrow, SqliteStatement wide, int count)
      : one_(std::move(one)), narrow_(std::move(narrow)), wide_(std::move(wide)), count_(count) {}

  SqliteStatement one_;
  SqliteStatement narrow_;
  SqliteStatement wide_;
  int count_;
};

template <class BindRow, class RowFailed>
Status InsertRows::insert(size_t n, BindRow&& bind_row, RowFailed&& row_failed) {
  size_t i = 0;
  auto one_at_a_time = [&](size_t end) -> Status {
    for (; i < end; ++i) {
      StatementRun run(one_);
      Status s = bind_row(one_, 1, i);
      if (s.ok()) s = one_.run_to_end();
      if (!s.ok()) return row_failed(i, std::move(s));
    }
    return Status();
  };
  for (auto [statement, rows] : {std::pair{&wide_, kWide}, std::pair{&narrow_, kNarrow}}) {
    while (n - i >= rows) {
      Status s;
      {
        StatementRun run(*statement);
        for (size_t k = 0; k < rows && s.ok(); ++k) s = bind_row(*statement, 1 + static_cast<int>(k) * count_, i + k);
        if (s.ok()) s = statement->run_to_end();
      }
      if (s.ok()) {
        i += rows;
        continue;
      }
      // Without the transaction (SQLite ends it on some I/O errors) a row
      // inserted now would be committed alone.
      if (!statement->in_transaction()) return row_failed(i, std::move(s));
      TRY(one_at_a_time(i + rows));
    }
  }
  return one_at_a_time(n);
}

}  // namespace rx
