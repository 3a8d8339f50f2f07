#include "storage/sqlite/sqlite_store.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "storage/sqlite/migrations.h"
#include "support/temp_dir.h"

namespace rx {

// Readable gtest failure messages.
void PrintTo(const StockProjection& s, std::ostream* os) {
  *os << "(" << s.row.lot.drug.value() << ", " << s.row.lot.lot.value() << ", " << format_date(s.row.lot.expiry) << ", "
      << s.row.location.value() << ", qty " << s.row.quantity << ", reserved " << s.reserved
      << (s.row.quarantined ? ", quarantined" : "") << (s.row.blocked ? ", blocked" : "") << ")";
}
void PrintTo(const PrescriptionRow& p, std::ostream* os) {
  *os << "(" << p.id.value() << ", " << p.prescription_no << ", " << p.status << ", " << p.patient_id << ", "
      << format_instant(p.updated_at) << ", " << p.document << ")";
}
void PrintTo(const Event& e, std::ostream* os) {
  *os << "(seq " << e.seq.value() << ", " << format_instant(e.at) << ", " << e.type << ", " << e.actor << ", "
      << (e.prescription ? std::to_string(e.prescription->value()) : "-") << ", " << e.payload << ")";
}

namespace {

Instant at_ms(long long ms) { return Instant{Duration{ms}}; }

Date date(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

Event event(long long seq, std::optional<long long> prescription, std::string type = "prescription.received") {
  Event e;
  e.seq = EventSeq(seq);
  e.at = at_ms(1774746720000 + seq * 37);
  e.type = std::move(type);
  e.actor = "his:outpatient";
  if (prescription) e.prescription = PrescriptionId(*prescription);
  e.payload = "{\"seq\":" + std::to_string(seq) + "}";
  return e;
}

PrescriptionRow prescription(long long id, std::string status = "received") {
  return PrescriptionRow{PrescriptionId(id),        "RX" + std::to_string(1000 + id),
                         std::move(status),         "P" + std::to_string(id),
                         at_ms(1774746720000 + id), "{\"id\":" + std::to_string(id) + "}"};
}

StockProjection stock(std::string drug, std::string lot, std::string location, int quantity, int reserved = 0) {
  StockProjection sp;
  sp.row.lot = Lot{DrugCode(std::move(drug)), LotNo(std::move(lot)), date(2027, 6, 30)};
  sp.row.location = LocationCode(std::move(location));
  sp.row.quantity = quantity;
  sp.reserved = reserved;
  return sp;
}

void expect_same(const StoredState& actual, const StoredState& expected) {
  EXPECT_EQ(actual.last_seq, expected.last_seq);
  EXPECT_EQ(actual.prescriptions, expected.prescriptions);
  EXPECT_EQ(actual.stock, expected.stock);
  EXPECT_EQ(actual.meta, expected.meta);
}

std::vector<long long> seqs(const std::vector<Event>& events) {
  std::vector<long long> out;
  for (const Event& e : events) out.push_back(e.seq.value());
  return out;
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<SqliteStore> open_file() {
    auto store = SqliteStore::open(path_);
    EXPECT_TRUE(store.ok()) << store.status().to_string();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  StoredState load(SqliteStore& store) {
    auto state = store.load();
    EXPECT_TRUE(state.ok()) << state.status().to_string();
    return state.ok() ? std::move(state).value() : StoredState{};
  }

  // A second connection, as another process would have.
  SqliteDb raw() {
    auto db = SqliteDb::open(path_);
    EXPECT_TRUE(db.ok()) << db.status().to_string();
    return std::move(db).value();
  }

  // Two events, one prescription, one stock row, one meta row.
  static Batch first_batch() {
    Batch b;
    b.events = {event(1, 1), event(2, std::nullopt, "stock.received")};
    b.prescriptions = {prescription(1)};
    b.stock = {stock("D0001", "L1", "C-01-01", 10)};
    b.meta = {{"next_queue_no", "2"}};
    return b;
  }

  testing::TempDir dir_;
  std::string path_ = dir_.file("rxpress.db");
};

TEST_F(SqliteStoreTest, RoundTripsEveryField) {
  auto store = open_file();
  ASSERT_TRUE(store);
  Batch b;
  Event with_rx = event(1, 42);
  with_rx.at = at_ms(1774746720123);  // milliseconds survive
  with_rx.payload = R"({"patient":"张三","note":"头孢 ×2"})";
  Event without_rx = event(2, std::nullopt, "stock.received");
  without_rx.actor = "pharmacist:李四";
  b.events = {with_rx, without_rx};
  PrescriptionRow p = prescription(42, "reviewed");
  p.patient_id = "P-张三";
  p.updated_at = at_ms(1774746720999);
  p.document = R"({"patient":{"name":"张三"},"items":[{"drug":"阿莫西林胶囊"}]})";
  b.prescriptions = {p};
  StockProjection flagged = stock("D0002", "L7", "F-01", 0, 0);
  flagged.row.lot.expiry = date(2026, 12, 31);
  flagged.row.quarantined = true;
  flagged.row.blocked = true;
  // Given out of order: load sorts by drug, then lot, then location.
  b.stock = {flagged, stock("D0001", "L2", "C-01-01", 3), stock("D0001", "L1", "R-02", 7, 2),
             stock("D0001", "L1", "C-01-02", 5, 1)};
  b.meta = {{"z", "last"}, {"idempotency:MSG-1", "{\"ack\":\"AA\"}"}};
  Status s = store->commit(b);
  ASSERT_TRUE(s.ok()) << s.to_string();

  StoredState state = load(*store);
  EXPECT_EQ(state.last_seq, EventSeq(2));
  ASSERT_EQ(state.prescriptions.size(), 1u);
  EXPECT_EQ(state.prescriptions[0], p);
  ASSERT_EQ(state.stock.size(), 4u);
  EXPECT_EQ(state.stock[0], b.stock[3]);
  EXPECT_EQ(state.stock[1], b.stock[2]);
  EXPECT_EQ(state.stock[2], b.stock[1]);
  EXPECT_EQ(state.stock[3], flagged);
  EXPECT_EQ(state.meta, (std::vector<MetaRow>{b.meta[1], b.meta[0]}));

  auto events = store->events_after(EventSeq(0), 10);
  ASSERT_TRUE(events.ok()) << events.status().to_string();
  EXPECT_EQ(*events, b.events);
}

TEST_F(SqliteStoreTest, UpsertsReplaceRows) {
  auto store = open_file();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->commit(first_batch()).ok());
  Batch second;
  second.prescriptions = {prescription(1, "ready"), prescription(2)};
  StockProjection changed = stock("D0001", "L1", "C-01-01", 4, 3);
  changed.row.lot.expiry = date(2027, 1, 31);
  second.stock = {changed};
  second.meta = {{"next_queue_no", "3"}};
  Status s = store->commit(second);
  ASSERT_TRUE(s.ok()) << s.to_string();

  StoredState state = load(*store);
  EXPECT_EQ(state.last_seq, EventSeq(2));
  EXPECT_EQ(state.prescriptions, (std::vector<PrescriptionRow>{prescription(1, "ready"), prescription(2)}));
  EXPECT_EQ(state.stock, std::vector<StockProjection>{changed});
  EXPECT_EQ(state.meta, (std::vector<MetaRow>{{"next_queue_no", "3"}}));
}

TEST_F(SqliteStoreTest, ReopeningGivesTheSameState) {
  StoredState before;
  {
    auto store = open_file();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->commit(first_batch()).ok());
    Batch b;
    b.events = {event(3, 2), event(4, 1, "prescription.paid")};
    b.prescriptions = {prescription(2), prescription(1, "paid")};
    b.stock = {stock("D0009", "L1", "S-03", 12)};
    ASSERT_TRUE(store->commit(b).ok());
    before = load(*store);
  }
  auto reopened = open_file();
  ASSERT_TRUE(reopened);
  StoredState after = load(*reopened);
  expect_same(after, before);
  EXPECT_EQ(after.last_seq, EventSeq(4));

  // The seq cache starts from the file: 5 continues the log, 4 is taken.
  Batch reuse;
  reuse.events = {event(4, 1)};
  EXPECT_EQ(reopened->commit(reuse).code(), ErrorCode::kConflict);
  Batch next;
  next.events = {event(5, 1)};
  EXPECT_TRUE(reopened->commit(next).ok());
}

TEST_F(SqliteStoreTest, FileDatabaseUsesWalAndFullSync) {
  auto store = open_file();
  ASSERT_TRUE(store);
  auto settings = store->settings();
  ASSERT_TRUE(settings.ok()) << settings.status().to_string();
  EXPECT_EQ(settings->journal_mode, "wal");
  EXPECT_EQ(settings->synchronous, 2);  // FULL
  EXPECT_TRUE(settings->foreign_keys);
  EXPECT_GT(settings->busy_timeout_ms, 0);
  EXPECT_NE(settings->page_size, 2048) << "a file keeps SQLite's default page size";

  // WAL is a property of the file: another connection sees it too.
  SqliteDb other = raw();
  auto mode = other.prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode.ok());
  ASSERT_TRUE(*mode->step());
  EXPECT_EQ(mode->column_text(0), "wal");
}

TEST_F(SqliteStoreTest, MemoryDatabasesWorkAndAreSeparate) {
  auto a = SqliteStore::open(":memory:");
  auto b = SqliteStore::open(":memory:");
  ASSERT_TRUE(a.ok()) << a.status().to_string();
  ASSERT_TRUE(b.ok()) << b.status().to_string();
  EXPECT_EQ((*a)->settings()->journal_mode, "memory");
  EXPECT_EQ((*a)->settings()->page_size, 2048);
  ASSERT_TRUE((*a)->commit(first_batch()).ok());

  auto in_a = (*a)->load();
  ASSERT_TRUE(in_a.ok());
  EXPECT_EQ(in_a->last_seq, EventSeq(2));
  EXPECT_EQ(in_a->prescriptions, first_batch().prescriptions);
  auto in_b = (*b)->load();
  ASSERT_TRUE(in_b.ok());
  EXPECT_EQ(in_b->last_seq, EventSeq(0));
  EXPECT_TRUE(in_b->prescriptions.empty());
  EXPECT_TRUE(in_b->stock.empty());
  EXPECT_TRUE(in_b->meta.empty());
}

TEST_F(SqliteStoreTest, SaysWhetherItsDataLivesOnlyInMemory) {
  auto file = open_file();
  ASSERT_TRUE(file);
  EXPECT_FALSE(file->in_memory());
  auto memory = SqliteStore::open(":memory:");
  ASSERT_TRUE(memory.ok()) << memory.status().to_string();
  EXPECT_TRUE((*memory)->in_memory());
  // A shared in-memory database, which a second connection of the process can read, is in memory too.
  auto shared = SqliteStore::open("file:says-in-memory?mode=memory&cache=shared");
  ASSERT_TRUE(shared.ok()) << shared.status().to_string();
  EXPECT_TRUE((*shared)->in_memory());
}

TEST_F(SqliteStoreTest, EmptyBatchIsANoOp) {
  auto store = open_file();
  ASSERT_TRUE(store);
  StoredState empty = load(*store);
  EXPECT_EQ(empty.last_seq, EventSeq(0));
  EXPECT_TRUE(store->commit(Batch{}).ok());
  expect_same(load(*store), empty);
}

// A batch that fails part-way stores nothing, and the store carries on.
class RefusedBatchTest : public SqliteStoreTest {
 protected:
  void expect_refused(const Batch& bad, ErrorCode code, const std::string& field, const std::string& message_part) {
    auto store = open_file();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->commit(first_batch()).ok());
    StoredState before = load(*store);

