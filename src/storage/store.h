// Store: durable storage for the event log and the state projected from it.
// The service declares what it needs here; storage/sqlite implements it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/result.h"
#include "core/stock.h"
#include "core/stock_movement.h"
#include "core/strong_id.h"

namespace rx {

// The projected row of one prescription. `document` is the service's JSON of
// the whole record; the other columns are copies of it for indexed queries.
struct PrescriptionRow {
  PrescriptionId id;
  std::string prescription_no;
  std::string status;
  std::string patient_id;
  Instant updated_at{};
  std::string document;

  bool operator==(const PrescriptionRow&) const = default;
};

// The projected row of one lot at one location; quantity 0 rows are kept.
struct StockProjection {
  StockRow row;
  int reserved = 0;  // packs allocated to plans not yet dispensed

  bool operator==(const StockProjection& o) const {
    return row.lot.drug == o.row.lot.drug && row.lot.lot == o.row.lot.lot && row.lot.expiry == o.row.lot.expiry &&
           row.location == o.row.location && row.quantity == o.row.quantity &&
           row.quarantined == o.row.quarantined && row.blocked == o.row.blocked && reserved == o.reserved;
  }
};

// A key-value projection for small service state (counters, idempotency keys).
struct MetaRow {
  std::string key;
  std::string value;
  bool operator==(const MetaRow&) const = default;
};

// One message for the HIS. It is written once, with its control id, and sent
// as written until the HIS accepts it; a delivered row stays delivered.
struct OutboxRow {
  long long id = 0;                     // 1, 2, 3 …: the order of delivery
  std::string control_id;               // MSH-10, the same on every attempt
  std::string message_type;             // "RDS^O13", "ORM^O01"
  std::optional<PrescriptionId> prescription;
  std::string message;                  // the HL7 message as sent, unframed
  Instant created_at{};
  std::optional<Instant> delivered_at;  // when the HIS accepted it
  int attempts = 0;                     // sends up to the accepted one

  bool operator==(const OutboxRow&) const = default;
};

// Everything one transaction writes: all of it is committed, or none of it.
struct Batch {
  std::vector<Event> events;
  std::vector<PrescriptionRow> prescriptions;  // upserts by id
  std::vector<StockProjection> stock;          // upserts by (drug, lot, location)
  std::vector<MetaRow> meta;                   // upserts by key
  std::vector<OutboxRow> outbox;               // inserts, or marks delivered, by id
  std::vector<StockMovement> movements;        // inserts; ids continue the ledger without gaps
  bool empty() const {
    return events.empty() && prescriptions.empty() && stock.empty() && meta.empty() && outbox.empty() &&
           movements.empty();
  }
};

// The projections as stored, for start-up.
struct StoredState {
  EventSeq last_seq{0};
  std::vector<PrescriptionRow> prescriptions;  // by id ascending
  std::vector<StockProjection> stock;          // by drug, lot, location
  std::vector<MetaRow> meta;                   // by key
  std::vector<OutboxRow> outbox;               // the undelivered rows, by id ascending
  long long outbox_last_id = 0;                // of any row, delivered or not
  long long movements_last_id = 0;             // of the stock ledger's last movement
};

// The packs of a lot that one prescription received (movements of kind
// dispensed), for a recall.
struct LotDispensing {
  DrugCode drug;
  PrescriptionId prescription;
  int packs = 0;

  bool operator==(const LotDispensing&) const = default;
};

class Store {
 public:
  virtual ~Store() = default;
  // Writes the batch in one transaction, durably (fsync) before returning ok.
  // Event seqs must continue the log without gaps; a gap or reuse is refused.
  virtual Status commit(const Batch& batch) = 0;
  // Reads the projections and the last event seq.
  virtual Result<StoredState> load() = 0;
  // The events of one prescription, in order.
  virtual Result<std::vector<Event>> events_for(PrescriptionId id) = 0;
  // Up to `limit` events with seq > after, in order.
  virtual Result<std::vector<Event>> events_after(EventSeq after, size_t limit) = 0;
  // The stock ledger's movements that match `query`, by id ascending.
  virtual Result<std::vector<StockMovement>> movements(const MovementQuery& query) = 0;
  // Every prescription that received packs of `lot` (of `drug` when given), by
  // prescription id, with the packs dispensed to it.
  virtual Result<std::vector<LotDispensing>> dispensed_of_lot(const LotNo& lot, const std::optional<DrugCode>& drug) = 0;
  // Packs of the lot at the location just after `at`: the balance of its last
  // movement at or before `at`, 0 if it had none.
  virtual Result<int> on_hand_at(const DrugCode& drug, const LotNo& lot, const LocationCode& location, Instant at) = 0;
  // True if the data lives only in this process's memory, so that nothing
  // outside it waits for its durability; a store is durable unless it says so.
  virtual bool in_memory() const { return false; }
};

}  // namespace rx
