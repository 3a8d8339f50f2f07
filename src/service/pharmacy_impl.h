// Internal to service/: the state behind Pharmacy, split over
// pharmacy.cc (intake and workflow), dispatch.cc (plans, devices, windows),
// views.cc (JSON views) and group_commit.cc (batching and durability).
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "core/stock_movement.h"
#include "core/stock_task.h"
#include "inventory/demand_forecast.h"
#include "inventory/stock_ledger.h"
#include "planning/failed_plan.h"
#include "planning/location_choice.h"
#include "planning/policy.h"
#include "planning/readiness_target.h"
#include "service/pharmacy.h"
#include "service/open_jobs.h"
#include "service/record_codec.h"
#include "storage/background_writer.h"

namespace rx {

using StockKey = std::tuple<std::string, std::string, std::string>;  // drug, lot, location

// Where packs that failed verification are kept, as quarantined stock rows.
inline const LocationCode kQuarantineLocation{"Q-BIN"};
inline constexpr std::string_view kSuspectPrefix = "suspect:";

// The store as the service uses it: every read first runs `before_read`,
// which writes the changes held back under deferred commits, and then waits
// until the background writer has applied every write handed to it, so that
// a read sees every turn that has ended. Only the service's own thread calls
// this class, and it is the only way the service reaches the store: since no
// method touches the store before the writer is idle, and only this thread
// hands writes over, the store is never used by both threads at once.
class ReadAfterWrites final : public Store {
 public:
  ReadAfterWrites(Store& store, std::function<Status()> before_read)
      : store_(store), writer_(store), before_read_(std::move(before_read)) {}
  // Deferred commits: queues `write` for the background writer, after every
  // earlier one; the failure of an earlier write instead, once there is one.
  Status hand_over(BackgroundWriter::Write write) { return writer_.hand_over(std::move(write)); }
  // Waits until every write handed over is applied; the first failure, if any.
  Status wait_for_writes() { return writer_.wait(); }
  Status commit(const Batch& batch) override {
    TRY(writer_.wait());
    return store_.commit(batch);
  }
  Result<StoredState> load() override {
    TRY(ready_to_read());
    return store_.load();
  }
  Result<std::vector<Event>> events_for(PrescriptionId id) override {
    TRY(ready_to_read());
    return store_.events_for(id);
  }
  Result<std::vector<Event>> events_after(EventSeq after, size_t limit) override {
    TRY(ready_to_read());
    return store_.events_after(after, limit);
  }
  Result<std::vector<StockMovement>> movements(const MovementQuery& query) override {
    TRY(ready_to_read());
    return store_.movements(query);
  }
  Result<std::vector<LotDispensing>> dispensed_of_lot(const LotNo& lot, const std::optional<DrugCode>& drug) override {
    TRY(ready_to_read());
    return store_.dispensed_of_lot(lot, drug);
  }
  Result<int> on_hand_at(const DrugCode& drug, const LotNo& lot, const LocationCode& location, Instant at) override {
    TRY(ready_to_read());
    return store_.on_hand_at(drug, lot, location, at);
  }
  bool in_memory() const override { return store_.in_memory(); }

 private:
  Status ready_to_read() {
    TRY(before_read_());
    return writer_.wait();
  }

  Store& store_;
  BackgroundWriter writer_;
  std::function<Status()> before_read_;
};

class Pharmacy::Impl {
 public:
  Impl(Pharmacy& owner, Scheduler& scheduler, Store& store, const Formulary& formulary, const PharmacyConfig& config)
      : owner_(owner), sched_(scheduler), store_(store, [this] { return write_deferred(); }), formulary_(formulary),
        config_(config),
        one_box_times_(config.machines),
        jobs_(config.machines),
        windows_(static_cast<size_t>(std::max(config.windows, 1))),
        window_closing_(windows_.size(), false) {}

