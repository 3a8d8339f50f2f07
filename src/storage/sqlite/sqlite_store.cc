#include "storage/sqlite/sqlite_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <utility>

#include "storage/sqlite/migrations.h"

namespace rx {
namespace {

constexpr std::chrono::milliseconds kBusyTimeout{5000};
constexpr int kSynchronousFull = 2;
// In memory, a transaction copies each page it changes whole into its
// rollback journal and zeroes each page it adds, so smaller pages cost less
// per change. Measured on the simulation's writes (callgrind, whole-day seed
// 1): 2,048 bytes 4.5% fewer instructions than SQLite's default 4,096, and
// on peak-hour fewer than 1,024 (more overflow pages), 8,192 or 16,384.
// Again with the simulation's ten-minute writes, the store's thread on
// whole-day: 6.67, 6.62, 7.11 and 8.01 G instructions at 1, 2, 4 and 8 KiB. A
// file keeps the default, which suits its disk.
constexpr int kInMemoryPageSize = 2048;

// The indexes an in-memory store builds on demand: read by no query of this
// store (they serve people reading a database file), or only by the queries
// that build them first. The insert triggers read only stock_movements_by_place
// and the tables' primary keys, which stay.
constexpr std::string_view kEventsByPrescription = "events_by_prescription";  // events_for
constexpr std::string_view kQueryOnlyIndexes[] = {
    kEventsByPrescription,           "prescriptions_by_status",         "prescriptions_by_patient",
    SqliteMovements::kByPlaceTime,   SqliteMovements::kByLot,           SqliteMovements::kByTime,
    SqliteMovements::kBySerial,      SqliteMovements::kByPrescription,
};

constexpr std::string_view kEventColumns = "seq, at_ms, type, actor, prescription_id, payload";

Status with_context(Status status, std::string_view what, std::string field = {}) {
  if (status.ok()) return status;
  return Status(status.code(), fmt::format("{}: {}", what, status.message()),
                field.empty() ? status.field() : std::move(field));
}

// One run of a statement that returns no rows.
template <class... Args>
Status execute(SqliteStatement& statement, const Args&... args) {
  StatementRun run(statement);
  TRY(statement.bind_all(args...));
  return statement.run_to_end();
}

long long millis(Instant t) { return t.time_since_epoch().count(); }
Instant instant(long long ms) { return Instant{Duration{ms}}; }

// A one-row pragma query, positioned on its row.
Result<SqliteStatement> pragma(SqliteDb& db, std::string_view sql) {
  auto statement = TRY(db.prepare(sql));
  if (!TRY(statement.step())) return Status::internal(fmt::format("\"{}\" returned no row", sql));
  return statement;
}

Result<SqliteSettings> read_settings(SqliteDb& db) {
  SqliteSettings s;
  s.journal_mode = TRY(pragma(db, "PRAGMA journal_mode")).column_text(0);
  s.synchronous = static_cast<int>(TRY(pragma(db, "PRAGMA synchronous")).column_int(0));
  s.foreign_keys = TRY(pragma(db, "PRAGMA foreign_keys")).column_int(0) != 0;
  s.busy_timeout_ms = static_cast<int>(TRY(pragma(db, "PRAGMA busy_timeout")).column_int(0));
  s.page_size = static_cast<int>(TRY(pragma(db, "PRAGMA page_size")).column_int(0));
  return s;
}

// Acknowledged data must survive a power cut: refuse to run on weaker settings
// than the design promises rather than quietly lose commits.
Status check_settings(const SqliteDb& db, const SqliteSettings& s) {
  if (!db.in_memory() && s.journal_mode != "wal") {
    return Status::unavailable(fmt::format(
        "database '{}': expected journal_mode 'wal', found '{}'; WAL needs a local file system with shared memory",
        db.path(), s.journal_mode));
  }
  if (s.synchronous != kSynchronousFull) {
    return Status::internal(fmt::format("database '{}': expected synchronous {} (FULL), found {}", db.path(),
                                        kSynchronousFull, s.synchronous));
  }
  if (!s.foreign_keys)
    return Status::internal(fmt::format("database '{}': foreign_keys could not be enabled", db.path()));
  return Status();
}

Result<std::vector<Event>> read_events(SqliteStatement& statement) {
  std::vector<Event> events;
  while (TRY(statement.step())) {
    Event e;
    e.seq = EventSeq(statement.column_int(0));
    e.at = instant(statement.column_int(1));
    e.type = statement.column_text(2);
    e.actor = statement.column_text(3);
    if (!statement.column_is_null(4)) e.prescription = PrescriptionId(statement.column_int(4));
    e.payload = statement.column_text(5);
    events.push_back(std::move(e));
  }
  return events;
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path) {
  SqliteDb db = TRY(SqliteDb::open(path));
  db.set_busy_timeout(kBusyTimeout);
  if (db.in_memory()) {
    TRY(db.exec(fmt::format("PRAGMA page_size = {}", kInMemoryPageSize)));
  } else {
    TRY(db.exec("PRAGMA journal_mode = WAL"));
  }
  // A year's stock ledger is hundreds of megabytes; a 32 MiB page cache keeps
  // the indexes that every commit and query walks in memory.
  TRY(db.exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768"));
  SqliteSettings settings = TRY(read_settings(db));
  TRY(check_settings(db, settings));
  TRY(migrate(db, sqlite_migrations()));
  DeferredIndexes deferred;
  if (db.in_memory()) deferred = TRY(DeferredIndexes::take(db, kQueryOnlyIndexes));
  Statements statements = TRY(prepare_all(db));
  SqliteMovements movements = TRY(SqliteMovements::prepare(db));
  std::unique_ptr<SqliteStore> store(
      new SqliteStore(std::move(db), std::move(statements), std::move(movements), std::move(deferred)));
  store->last_seq_ = TRY(store->read_last_seq());
  return store;
}

Result<SqliteStore::Statements> SqliteStore::prepare_all(SqliteDb& db) {
  auto begin_read = TRY(db.prepare("BEGIN"));
  auto begin_write = TRY(db.prepare("BEGIN IMMEDIATE"));
  auto commit = TRY(db.prepare("COMMIT"));
  auto rollback = TRY(db.prepare("ROLLBACK"));
  auto insert_events = TRY(InsertRows::prepare(db, "events", kEventColumns));
  auto upsert_prescription = TRY(
      db.prepare("INSERT INTO prescriptions(id, prescription_no, status, patient_id, updated_at_ms, document) "
                 "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET prescription_no = excluded.prescription_no, "
                 "status = excluded.status, patient_id = excluded.patient_id, updated_at_ms = excluded.updated_at_ms, "
                 "document = excluded.document"));
  auto upsert_stock = TRY(db.prepare(
      "INSERT INTO stock(drug, lot, expiry, location, quantity, reserved, quarantined, blocked) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(drug, lot, location) DO UPDATE SET expiry = excluded.expiry, "
      "quantity = excluded.quantity, reserved = excluded.reserved, quarantined = excluded.quarantined, "
      "blocked = excluded.blocked"));
  auto upsert_meta = TRY(
      db.prepare("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
  // A row is inserted once; later batches only mark it delivered.
  auto upsert_outbox = TRY(db.prepare(
      "INSERT INTO outbox(id, control_id, message_type, prescription_id, message, created_at_ms, delivered_at_ms, "
      "attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET control_id = excluded.control_id, "
      "message_type = excluded.message_type, prescription_id = excluded.prescription_id, message = excluded.message, "
      "delivered_at_ms = excluded.delivered_at_ms, attempts = excluded.attempts"));
  auto last_seq = TRY(db.prepare("SELECT COALESCE(MAX(seq), 0) FROM events"));
  auto select_prescriptions = TRY(db.prepare(
      "SELECT id, prescription_no, status, patient_id, updated_at_ms, document FROM prescriptions ORDER BY id"));
  auto select_stock =
      TRY(db.prepare("SELECT drug, lot, expiry, location, quantity, reserved, quarantined, blocked FROM stock "
                     "ORDER BY drug, lot, location"));
  auto select_meta = TRY(db.prepare("SELECT key, value FROM meta ORDER BY key"));
  auto select_outbox = TRY(db.prepare(
      "SELECT id, control_id, message_type, prescription_id, message, created_at_ms, delivered_at_ms, attempts "
      "FROM outbox WHERE delivered_at_ms IS NULL ORDER BY id"));
  auto outbox_last_id = TRY(db.prepare("SELECT COALESCE(MAX(id), 0) FROM outbox"));
  auto events_for =
      TRY(db.prepare(fmt::format("SELECT {} FROM events WHERE prescription_id = ? ORDER BY seq", kEventColumns)));
  auto events_after =
      TRY(db.prepare(fmt::format("SELECT {} FROM events WHERE seq > ? ORDER BY seq LIMIT ?", kEventColumns)));
  return Statements{std::move(begin_read),
                    std::move(begin_write),
                    std::move(commit),
                    std::move(rollback),
                    std::move(insert_events),
                    std::move(upsert_prescription),
                    std::move(upsert_stock),
                    std::move(upsert_meta),
                    std::move(upsert_outbox),
                    std::move(last_seq),
                    std::move(select_prescriptions),
                    std::move(select_stock),
                    std::move(select_meta),
                    std::move(select_outbox),
                    std::move(outbox_last_id),
                    std::move(events_for),
                    std::move(events_after)};
}

Status SqliteStore::commit(const Batch& batch) {
  if (batch.empty()) return Status();
  TRY(check_sequence(batch.events));
  TRY(with_context(st_.begin_write.run_to_end(), fmt::format("database '{}': starting a transaction", db_.path())));
  Status status = write(batch);
  if (status.ok()) status = with_context(st_.commit.run_to_end(), fmt::format("database '{}': committing", db_.path()));
  if (!status.ok()) return rollback(std::move(status));
  if (!batch.events.empty()) last_seq_ = batch.events.back().seq;
  return Status();
}

Status SqliteStore::check_sequence(const std::vector<Event>& events) const {
  long long expected = last_seq_.value() + 1;
  for (size_t i = 0; i < events.size(); ++i, ++expected) {
    long long seq = events[i].seq.value();
    if (seq == expected) continue;
    std::string field = fmt::format("events[{}].seq", i);
    if (seq < expected) {
      return Status(ErrorCode::kConflict,
                    fmt::format("expected seq {}, found {}, which is already used", expected, seq), std::move(field));
    }
    return Status(ErrorCode::kInternal,
                  fmt::format("expected seq {}, found {}, which would leave a gap in the log", expected, seq),
                  std::move(field));
  }
  return Status();
}

Status SqliteStore::write(const Batch& batch) {
  TRY(st_.insert_events.insert(
      batch.events.size(),
      [&](SqliteStatement& statement, int first, size_t i) {
        const Event& e = batch.events[i];
        std::optional<long long> prescription;
        if (e.prescription) prescription = e.prescription->value();
        return statement.bind_from(first, e.seq.value(), millis(e.at), e.type, e.actor, prescription, e.payload);
      },
      [&](size_t i, Status s) {
        const Event& e = batch.events[i];
        return with_context(std::move(s), fmt::format("event seq {} ({})", e.seq.value(), e.type),
                            fmt::format("events[{}]", i));
      }));
  for (size_t i = 0; i < batch.prescriptions.size(); ++i) {
    const PrescriptionRow& p = batch.prescriptions[i];
    Status s = execute(st_.upsert_prescription, p.id.value(), p.prescription_no, p.status, p.patient_id,
                       millis(p.updated_at), p.document);
    if (!s.ok()) {
      return with_context(std::move(s), fmt::format("prescription {} ({})", p.id.value(), p.prescription_no),
                          fmt::format("prescriptions[{}]", i));
    }
  }
  for (size_t i = 0; i < batch.stock.size(); ++i) {
    const StockProjection& sp = batch.stock[i];
    const StockRow& r = sp.row;
    Status s = execute(st_.upsert_stock, r.lot.drug.value(), r.lot.lot.value(), format_date(r.lot.expiry),
                       r.location.value(), r.quantity, sp.reserved, r.quarantined, r.blocked);
    if (!s.ok()) {
      return with_context(
          std::move(s),
          fmt::format("stock row ({}, {}, {})", r.lot.drug.value(), r.lot.lot.value(), r.location.value()),
          fmt::format("stock[{}]", i));
    }
  }
  for (size_t i = 0; i < batch.meta.size(); ++i) {
    const MetaRow& m = batch.meta[i];
    Status s = execute(st_.upsert_meta, m.key, m.value);
    if (!s.ok()) return with_context(std::move(s), fmt::format("meta '{}'", m.key), fmt::format("meta[{}]", i));
  }
  for (size_t i = 0; i < batch.outbox.size(); ++i) {
    const OutboxRow& o = batch.outbox[i];
    std::optional<long long> prescription;
    if (o.prescription) prescription = o.prescription->value();
    std::optional<long long> delivered;
    if (o.delivered_at) delivered = millis(*o.delivered_at);
    Status s = execute(st_.upsert_outbox, o.id, o.control_id, o.message_type, prescription, o.message,
                       millis(o.created_at), delivered, static_cast<long long>(o.attempts));
    if (!s.ok()) {
      return with_context(std::move(s), fmt::format("outbox message {} ({})", o.id, o.control_id),
                          fmt::format("outbox[{}]", i));
    }
  }
  return movements_.append(batch.movements);
}

Status SqliteStore::rollback(Status cause) {
  if (!db_.in_transaction()) return cause;  // SQLite already rolled back, e.g. after an I/O error
  Status undone = st_.rollback.run_to_end();
  if (undone.ok()) return cause;
  return Status(cause.code(), fmt::format("{}; rolling back also failed: {}", cause.message(), undone.message()),
                cause.field());
}

Result<StoredState> SqliteStore::load() {
  // One read transaction, so that the projections and last_seq are one snapshot.
  TRY(with_context(st_.begin_read.run_to_end(), fmt::format("database '{}': starting a read", db_.path())));
  Result<StoredState> state = read_state();
  Status status = state.ok() ? st_.commit.run_to_end() : state.status();
  if (!status.ok()) return rollback(with_context(std::move(status), fmt::format("database '{}': loading", db_.path())));
  return state;
}

Result<EventSeq> SqliteStore::read_last_seq() {
  StatementRun run(st_.last_seq);
  if (!TRY(st_.last_seq.step())) return Status::internal("reading the last event seq returned no row");
  return EventSeq(st_.last_seq.column_int(0));
}

Result<StoredState> SqliteStore::read_state() {
  StoredState state;
  state.last_seq = TRY(read_last_seq());
  {
    SqliteStatement& s = st_.select_prescriptions;
    StatementRun run(s);
    while (TRY(s.step())) {
      state.prescriptions.push_back(PrescriptionRow{PrescriptionId(s.column_int(0)), s.column_text(1), s.column_text(2),
                                                    s.column_text(3), instant(s.column_int(4)), s.column_text(5)});
    }
  }
  {
    SqliteStatement& s = st_.select_stock;
    StatementRun run(s);
    while (TRY(s.step())) {
      StockProjection sp;
      StockRow& r = sp.row;
      r.lot.drug = DrugCode(s.column_text(0));
      r.lot.lot = LotNo(s.column_text(1));
      r.location = LocationCode(s.column_text(3));
      Result<Date> expiry = parse_date(s.column_text(2));
      if (!expiry.ok()) {
        return Status::internal(fmt::format("stock row ({}, {}, {}): stored expiry {}", r.lot.drug.value(),
                                            r.lot.lot.value(), r.location.value(), expiry.status().message()));
      }
      r.lot.expiry = *expiry;
      r.quantity = static_cast<int>(s.column_int(4));
      sp.reserved = static_cast<int>(s.column_int(5));
      r.quarantined = s.column_int(6) != 0;
      r.blocked = s.column_int(7) != 0;
      state.stock.push_back(std::move(sp));
    }
  }
  {
    SqliteStatement& s = st_.select_meta;
    StatementRun run(s);
    while (TRY(s.step())) state.meta.push_back(MetaRow{s.column_text(0), s.column_text(1)});
  }
  {
    SqliteStatement& s = st_.select_outbox;
    StatementRun run(s);
    while (TRY(s.step())) {
      OutboxRow o;
      o.id = s.column_int(0);
      o.control_id = s.column_text(1);
      o.message_type = s.column_text(2);
      if (!s.column_is_null(3)) o.prescription = PrescriptionId(s.column_int(3));
      o.message = s.column_text(4);
      o.created_at = instant(s.column_int(5));
      if (!s.column_is_null(6)) o.delivered_at = instant(s.column_int(6));
      o.attempts = static_cast<int>(s.column_int(7));
      state.outbox.push_back(std::move(o));
    }
  }
  {
    SqliteStatement& s = st_.outbox_last_id;
    StatementRun run(s);
    if (!TRY(s.step())) return Status::internal("reading the last outbox id returned no row");
    state.outbox_last_id = s.column_int(0);
  }
  state.movements_last_id = TRY(movements_.last_id());
  return state;
}

Result<std::vector<Event>> SqliteStore::events_for(PrescriptionId id) {
  TRY(deferred_.ensure(db_, kEventsByPrescription));
  StatementRun run(st_.events_for);
  TRY(st_.events_for.bind_all(id.value()));
  Result<std::vector<Event>> events = read_events(st_.events_for);
  if (!events.ok())
    return with_context(events.status(), fmt::format("reading the events of prescription {}", id.value()));
  return events;
}

Result<std::vector<Event>> SqliteStore::events_after(EventSeq after, size_t limit) {
  constexpr auto kMaxLimit = static_cast<size_t>(std::numeric_limits<long long>::max());
  StatementRun run(st_.events_after);
  TRY(st_.events_after.bind_all(after.value(), static_cast<long long>(std::min(limit, kMaxLimit))));
  Result<std::vector<Event>> events = read_events(st_.events_after);
  if (!events.ok()) return with_context(events.status(), fmt::format("reading the events after seq {}", after.value()));
  return events;
}

Result<std::vector<StockMovement>> SqliteStore::movements(const MovementQuery& query) {
  for (std::string_view index : SqliteMovements::indexes_for(query)) TRY(deferred_.ensure(db_, index));
  Result<std::vector<StockMovement>> found = movements_.find(db_, query);
  if (!found.ok()) return with_context(found.status(), fmt::format("database '{}': reading stock movements", db_.path()));
  return found;
}

Result<int> SqliteStore::on_hand_at(const DrugCode& drug, const LotNo& lot, const LocationCode& location, Instant at) {
  TRY(deferred_.ensure(db_, SqliteMovements::kByPlaceTime));
  Result<int> n = movements_.on_hand_at(drug, lot, location, at);
  if (!n.ok()) return with_context(n.status(), fmt::format("database '{}': reading the on-hand of {} lot {} at {}",
                                                          db_.path(), drug.value(), lot.value(), location.value()));
  return n;
}

Result<std::vector<LotDispensing>> SqliteStore::dispensed_of_lot(const LotNo& lot,
                                                                 const std::optional<DrugCode>& drug) {
  TRY(deferred_.ensure(db_, SqliteMovements::kByLot));
  Result<std::vector<LotDispensing>> found = movements_.dispensed_of_lot(lot, drug);
  if (!found.ok()) {
    return with_context(found.status(), fmt::format("database '{}': reading who received lot {}", db_.path(), lot.value()));
  }
  return found;
}

Result<SqliteSettings> SqliteStore::settings() { return read_settings(db_); }

}  // namespace rx
