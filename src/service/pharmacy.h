// Pharmacy: the service that moves prescriptions through their stages.
// received → blocked|accepted → dispensing → ready → handed_over, plus
// rejected and cancelled. It owns all pharmacy state and must be called only
// on the loop that runs its Scheduler. Every change is appended to the event
// log and committed (with the projections) before the caller's callback runs.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/drug.h"
#include "core/finding.h"
#include "core/stock_movement.h"
#include "core/stock_task.h"
#include "core/scheduler.h"
#include "devices/device.h"
#include "inventory/delivery.h"
#include "inventory/return_check.h"
#include "inventory/stock_in.h"
#include "inventory/stocktake.h"
#include "planning/reslotting.h"
#include "service/his_link.h"
#include "service/lot_recall.h"
#include "service/pharmacy_config.h"
#include "service/record.h"
#include "storage/store.h"

namespace rx {

// Who asks. Roles: his, pharmacist, technician, admin, system.
struct Actor {
  std::string role;
  std::string name;
  std::string label() const { return role + ":" + name; }
};

struct ListQuery {
  std::optional<std::string> prescription_no;
  std::optional<RxStatus> status;
  std::optional<std::string> patient_id;
  size_t limit = 100;                // clamped to 10,000
  std::optional<long long> after_id;  // cursor: ids greater than this
};

struct ListPage {
  std::vector<const PrescriptionRecord*> records;
  std::optional<long long> next;  // cursor for the next page
};

// What a live subscriber (the dashboards' SSE) is told after each commit:
// type "prescription" with data = card_json(record), or type "summary" with
// data = summary().
struct Notice {
  std::string type;
  std::optional<PrescriptionId> id;
  nlohmann::json data;               // a compact summary, no patient data beyond ids
};

// What the calling screen may see: queue numbers, masked names and windows;
// data = screen_state().
struct ScreenNotice {
  nlohmann::json data;
};

// The messages for the HIS that are not yet delivered, and how delivery goes.
struct HisOutboxStatus {
  size_t pending = 0;
  std::string endpoint;    // empty: no HIS is configured, and the messages wait
  std::string state;       // "not configured", "idle", "sending" or "retrying"
  std::string last_error;  // why the last attempt failed, until one succeeds
  std::optional<Instant> next_attempt;
};

// A location a pack of the wrong drug came out of: no plan takes packs from it
// until a technician has checked its contents and cleared it.
struct SuspectLocation {
  LocationCode location;
  std::string reason;  // the verification of the pack that made it suspect
  Instant since{};
};

class Pharmacy : public DeviceListener {
 public:
  using RecordDone = std::function<void(Result<const PrescriptionRecord*>)>;
  struct Created {
    const PrescriptionRecord* record;
    bool created;  // false: an existing record for the same prescription_no
  };
  using CreateDone = std::function<void(Result<Created>)>;

  Pharmacy(Scheduler& scheduler, Store& store, const Formulary& formulary, PharmacyConfig config);
  ~Pharmacy() override;

  // Loads the stored state. On an empty store, records `initial_stock` as
  // received stock. Must be called before anything else.
  Status open(const std::vector<StockRow>& initial_stock);
  // Under PharmacyConfig::deferred_commit, writes the changes held back to the
  // store now (a run's end). Once a deferred write has failed, its failure:
  // the service is then ahead of its store. Ok without deferred commits.
  Status write_deferred();
  // Attaches a device; lines whose location starts with its kind go to it.
  void attach(Device& device);