  // --- group_commit.cc: every change goes through here. ---
  // Appends an event to the open batch.
  void emit(std::string type, const Actor& actor, std::optional<PrescriptionId> id, nlohmann::json payload);
  // The same with the payload already written as JSON text.
  void emit_text(std::string type, const Actor& actor, std::optional<PrescriptionId> id, std::string payload);
  // Adds `e` to the open batch and makes sure the batch is flushed.
  void queue_event(Event e);
  void touch(const PrescriptionRecord& r) { dirty_records_.insert(r.id.value()); }
  void touch_stock(const DrugCode& d, const LotNo& l, const LocationCode& loc) {
    dirty_stock_.insert(StockKey{d.value(), l.value(), loc.value()});
  }
  void set_meta(std::string key, std::string value) { dirty_meta_[std::move(key)] = std::move(value); }
  // Runs `fn` once the open batch is durable; `fail` if it could not be stored.
  void after_commit(std::function<void()> fn, std::function<void(const Status&)> fail = {});
  // Commits the open batch now (normally posted once per loop turn); under
  // config_.deferred_commit adds it to the held-back changes instead, and
  // writes those when they are due.
  void flush();
  // Writes the held-back changes now and waits until the store has them.
  // Once a deferred write has failed, that failure, and nothing is written
  // any more; ok without deferred commits.
  Status write_deferred();
  // Hands the held-back changes to the background writer and returns at once;
  // the failure of an earlier write, if one is known by now.
  Status hand_over_deferred();
  // Records the first failed deferred write and reports it to
  // config_.deferred_commit->on_failure; returns the failure in force.
  Status note_deferred_failure(Status failure);
  Status load();

  // --- pharmacy.cc ---
  PrescriptionRecord* get(PrescriptionId id);
  void reply(const PrescriptionRecord& r, const RecordDone& done);
  void reply_error(Status s, const RecordDone& done);
  void mark_paid(PrescriptionRecord& r, Instant at, const Actor& actor);
  void set_status(PrescriptionRecord& r, RxStatus s);

  // --- dispatch.cc ---
  void consider_dispatch(PrescriptionRecord& r);
  void run_dispatch();
  // Whether `r`'s last plan failed and nothing it depended on has changed
  // since, so that planning it again would fail the same way.
  bool plan_would_fail_again(const PrescriptionRecord& r, Date today) const;
  // What a plan of `r` made now would depend on, besides the devices.
  PlanInputs plan_inputs(const PrescriptionRecord& r, Date today) const;
  // Whether a plan may take packs from `location` now: its device is attached
  // and available, and neither it nor the device blocks the location.
  bool location_usable(const LocationCode& location) const;
  // Runs a dispatch pass on the loop soon, if anything waits for one.
  void post_dispatch();
  bool plan_and_submit(PrescriptionRecord& r);
  // Plans the packs `r` still needs, item by item, reserving them in `trial`:
  // the lines go to `plan` (and, when given, into `in_load`), what no usable
  // stock covers to `shortages`.
  void plan_items(const PrescriptionRecord& r, Date today, const LocationFilter& usable, const LotSplit& split,
                  PlanInLoad* in_load, StockLedger::Trial& trial, std::vector<PlannedLine>& plan,
                  std::vector<std::string>& shortages);
  // What the devices still have to do for the open jobs (packs not yet out).
  const DeviceLoad& open_jobs_load();
  // A job's lines less the packs already out for them; none for a job whose
  // prescription is unknown.
  std::vector<IdleLine> lines_left(const OpenJob& job) const;
  void release_plan(PrescriptionRecord& r, const Actor& actor);
  // Releases the reservations of the lines' packs that never came out.
  template <class Line>
  void release_unpicked(const PrescriptionRecord& r, const std::vector<Line>& lines);
  // Cuts each plan line to the packs that passed verification, before a re-pick.
  void shrink_plan_to_verified(PrescriptionRecord& r);
  void raise_priority(PrescriptionRecord& r);
  // Under smart, a job that can no longer be ready within the readiness target
  // yields to those that still can while `late` lasts (policy.h, late_window):
  // its priority is worked out again when the window opens and when it closes.
  void arm_late_window(uint64_t job_id, const LateWindow& late);
  void refresh_job_priority(uint64_t job_id, const LateWindow& late);
  // Tells the device holding an open job its new priority (nothing if it is not open).
  void reprioritise_job(uint64_t job_id, int priority);
  void resume_after_restart();
  void handle_pack_out(const PackOut& pack);
  void handle_job_state(uint64_t job_id, JobState state, const std::string& detail);
  void handle_availability(DeviceKind kind, bool available, const std::string& why);
  void maybe_ready(PrescriptionRecord& r);
  // Calls ready patients, first come first served, to the free windows and
  // then (under smart) to the windows whose pharmacist is finishing.
  void call_windows();
  // The called window gets the baskets after config_.release_delay.
  void schedule_release(PrescriptionId id, int window);
  // The window no longer serves `r` (handed over or cancelled): free unless
  // the next patient is already called to it.
  void leave_window(const PrescriptionRecord& r);
  int next_queue_no();

