// PharmacyTest: a whole pharmacy in virtual time for the service's tests. The
// shipped formulary and stock (expiries rebased onto the test's day), a
// SqliteStore, the three simulated devices and a Pharmacy with the default
// configuration; helpers that call the asynchronous API and run the scheduler
// until the answer has come.
#pragma once

#include <gtest/gtest.h>

#include "support/temp_dir.h"
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/virtual_scheduler.h"
#include "devices/sim/channel_machine.h"
#include "devices/sim/pick_robot.h"
#include "devices/sim/smart_shelf.h"
#include "interop/csv/formulary_csv.h"
#include "interop/csv/stock_csv.h"
#include "interop/json/prescription_json.h"
#include "service/pharmacy.h"
#include "storage/sqlite/sqlite_store.h"

namespace rx::testing_service {

using nlohmann::json;

inline const Zone kZone = Zone::shanghai();
inline const Actor kHis{"his", "test-his"};
inline const Actor kPharmacist{"pharmacist", "wang"};
inline const Actor kTechnician{"technician", "li"};

// The test's "today", 09:00 in Shanghai.
inline Instant start_instant() { return *parse_instant("2026-12-01T09:00:00+08:00", kZone); }
inline Instant at_local(std::string_view text) { return *parse_instant(text, kZone); }

// Bounds every run, so a loop that never ends fails instead of hanging.
inline constexpr size_t kMaxTasks = 2'000'000;

inline std::string read_shipped(std::string_view name) {
  std::ifstream in(std::string(RXPRESS_SOURCE_DIR "/data/") + std::string(name), std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open data/" << name;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// --- Prescriptions as canonical JSON. ---

// An item of `packs` packs taken once a day for 7 days, without a dose.
inline json item(std::string drug, int packs) {
  return {{"drug", std::move(drug)},
          {"frequency", "qd"},
          {"days", 7},
          {"quantity", {{"value", packs}, {"unit", "pack"}}}};
}

// An item with a dose, for the dose checks.
inline json dosed_item(std::string drug, double dose, std::string dose_unit, std::string frequency, int days,
                       int packs) {
  return {{"drug", std::move(drug)},
          {"dose", {{"value", dose}, {"unit", std::move(dose_unit)}}},
          {"route", "po"},
          {"frequency", std::move(frequency)},
          {"days", days},
          {"quantity", {{"value", packs}, {"unit", "pack"}}}};
}

// An outpatient prescription issued at `issued_at` for an adult patient.
inline json rx_json(std::string no, json items, std::string patient = "P0001",
                    Instant issued_at = start_instant()) {
  return {{"prescription_no", std::move(no)},
          {"issued_at", format_local(issued_at, kZone)},
          {"visit", {{"type", "outpatient"}, {"department", "心内科"}}},
          {"patient",
           {{"id", std::move(patient)}, {"name", "张三"}, {"sex", "M"}, {"birth_date", "1970-04-02"}, {"weight_kg", 70}}},
          {"prescriber", {{"id", "D0012"}, {"name", "李医生"}}},
          {"diagnoses", json::array({{{"code", "I10"}, {"text", "高血压"}}})},
          {"items", std::move(items)}};
}

// A temporary directory for a database that must outlive one Pharmacy.
using TempDir = rx::testing::TempDir;

using StockKeyT = std::tuple<std::string, std::string, std::string>;  // drug, lot, location

inline std::map<StockKeyT, int> stock_by_key(const std::vector<StockRow>& rows) {
  std::map<StockKeyT, int> out;
  for (const auto& r : rows) out[{r.lot.drug.value(), r.lot.lot.value(), r.location.value()}] = r.quantity;
  return out;
}

class PharmacyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto formulary = load_formulary_csv(read_shipped("formulary.csv"), "formulary.csv");
    ASSERT_TRUE(formulary.ok()) << formulary.status().to_string();
    formulary_ = std::make_unique<Formulary>(std::move(formulary).value());
    auto stock = load_stock_csv(read_shipped("stock.csv"), "stock.csv", *formulary_);
    ASSERT_TRUE(stock.ok()) << stock.status().to_string();
    initial_stock_ = rebase_expiries(std::move(stock).value(), kShippedStockToday, kZone.local_date(start_instant()));
  }

  void TearDown() override { stop(); }

  // Builds the pharmacy at `at` on the database `db` and runs its start-up.
  void start(PharmacyConfig config = {}, const std::string& db = ":memory:", Instant at = start_instant()) {
    open_pharmacy(config, db, at);
    if (HasFatalFailure()) return;
    settle();
  }

  // Builds the pharmacy and attaches the devices; its start-up task (resuming
  // stored work) is queued but has not run yet.
  void open_pharmacy(PharmacyConfig config, const std::string& db, Instant at) {
    sched_ = std::make_unique<VirtualScheduler>(at);
    auto store = SqliteStore::open(db);
    ASSERT_TRUE(store.ok()) << store.status().to_string();
    store_ = std::move(store).value();
    auto channel = ChannelMachine::create(*sched_, channel_params_);
    ASSERT_TRUE(channel.ok()) << channel.status().to_string();
    channel_ = std::move(channel).value();
    auto robot = PickRobot::create(*sched_, PickRobotParams{});
    ASSERT_TRUE(robot.ok()) << robot.status().to_string();
    robot_ = std::move(robot).value();
    auto shelf = SmartShelf::create(*sched_, SmartShelfParams{});
    ASSERT_TRUE(shelf.ok()) << shelf.status().to_string();
    shelf_ = std::move(shelf).value();
    pharmacy_ = std::make_unique<Pharmacy>(*sched_, *store_, *formulary_, config);
    Status opened = pharmacy_->open(initial_stock_);
    ASSERT_TRUE(opened.ok()) << opened.to_string();
    if (carry_on_serials_) {
      // As the runtime does: restarted simulators continue their serials.
      const std::vector<std::string> serials = pharmacy_->pack_serials();
      channel_->continue_serials(serials);
      robot_->continue_serials(serials);
      shelf_->continue_serials(serials);
    }
    pharmacy_->attach(*channel_);
    pharmacy_->attach(*robot_);
    pharmacy_->attach(*shelf_);
  }

  // The channel machine's figures and fault rates; the reference machine by default.
  ChannelMachineParams channel_params_;

  // False: restarted simulators print serials from 1 again, as a device with
  // a reset counter would.
  bool carry_on_serials_ = true;

  // Destroys everything but the data files, the way a process ends. Whatever
  // is still scheduled is dropped with the scheduler.
  void stop() {
    pharmacy_.reset();
    channel_.reset();
    robot_.reset();
    shelf_.reset();
    store_.reset();
    sched_.reset();
  }

  Pharmacy& ph() { return *pharmacy_; }
  VirtualScheduler& sched() { return *sched_; }
  Instant now() const { return sched_->now(); }

  // Runs every task there is: devices finish, baskets reach their windows.
  void settle() {
    sched_->run(kMaxTasks);
    EXPECT_EQ(sched_->pending(), 0u) << "the scheduler did not run dry";
  }
  void run_for(Duration d) { sched_->run_until(sched_->now() + d); }
  void run_until(Instant t) { sched_->run_until(t); }

  // Calls `call` with a callback and steps the scheduler until it has run.
  // Stepping stops there, so the clock stays where the answer came.
  template <class T, class Call>
  Result<T> await(Call call) {
    auto out = std::make_shared<std::optional<Result<T>>>();
    call([out](Result<T> r) { out->emplace(std::move(r)); });
    for (size_t n = 0; !out->has_value() && n < kMaxTasks && sched_->step(); ++n) {
    }
    if (!out->has_value()) {
      ADD_FAILURE() << "the callback never ran";
      return Status::internal("the callback never ran");
    }
    return std::move(**out);
  }

  // The same, for calls that answer with a Status.
  template <class Call>
  Status await_status(Call call) {
    auto out = std::make_shared<std::optional<Status>>();
    call([out](Status s) { out->emplace(std::move(s)); });
    for (size_t n = 0; !out->has_value() && n < kMaxTasks && sched_->step(); ++n) {
    }
    if (!out->has_value()) {
      ADD_FAILURE() << "the callback never ran";
      return Status::internal("the callback never ran");
    }
    return **out;
  }

  Result<Pharmacy::Created> create(const json& j, const Actor& actor = kHis) {
    auto rx = prescription_from_json(j, kZone, sched_->now());
    if (!rx.ok()) {
      ADD_FAILURE() << "test prescription does not parse: " << rx.status().to_string();
      return rx.status();
    }
    return await<Pharmacy::Created>([&](auto done) { pharmacy_->create(std::move(rx).value(), actor, done); });
  }
  // Creates a prescription that must be stored; its id (0 when it was not).
  PrescriptionId create_ok(const json& j) {
    auto c = create(j);
    EXPECT_TRUE(c.ok()) << c.status().to_string();
    return c.ok() ? c->record->id : PrescriptionId(0);
  }
  Result<const PrescriptionRecord*> pay(PrescriptionId id, std::optional<Instant> at = std::nullopt) {
    return await<const PrescriptionRecord*>([&](auto done) { pharmacy_->pay(id, at, kHis, done); });
  }
  Result<const PrescriptionRecord*> check_in(PrescriptionId id) {
    return await<const PrescriptionRecord*>([&](auto done) { pharmacy_->check_in(id, kHis, done); });
  }
  Result<const PrescriptionRecord*> override_block(PrescriptionId id, std::string reason) {
    return await<const PrescriptionRecord*>(
        [&](auto done) { pharmacy_->override_block(id, reason, kPharmacist, done); });
  }
  Result<const PrescriptionRecord*> reject(PrescriptionId id, std::string reason) {
    return await<const PrescriptionRecord*>([&](auto done) { pharmacy_->reject(id, reason, kPharmacist, done); });
  }
  Result<const PrescriptionRecord*> cancel(PrescriptionId id, std::string reason) {
    return await<const PrescriptionRecord*>([&](auto done) { pharmacy_->cancel(id, reason, kHis, done); });
  }
  Result<const PrescriptionRecord*> hand_over(PrescriptionId id, bool confirm_high_alert = false) {
    return await<const PrescriptionRecord*>(
        [&](auto done) { pharmacy_->hand_over(id, confirm_high_alert, kPharmacist, done); });
  }

  const PrescriptionRecord& record(PrescriptionId id) {
    const PrescriptionRecord* r = pharmacy_->find(id);
    if (r == nullptr) {
      ADD_FAILURE() << "no record " << id.value();
      static const PrescriptionRecord kNone;
      return kNone;
    }
    return *r;
  }

  std::vector<Event> history(PrescriptionId id) {
    auto h = pharmacy_->history(id);
    EXPECT_TRUE(h.ok()) << h.status().to_string();
    return h.ok() ? std::move(h).value() : std::vector<Event>{};
  }
  std::vector<std::string> history_types(PrescriptionId id) {
    std::vector<std::string> types;
    for (const auto& e : history(id)) types.push_back(e.type);
    return types;
  }
  int count_events(PrescriptionId id, std::string_view type) {
    int n = 0;
    for (const auto& e : history(id)) n += e.type == type ? 1 : 0;
    return n;
  }

  // Movements of `kind` recorded against prescription `id` in the stock ledger.
  int count_movements(PrescriptionId id, MovementKind kind) {
    MovementQuery q;
    q.prescription = id;
    q.kind = kind;
    auto found = pharmacy_->movements(q);
    EXPECT_TRUE(found.ok()) << found.status().to_string();
    return found.ok() ? static_cast<int>(found->size()) : -1;
  }

  // The expiry of a lot at a location.
  Date stock_expiry(std::string_view drug, std::string_view lot, std::string_view location) {
    for (const auto& r : pharmacy_->stock(DrugCode(std::string(drug)))) {
      if (r.lot.lot.value() == lot && r.location.value() == location) return r.lot.expiry;
    }
    ADD_FAILURE() << "no stock row " << drug << " " << lot << " " << location;
    return Date{};
  }

  // Packs of a lot at a location, as the pharmacy shows them.
  int stock_at(std::string_view drug, std::string_view lot, std::string_view location) {
    for (const auto& r : pharmacy_->stock(DrugCode(std::string(drug)))) {
      if (r.lot.lot.value() == lot && r.location.value() == location) return r.quantity;
    }
    ADD_FAILURE() << "no stock row " << drug << " " << lot << " " << location;
    return -1;
  }
  // Packs held for plans, as stored.
  int stored_reserved(std::string_view drug, std::string_view lot, std::string_view location) {
    auto state = store_->load();
    EXPECT_TRUE(state.ok()) << state.status().to_string();
    if (!state.ok()) return -1;
    for (const auto& p : state->stock) {
      if (p.row.lot.drug.value() == drug && p.row.lot.lot.value() == lot && p.row.location.value() == location) {
        return p.reserved;
      }
    }
    ADD_FAILURE() << "no stored stock row " << drug << " " << lot << " " << location;
    return -1;
  }
  long long stored_last_seq() {
    auto state = store_->load();
    EXPECT_TRUE(state.ok()) << state.status().to_string();
    return state.ok() ? state->last_seq.value() : -1;
  }
  // The messages for the HIS as stored, delivered or not.
  std::vector<OutboxRow> stored_outbox() {
    auto state = store_->load();
    EXPECT_TRUE(state.ok()) << state.status().to_string();
    return state.ok() ? state->outbox : std::vector<OutboxRow>{};
  }

  // Verified packs of a record per (drug, lot, location).
  static std::map<StockKeyT, int> verified_by_key(const PrescriptionRecord& r) {
    std::map<StockKeyT, int> out;
    for (const auto& p : r.packs) {
      if (p.verified) ++out[{p.pack.drug.value(), p.pack.lot.value(), p.location.value()}];
    }
    return out;
  }
  // Planned packs of a record per (drug, lot, location).
  static std::map<StockKeyT, int> planned_by_key(const PrescriptionRecord& r) {
    std::map<StockKeyT, int> out;
    for (const auto& l : r.plan) out[{l.drug.value(), l.lot.value(), l.location.value()}] += l.packs;
    return out;
  }

  std::unique_ptr<Formulary> formulary_;
  std::vector<StockRow> initial_stock_;
  std::unique_ptr<VirtualScheduler> sched_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<ChannelMachine> channel_;
  std::unique_ptr<PickRobot> robot_;
  std::unique_ptr<SmartShelf> shelf_;
  std::unique_ptr<Pharmacy> pharmacy_;
};

}  // namespace rx::testing_service