  // --- Intake and workflow. Each callback runs after the commit. ---
  void create(Prescription rx, const Actor& actor, CreateDone done);
  // Appends `items` to the prescription `prescription_no` of `patient` while it
  // is unpaid and nothing is planned, reviews the whole prescription again and
  // commits. Items whose placer_order_no is already on it are resends and are
  // skipped. Refused as create() refuses (MAX_ITEMS, UNKNOWN_DRUG: fields
  // index the whole prescription's items); conflict once paid or dispensing,
  // or for another patient; not_found for an unknown prescription_no.
  void add_items(const std::string& prescription_no, const PatientId& patient, std::vector<Item> items,
                 const Actor& actor, RecordDone done);
  void pay(PrescriptionId id, std::optional<Instant> paid_at, const Actor& actor, RecordDone done);
  void check_in(PrescriptionId id, const Actor& actor, RecordDone done);
  // Accepts a blocked prescription. After a prescriber's confirmation (双签)
  // the stored reason cites it and the event carries both signatures.
  void override_block(PrescriptionId id, std::string reason, const Actor& actor, RecordDone done);
  // 退回医师 (prescriber_workflow.cc): a blocked prescription goes back to its
  // prescriber; it stays blocked, the return is recorded (event
  // "prescription.returned_to_prescriber") and the HIS is sent an ORC-1=OH
  // message. Repeated before the prescriber answers, it changes nothing.
  // invalid "reason" when empty; conflict unless blocked.
  void return_to_prescriber(PrescriptionId id, std::string reason, const Actor& actor, RecordDone done);
  // 双签 (prescriber_workflow.cc): records the prescriber's confirmation of a
  // blocked prescription's findings, from the HIS or taken by a pharmacist on
  // the phone (event "prescription.prescriber_confirmed"); the pharmacist may
  // then override. The same confirmation again changes nothing. invalid
  // "reason", "prescriber.id" or "prescriber.name" when empty, and
  // "prescriber.id" when it is not the prescription's prescriber; conflict
  // unless blocked.
  void confirm_by_prescriber(PrescriptionId id, Prescriber prescriber, std::string reason, const Actor& actor,
                             RecordDone done);
  void reject(PrescriptionId id, std::string reason, const Actor& actor, RecordDone done);
  void cancel(PrescriptionId id, std::string reason, const Actor& actor, RecordDone done);
  void hand_over(PrescriptionId id, bool confirm_high_alert, const Actor& actor, RecordDone done);
  // The pharmacist at `window` (1-based) is finishing with the patient there,
  // about the release delay before the hand-over. Under smart the next ready
  // patient is called to it now, so that the baskets arrive as it frees; under
  // fifo nothing changes. invalid "window" when there is no such window.
  void window_closing(int window, std::function<void(Status)> done);
  // Stores the patient (id, name, sex, birth date, allergies) as the HIS last
  // sent it. Later prescriptions for the patient carry these allergies besides
  // their own; when they change, the patient's open prescriptions not yet
  // dispensing are reviewed again.
  void update_patient(Patient patient, const Actor& actor, std::function<void(Status)> done);

  // --- Intake receipts: what the HL7 intake answered to a message (MSH-10). ---
  struct IntakeReceipt {
    std::string digest;  // of the message
    std::string reply;   // the answer's bytes, sent again to a resend
  };
  // The receipt stored for this message control id, if any.
  std::optional<IntakeReceipt> intake_receipt(const std::string& control_id) const;
  // Runs `call` (one call of the API above) so that `receipt` is stored for
  // `control_id` (meta key "hl7:<control_id>") in the same commit as what the
  // call changes. A call that fails, and so changes nothing, stores none.
  void with_intake_receipt(const std::string& control_id, IntakeReceipt receipt, const std::function<void()>& call);

  // Puts packs on the shelves (a refill, or a delivery): each row's packs
  // join its lot at its location. Prescriptions waiting for stock are
  // planned again.
  void restock(const std::vector<StockRow>& rows, const Actor& actor, std::function<void(Status)> done);

  // --- Suspect locations. ---
  std::vector<SuspectLocation> suspect_locations() const;
  // Lets plans use a suspect location again, once its contents are checked;
  // not_found if the location is not suspect.
  void clear_suspect(const LocationCode& location, const Actor& actor, std::function<void(Status)> done);

  // --- The HIS. A hand-over writes an RDS^O13, a rejection an ORC-1=OC
  // message, into the outbox in the same commit. ---
  // Delivers the outbox over `link`, oldest first, each message until the HIS
  // accepts it; until this is called the messages wait. `link` must outlive
  // the pharmacy.
  void link_his(HisLink& link);
  HisOutboxStatus his_outbox() const;

  // --- Expiry and recall ---
  // Rows on the shelves whose lot expires within `within_days` (0..3650) of
  // today, expired ones included, by expiry (inventory/expiry.h); invalid
  // (field within_days) otherwise.
  Result<std::vector<StockRow>> near_expiry(int within_days) const;
  // Recalls the lot (of `drug`, or of every drug that has it): blocks every row
  // of it, opens a removal task per location with packs, takes its packs back
  // from prescriptions not yet handed over, event "stock.recalled". Calling it
  // again changes nothing that is already so. invalid for an empty lot or
  // reason; not_found when no stock of the lot is on record.
  void recall(std::optional<DrugCode> drug, LotNo lot, std::string reason, const Actor& actor,
              std::function<void(Status)> done);
  // Every prescription that received packs of the lot, from the ledger's
  // dispensed movements, with the lot's state and its removal tasks.
  Result<RecallReport> recall_report(const LotNo& lot, const std::optional<DrugCode>& drug) const;