  // --- stock_moves.cc: every change of a stock quantity, and every task. ---
  struct Move {
    MovementKind kind = MovementKind::kReceived;
    Lot lot;
    LocationCode location;
    int delta = 0;  // + packs into the location, - out of it
    std::optional<PrescriptionId> prescription;
    std::string serial;
    std::string reason;
    bool quarantined = false;  // a row this creates starts quarantined (the quarantine bin)
  };
  // Applies the movement to the ledger and appends it, with its event
  // "stock.<kind>", to the open batch. A negative delta of kind dispensed is
  // counted against the row's reservations first; any other negative delta
  // takes only packs no plan holds. Refused, changing nothing, if the ledger
  // refuses.
  Status move(const Move& m, const Actor& actor);
  // Tells each device of the committed movements at its locations, all but
  // those of kind dispensed, which the device made itself.
  void tell_devices(const std::vector<StockMovement>& movements);
  // Receives a whole stock row (kind received), with its flags.
  Status receive_row(const StockRow& row, std::string reason, const Actor& actor);
  // Opens a task in the open batch (event "task.opened"); its id is assigned here.
  const StockTask& open_task(StockTask task, const Actor& actor);
  // Records progress or the end of a task (event "task.<state>"): done_quantity
  // packs confirmed so far; state kDone or kCancelled closes it. not_found for
  // an unknown id, conflict for a closed task.
  Status update_task(long long id, TaskState state, int done_quantity, const Actor& actor);
  // True for a stored "task:<id>" meta row, which load_task reads.
  static bool is_task_row(const MetaRow& row);
  Status load_task(const MetaRow& row);
  // Records the stock on hand as movements of kind adjusted ("opening
  // balance"), for stock that predates the ledger; the ledger rows stay as they are.
  void record_opening_balances();

  // --- expiry_and_recall.cc: expired lots blocked as they expire; recalls. ---
  // Posts one check_expiry() on the loop, unless one is already posted.
  void post_expiry_check();
  // Starts watching expiries afresh from the loaded state (open, reload).
  void restart_expiry_watch();
  // Called as an event is appended: on the first event of a new local day the
  // next expiries are looked at again, since the timer looks only one day ahead.
  void note_expiry_day(Instant at);
  // Called when packs join a row: a lot already expired, expiring today or
  // recalled gets looked at.
  void note_stock_added(const Lot& lot, const LocationCode& location);
  // Blocks every expired lot still unblocked and every unblocked row of a
  // recalled lot, then arms the timer for the next expiry.
  void check_expiry();
  void arm_expiry_timer();
  // Blocks every row of the lot (empty ones too, so that packs coming back stay
  // blocked), emits "stock.blocked" for each, and opens a removal task per
  // location with packs unless one is open.
  void block_lot(const DrugCode& drug, const LotNo& lot, const std::string& reason, const Actor& actor);
  // Takes the lot's packs back from prescriptions not handed over: verified
  // packs go to the quarantine bin and are picked again; with `cancel_jobs`,
  // device jobs that still have to pick the lot are cancelled and planned again.
  void withdraw_lot(const DrugCode& drug, const LotNo& lot, const std::string& reason, bool cancel_jobs,
                    const Actor& actor);
  // True for a stored "robot_delivery:<number>" meta row, which
  // load_robot_delivery reads (robot_input.cc).
  static bool is_robot_delivery_row(const MetaRow& row);
  Status load_robot_delivery(const MetaRow& row);
  // True for a stored "recall:<drug>/<lot>" meta row, which load_recall reads.
  static bool is_recall_row(const MetaRow& row);
  Status load_recall(const MetaRow& row);

