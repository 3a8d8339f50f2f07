#include "storage/sqlite/migrations.h"

#include <fmt/format.h>

#include <string>

namespace rx {
namespace {

// The event log is the audit trail: rows are only ever appended, in seq order
// without gaps, whoever the writer is. The insert trigger also stops INSERT OR
// REPLACE, whose implicit delete would not fire the delete trigger.
constexpr std::string_view kInitialSchema = R"sql(
CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  type TEXT NOT NULL,
  actor TEXT NOT NULL,
  prescription_id INTEGER,
  payload TEXT NOT NULL
) STRICT;
CREATE INDEX events_by_prescription ON events(prescription_id);
CREATE TRIGGER events_append_in_order BEFORE INSERT ON events
WHEN NEW.seq IS NOT (SELECT COALESCE(MAX(seq), 0) + 1 FROM events)
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: seq must be the last seq + 1');
END;
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: an event cannot be changed');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: an event cannot be deleted');
END;

CREATE TABLE prescriptions (
  id INTEGER PRIMARY KEY,
  prescription_no TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL,
  patient_id TEXT NOT NULL,
  updated_at_ms INTEGER NOT NULL,
  document TEXT NOT NULL
) STRICT;
CREATE INDEX prescriptions_by_status ON prescriptions(status);
CREATE INDEX prescriptions_by_patient ON prescriptions(patient_id);

CREATE TABLE stock (
  drug TEXT NOT NULL,
  lot TEXT NOT NULL,
  expiry TEXT NOT NULL CHECK (expiry GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  location TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity >= 0),
  reserved INTEGER NOT NULL CHECK (reserved >= 0),
  quarantined INTEGER NOT NULL CHECK (quarantined IN (0, 1)),
  blocked INTEGER NOT NULL CHECK (blocked IN (0, 1)),
  PRIMARY KEY (drug, lot, location)
) STRICT;

CREATE TABLE meta (
  key TEXT NOT NULL PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
)sql";

// Messages for the HIS. A row is sent as written until the HIS accepts it; the
// triggers keep an accepted row accepted and every message as first written,
// so that no retry ever sends something different under the same control id.
constexpr std::string_view kOutboxSchema = R"sql(
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  control_id TEXT NOT NULL UNIQUE CHECK (control_id <> ''),
  message_type TEXT NOT NULL,
  prescription_id INTEGER,
  message TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  delivered_at_ms INTEGER,
  attempts INTEGER NOT NULL CHECK (attempts >= 0)
) STRICT;
CREATE INDEX outbox_undelivered ON outbox(id) WHERE delivered_at_ms IS NULL;
CREATE TRIGGER outbox_message_fixed BEFORE UPDATE ON outbox
WHEN NEW.control_id IS NOT OLD.control_id OR NEW.message IS NOT OLD.message
  OR NEW.message_type IS NOT OLD.message_type OR NEW.prescription_id IS NOT OLD.prescription_id
BEGIN
  SELECT RAISE(ABORT, 'outbox: a message cannot be changed once written');
END;
CREATE TRIGGER outbox_delivered_stays BEFORE UPDATE ON outbox
WHEN OLD.delivered_at_ms IS NOT NULL AND NEW.delivered_at_ms IS NOT OLD.delivered_at_ms
BEGIN
  SELECT RAISE(ABORT, 'outbox: a delivered message stays delivered');
END;
CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox
BEGIN
  SELECT RAISE(ABORT, 'outbox: a message cannot be deleted');
END;
)sql";

// The stock ledger: one row per movement of packs of a lot at a location,
// appended in id order and never changed. The insert trigger keeps each row's
// on_hand the previous balance of its lot at its location plus its delta, so
// the table itself refuses a ledger that does not add up. The balance check,
// the on-hand as of an instant and a recall read their indexes alone.
constexpr std::string_view kStockMovementsSchema = R"sql(
CREATE TABLE stock_movements (
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('received', 'put_away', 'moved', 'dispensed', 'returned', 'quarantined',
                                     'removed', 'adjusted')),
  drug TEXT NOT NULL,
  lot TEXT NOT NULL,
  expiry TEXT NOT NULL CHECK (expiry GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  location TEXT NOT NULL,
  delta INTEGER NOT NULL CHECK (delta <> 0),
  on_hand INTEGER NOT NULL CHECK (on_hand >= 0),
  prescription_id INTEGER,
  serial TEXT NOT NULL,
  actor TEXT NOT NULL,
  reason TEXT NOT NULL
) STRICT;
CREATE INDEX stock_movements_by_place ON stock_movements(drug, lot, location, id, on_hand);
CREATE INDEX stock_movements_by_place_time ON stock_movements(drug, lot, location, at_ms, id, on_hand);
CREATE INDEX stock_movements_by_lot ON stock_movements(lot, kind, prescription_id, drug);
CREATE INDEX stock_movements_by_time ON stock_movements(kind, at_ms);
CREATE INDEX stock_movements_by_serial ON stock_movements(serial) WHERE serial <> '';
CREATE INDEX stock_movements_by_prescription ON stock_movements(prescription_id) WHERE prescription_id IS NOT NULL;
CREATE TRIGGER stock_movements_append_in_order BEFORE INSERT ON stock_movements
WHEN NEW.id IS NOT (SELECT COALESCE(MAX(id), 0) + 1 FROM stock_movements)
BEGIN
  SELECT RAISE(ABORT, 'stock movements are append-only: id must be the last id + 1');