    Status s = store->commit(bad);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.code(), code) << s.to_string();
    EXPECT_EQ(s.field(), field) << s.to_string();
    EXPECT_NE(s.message().find(message_part), std::string::npos) << s.to_string();

    expect_same(load(*store), before);
    auto events = store->events_after(EventSeq(0), 100);
    ASSERT_TRUE(events.ok());
    EXPECT_EQ(seqs(*events), (std::vector<long long>{1, 2}));

    // Still usable, and the refused batch did not move the seq on.
    Batch good;
    good.events = {event(3, 7)};
    good.prescriptions = {prescription(7)};
    good.stock = {stock("D0001", "L1", "C-01-01", 9, 1)};
    Status ok = store->commit(good);
    ASSERT_TRUE(ok.ok()) << ok.to_string();
    StoredState after = load(*store);
    EXPECT_EQ(after.last_seq, EventSeq(3));
    EXPECT_EQ(after.prescriptions.back(), prescription(7));
    EXPECT_EQ(after.stock, good.stock);
  }

  // Everything in it is valid except what the test breaks.
  static Batch valid_next() {
    Batch b;
    b.events = {event(3, 5), event(4, 5, "prescription.reviewed")};
    b.prescriptions = {prescription(5)};
    b.stock = {stock("D0001", "L1", "C-01-01", 8, 2), stock("D0003", "L1", "R-01", 4)};
    b.meta = {{"next_queue_no", "9"}};
    return b;
  }
};

