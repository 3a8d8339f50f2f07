// Deferred commits (PharmacyConfig::deferred_commit): turns end as usual, their
// changes are handed to the background writer together once per interval, a
// read of the store sees them, a durable store refuses the mode, and a failed
// write is reported.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "service/record_codec.h"
#include "unit/service/pharmacy_fixture.h"

namespace rx::testing_service {
namespace {

constexpr Duration kEvery{60000};

// An in-memory store whose commits fail while `failing` is set, and which
// keeps the event types of each commit. Commits run on the background writer.
class FailingStore : public Store {
 public:
  explicit FailingStore(std::unique_ptr<SqliteStore> store) : store_(std::move(store)) {}
  Status commit(const Batch& batch) override {
    {
      std::lock_guard lock(mutex_);
      std::vector<std::string> types;
      for (const Event& e : batch.events) types.push_back(e.type);
      batches_.push_back(std::move(types));
    }
    committed_.notify_all();
    if (failing) return Status::unavailable("disk I/O error");
    return store_->commit(batch);
  }
  Result<StoredState> load() override { return store_->load(); }
  Result<std::vector<Event>> events_for(PrescriptionId id) override { return store_->events_for(id); }
  Result<std::vector<Event>> events_after(EventSeq after, size_t limit) override {
    return store_->events_after(after, limit);
  }
  Result<std::vector<StockMovement>> movements(const MovementQuery& q) override { return store_->movements(q); }
  Result<std::vector<LotDispensing>> dispensed_of_lot(const LotNo& lot, const std::optional<DrugCode>& drug) override {
    return store_->dispensed_of_lot(lot, drug);
  }
  Result<int> on_hand_at(const DrugCode& d, const LotNo& l, const LocationCode& loc, Instant at) override {
    return store_->on_hand_at(d, l, loc, at);
  }
  bool in_memory() const override { return store_->in_memory(); }

  int commits() {
    std::lock_guard lock(mutex_);
    return static_cast<int>(batches_.size());
  }
  // The event types of each commit so far, in order.
  std::vector<std::vector<std::string>> batches() {
    std::lock_guard lock(mutex_);
    return batches_;
  }
  // Waits until `n` commits have begun; false after 20 s without them.
  bool wait_for_commits(int n) {
    std::unique_lock lock(mutex_);
    return committed_.wait_for(lock, std::chrono::seconds(20), [&] { return static_cast<int>(batches_.size()) >= n; });
  }

  std::atomic<bool> failing = false;

 private:
  std::unique_ptr<SqliteStore> store_;
  std::mutex mutex_;
  std::condition_variable committed_;
  std::vector<std::vector<std::string>> batches_;
};

bool contains(const std::vector<std::string>& types, std::string_view type) {
  return std::find(types.begin(), types.end(), type) != types.end();
}

// Steps the scheduler until `call`'s answer has come.
template <class T, class Call>
Result<T> answer(VirtualScheduler& sched, Call call) {
  std::optional<Result<T>> out;
  call([&out](Result<T> r) { out.emplace(std::move(r)); });
  for (size_t n = 0; !out && n < kMaxTasks && sched.step(); ++n) {
  }
  if (!out) return Status::internal("no answer");
  return std::move(*out);
}

PharmacyConfig deferred(std::function<void(const Status&)> on_failure = {}) {
  PharmacyConfig config;
  config.deferred_commit = DeferredCommit{kEvery, std::move(on_failure)};
  return config;
}

class GroupCommitTest : public PharmacyTest {};

TEST_F(GroupCommitTest, DeferredCommitsAreRefusedOnADurableStore) {
  TempDir dir;
  VirtualScheduler sched(start_instant());
  auto store = SqliteStore::open(dir.file("rx.db"));
  ASSERT_TRUE(store.ok()) << store.status().to_string();
  EXPECT_FALSE((*store)->in_memory());

  Pharmacy refused(sched, **store, *formulary_, deferred());
  Status s = refused.open(initial_stock_);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument) << s.to_string();
  EXPECT_EQ(s.field(), "deferred_commit");
  EXPECT_NE(s.message().find("in-memory"), std::string::npos) << s.message();
  auto state = (*store)->load();
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->last_seq.value(), 0) << "nothing is written by a refused open";

  Pharmacy per_turn(sched, **store, *formulary_, PharmacyConfig{});
  EXPECT_TRUE(per_turn.open(initial_stock_).ok());
}

