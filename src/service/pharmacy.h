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
#include "core/scheduler.h"
#include "devices/device.h"
#include "service/his_link.h"
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
  void override_block(PrescriptionId id, std::string reason, const Actor& actor, RecordDone done);
  void reject(PrescriptionId id, std::string reason, const Actor& actor, RecordDone done);
  void cancel(PrescriptionId id, std::string reason, const Actor& actor, RecordDone done);
  void hand_over(PrescriptionId id, bool confirm_high_alert, const Actor& actor, RecordDone done);
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

  // --- Reads. ---
  const PrescriptionRecord* find(PrescriptionId id) const;
  const PrescriptionRecord* find_by_no(const std::string& prescription_no) const;
  // The patient as last updated by the HIS, or nullptr.
  const Patient* find_patient(const PatientId& id) const;
  ListPage list(const ListQuery& query) const;
  std::vector<StockRow> stock(const std::optional<DrugCode>& drug) const;
  StockStatus stock_status(const StockRow& row) const;
  Result<std::vector<Event>> history(PrescriptionId id) const;
  // The serial of every pack on record, so that restarted simulators carry on
  // after the highest they printed and never print a serial twice.
  std::vector<std::string> pack_serials() const;
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