TEST_F(RefusedBatchTest, SeqGap) {
  Batch b = valid_next();
  b.events[1].seq = EventSeq(5);
  expect_refused(b, ErrorCode::kInternal, "events[1].seq", "expected seq 4, found 5");
}

TEST_F(RefusedBatchTest, SeqAlreadyInTheLog) {
  Batch b = valid_next();
  b.events[0].seq = EventSeq(2);
  expect_refused(b, ErrorCode::kConflict, "events[0].seq", "expected seq 3, found 2, which is already used");
}

TEST_F(RefusedBatchTest, SeqRepeatedInTheBatch) {
  Batch b = valid_next();
  b.events[1].seq = EventSeq(3);
  expect_refused(b, ErrorCode::kConflict, "events[1].seq", "expected seq 4, found 3");
}

TEST_F(RefusedBatchTest, NegativeQuantity) {
  Batch b = valid_next();
  b.stock[1].row.quantity = -1;
  expect_refused(b, ErrorCode::kConflict, "stock[1]", "CHECK constraint failed: quantity >= 0");
}

TEST_F(RefusedBatchTest, NegativeReserved) {
  Batch b = valid_next();
  b.stock[0].reserved = -2;
  expect_refused(b, ErrorCode::kConflict, "stock[0]", "stock row (D0001, L1, C-01-01)");
}