TEST_F(GroupCommitTest, ANegativeIntervalIsRefused) {
  VirtualScheduler sched(start_instant());
  auto store = SqliteStore::open(":memory:");
  ASSERT_TRUE(store.ok());
  PharmacyConfig config = deferred();
  config.deferred_commit->every = Duration{-1};
  Pharmacy p(sched, **store, *formulary_, config);
  Status s = p.open(initial_stock_);
  EXPECT_EQ(s.field(), "deferred_commit.every") << s.to_string();
}

TEST_F(GroupCommitTest, TurnsEndAsUsualAndAreWrittenOncePerInterval) {
  start(deferred());
  const long long opened = stored_last_seq();
  EXPECT_GT(opened, 0) << "the initial stock is written as the first turn ends";

  PrescriptionId id = create_ok(rx_json("RX-D1", json::array({item("D0001", 1)})));
  ASSERT_NE(id.value(), 0);
  EXPECT_EQ(record(id).status, RxStatus::kAccepted) << "the caller is answered at the end of the turn";
  EXPECT_EQ(stored_last_seq(), opened) << "held back: the interval has not passed";

  run_for(kEvery);
  ASSERT_TRUE(pay(id).ok());
  // The paying turn handed everything held back to the writer as it ended
  // (TheFirstTurnAfterTheIntervalHandsItsChangesOver); wait for the writer
  // before reading the store beside it.
  ASSERT_TRUE(ph().write_deferred().ok());
  const long long after_interval = stored_last_seq();
  EXPECT_GT(after_interval, opened);

  ASSERT_TRUE(check_in(id).ok());
  EXPECT_EQ(stored_last_seq(), after_interval);
  ASSERT_TRUE(ph().write_deferred().ok());
  EXPECT_GT(stored_last_seq(), after_interval);
  auto state = store_->load();
  ASSERT_TRUE(state.ok());
  ASSERT_EQ(state->prescriptions.size(), 1u);
  EXPECT_EQ(state->prescriptions[0].document, record_to_json(record(id), kZone).dump())
      << "the record is stored with its latest state";
}

TEST_F(GroupCommitTest, TheFirstTurnAfterTheIntervalHandsItsChangesOver) {
  auto inner = SqliteStore::open(":memory:");
  ASSERT_TRUE(inner.ok());
  FailingStore store(std::move(inner).value());
  VirtualScheduler sched(start_instant());
  Pharmacy p(sched, store, *formulary_, deferred());
  ASSERT_TRUE(p.open(initial_stock_).ok());
  EXPECT_EQ(store.commits(), 1) << "open's turn is stored before open returns";

  auto rx = prescription_from_json(rx_json("RX-D5", json::array({item("D0001", 1)})), kZone, sched.now());
  ASSERT_TRUE(rx.ok());
  auto created = answer<Pharmacy::Created>(sched, [&](auto done) { p.create(*rx, kHis, done); });
  ASSERT_TRUE(created.ok()) << created.status().to_string();
  EXPECT_EQ(store.commits(), 1) << "held back: the interval has not passed";

  sched.run_until(sched.now() + kEvery);
  const PrescriptionId id = created->record->id;
  auto paid = answer<const PrescriptionRecord*>(sched, [&](auto done) { p.pay(id, std::nullopt, kHis, done); });
  ASSERT_TRUE(paid.ok()) << paid.status().to_string();
  // Nothing waits for the writer here: the paying turn must have handed its
  // batch over by itself.
  ASSERT_TRUE(store.wait_for_commits(2)) << "the turn after the interval handed nothing over";
  ASSERT_TRUE(p.write_deferred().ok());
  const auto batches = store.batches();
  ASSERT_EQ(batches.size(), 2u) << "nothing was left to write after the paying turn";
  EXPECT_TRUE(contains(batches[1], "prescription.received")) << "the held-back turn went with it";
  EXPECT_TRUE(contains(batches[1], "prescription.paid"));
}