  // --- stocktake.cc and returns.cc ---
  // The pack leaves the prescription and waits to be scanned back into stock
  // (a meta row "return:<prescription>:<serial key>").
  void await_return(const PrescriptionRecord& r, const DispensedPack& p, const Actor& actor);
  // True for the meta rows of counts, packs awaiting return and 退药 returns.
  static bool is_count_or_return_row(const MetaRow& row);
  Status load_count_or_return(const MetaRow& row);
  // Schedules close_day at the next configured closing time, once.
  void arm_closing();
  // Quarantines the packs still awaiting return, then cancels (and tells the
  // HIS of) the prescriptions picked but not handed over.
  void close_day();
  // Writes a message for the HIS about `r` into the open batch (his_outbox.cc);
  // `write` makes it, given its control id (MSH-10).
  void enqueue_his(const PrescriptionRecord& r, const std::function<std::string(const std::string&)>& write);

  // --- cold_chain.cc: temperature readings, excursions and exposed lots. ---
  // Starts the cold chain afresh from the configuration (open, reload).
  Status reset_cold_chain();
  // True for a stored "cold:…" meta row (a sensor or an excursion).
  static bool is_cold_chain_row(const MetaRow& row);
  Status load_cold_chain(const MetaRow& row);
  // Stores the excursion, emits "temperature.excursion_<what>" and tells the
  // live subscribers an "alert" after the commit.
  void record_excursion(const Excursion& e, std::string_view what, const Actor& actor);
  // Opens the silent excursions that are due, then arms the timer again.
  void check_sensor_silence();
  // Arms one timer for the earliest sensor that could fall silent.
  void arm_silence_timer();
  // The lots on hand in the excursion's zone while it lasted, from the ledger.
  Result<std::vector<ExposedLot>> exposed_during(const Excursion& e) const;
  nlohmann::json excursion_json(const Excursion& e) const;

  // --- robot_input.cc: the robot's stock-in over its input point. ---
  // Records what the robot stored of input `id` (packs as sent, drugs and
  // lots as checked); answers `done` after the commit.
  void record_robot_input(uint64_t id, const std::vector<Pharmacy::RobotInputPack>& packs,
                          const std::vector<Lot>& lots, const std::vector<std::string>& serials,
                          Result<std::vector<StockInputOutcome>> outcome, const Actor& actor,
                          const Pharmacy::RobotInputDone& done);

  // --- replenishment.cc: replenish tasks as locations run low; tasks confirmed by scan. ---
  // Rebuilds the forecast and checks every machine location, on the loop (start-up).
  void restart_replenishment();
  // Called for every movement: packs out of a machine location get the
  // location checked, packs into the reserve store get the drug's replenish
  // tasks that lack a usable source opened again. The check runs posted.
  void note_stock_moved(const DrugCode& drug, const LocationCode& location, int delta);
  void post_replenishment_check();
  void check_replenishment();
  // Opens a replenish task for each drug of `location` at or below its threshold.
  void check_location(const LocationCode& location, Date today);
  // True if the open replenish task can still be confirmed as it stands.
  bool task_source_usable(const StockTask& task, Date today) const;
  // The demand forecast of the whole local days before `today`, from the store.
  void refresh_forecast(Date today);
  Result<StockTask> confirm_task(long long id, const std::string& scan, int quantity, const Actor& actor);

  // --- stock_in.cc: stock-in by scan, and deliveries. ---
  // Reads the deliveries and the serials of received packs from the stored
  // state (after a reload too).
  Status load_stock_in(const StoredState& state);
  // Adds the serials of packs received since the last call (by any path) to
  // received_serials_: committed ones from the store, open ones from the batch.
  Status catch_up_received_serials();

  // --- suspect_locations.cc ---
  // Puts a pack that failed verification into the quarantine bin (kQuarantineLocation).
  void quarantine_pack(const Pack& pack, const Actor& actor, PrescriptionId rx);
  // Stops plans from taking packs out of `location` until it is cleared.
  void flag_suspect(const LocationCode& location, const std::string& reason, const Actor& actor, PrescriptionId rx);
  bool is_suspect(const LocationCode& location) const { return suspects_.count(location.value()) > 0; }
  // Reads a stored "suspect:<location>" meta row.
  Status load_suspect(const MetaRow& row);

  // --- patients.cc ---
  // Adds the stored allergies of the patient to the prescription's own.
  void merge_stored_allergies(Prescription& rx) const;
  // Reviews the patient's open prescriptions not yet dispensing again.
  void review_again(const PatientId& patient, const Actor& actor);
  // Reads a stored "patient:<id>" meta row.
  Status load_patient(const MetaRow& row);

