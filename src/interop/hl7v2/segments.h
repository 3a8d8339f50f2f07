// Typed views of the segments a pharmacy reads and writes, named as HL7 v2
// names the fields. Each read_* takes a parsed segment of that name and fails with
// the position ("RXE-10") and the reason when a field cannot be read.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "interop/hl7v2/message_view.h"

namespace rx::hl7 {

// A coded element (CE/CWE): identifier, text, coding system.
struct CodedElement {
  std::string identifier;
  std::string text;
  std::string coding_system;
};

struct Msh {
  std::string sending_application;    // MSH-3.1
  std::string sending_facility;       // MSH-4.1
  std::string receiving_application;  // MSH-5.1
  std::string receiving_facility;     // MSH-6.1
  std::string date_time_of_message;   // MSH-7.1, as written
  std::string message_code;           // MSH-9.1
  std::string trigger_event;          // MSH-9.2
  std::string message_structure;      // MSH-9.3
  std::string message_control_id;     // MSH-10.1
  std::string processing_id;          // MSH-11.1
  std::string version_id;             // MSH-12.1
  std::string character_set;          // MSH-18.1
};

struct Pid {
  std::string patient_id;           // PID-3.1 of the first repetition
  std::string family_name;          // PID-5.1
  std::string given_name;           // PID-5.2
  std::optional<Date> date_of_birth;  // PID-7.1 (its first 8 digits)
  std::string administrative_sex;   // PID-8.1
  // The resident ID number (身份证号): PID-3.1 of the repetition whose PID-3.5
  // (identifier type) is NNCHN, else PID-19 (SSN), else empty.
  std::string national_id;
};

// NK1, next of kin / associated party: rxpress reads the agent (代办人) who
// collects for the patient from the NK1 whose contact role is kAgentContactRole.
inline constexpr std::string_view kAgentContactRole = "AGT";
struct Nk1 {
  std::string name;          // NK1-2.1 and NK1-2.2 (family, given), joined as person_name does
  std::string relationship;  // NK1-3.2 (text), else NK1-3.1 (HL7 table 0063 code)
  std::string contact_role;  // NK1-7.1
  // NK1-33.1 of the repetition whose NK1-33.5 is NNCHN, else NK1-37 (SSN), else empty.
  std::string national_id;
};

struct Pv1 {
  std::string patient_class;           // PV1-2.1
  std::string assigned_location;       // PV1-3.1 (point of care)
  std::string attending_doctor_id;     // PV1-7.1
  std::string attending_doctor_name;   // PV1-7.2 family, PV1-7.3 given, joined
};

struct Al1 {
  std::string allergen_type;   // AL1-2.1
  CodedElement allergen;       // AL1-3
};

struct Orc {
  std::string order_control;         // ORC-1.1: NW, CA, DC, SC, OC, RE ...
  std::string placer_order_number;   // ORC-2.1
  std::string filler_order_number;   // ORC-3.1
  std::string placer_group_number;   // ORC-4.1
  std::string order_status;          // ORC-5.1
  std::string quantity_timing_interval;  // ORC-7.2 (TQ interval, "QD")
  std::string quantity_timing_duration;  // ORC-7.3 (TQ duration, "D7")
  std::string date_time_of_transaction;  // ORC-9.1, as written
  std::string ordering_provider_id;      // ORC-12.1
  std::string ordering_provider_name;    // ORC-12.2 family, ORC-12.3 given, joined
  CodedElement order_control_reason;     // ORC-16
};

struct Rxo {
  CodedElement requested_give_code;   // RXO-1
  std::string requested_give_amount_minimum;  // RXO-2.1
  std::string requested_give_units;   // RXO-4.1
  std::string requested_dispense_amount;  // RXO-11.1
  std::string requested_dispense_units;   // RXO-12.1
};

struct Rxe {
  std::string quantity_timing_interval;  // RXE-1.2
  std::string quantity_timing_duration;  // RXE-1.3
  CodedElement give_code;                // RXE-2
  std::string give_amount_minimum;       // RXE-3.1
  std::string give_units;                // RXE-5.1
  std::string dispense_amount;           // RXE-10.1
  std::string dispense_units;            // RXE-11.1
};

struct Rxr {
  std::string route;  // RXR-1.1
};

struct Rxd {
  int dispense_sub_id_counter = 0;   // RXD-1
  CodedElement dispense_give_code;   // RXD-2 (the GTIN, coding system "GTIN")
  std::string date_time_dispensed;   // RXD-3.1
  std::string actual_dispense_amount;  // RXD-4.1
  std::string actual_dispense_units;   // RXD-5.1
  std::string prescription_number;     // RXD-7
  std::string substance_lot_number;    // RXD-18.1
  std::optional<Date> substance_expiration_date;  // RXD-19.1
};

struct Tq1 {
  std::string repeat_pattern;    // TQ1-3.1
  std::string service_duration;  // TQ1-6.1 ("7"), unit in TQ1-6.2 ("D")
  std::string service_duration_unit;  // TQ1-6.2
};

struct Err {
  std::string error_location;          // ERR-2 (segment^sequence^field), joined "RXE-2"
  std::string hl7_error_code;          // ERR-3.1
  std::string hl7_error_text;          // ERR-3.2
  std::string severity;                // ERR-4.1: E, W, I
  std::string application_error_code;  // ERR-5.1
  std::string diagnostic_information;  // ERR-7.1
  std::string user_message;            // ERR-8.1
};

// Each reads the segment of its name; an error names the segment and field.
Result<Msh> read_msh(const SegmentView& segment);
Result<Pid> read_pid(const SegmentView& segment);
Result<Pv1> read_pv1(const SegmentView& segment);
Result<Al1> read_al1(const SegmentView& segment);
Result<Nk1> read_nk1(const SegmentView& segment);
Result<Orc> read_orc(const SegmentView& segment);
Result<Rxo> read_rxo(const SegmentView& segment);
Result<Rxe> read_rxe(const SegmentView& segment);
Result<Rxr> read_rxr(const SegmentView& segment);
Result<Rxd> read_rxd(const SegmentView& segment);
Result<Tq1> read_tq1(const SegmentView& segment);
Result<Err> read_err(const SegmentView& segment);

// A person's name from its family and given parts: "DOE JANE" with a space
// between ASCII parts, "张三" without one between Chinese parts.
std::string person_name(std::string_view family, std::string_view given);

// An HL7 DTM ("YYYY[MM[DD[HH[MM[SS[.S+]]]]]][+/-ZZZZ]") as an instant; without
// an offset it is read in `zone`. `position` names the field in errors.
Result<Instant> parse_dtm(std::string_view text, const Zone& zone, std::string_view position);
// A DTM of an instant in `zone`, to the second, with its offset: "20260329091200+0800".
std::string format_dtm(Instant t, const Zone& zone);

}  // namespace rx::hl7