  // --- Stocktake (盘点) and returns: stocktake.cc, returns.cc ---
  using StocktakeDone = std::function<void(Result<Stocktake>)>;
  // Opens a count of `locations`, or of every location when empty. Refused
  // (invalid, field "locations[i]") for a code that names no stock location,
  // or for more than kMaxStocktakeLocations.
  void start_stocktake(std::vector<LocationCode> locations, const Actor& actor, StocktakeDone done);
  // Records a scan at `location` in an open count: `scan` is one pack's code,
  // counting `quantity` packs of its lot (1 when absent); an empty scan with
  // quantity 0 says the location is empty. `lot` names the lot of an NMPA
  // code, which carries none; without it the code counts only where the drug
  // has one lot at the location. Refused as record_scan refuses, BAD_CODE or
  // UNKNOWN_GTIN for a code that names no formulary pack, invalid "lot" for a
  // lot not on record for the drug or not the GS1 code's own, not_found for
  // an unknown count.
  void scan_stocktake(long long id, const LocationCode& location, const std::string& scan,
                      std::optional<int> quantity, std::optional<LotNo> lot, const Actor& actor,
                      StocktakeDone done);
  // The count with its scans, or not_found.
  Result<Stocktake> stocktake(long long id) const;
  // Every count, open and approved, by id.
  std::vector<Stocktake> stocktakes() const;
  // Applies each difference of the count's report as a movement of kind
  // adjusted (reason "stocktake <id>"); until then the count changes no stock.
  // Only an admin approves (permission_denied). All or nothing: conflict when
  // a shortfall is more than the packs no plan holds, or when approved before.
  void approve_stocktake(long long id, const Actor& actor, StocktakeDone done);

  // Packs picked for prescriptions that were not handed over (cancelled, or
  // not collected by closing time), oldest first: out of stock until scanned
  // back, and quarantined at closing time if they are not.
  std::vector<AwaitingReturn> awaiting_returns() const;
  using MovementDone = std::function<void(Result<StockMovement>)>;
  // Scans a pack awaiting return back into stock (movement returned) at its
  // original location, or at `location`. Refused, changing nothing, as
  // match_return refuses; invalid "location" for a location that is no shelf.
  void return_pack(const std::string& scan, const std::optional<LocationCode>& location, const Actor& actor,
                   MovementDone done);
  // 退药: packs of a handed-over prescription brought back. They never go back
  // to stock: each is quarantined (kQuarantineLocation) against the
  // prescription, whose history shows the return, and the HIS is sent an
  // RDS^O13 with the returned packs negative, for the refund. Refused
  // (nothing changes): conflict unless handed over; invalid "scans[i]" for a
  // code that is not a pack of it, or one already returned; invalid "reason"
  // when empty.
  void return_after_handover(PrescriptionId id, const std::vector<std::string>& scans, std::string reason,
                             const Actor& actor, RecordDone done);

  // --- Cold chain: cold_chain.cc ---
  using JsonDone = std::function<void(Result<nlohmann::json>)>;
  // Records a temperature reading of a fridge or cool storage sensor and
  // answers {"sensor","zone","celsius","at","logged","state","excursion"}.
  // Refused, changing nothing, as ColdChainMonitor::record refuses. An
  // excursion that opens or closes is stored, is an event and an "alert" notice.
  void record_temperature(TemperatureReading reading, const Actor& actor, JsonDone done);
  // {"zones":[…],"sensors":[…],"open_excursions":[…],"alerts":[…],"unmonitored":[…]}:
  // the latest reading per sensor, the excursions still open, the 20 latest
  // excursions (newest first), and the cold or cool stock outside its zones.
  nlohmann::json cold_chain_json() const;
  // The excursion with the lots on hand in its zone while it lasted and the
  // decisions taken; not_found for an unknown id.
  Result<nlohmann::json> exposure_json(long long excursion) const;
  // The pharmacist's decision on an exposed lot: release, or quarantine (the
  // lot's rows in the zone are flagged quarantined and its packs are taken back
  // from prescriptions not handed over). Event "cold_chain.decision". Refused:
  // invalid "reason" when empty or over 500 bytes; not_found for an unknown
  // excursion or a lot not exposed in it; conflict when already decided.
  void decide_exposure(long long excursion, DrugCode drug, LotNo lot, bool quarantine, std::string reason,
                       const Actor& actor, JsonDone done);