TEST_F(RefusedBatchTest, DuplicatePrescriptionNumber) {
  Batch b = valid_next();
  b.prescriptions[0].prescription_no = prescription(1).prescription_no;
  expect_refused(b, ErrorCode::kConflict, "prescriptions[0]",
                 "UNIQUE constraint failed: prescriptions.prescription_no");
}

TEST_F(SqliteStoreTest, ALongBatchOfEventsIsStoredInOrder) {
  auto store = open_file();
  ASSERT_TRUE(store);
  Batch b;
  for (long long seq = 1; seq <= 150; ++seq) {
    b.events.push_back(event(seq, seq % 3 == 0 ? std::nullopt : std::optional<long long>(seq % 7)));
  }
  Status s = store->commit(b);
  ASSERT_TRUE(s.ok()) << s.to_string();
  auto events = store->events_after(EventSeq(0), 1000);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(*events, b.events);
  auto of_three = store->events_for(PrescriptionId(3));
  ASSERT_TRUE(of_three.ok());
  EXPECT_EQ(of_three->size(), 14u);  // seq % 7 == 3, less the multiples of 3
}

TEST_F(SqliteStoreTest, EventsCannotBeRewritten) {
  {
    auto store = open_file();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->commit(first_batch()).ok());
  }
  SqliteDb db = raw();
  for (const char* sql :
       {"UPDATE events SET payload = '{}' WHERE seq = 1", "DELETE FROM events WHERE seq = 2", "DELETE FROM events",
        "INSERT OR REPLACE INTO events VALUES (1, 0, 'forged', 'x', NULL, '{}')",
        "INSERT INTO events VALUES (7, 0, 'forged', 'x', NULL, '{}')"}) {
    Status s = db.exec(sql);
    EXPECT_FALSE(s.ok()) << sql;
    EXPECT_NE(s.message().find("events are append-only"), std::string::npos) << s.to_string();
  }
  auto store = open_file();
  ASSERT_TRUE(store);
  auto events = store->events_after(EventSeq(0), 10);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(*events, first_batch().events);
}