END;
CREATE TRIGGER stock_movements_balance BEFORE INSERT ON stock_movements
WHEN NEW.on_hand IS NOT COALESCE((SELECT on_hand FROM stock_movements WHERE drug = NEW.drug AND lot = NEW.lot
                                  AND location = NEW.location ORDER BY id DESC LIMIT 1), 0) + NEW.delta
BEGIN
  SELECT RAISE(ABORT, 'stock movements: on_hand must be the previous balance of the lot at the location plus delta');
END;
CREATE TRIGGER stock_movements_no_update BEFORE UPDATE ON stock_movements
BEGIN
  SELECT RAISE(ABORT, 'stock movements are append-only: a movement cannot be changed');
END;
CREATE TRIGGER stock_movements_no_delete BEFORE DELETE ON stock_movements
BEGIN
  SELECT RAISE(ABORT, 'stock movements are append-only: a movement cannot be deleted');
END;
)sql";

constexpr SqliteMigration kMigrations[] = {
    {1, "initial schema: events, prescriptions, stock, meta", kInitialSchema},
    {2, "outbox: messages for the HIS", kOutboxSchema},
    {3, "stock_movements: the stock ledger", kStockMovementsSchema},
};

constexpr std::string_view kCreateMigrationsTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
) STRICT;
)sql";

Status check_numbering(std::span<const SqliteMigration> migrations) {
  for (size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1) {
      return Status::internal(
          fmt::format("migration list: expected version {} at position {}, found {}", i + 1, i, migrations[i].version));
    }
  }
  return Status();
}

Status apply_in_transaction(SqliteDb& db, const SqliteMigration& m) {
  // Another process may have applied it since we looked: check again under the write lock.
  auto applied = TRY(db.prepare("SELECT 1 FROM schema_migrations WHERE version = ?"));
  TRY(applied.bind_all(m.version));
  if (TRY(applied.step())) return Status();
  applied.reset();

  TRY(db.exec(std::string(m.sql)));
  auto record =
      TRY(db.prepare("INSERT INTO schema_migrations(version, name, applied_at) "
                     "VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"));
  TRY(record.bind_all(m.version, m.name));
  return record.run_to_end();
}

Status apply(SqliteDb& db, const SqliteMigration& m) {
  TRY(db.exec("BEGIN IMMEDIATE"));
  Status status = apply_in_transaction(db, m);
  if (status.ok()) status = db.exec("COMMIT");
  if (!status.ok()) {
    // A failed rollback leaves nothing to keep either: open fails and closing the connection rolls back.
    if (db.in_transaction()) (void)db.exec("ROLLBACK");
    return Status(status.code(), fmt::format("database '{}': migration {} ({}) failed, nothing of it was applied: {}",
                                             db.path(), m.version, m.name, status.message()));
  }
  return Status();
}

}  // namespace

std::span<const SqliteMigration> sqlite_migrations() { return kMigrations; }

Result<int> schema_version(SqliteDb& db) {
  auto exists = TRY(db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'"));
  if (!TRY(exists.step())) return 0;
  auto version = TRY(db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  TRY(version.step());
  return static_cast<int>(version.column_int(0));
}

Status migrate(SqliteDb& db, std::span<const SqliteMigration> migrations) {
  TRY(check_numbering(migrations));
  TRY(db.exec(std::string(kCreateMigrationsTable)));
  int current = TRY(schema_version(db));
  int known = migrations.empty() ? 0 : migrations.back().version;
  if (current > known) {
    return Status::conflict(
        fmt::format("database '{}' has schema version {}, newer than the latest this program knows ({}); "
                    "open it with the newer rxpress that wrote it, or restore a backup of version {} or older",
                    db.path(), current, known, known));
  }
  for (const SqliteMigration& m : migrations) {
    if (m.version > current) TRY(apply(db, m));
  }
  return Status();
}

}  // namespace rx