  // --- Slotting: the robot's stock-in (robot_input.cc) and re-slotting (slotting_suggestions.cc) ---
  // One pack put at the robot's input point.
  struct RobotInputPack {
    std::string scan;            // as scanned: GS1 (any form) or NMPA 20 digits
    std::optional<LotNo> lot;    // for a code without one, unless the delivery names it
    std::optional<Date> expiry;  // likewise
  };
  struct RobotInputRefusal {
    size_t index = 0;     // into the packs
    std::string reason;   // what the robot said
  };
  struct RobotInputReport {
    std::vector<StockMovement> stored;        // one movement received per pack, at the robot's place
    std::vector<RobotInputRefusal> refused;   // packs the robot did not store
  };
  using RobotInputDone = std::function<void(Result<RobotInputReport>)>;
  // Sends the packs to the robot (WWKS InitiateInput, under `delivery_number`
  // when not empty) and, once it says where each went, records one movement
  // received per stored pack at that place (else where inventory/robot_placement.h
  // puts it). Refused before anything is sent, changing nothing: invalid
  // "packs" for none or more than kMaxRobotInputPacks; per pack (field
  // "packs[i]", with the reason) BAD_CODE, UNKNOWN_GTIN, MISSING_LOT,
  // MISSING_EXPIRY, EXPIRED, SHORT_DATED, DUPLICATE_SERIAL (on record, on its
  // way into the robot, or twice here), EXPIRY_MISMATCH, BLOCKED_LOT, and
  // UNSUITABLE_LOCATION for a drug the robot may not hold; unavailable
  // without a robot that takes stock input, or when it refuses the input.
  void robot_stock_in(std::vector<RobotInputPack> packs, std::string delivery_number, const Actor& actor,
                      RobotInputDone done);
  // Tells the robot of a delivery before its packs come (WWKS StockDelivery):
  // lots, expiries and how many packs. Refused as robot_stock_in refuses a
  // pack (field "lines[i]"), invalid "delivery_number" when empty or longer
  // than 64 characters, "lines" for none or more than kMaxRobotInputPacks;
  // unavailable or conflict when the robot does not take it.
  void announce_robot_delivery(DeliveryNotice notice, const Actor& actor, std::function<void(Status)> done);
  // How the channel machine's layout should change (planning/reslotting.h):
  // the channels on record now against the layout the dispensed packs of the
  // `weeks` weeks (1..52) before `until` ask for. invalid "weeks" otherwise.
  Result<std::vector<ReslotSuggestion>> slotting_suggestions(Instant until, int weeks) const;

  // --- Replenishment and tasks: replenishment.cc ---
  // A replenish task opens when a machine location's usable packs fall to its
  // threshold (inventory/replenishment.h): checked at start-up and after
  // packs leave a location. It brings packs from the reserve store's first-
  // expiring lot up to the location's capacity.
  using TaskDone = std::function<void(Result<StockTask>)>;
  // Confirms `quantity` packs of an open replenish, put-away or removal task
  // by a scan of one of its packs, and answers with the task (done once all
  // its packs are confirmed). Replenish and put-away tasks move the packs
  // from `from` to the task's location (movements moved), removal tasks take
  // them out (movement removed). Refused, changing nothing: not_found (no
  // such task); conflict TASK_CLOSED, COUNT_TASK, NO_SOURCE, BLOCKED_LOT,
  // SHORT_STOCK, OVER_CAPACITY; invalid "quantity" (BAD_QUANTITY) unless
  // 1..packs left; invalid "scan" as match_task_scan refuses, and EXPIRED for
  // an expired lot going into a location.
  void confirm_task(long long id, const std::string& scan, int quantity, const Actor& actor, TaskDone done);
  // The open replenish tasks in walking order (inventory/walking_order.h).
  std::vector<StockTask> replenishment_tasks() const;

