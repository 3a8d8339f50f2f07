// Pack matching (智能核药): every pack out of a device, or every code read off
// a tote photo, matched against the plan: 查药品 (drug, form and strength via
// the GTIN or NMPA product code; lot and expiry against the stock records;
// a serial never seen before; the exact count per line).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/drug.h"
#include "core/pack.h"
#include "core/stock.h"
#include "core/strong_id.h"
#include "core/time.h"

namespace rx {

// One line of the plan: packs of one lot from one location for one item.
struct PlanLine {
  int item = 0;  // index into the prescription's items
  DrugCode drug;
  LotNo lot;
  Date expiry;  // of the lot, as the stock records have it
  LocationCode location;
  int packs = 0;           // planned
  int matched_before = 0;  // packs of this line that passed in earlier matches
};

// A code as read, and the location the device took the pack from when it is
// known (empty from a photo).
struct Scan {
  std::string code;
  LocationCode source;
};

enum class PackOutcome { kMatched, kWrongDrug, kWrongLot, kExpired, kDuplicateSerial, kUnreadable, kExtra };
// "matched", "wrong_drug", "wrong_lot", "expired", "duplicate_serial", "unreadable", "extra".
std::string_view pack_outcome_name(PackOutcome outcome);

struct PackMatch {
  PackOutcome outcome = PackOutcome::kUnreadable;
  std::string detail;          // what was expected and what was found; empty when matched
  std::optional<size_t> line;  // index into the plan, when the pack belongs to (or came from) a line
  Pack pack;                   // what the code says; an NMPA pack's lot and expiry are its line's
  bool quarantine() const { return outcome != PackOutcome::kMatched; }
};

struct LineMatch {
  int planned = 0;
  int matched = 0;  // matched_before included
  int missing = 0;  // planned - matched, never below 0: to be picked again
};

struct JobMatch {
  std::vector<PackMatch> packs;  // one per scan, in order
  std::vector<LineMatch> lines;  // one per plan line, in order
  // Locations a pack of a wrong drug came out of: their contents are suspect.
  std::vector<LocationCode> suspect_locations;
  // serial_key() of every matched pack, for the caller's set of seen serials.
  std::vector<std::string> new_serials;
  // Every pack matched and no line is missing a pack.
  bool passed() const;
};

struct MatchContext {
  const Formulary& formulary;
  Date today;  // a pack whose expiry is before this day is expired
  // serial_key() of every pack already dispensed or waiting for hand-over.
  const std::unordered_set<std::string>& seen_serials;
};

// The identity of one physical pack: GTIN and serial, or drug and NMPA serial.
std::string serial_key(const Pack& pack);

// Matches each scan in order against `plan`. A scan with a source is matched
// against the lines of that location, else against every line.
JobMatch match_packs(const std::vector<Scan>& scans, const std::vector<PlanLine>& plan, const MatchContext& context);

// The same for codes without a known source, as decoded from a tote photo.
JobMatch match_codes(const std::vector<std::string>& codes, const std::vector<PlanLine>& plan,
                     const MatchContext& context);

}  // namespace rx
