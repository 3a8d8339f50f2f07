// Whether a scanned pack is the one a stock task asks for: the technician
// confirms each replenish, put-away or removal task by scanning a pack of it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/drug.h"
#include "core/result.h"
#include "core/stock_task.h"
#include "core/time.h"

namespace rx {

// A scanned pack that matches its task.
struct TaskScan {
  const Drug* drug = nullptr;
  LotNo lot;                   // the code's lot, or the task's when the code carries none (NMPA)
  std::optional<Date> expiry;  // the code's expiry, when it carries one
  std::string serial;          // the code's serial, or empty
};

// Reads `scan` (GS1 element string, its (01)… form, or an NMPA 20-digit code)
// and checks it against the task. Refused (invalid_argument, field "scan")
// with reason BAD_CODE for a code that does not read, UNKNOWN_GTIN for a
// product the formulary lacks, WRONG_DRUG for another drug than the task's,
// WRONG_LOT for another lot than the one the task names, and MISSING_LOT for
// a code without a lot when the task names none.
Result<TaskScan> match_task_scan(const StockTask& task, std::string_view scan, const Formulary& formulary);

}  // namespace rx
