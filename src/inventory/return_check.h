// Returns: a pack that left the shelves for a prescription and is scanned
// again, to go back to stock or into quarantine. A pack goes back only if it
// is the very pack that left (the same drug, lot and serial), still usable,
// and its lot is not blocked.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/pack.h"
#include "core/result.h"
#include "core/strong_id.h"
#include "core/time.h"
#include "interop/gs1/pack_code.h"
#include "inventory/stock_ledger.h"

namespace rx {

// A pack picked for a prescription that was not handed over (cancelled, or
// not collected): out of stock until it is scanned again.
struct AwaitingReturn {
  PrescriptionId prescription;
  Pack pack;
  LocationCode location;  // where it was picked from
  Instant since{};
  std::string reason;
};

// The index in `packs` of the pack `code` identifies: a GS1 code by GTIN, lot
// and serial; an NMPA code by its 20 digits. None when no pack matches.
std::optional<size_t> find_pack(const PackCode& code, const std::vector<Pack>& packs);

// Which awaiting pack a scanned code is, if it may go back to stock today.
// Refusals, each naming field "scan": BAD_CODE (invalid) for a code that
// cannot be read; NOT_AWAITING_RETURN (not_found) when no pack awaits return
// under that code; EXPIRED (conflict) for a pack past its expiry day;
// BLOCKED (conflict) when a row of its lot is blocked (a recall).
Result<size_t> match_return(std::string_view scan, const std::vector<AwaitingReturn>& awaiting, Date today,
                            const StockLedger& ledger);

}  // namespace rx
