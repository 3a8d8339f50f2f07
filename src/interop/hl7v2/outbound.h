// Messages rxpress sends to the HIS, and the HIS-side messages the demo's
// synthetic HIS and the tests send to rxpress. Every message written here
// parses back with parse_hl7; docs/hl7.md gives the segment layouts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/prescription.h"
#include "core/result.h"
#include "core/time.h"

namespace rx::hl7 {

// The application and facility rxpress names itself as in MSH-3/MSH-4.
inline constexpr std::string_view kRxpressApplication = "RXPRESS";
inline constexpr std::string_view kRxpressFacility = "PHARMACY";
// The version rxpress writes in MSH-12.
inline constexpr std::string_view kWriteVersion = "2.5";

struct DispensedPack {
  std::string gtin, lot;
  Date expiry;
  std::string serial;      // GS1 AI 21, may be empty
  std::string trace_code;  // the 20-digit 药品追溯码, may be empty
};
struct DispensedLine {
  Item item;
  std::vector<DispensedPack> packs;
};
struct DispenseReport {
  Prescription rx;
  std::vector<DispensedLine> lines;
  Instant handed_over_at;
  int window = 0;
  std::string pharmacist;
};

// RDS^O13: MSH, PID, then for each pack of each line an order group ORC (RE, the line's ORC-2), RXE, RXD
// (RXD-1 the pack's number within its line, RXD-2 GTIN, RXD-3 hand-over time, RXD-4 quantity 1, RXD-18 lot,
// RXD-19 expiry), and a ZTR (ZTR-1 serial, ZTR-2 traceability code) when the pack has either.
std::string write_rds_o13(const DispenseReport& report, const std::string& control_id, Instant now, const Zone& zone);

// The rejection: an order message with ORC-1=OC and the reason in ORC-16 (one ORC per line).
std::string write_order_rejection(const Prescription& rx, const std::string& reason, const std::string& control_id,
                                  Instant now, const Zone& zone);
// A cancellation by the pharmacy (a prescription not collected): the message of write_order_rejection with
// ORC-16 = `code`^`reason` ("NOT_COLLECTED" instead of "REJECTED").
std::string write_order_cancellation(const Prescription& rx, std::string_view code, const std::string& reason,
                                     const std::string& control_id, Instant now, const Zone& zone);
// The return of a prescription to its prescriber (退回医师) for a change or a confirmation (双签): the message of
// write_order_rejection with ORC-1=OH (order held) and ORC-5=HD (on hold), ORC-16 = RETURNED_TO_PRESCRIBER^`reason`.
std::string write_order_hold(const Prescription& rx, const std::string& reason, const std::string& control_id,
                             Instant now, const Zone& zone);
// The return of handed-over packs (退药), for the refund. HL7 v2.5 has no dispense-reversal event, and RDS
// requires ORC-1=RE, so this is write_rds_o13's message for the returned packs with RXD-3 the time of the
// return, RXD-4 -1 (a negative dispense: a credit) and RXD-9 "RETURNED: <reason>"; ORC-5 is "CA".
std::string write_dispense_return(const DispenseReport& returned, const std::string& reason,
                                  const std::string& control_id, Instant now, const Zone& zone);

// An RDE^O11 for a prescription (NW), as an HIS would send it: used by the demo's synthetic HIS and tests.
std::string write_rde_o11(const Prescription& rx, const std::string& control_id, Instant now, const Zone& zone);

// A DFT^P03 payment for a prescription number (FT1 field documented in docs/hl7.md).
std::string write_dft_p03(const std::string& prescription_no, Instant paid_at, const std::string& control_id,
                          const Zone& zone);

// The peer's answer to an outbound message: true when it accepts it (ACK or RRD^O14 with MSA-1 AA or CA and
// MSA-2 == control_id); false for AE/AR/CE/CR; error when unreadable.
Result<bool> peer_accepted(std::string_view reply, std::string_view control_id);

}  // namespace rx::hl7