// The prescription's part of a stored record is written once and shared by
// the record's later writes, until lines are added or the patient's allergies
// change: the write after either stores the prescription as it now is.
TEST_F(GroupCommitTest, AChangedPrescriptionIsStoredAsItNowIs) {
  start(deferred());
  PrescriptionId id = create_ok(rx_json("RX-D6", json::array({item("D0001", 1)})));
  auto stored_document = [&]() -> std::string {
    auto state = store_->load();
    EXPECT_TRUE(state.ok());
    for (const auto& row : state->prescriptions) {
      if (row.id == id) return row.document;
    }
    return "";
  };
  ASSERT_TRUE(ph().write_deferred().ok());
  EXPECT_EQ(stored_document(), record_to_json(record(id), kZone).dump());

  auto more = prescription_from_json(rx_json("RX-D6", json::array({item("D0003", 1)})), kZone, now());
  ASSERT_TRUE(more.ok()) << more.status().to_string();
  auto added = await<const PrescriptionRecord*>(
      [&](auto done) { ph().add_items("RX-D6", PatientId("P0001"), more->items, kHis, done); });
  ASSERT_TRUE(added.ok()) << added.status().to_string();
  ASSERT_EQ(record(id).rx.items.size(), 2u);
  ASSERT_TRUE(ph().write_deferred().ok());
  EXPECT_EQ(stored_document(), record_to_json(record(id), kZone).dump()) << "the added line is stored";

  Patient patient = record(id).rx.patient;
  patient.allergies = {"penicillin"};
  Status updated = await_status([&](auto done) { ph().update_patient(patient, kHis, done); });
  ASSERT_TRUE(updated.ok()) << updated.to_string();
  ASSERT_EQ(record(id).rx.patient.allergies, std::vector<std::string>{"penicillin"});
  ASSERT_TRUE(ph().write_deferred().ok());
  EXPECT_EQ(stored_document(), record_to_json(record(id), kZone).dump()) << "the new allergy is stored";
}

TEST_F(GroupCommitTest, AReadOfTheStoreSeesTheHeldBackChanges) {
  start(deferred());
  const long long opened = stored_last_seq();
  PrescriptionId id = create_ok(rx_json("RX-D2", json::array({item("D0001", 1)})));
  ASSERT_EQ(stored_last_seq(), opened);
  std::vector<std::string> types = history_types(id);
  ASSERT_FALSE(types.empty());
  EXPECT_EQ(types.front(), "prescription.received");
  EXPECT_GT(stored_last_seq(), opened) << "the read wrote the held-back turns first";
}

TEST_F(GroupCommitTest, WithoutDeferredCommitsEveryTurnIsStored) {
  start();
  const long long opened = stored_last_seq();
  PrescriptionId id = create_ok(rx_json("RX-D3", json::array({item("D0001", 1)})));
  ASSERT_NE(id.value(), 0);
  EXPECT_GT(stored_last_seq(), opened);
  EXPECT_TRUE(ph().write_deferred().ok());
}

TEST_F(GroupCommitTest, AFailedWriteIsReportedAndNothingMoreIsWritten) {
  auto inner = SqliteStore::open(":memory:");
  ASSERT_TRUE(inner.ok());
  FailingStore store(std::move(inner).value());
  VirtualScheduler sched(start_instant());
  std::vector<Status> reported;
  Pharmacy p(sched, store, *formulary_, deferred([&](const Status& s) { reported.push_back(s); }));
  ASSERT_TRUE(p.open(initial_stock_).ok());
  sched.run(kMaxTasks);
  ASSERT_TRUE(p.write_deferred().ok());  // the writer is idle from here until the next hand-over
  const int commits = store.commits();

  store.failing = true;
  auto rx = prescription_from_json(rx_json("RX-D4", json::array({item("D0001", 1)})), kZone, sched.now());
  ASSERT_TRUE(rx.ok());
  std::optional<Result<Pharmacy::Created>> created;
  p.create(*rx, kHis, [&](Result<Pharmacy::Created> c) { created.emplace(std::move(c)); });
  sched.run(kMaxTasks);
  ASSERT_TRUE(created.has_value());
  EXPECT_TRUE(created->ok()) << "the turn ended before the write was due";
  EXPECT_TRUE(reported.empty());

  Status s = p.write_deferred();
  EXPECT_EQ(s.code(), ErrorCode::kUnavailable);
  EXPECT_NE(s.message().find("ahead of its store"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("disk I/O error"), std::string::npos) << s.message();
  ASSERT_EQ(reported.size(), 1u);
  EXPECT_EQ(reported[0].message(), s.message());

  store.failing = false;
  EXPECT_EQ(p.write_deferred().message(), s.message()) << "the failure stays";
  EXPECT_FALSE(p.history(PrescriptionId(1)).ok()) << "a read cannot see what was lost";
  EXPECT_EQ(store.commits(), commits + 1) << "no write after the failed one";
  EXPECT_EQ(reported.size(), 1u);
}

}  // namespace
}  // namespace rx::testing_service
