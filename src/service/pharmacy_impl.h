// Internal to service/: the state behind Pharmacy, split over
// pharmacy.cc (intake and workflow), dispatch.cc (plans, devices, windows),
// views.cc (JSON views) and group_commit.cc (batching and durability).
#pragma once

#include <deque>
#include <map>
#include <set>
#include <tuple>
#include <unordered_set>

#include "inventory/stock_ledger.h"
#include "service/pharmacy.h"

namespace rx {

using StockKey = std::tuple<std::string, std::string, std::string>;  // drug, lot, location

// Where packs that failed verification are kept, as quarantined stock rows.
inline const LocationCode kQuarantineLocation{"Q-BIN"};
inline constexpr std::string_view kSuspectPrefix = "suspect:";

class Pharmacy::Impl {
 public:
  Impl(Pharmacy& owner, Scheduler& scheduler, Store& store, const Formulary& formulary, const PharmacyConfig& config)
      : owner_(owner), sched_(scheduler), store_(store), formulary_(formulary), config_(config),
        windows_(static_cast<size_t>(std::max(config.windows, 1))) {}

  // --- group_commit.cc: every change goes through here. ---
  // Appends an event to the open batch.
  void emit(std::string type, const Actor& actor, std::optional<PrescriptionId> id, nlohmann::json payload);
  void touch(const PrescriptionRecord& r) { dirty_records_.insert(r.id.value()); }
  void touch_stock(const DrugCode& d, const LotNo& l, const LocationCode& loc) {
    dirty_stock_.insert(StockKey{d.value(), l.value(), loc.value()});
  }
  void set_meta(std::string key, std::string value) { dirty_meta_[std::move(key)] = std::move(value); }
  // Runs `fn` once the open batch is durable; `fail` if it could not be stored.
  void after_commit(std::function<void()> fn, std::function<void(const Status&)> fail = {});
  // Commits the open batch now (normally posted once per loop turn).
  void flush();
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
  // Runs a dispatch pass on the loop soon, if anything waits for one.
  void post_dispatch();
  bool plan_and_submit(PrescriptionRecord& r);
  void release_plan(PrescriptionRecord& r, const Actor& actor);
  // Releases the reservations of the lines' packs that never came out.
  template <class Line>
  void release_unpicked(const PrescriptionRecord& r, const std::vector<Line>& lines);
  // Cuts each plan line to the packs that passed verification, before a re-pick.
  void shrink_plan_to_verified(PrescriptionRecord& r);
  void raise_priority(PrescriptionRecord& r);
  void resume_after_restart();
  void handle_pack_out(const PackOut& pack);
  void handle_job_state(uint64_t job_id, JobState state, const std::string& detail);
  void handle_availability(DeviceKind kind, bool available, const std::string& why);
  void maybe_ready(PrescriptionRecord& r);
  void call_windows();
  // The called window gets the baskets after config_.release_delay.
  void schedule_release(PrescriptionId id, int window);
  int next_queue_no();

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
  Store& store_;
  const Formulary& formulary_;
  PharmacyConfig config_;

  std::map<long long, std::unique_ptr<PrescriptionRecord>> records_;
  std::unordered_map<std::string, long long> by_no_;
  StockLedger ledger_;
  long long next_id_ = 1;
  long long last_seq_ = 0;      // of the last event appended (committed or open)
  long long committed_seq_ = 0;
  uint64_t next_job_id_ = 1;
  std::map<std::string, int> queue_numbers_;  // local date -> last number given

  struct OpenJob {
    PrescriptionId rx;
    DeviceKind kind = DeviceKind::kChannel;
    std::vector<PickLine> lines;
  };
  std::map<uint64_t, OpenJob> jobs_;
  // Jobs cancelled by the service whose device has not yet confirmed: a pack
  // that still comes out of one is recorded and returned to stock.
  std::map<uint64_t, OpenJob> cancelled_jobs_;
  // GTIN and serial of every pack handed out or waiting: a code seen twice is
  // a copied or misprinted label, never a second genuine pack.
  std::unordered_set<std::string> dispensed_codes_;
  std::map<std::string, SuspectLocation> suspects_;  // by location
  std::map<DeviceKind, Device*> devices_;
  std::map<DeviceKind, int> device_jobs_;   // open jobs per device
  std::set<long long> awaiting_dispatch_;  // accepted, trigger met, not (fully) planned yet
  // Checked in and not yet final: the only records call_windows looks at.
  std::set<long long> at_pharmacy_;
  bool dispatch_posted_ = false;
  std::vector<std::optional<long long>> windows_;  // prescription at each window
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
};

}  // namespace rx