  // --- intake_receipts.cc ---
  // Reads a stored meta row of a patient or an intake receipt; other rows are ignored.
  Status load_intake_meta(const MetaRow& row);

  // --- his_outbox.cc: messages for the HIS, delivered in order. ---
  // Writes the RDS^O13 of a hand-over into the open batch.
  void enqueue_dispense(const PrescriptionRecord& r, const Actor& pharmacist);
  // Writes the ORC-1=OC message of a rejection into the open batch.
  void enqueue_rejection(const PrescriptionRecord& r);
  // Writes the ORC-1=OH message of a return to the prescriber into the open batch.
  void enqueue_return_to_prescriber(const PrescriptionRecord& r);
  // Sends the oldest undelivered message, unless one is on its way or waits for a retry.
  void deliver_next();
  void on_his_reply(const std::string& control_id, Result<std::string> reply);
  void retry_later(std::string why);
  // Marks the oldest message delivered, durably, then goes on with the next.
  void record_delivery();

  // --- views.cc ---
  nlohmann::json card(const PrescriptionRecord& r) const;
  nlohmann::json summary() const;
  nlohmann::json screen() const;
  void publish_after_commit(const std::set<long long>& ids, bool screen_changed);

  Pharmacy& owner_;
  Scheduler& sched_;
  mutable ReadAfterWrites store_;  // as the Store& it wraps, usable from const views
  const Formulary& formulary_;
  PharmacyConfig config_;
  // The channels' one-box times for config_.machines, kept from plan to plan.
  OneBoxTimes one_box_times_;
  // How soon after payment the recent prescriptions should be ready (smart).
  ReadinessTarget readiness_;

  std::map<long long, std::unique_ptr<PrescriptionRecord>> records_;
  std::unordered_map<std::string, long long> by_no_;
  StockLedger ledger_;
  long long next_id_ = 1;
  long long last_seq_ = 0;      // of the last event appended (committed or open)
  long long committed_seq_ = 0;
  long long handed_seq_ = 0;    // of the last event handed to the background writer (deferred commits)
  uint64_t next_job_id_ = 1;
  std::map<std::string, int> queue_numbers_;  // local date -> last number given

  OpenJobs jobs_;
  // Jobs cancelled by the service whose device has not yet confirmed: a pack
  // that still comes out of one is recorded and returned to stock.
  std::map<uint64_t, OpenJob> cancelled_jobs_;
  // GTIN and serial of every pack handed out or waiting: a code seen twice is
  // a copied or misprinted label, never a second genuine pack.
  std::unordered_set<std::string> dispensed_codes_;
  std::map<std::string, SuspectLocation> suspects_;  // by location
  std::map<long long, StockTask> tasks_;             // by id, open and closed
  long long movements_last_id_ = 0;                  // of the last movement, committed or open
  std::vector<StockMovement> pending_movements_;     // in the open batch
  std::map<DeviceKind, Device*> devices_;
  std::map<DeviceKind, int> device_jobs_;   // open jobs per device
  std::set<long long> awaiting_dispatch_;  // accepted, trigger met, not (fully) planned yet
  // What the last plan of each prescription still awaiting dispatch saw, if it failed.
  std::unordered_map<long long, FailedPlan> failed_plans_;  // by prescription id
  // Checked in and not yet final: the only records call_windows looks at.
  std::set<long long> at_pharmacy_;
  bool dispatch_posted_ = false;
  std::vector<std::optional<long long>> windows_;  // prescription at each window (the last called there)
  std::vector<bool> window_closing_;               // its pharmacist is finishing with the patient there
  std::map<std::string, Patient> patients_;       // by patient id, as the HIS last sent them
  std::map<std::string, IntakeReceipt> receipts_;  // by meta key ("hl7:<MSH-10>")

  // The open batch.
  std::vector<Event> pending_events_;
  std::set<long long> dirty_records_;
  std::set<StockKey> dirty_stock_;
  std::map<std::string, std::string> dirty_meta_;
  std::vector<std::function<void()>> on_commit_;
  std::vector<std::function<void(const Status&)>> on_fail_;
  bool flush_posted_ = false;
  bool screen_dirty_ = false;

