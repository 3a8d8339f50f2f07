// SqliteStore: the Store on one SQLite database file (or in memory), with the
// event log and its projections written in one transaction per batch.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "storage/sqlite/deferred_indexes.h"
#include "storage/sqlite/insert_rows.h"
#include "storage/sqlite/sqlite_db.h"
#include "storage/sqlite/sqlite_movements.h"
#include "storage/store.h"

namespace rx {

// The connection settings as SQLite reports them, read back from the pragmas.
struct SqliteSettings {
  std::string journal_mode;  // "wal" for a file, "memory" in memory
  int synchronous = 0;       // 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA
  bool foreign_keys = false;
  int busy_timeout_ms = 0;
  int page_size = 0;  // bytes: 2048 in memory, SQLite's default for a file
};

class SqliteStore : public Store {
 public:
  // Opens or creates the database at `path` (":memory:" for an in-memory one)
  // and migrates it; a file must accept WAL with synchronous=FULL. In memory,
  // the indexes that only queries read are built before the first query that
  // reads each (DeferredIndexes), not kept up to date by every insert.
  static Result<std::unique_ptr<SqliteStore>> open(const std::string& path);

  Status commit(const Batch& batch) override;
  Result<StoredState> load() override;
  Result<std::vector<Event>> events_for(PrescriptionId id) override;
  Result<std::vector<Event>> events_after(EventSeq after, size_t limit) override;
  Result<std::vector<StockMovement>> movements(const MovementQuery& query) override;
  Result<int> on_hand_at(const DrugCode& drug, const LotNo& lot, const LocationCode& location, Instant at) override;
  Result<std::vector<LotDispensing>> dispensed_of_lot(const LotNo& lot, const std::optional<DrugCode>& drug) override;
  bool in_memory() const override { return db_.in_memory(); }

  // The settings in force on this connection now.
  Result<SqliteSettings> settings();

 private:
  struct Statements {
    SqliteStatement begin_read;
    SqliteStatement begin_write;
    SqliteStatement commit;
    SqliteStatement rollback;
    InsertRows insert_events;
    SqliteStatement upsert_prescription;
    SqliteStatement upsert_stock;
    SqliteStatement upsert_meta;
    SqliteStatement upsert_outbox;
    SqliteStatement last_seq;
    SqliteStatement select_prescriptions;
    SqliteStatement select_stock;
    SqliteStatement select_meta;
    SqliteStatement select_outbox;
    SqliteStatement outbox_last_id;
    SqliteStatement events_for;
    SqliteStatement events_after;
  };

  SqliteStore(SqliteDb db, Statements statements, SqliteMovements movements, DeferredIndexes deferred)
      : db_(std::move(db)), st_(std::move(statements)), movements_(std::move(movements)),
        deferred_(std::move(deferred)) {}

  static Result<Statements> prepare_all(SqliteDb& db);
  Status check_sequence(const std::vector<Event>& events) const;
  Status write(const Batch& batch);
  Status rollback(Status cause);
  Result<StoredState> read_state();
  Result<EventSeq> read_last_seq();

  SqliteDb db_;  // declared first: the statements are finalised before the connection closes
  Statements st_;
  SqliteMovements movements_;
  DeferredIndexes deferred_;  // none for a file
  EventSeq last_seq_{0};  // of the last committed batch; moves only after COMMIT succeeds
};

}  // namespace rx
