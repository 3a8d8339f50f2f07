// A recalled lot, and the report of who received it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/prescription.h"
#include "core/stock_task.h"
#include "core/strong_id.h"
#include "core/time.h"

namespace rx {

// A recall as started: stored, so that it outlives a restart and packs of the
// lot that come back to any location stay blocked.
struct LotRecall {
  DrugCode drug;
  LotNo lot;
  std::string reason;
  Instant at{};
  std::string actor;  // Actor::label()
};

// A prescription that received packs of the lot, from the ledger's dispensed
// movements; `packs` are its packs of the lot that passed verification and were
// not taken back (handed over, or still on their way to the patient).
struct RecallRecipient {
  PrescriptionId prescription_id;
  std::string prescription_no;
  PatientId patient_id;
  RxStatus status = RxStatus::kReceived;
  DrugCode drug;
  std::optional<Instant> handed_over_at;
  std::optional<int> window;
  int packs = 0;
  std::vector<std::string> codes;  // the packs' scanned codes
};

struct RecallReport {
  LotNo lot;
  std::optional<DrugCode> drug;          // as asked; absent: the lot of any drug
  std::vector<RecallRecipient> dispensed;  // by prescription id
  bool blocked = false;                  // every row of the lot on record is blocked
  std::vector<LotRecall> recalls;        // of this lot, if it was recalled
  std::vector<StockTask> tasks;          // removal tasks of the lot, open and closed
};

}  // namespace rx