  // The changes of the turns that ended but are not yet written, under
  // config_.deferred_commit: merged so that each row is written once, with
  // its latest state.
  struct HeldBack {
    std::vector<Event> events;
    std::map<long long, Instant> records;  // id -> the end of the last turn that changed it
    std::set<StockKey> stock;
    std::map<std::string, std::string> meta;
    std::map<long long, OutboxRow> outbox;  // by id
    std::vector<StockMovement> movements;
    bool empty() const {
      return events.empty() && records.empty() && stock.empty() && meta.empty() && outbox.empty() &&
             movements.empty();
    }
  };
  HeldBack held_;
  // The prescription's part of each record's stored document, filled by the
  // writer's thread at the record's first deferred write and reused by its
  // later ones; only that thread reads or fills a slot. A record's slot is
  // dropped when its prescription changes.
  using RxPartSlot = std::optional<PrescriptionPart>;
  std::unordered_map<long long, std::shared_ptr<RxPartSlot>> rx_parts_;  // by record id
  std::optional<Instant> next_write_at_;  // unset: the next turn's changes are written as it ends
  Status deferred_failure_;

  std::map<int, std::function<void(const Notice&)>> subscribers_;
  std::map<int, std::function<void(const ScreenNotice&)>> screen_subscribers_;
  int next_handle_ = 1;
  bool summary_posted_ = false;

  // The outbox.
  HisLink* his_ = nullptr;
  std::deque<OutboxRow> outbox_;          // committed and undelivered, oldest first
  long long outbox_last_id_ = 0;          // of the last row written, committed or open
  std::vector<OutboxRow> dirty_outbox_;   // in the open batch
  bool his_sending_ = false;              // a message is on its way
  std::optional<Instant> his_retry_at_;   // a retry is scheduled for then
  int his_failures_ = 0;                  // in a row, for the backoff
  std::string his_last_error_;
  // Accepted by the HIS but not yet stored as delivered: it is not sent again.
  std::optional<std::string> accepted_unrecorded_;

  // Expiry and recall (expiry_and_recall.cc).
  std::map<std::pair<std::string, std::string>, LotRecall> recalls_;  // by (drug, lot)
  Date expiry_day_{};                     // local day the expiry timer was last armed for
  std::optional<Instant> expiry_timer_at_;  // the expiry the armed timer waits for
  uint64_t expiry_timer_gen_ = 0;         // a timer of an older generation does nothing
  bool expiry_check_posted_ = false;

  // Stocktake and returns (stocktake.cc, returns.cc).
  std::map<long long, Stocktake> stocktakes_;               // by id
  std::map<std::string, AwaitingReturn> awaiting_returns_;  // by meta key
  // Serial keys of the packs returned after hand-over, by prescription id.
  std::map<long long, std::set<std::string>> returned_after_handover_;
  bool closing_armed_ = false;

  // Cold chain (cold_chain.cc).
  ColdChainMonitor cold_chain_{ColdChainConfig{}};
  std::optional<Instant> silence_timer_at_;  // when the armed timer fires
  uint64_t silence_timer_gen_ = 0;           // a timer of an older generation does nothing

  // The robot's stock-in (robot_input.cc).
  uint64_t last_robot_input_ = 0;              // id of the last input sent to the robot
  std::set<std::string> robot_input_serials_;  // stock_serial_key of packs on their way into the robot
  std::map<std::string, DeliveryNotice> robot_deliveries_;  // announced to the robot, by delivery number

  // Stock-in and deliveries (stock_in.cc).
  std::unordered_set<std::string> received_serials_;  // stock_serial_key of every pack received with a serial
  long long serials_through_ = 0;                     // movements up to this id are in received_serials_
  std::map<std::string, DeliveredLot> delivered_lots_;  // by drug code, from the most recent delivery naming it
  long long last_delivery_id_ = 0;

  // Replenishment (replenishment.cc).
  DemandForecast forecast_;
  Date forecast_day_{};                        // the local day forecast_ was built for
  std::set<std::string> replenish_locations_;  // to check, by location
  std::set<std::string> replenish_drugs_;      // got reserve packs: their tasks are re-sourced
  bool replenish_all_ = false;                 // check every machine location (start-up)
  bool replenish_posted_ = false;
};

}  // namespace rx