TEST_F(SqliteStoreTest, EventsForOnePrescriptionInSeqOrder) {
  auto store = open_file();
  ASSERT_TRUE(store);
  Batch a;
  a.events = {event(1, 1), event(2, 2), event(3, std::nullopt, "stock.received"), event(4, 1)};
  ASSERT_TRUE(store->commit(a).ok());
  Batch b;
  b.events = {event(5, 2), event(6, 1, "prescription.ready")};
  ASSERT_TRUE(store->commit(b).ok());

  auto one = store->events_for(PrescriptionId(1));
  ASSERT_TRUE(one.ok()) << one.status().to_string();
  EXPECT_EQ(seqs(*one), (std::vector<long long>{1, 4, 6}));
  EXPECT_EQ(one->back(), b.events[1]);
  auto two = store->events_for(PrescriptionId(2));
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(seqs(*two), (std::vector<long long>{2, 5}));
  auto none = store->events_for(PrescriptionId(99));
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_F(SqliteStoreTest, EventsAfterHonoursTheLimit) {
  auto store = open_file();
  ASSERT_TRUE(store);
  Batch b;
  for (long long seq = 1; seq <= 10; ++seq) b.events.push_back(event(seq, seq % 3));
  ASSERT_TRUE(store->commit(b).ok());

  auto first = store->events_after(EventSeq(0), 3);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(seqs(*first), (std::vector<long long>{1, 2, 3}));
  auto rest = store->events_after(EventSeq(3), 100);
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(seqs(*rest), (std::vector<long long>{4, 5, 6, 7, 8, 9, 10}));
  auto all = store->events_after(EventSeq(0), SIZE_MAX);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(*all, b.events);
  EXPECT_TRUE(store->events_after(EventSeq(10), 5)->empty());
  EXPECT_TRUE(store->events_after(EventSeq(0), 0)->empty());
}

TEST_F(SqliteStoreTest, MigrationsRunOnce) {
  // (how many recorded, when the last was applied)
  auto recorded = [&] {
    SqliteDb db = raw();
    auto q = db.prepare("SELECT COUNT(*), MAX(applied_at) FROM schema_migrations");
    EXPECT_TRUE(q.ok());
    EXPECT_TRUE(*q->step());
    return std::make_pair(static_cast<size_t>(q->column_int(0)), q->column_text(1));
  };
  ASSERT_TRUE(open_file());
  auto first = recorded();
  EXPECT_EQ(first.first, sqlite_migrations().size());
  EXPECT_FALSE(first.second.empty());
  ASSERT_TRUE(open_file());
  EXPECT_EQ(recorded(), first);
}

TEST_F(SqliteStoreTest, RefusesADatabaseFromANewerVersion) {
  ASSERT_TRUE(open_file());
  {
    SqliteDb db = raw();
    auto insert = db.prepare("INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)");
    ASSERT_TRUE(insert.ok());
    ASSERT_TRUE(insert->bind_all(99LL, std::string_view("from the future"), std::string_view("2030-01-01")).ok());
    ASSERT_TRUE(insert->run_to_end().ok());
  }
  auto store = SqliteStore::open(path_);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("schema version 99, newer than"), std::string::npos)
      << store.status().to_string();
  EXPECT_NE(store.status().message().find(path_), std::string::npos) << store.status().to_string();
}

TEST_F(SqliteStoreTest, RefusesAPathItCannotOpen) {
  auto store = SqliteStore::open(dir_.file("missing/rxpress.db"));
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace rx
