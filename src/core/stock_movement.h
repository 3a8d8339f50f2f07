// StockMovement: one entry of the stock ledger. Every pack that enters, leaves
// or moves inside the pharmacy is one movement (or one per location for a move),
// so that for each lot at each location
//   on hand = received - dispensed - removed ± adjustments ± transfers
// at every instant, and on_hand is that running balance after the movement.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/stock.h"
#include "core/strong_id.h"
#include "core/time.h"

namespace rx {

enum class MovementKind {
  kReceived,     // + from a supplier delivery (stock-in)
  kPutAway,      // + at a location, - at the receiving area: stock taken to its place
  kMoved,        // - at one location, + at another (replenishment, re-slotting)
  kDispensed,    // - a pack out of a location for a prescription
  kReturned,     // + a pack back to stock (re-verified), or into quarantine
  kQuarantined,  // + into the quarantine bin, or - out of a location into it
  kRemoved,      // - out of the pharmacy: expired, damaged, recalled
  kAdjusted,     // ± a stocktake correction, approved by an admin
};
std::string_view movement_kind_name(MovementKind k);
// nullopt for an unknown name.
std::optional<MovementKind> parse_movement_kind(std::string_view name);

struct StockMovement {
  long long id = 0;  // 1, 2, 3 … in the order the movements happened
  Instant at{};
  MovementKind kind = MovementKind::kReceived;
  Lot lot;
  LocationCode location;
  int delta = 0;    // packs: + into the location, - out of it; never 0
  int on_hand = 0;  // packs of this lot at this location after the movement
  std::optional<PrescriptionId> prescription;
  std::string serial;  // the pack's serial when one scanned pack moved, else empty
  std::string actor;   // as in Event::actor
  std::string reason;  // free text: "expired", "recall", a stocktake's id, …

  bool operator==(const StockMovement&) const = default;
};

// Which movements a ledger query returns: every set field must match.
struct MovementQuery {
  std::optional<DrugCode> drug;
  std::optional<LotNo> lot;
  std::optional<LocationCode> location;
  std::optional<MovementKind> kind;
  std::optional<PrescriptionId> prescription;
  std::optional<std::string> serial;
  std::optional<Instant> from;   // at >= from
  std::optional<Instant> until;  // at < until
  long long after_id = 0;        // id > after_id, for paging
  size_t limit = 1000;           // clamped to 100,000
};

}  // namespace rx