  // --- Stock-in by scan, and deliveries: stock_in.cc ---
  struct StockInResult {
    StockMovement movement;  // kind received, at the location the packs went to
    bool proposed = false;   // true: rxpress chose the location
  };
  using StockInDone = std::function<void(Result<StockInResult>)>;
  // Receives the scanned packs as inventory/stock_in.h decides (drug, lot,
  // expiry, serial, location): one movement kind received, with the serial
  // when one pack comes in. Refusals carry their reason (BAD_CODE,
  // UNKNOWN_GTIN, EXPIRED, SHORT_DATED, DUPLICATE_SERIAL, OVER_CAPACITY, …)
  // and change nothing.
  void stock_in(StockInRequest request, const Actor& actor, StockInDone done);
  struct DeliveryOutcome {
    long long id = 0;                        // the delivery's number; 0 when refused
    std::vector<StockMovement> movements;    // one received per row, reason "delivery <id>"
    std::vector<DeliveryProblem> problems;   // non-empty: refused, and nothing was received
  };
  using DeliveryDone = std::function<void(Result<DeliveryOutcome>)>;
  // Receives a supplier's delivery file (interop/csv/delivery_csv.h) into the
  // reserve store (config().locations.reserve) once every row passes; else
  // answers every row's problem and changes nothing. invalid_argument when
  // the file as a whole cannot be read. Remembers each product's lot and
  // expiry for later scans of NMPA codes.
  void receive_delivery(std::string_view csv, const Actor& actor, DeliveryDone done);

  // --- Reads. ---
  const PrescriptionRecord* find(PrescriptionId id) const;
  const PrescriptionRecord* find_by_no(const std::string& prescription_no) const;
  // The patient as last updated by the HIS, or nullptr.
  const Patient* find_patient(const PatientId& id) const;
  ListPage list(const ListQuery& query) const;
  std::vector<StockRow> stock(const std::optional<DrugCode>& drug) const;
  StockStatus stock_status(const StockRow& row) const;
  Result<std::vector<Event>> history(PrescriptionId id) const;
  // The stock ledger's movements that match the query, oldest first.
  Result<std::vector<StockMovement>> movements(const MovementQuery& query) const;
  // Packs of the lot at the location just after `at`, from the ledger.
  Result<int> on_hand_at(const DrugCode& drug, const LotNo& lot, const LocationCode& location, Instant at) const;
  // Tasks, by id; filtered by kind and state when given.
  std::vector<StockTask> tasks(std::optional<TaskKind> kind, std::optional<TaskState> state) const;
  // The serial of every pack on record, so that restarted simulators carry on
  // after the highest they printed and never print a serial twice.
  std::vector<std::string> pack_serials() const;
  // The dose-instruction labels (用法用量标签) of the prescription as a PDF,
  // one 80 × 50 mm page per item (dose_labels.cc); not_found for an unknown id.
  Result<std::string> dose_labels_pdf(PrescriptionId id) const;
  // The record as the API shows it (contracts.md), with its history.
  nlohmann::json record_json(const PrescriptionRecord& record, bool with_history) const;
  // A dashboard card: {id, prescription_no, status, patient_id, department,
  // visit_type, paper, items, packs_planned, packs_verified, queue_no, window,
  // high_alert, blocked_codes, received_at, paid_at, ready_at, handed_over_at}.
  // `paper` is the prescription paper colour class of regulations.md:
  // ordinary, emergency, paediatric, narcotic (also psychotropic class 1) or
  // psychotropic_2.
  nlohmann::json card_json(const PrescriptionRecord& record) const;
  // {"counts":{"received":n,…},"devices":[{name,kind,queued_jobs,active_jobs,
  // packs_out,state}],"windows":[{"window":1,"queue_no":12|null}],
  // "his":{"pending":n,"endpoint":"…"|null,"state":"…","last_error":"…"},"now":"…"}
  nlohmann::json summary() const;
  // The calling screen: {"calling":[{"queue_no","name","window"}],
  // "waiting":[{"queue_no","name","ready"}]}; names are masked.
  nlohmann::json screen_state() const;
  const Formulary& formulary() const { return formulary_; }
  const PharmacyConfig& config() const { return config_; }
  Instant now() const { return scheduler_.now(); }

  // --- Live notices (SSE). Returns a handle for unsubscribe. ---
  int subscribe(std::function<void(const Notice&)> fn);
  int subscribe_screen(std::function<void(const ScreenNotice&)> fn);
  void unsubscribe(int handle);

  // --- DeviceListener. ---
  void on_pack_out(const PackOut& pack) override;
  void on_job_state(uint64_t job_id, JobState state, const std::string& detail) override;
  void on_availability(DeviceKind kind, bool available, const std::string& why) override;

 private:
  // Review (审方) of `rx` as of `at`, with the configured knowledge base: the
  // one way every intake path and re-review judges a prescription.
  std::vector<Finding> review(const Prescription& rx, Instant at) const;

  class Impl;
  std::unique_ptr<Impl> impl_;
  Scheduler& scheduler_;
  const Formulary& formulary_;
  PharmacyConfig config_;
};

}  // namespace rx
