#include "interop/hl7v2/inbound.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "core/control_character.h"
#include "interop/hl7v2/charset.h"
#include "interop/hl7v2/parser.h"
#include "interop/hl7v2/segments.h"

namespace rx::hl7 {
namespace {

// Inside this file a refusal travels as a Status: reason() is the InboundError
// code and field() the location, with "@n" naming the n-th segment of that
// name. Which codes answer AE is decided once, in to_error().
constexpr std::array<std::string_view, 4> kApplicationErrors = {"MAX_ITEMS", "UNKNOWN_DRUG", "MISSING_SEGMENT",
                                                                "BAD_NUMBER"};
constexpr int kMaxDays = 3650;

Status refuse(std::string_view code, std::string text, std::string location, int sequence = 0) {
  if (sequence > 0) location += fmt::format("@{}", sequence);
  return Status::invalid(std::move(text), std::move(location)).with_reason(std::string(code));
}

InboundError to_error(const Status& status, std::string_view fallback_code) {
  InboundError error;
  error.code = status.reason().empty() ? std::string(fallback_code) : status.reason();
  bool application =
      std::find(kApplicationErrors.begin(), kApplicationErrors.end(), error.code) != kApplicationErrors.end();
  error.ack = application ? AckCode::kError : AckCode::kReject;
  error.text = status.message();
  error.location = status.field();
  size_t at = error.location.find('@');
  if (at != std::string::npos) {
    std::from_chars(error.location.data() + at + 1, error.location.data() + error.location.size(), error.sequence);
    error.location.resize(at);
  }
  return error;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// A segment with its place among the segments of the same name (1 = first).
struct Placed {
  std::optional<SegmentView> segment;
  int sequence = 0;
};

// One ORC and the segments that follow it up to the next ORC.
struct OrderGroup {
  Placed orc, rxe, rxo, rxr, tq1;
};

std::string position(std::string_view segment, int field) { return fmt::format("{}-{}", segment, field); }

// Header fields that are not UTF-8 (a GB 18030 message whose body failed to
// decode) are dropped rather than echoed into the ACK.
MessageHeader utf8_only(MessageHeader h) {
  for (std::string* s : {&h.control_id, &h.message_type, &h.sending_application, &h.sending_facility,
                         &h.receiving_application, &h.receiving_facility, &h.version, &h.processing_id,
                         &h.character_set}) {
    if (!is_valid_utf8(*s)) s->clear();
  }
  return h;
}

Status check_version(std::string_view version) {
  if (is_accepted_version(version)) return Status::ok_status();
  return refuse("BAD_VERSION",
                fmt::format("MSH-12 \"{}\" is a version this receiver does not read; expected 2.3 to 2.8", version),
                "MSH-12");
}

// Every value must be text: UTF-8, as every prescription, patient and event is
// stored and written, and without a control character (core/control_character.h).
// The charset check of the message as received sees neither an escape \X..\,
// which stands for raw bytes, nor a control byte sent as it is; so a message
// holding either has its values read one by one, to name the field.
Status check_field_text(const MessageView& m, std::string_view text) {
  const char hex_escape[] = {m.encoding().escape, 'X'};
  const bool escapes = text.find(std::string_view(hex_escape, 2)) != std::string_view::npos;
  if (!escapes && !control_character(text)) return Status::ok_status();
  std::map<std::string, int> seen;  // segments of each name so far
  for (size_t i = 0; i < m.segment_count(); ++i) {
    SegmentView s = m.segment(i);
    int sequence = ++seen[std::string(s.name())];
    for (int f = 1; f <= s.field_count(); ++f) {
      std::string_view raw = s.raw_field(f);
      if (raw.find(m.encoding().escape) == std::string_view::npos && !control_character(raw)) continue;
      for (int r = 1; r <= s.repetition_count(f); ++r) {
        for (int c = 1; c <= s.component_count(f, r); ++c) {
          for (int sub = 1; sub <= s.subcomponent_count(f, r, c); ++sub) {
            const std::string_view value = s.get(f, r, c, sub);
            std::optional<unsigned char> control = control_character(value);
            if (is_valid_utf8(value) && !control) continue;
            std::string where = position(s.name(), f);
            if (control) {
              return refuse("BAD_CHARSET",
                            fmt::format("{} holds the control character 0x{:02X}, as a byte or a hex escape "
                                        "(\\X..\\); expected text",
                                        where, *control),
                            where, sequence);
            }
            return refuse("BAD_CHARSET",
                          fmt::format("{} holds an escape sequence (\\X..\\) whose bytes are not UTF-8; "
                                      "expected hex escapes to spell UTF-8 text",
                                      where),
                          where, sequence);
          }
        }
      }
    }
  }
  return Status::ok_status();
}

enum class Kind { kOrder, kPatient, kPayment };

Result<Kind> message_kind(const MessageHeader& h) {
  const std::string& t = h.message_type;
  if (t == "RDE^O11" || t == "OMP^O09" || t == "ORM^O01" || t == "RDE^O25") return Kind::kOrder;
  if (t == "ADT^A01" || t == "ADT^A04" || t == "ADT^A08") return Kind::kPatient;
  if (t == "DFT^P03") return Kind::kPayment;
  return refuse("UNSUPPORTED_TYPE",
                fmt::format("MSH-9 \"{}\" is not a message type this pharmacy takes; expected RDE^O11, RDE^O25, "
                            "OMP^O09, ORM^O01, ADT^A01, ADT^A04, ADT^A08 or DFT^P03",
                            t),
                "MSH-9");
}

// Errors of the typed segment views are unreadable fields: AR.
template <class T>
Result<T> field_read(Result<T> read) {
  if (read.ok() || !read.status().reason().empty()) return read;
  Status status = read.status();
  return std::move(status).with_reason("BAD_FIELD");
}

// ---- patient -------------------------------------------------------------

Result<std::string> read_sex(const Pid& pid) {
  std::string sex = upper(pid.administrative_sex);
  if (sex.empty() || sex == "M" || sex == "F" || sex == "O" || sex == "U") return sex;
  // HL7 table 0001 also has A (ambiguous) and N (not applicable).
  if (sex == "A") return std::string("O");
  if (sex == "N") return std::string("U");
  return refuse("BAD_FIELD",
                fmt::format("PID-8 \"{}\" is not a sex; expected M, F, O, U, A or N", pid.administrative_sex),
                "PID-8");
}

Result<Patient> read_patient(const MessageView& m) {
  std::optional<SegmentView> segment = m.first_segment("PID");
  if (!segment) return refuse("MALFORMED", "the message has no PID segment; it names no patient", "PID");
  Pid pid = TRY(field_read(read_pid(*segment)));
  if (pid.patient_id.empty()) {
    return refuse("BAD_FIELD", "PID-3 (patient identifier) is empty; expected the patient's id in PID-3.1", "PID-3");
  }
  Patient patient;
  patient.id = PatientId(pid.patient_id);
  patient.name = person_name(pid.family_name, pid.given_name);
  patient.birth_date = pid.date_of_birth;
  patient.sex = TRY(read_sex(pid));
  if (!pid.national_id.empty()) patient.id_number = pid.national_id;
  for (const SegmentView& s : m.segments("NK1")) {
    Nk1 nk1 = TRY(field_read(read_nk1(s)));
    if (nk1.contact_role != kAgentContactRole) continue;
    if (!nk1.name.empty()) patient.agent_name = nk1.name;
    patient.agent_relationship = nk1.relationship;
    if (!nk1.national_id.empty()) patient.agent_id_number = nk1.national_id;
    break;
  }
  for (const SegmentView& s : m.segments("AL1")) {
    Al1 al1 = TRY(field_read(read_al1(s)));
    if (!al1.allergen.identifier.empty()) patient.allergies.push_back(al1.allergen.identifier);
  }
  return patient;
}

// ---- order groups --------------------------------------------------------

Result<std::vector<OrderGroup>> order_groups(const MessageView& m) {
  std::vector<OrderGroup> groups;
  std::map<std::string, int> seen;  // segments of each name so far
  for (size_t i = 0; i < m.segment_count(); ++i) {
    SegmentView s = m.segment(i);
    std::string_view name = s.name();
    Placed placed{s, ++seen[std::string(name)]};
    if (name == "ORC") {
      groups.push_back(OrderGroup{placed});
      continue;
    }
    bool order_segment = name == "RXE" || name == "RXO" || name == "RXR" || name == "TQ1";
    if (!order_segment) continue;
    if (groups.empty()) {
      if (name == "TQ1") continue;  // may time a group-less message; it orders nothing
      return refuse("MISSING_SEGMENT",
                    fmt::format("{} (the {} segment of its name) comes before any ORC; each order group starts "
                                "with an ORC",
                                name, placed.sequence),
                    "ORC");
    }
    OrderGroup& g = groups.back();
    Placed* slot = name == "RXE" ? &g.rxe : name == "RXO" ? &g.rxo : name == "RXR" ? &g.rxr : &g.tq1;
    if (slot->segment) {
      if (name == "RXR" || name == "TQ1") continue;  // the first one describes the line
      // A second drug without its own ORC would be a line nobody numbered.
      return refuse("MISSING_SEGMENT",
                    fmt::format("order group {} holds a second {}; each drug needs its own ORC", groups.size(),
                                name),
                    "ORC", g.orc.sequence);
    }
    *slot = placed;
  }
  if (groups.empty()) {
    return refuse("MISSING_SEGMENT", "the message has no ORC segment; an order needs one ORC per drug", "ORC");
  }
  return groups;
}

// A decimal greater than zero in `unit`.
Result<Quantity> amount(std::string_view text, Unit unit, std::string_view segment, int field, int sequence,
                        std::string_view what) {
  std::string where = position(segment, field);
  if (text.empty()) {
    return refuse("BAD_NUMBER", fmt::format("{} ({}) is empty; expected a number", where, what), where, sequence);
  }
  auto q = Quantity::parse(text, unit);
  if (!q.ok()) {
    return refuse("BAD_NUMBER",
                  fmt::format("{} ({}) \"{}\" is not a number; {}", where, what, text, q.status().message()), where,
                  sequence);
  }
  if (!q->positive()) {
    return refuse("BAD_NUMBER", fmt::format("{} ({}) is {}; expected a number greater than 0", where, what, text),
                  where, sequence);
  }
  return *q;
}

Result<Unit> unit_of(std::string_view text, std::string_view segment, int field, int sequence) {
  std::string where = position(segment, field);
  auto unit = parse_unit(text);
  if (!unit.ok()) {
    return refuse("BAD_FIELD", fmt::format("{} \"{}\" is not a unit; {}", where, text, unit.status().message()),
                  where, sequence);
  }
  return *unit;
}

Result<std::optional<Frequency>> frequency_of(std::string_view text, std::string_view where, int sequence) {
  if (text.empty()) return std::optional<Frequency>();
  auto f = parse_frequency(text);
  if (!f.ok()) return refuse("BAD_FIELD", fmt::format("{}: {}", where, f.status().message()), std::string(where), sequence);
  return std::optional<Frequency>(*f);
}

Result<int> whole_days(std::string_view digits, int factor, std::string_view where, int sequence,
                       std::string_view shown) {
  int n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
    return refuse("BAD_NUMBER", fmt::format("{} \"{}\" is not a whole number of days", where, shown),
                  std::string(where), sequence);
  }
  if (n < 1 || n * static_cast<int64_t>(factor) > kMaxDays) {
    return refuse("BAD_FIELD", fmt::format("{} \"{}\": expected 1 to {} days", where, shown, kMaxDays),
                  std::string(where), sequence);
  }
  return n * factor;
}

// A TQ duration as RXE-1.3 and ORC-7.3 write it: "D7" (days) or "W2" (weeks).
Result<std::optional<int>> tq_duration(std::string_view text, std::string_view where, int sequence) {
  if (text.empty()) return std::optional<int>();
  char u = static_cast<char>(text[0] & ~0x20);
  if (u != 'D' && u != 'W') {
    return refuse("BAD_FIELD",
                  fmt::format("{} \"{}\" is not a duration this pharmacy reads; expected D<days> or W<weeks>, "
                              "as in D7",
                              where, text),
                  std::string(where), sequence);
  }
  return std::optional<int>(TRY(whole_days(text.substr(1), u == 'W' ? 7 : 1, where, sequence, text)));
}

Result<std::optional<int>> tq1_duration(const Tq1& tq1, int sequence) {
  if (tq1.service_duration.empty()) return std::optional<int>();
  std::string u = upper(tq1.service_duration_unit);
  bool days = u.empty() || u == "D" || u == "DAY" || u == "DAYS";
  bool weeks = u == "W" || u == "WK" || u == "WEEK" || u == "WEEKS";
  if (!days && !weeks) {
    return refuse("BAD_FIELD",
                  fmt::format("TQ1-6.2 \"{}\" is not a duration unit this pharmacy reads; expected D (days) or W "
                              "(weeks)",
                              tq1.service_duration_unit),
                  "TQ1-6", sequence);
  }
  int factor = weeks ? 7 : 1;
  return std::optional<int>(TRY(whole_days(tq1.service_duration, factor, "TQ1-6", sequence, tq1.service_duration)));
}

Result<Item> read_item(const OrderGroup& g, const Formulary& formulary) {
  Orc orc = TRY(field_read(read_orc(*g.orc.segment)));
  Item item;
  item.placer_order_no = orc.placer_order_number;
  const bool encoded = g.rxe.segment.has_value();
  const Placed& rx_segment = encoded ? g.rxe : g.rxo;
  const std::string seg = encoded ? "RXE" : "RXO";
  const int seq = rx_segment.sequence;

  // What the order says, from RXE, or from RXO for an order not yet encoded.
  std::string code, dose_amount, dose_unit, dispense_amount, dispense_unit, interval, duration;
  int code_field, dose_field, dose_unit_field, dispense_field, dispense_unit_field;
  std::string interval_where, duration_where;
  int timing_seq = seq;
  if (encoded) {
    Rxe rxe = TRY(field_read(read_rxe(*g.rxe.segment)));
    code = rxe.give_code.identifier;
    dose_amount = rxe.give_amount_minimum, dose_unit = rxe.give_units;
    dispense_amount = rxe.dispense_amount, dispense_unit = rxe.dispense_units;
    interval = rxe.quantity_timing_interval, duration = rxe.quantity_timing_duration;
    code_field = 2, dose_field = 3, dose_unit_field = 5, dispense_field = 10, dispense_unit_field = 11;
    interval_where = "RXE-1.2", duration_where = "RXE-1.3";
  } else {
    Rxo rxo = TRY(field_read(read_rxo(*g.rxo.segment)));
    code = rxo.requested_give_code.identifier;
    dose_amount = rxo.requested_give_amount_minimum, dose_unit = rxo.requested_give_units;
    dispense_amount = rxo.requested_dispense_amount, dispense_unit = rxo.requested_dispense_units;
    interval = orc.quantity_timing_interval, duration = orc.quantity_timing_duration;
    code_field = 1, dose_field = 2, dose_unit_field = 4, dispense_field = 11, dispense_unit_field = 12;
    interval_where = "ORC-7.2", duration_where = "ORC-7.3";
    timing_seq = g.orc.sequence;
  }

  std::string code_where = position(seg, code_field);
  if (code.empty()) {
    return refuse("UNKNOWN_DRUG", fmt::format("{} (drug code) is empty; expected a formulary code or a GTIN", code_where),
                  code_where, seq);
  }
  const Drug* drug = formulary.resolve(code);
  if (drug == nullptr) {
    return refuse("UNKNOWN_DRUG",
                  fmt::format("{} \"{}\" is not in the formulary; expected a formulary code (as D0001) or the GTIN "
                              "of a formulary drug",
                              code_where, code),
                  code_where, seq);
  }
  item.drug = drug->code;

  if (!dose_amount.empty()) {
    TRY(amount(dose_amount, Unit::kPack, seg, dose_field, seq, "give amount"));
    if (dose_unit.empty()) {
      std::string where = position(seg, dose_unit_field);
      return refuse("BAD_FIELD",
                    fmt::format("{} (give units) is empty; the dose {} in {}-{} needs its unit, as mg", where,
                                dose_amount, seg, dose_field),
                    where, seq);
    }
    Unit unit = TRY(unit_of(dose_unit, seg, dose_unit_field, seq));
    item.dose = TRY(amount(dose_amount, unit, seg, dose_field, seq, "give amount"));
  }
  // Without a unit the dispense amount counts the drug's packs (盒, 瓶, 支).
  Unit dispense = dispense_unit.empty() ? drug->pack_unit : TRY(unit_of(dispense_unit, seg, dispense_unit_field, seq));
  item.quantity = TRY(amount(dispense_amount, dispense, seg, dispense_field, seq, "dispense amount"));

  std::optional<Tq1> tq1;
  if (g.tq1.segment.has_value()) tq1 = TRY(field_read(read_tq1(*g.tq1.segment)));
  if (tq1 && !tq1->repeat_pattern.empty()) {
    item.frequency = TRY(frequency_of(tq1->repeat_pattern, "TQ1-3", g.tq1.sequence));
  } else {
    item.frequency = TRY(frequency_of(interval, interval_where, timing_seq));
  }
  if (tq1 && !tq1->service_duration.empty()) {
    item.days = TRY(tq1_duration(*tq1, g.tq1.sequence));
  } else {
    item.days = TRY(tq_duration(duration, duration_where, timing_seq));
  }
  if (g.rxr.segment.has_value()) item.route = lower(TRY(field_read(read_rxr(*g.rxr.segment))).route);
  return item;
}

// ---- actions -------------------------------------------------------------

Result<Instant> instant_of(std::string_view text, std::string_view where, const Zone& zone) {
  auto t = parse_dtm(text, zone, where);
  if (!t.ok()) return refuse("BAD_FIELD", t.status().message(), std::string(where));
  return *t;
}

Result<Visit> read_visit(const MessageView& m) {
  Visit visit;
  std::optional<SegmentView> segment = m.first_segment("PV1");
  if (!segment) return visit;
  Pv1 pv1 = TRY(field_read(read_pv1(*segment)));
  std::string type = upper(pv1.patient_class);
  if (type == "E") {
    visit.type = VisitType::kEmergency;
  } else if (!type.empty() && type != "O") {
    return refuse("BAD_FIELD",
                  fmt::format("PV1-2 \"{}\" is not a patient class this outpatient pharmacy serves; expected O "
                              "(outpatient) or E (emergency)",
                              pv1.patient_class),
                  "PV1-2");
  }
  visit.department = pv1.assigned_location;
  return visit;
}

// ORC-4.1, else ORC-2.1 of the first group; every group must agree on ORC-4.
Result<std::string> prescription_no_of(const std::vector<OrderGroup>& groups) {
  Orc first = TRY(field_read(read_orc(*groups[0].orc.segment)));
  for (size_t i = 1; i < groups.size(); ++i) {
    Orc other = TRY(field_read(read_orc(*groups[i].orc.segment)));
    if (other.placer_group_number != first.placer_group_number) {
      return refuse("BAD_FIELD",
                    fmt::format("ORC-4 of order group {} is \"{}\" but \"{}\" in group 1; one message carries one "
                                "prescription",
                                i + 1, other.placer_group_number, first.placer_group_number),
                    "ORC-4", groups[i].orc.sequence);
    }
  }
  std::string no = first.placer_group_number.empty() ? first.placer_order_number : first.placer_group_number;
  if (no.empty()) {
    return refuse("BAD_FIELD", "ORC-4 and ORC-2 are both empty; expected the prescription number in ORC-4.1", "ORC-4",
                  groups[0].orc.sequence);
  }
  return no;
}

Result<InboundAction> read_order(const MessageView& m, const Msh& msh, const Formulary& formulary, const Zone& zone) {
  std::vector<OrderGroup> groups = TRY(order_groups(m));
  Orc first = TRY(field_read(read_orc(*groups[0].orc.segment)));
  std::string control = upper(first.order_control);
  for (size_t i = 1; i < groups.size(); ++i) {
    std::string other(upper(groups[i].orc.segment->get(1)));
    if (other != control) {
      return refuse("BAD_FIELD",
                    fmt::format("ORC-1 of order group {} is \"{}\" but \"{}\" in group 1; the lines of one "
                                "prescription share one order control",
                                i + 1, other, control),
                    "ORC-1", groups[i].orc.sequence);
    }
  }
  if (control == "CA" || control == "DC") {
    CancelOrder cancel;
    cancel.prescription_no = TRY(prescription_no_of(groups));
    cancel.control = control;
    const CodedElement& reason = first.order_control_reason;
    cancel.reason = reason.text.empty() ? reason.identifier : reason.text;
    return InboundAction(std::move(cancel));
  }
  if (control != "NW") {
    return refuse("UNSUPPORTED_CONTROL",
                  fmt::format("ORC-1 \"{}\" is not an order control this pharmacy takes; expected NW (new order), "
                              "CA (cancel) or DC (discontinue)",
                              first.order_control),
                  "ORC-1", groups[0].orc.sequence);
  }
  if (groups.size() > static_cast<size_t>(kMaxOrderGroups)) {
    return refuse("MAX_ITEMS",
                  fmt::format("the message has {} order groups (ORC); a prescription holds at most {} lines",
                              groups.size(), kMaxOrderGroups),
                  "ORC", groups[kMaxOrderGroups].orc.sequence);
  }
  for (size_t i = 0; i < groups.size(); ++i) {
    if (!groups[i].rxe.segment && !groups[i].rxo.segment) {
      return refuse("MISSING_SEGMENT",
                    fmt::format("order group {} (ORC-2 \"{}\") has neither RXE nor RXO; expected the drug in RXE",
                                i + 1, groups[i].orc.segment->get(2)),
                    "ORC", groups[i].orc.sequence);
    }
  }
  NewOrder order;
  Prescription& rx = order.rx;
  for (const OrderGroup& g : groups) rx.items.push_back(TRY(read_item(g, formulary)));
  rx.prescription_no = TRY(prescription_no_of(groups));
  if (!first.date_time_of_transaction.empty()) {
    rx.issued_at = TRY(instant_of(first.date_time_of_transaction, "ORC-9", zone));
  } else if (!msh.date_time_of_message.empty()) {
    rx.issued_at = TRY(instant_of(msh.date_time_of_message, "MSH-7", zone));
  } else {
    return refuse("BAD_FIELD", "ORC-9 and MSH-7 are both empty; expected when the prescription was issued", "ORC-9");
  }
  rx.patient = TRY(read_patient(m));
  rx.visit = TRY(read_visit(m));
  rx.prescriber = Prescriber{first.ordering_provider_id, first.ordering_provider_name};
  return InboundAction(std::move(order));
}

Result<InboundAction> read_payment(const MessageView& m, const Msh& msh, const Zone& zone) {
  std::vector<SegmentView> ft1s = m.segments("FT1");
  if (ft1s.empty()) return refuse("MALFORMED", "the DFT^P03 has no FT1 segment; FT1-23 names what was paid", "FT1");
  PaymentNotice payment;
  for (size_t i = 0; i < ft1s.size(); ++i) {
    std::string type(upper(ft1s[i].get(6)));
    if (!type.empty() && type != "PY" && type != "CG") {
      return refuse("BAD_FIELD",
                    fmt::format("FT1-6 \"{}\" is not a payment; expected PY (payment) or CG (charge paid)", type),
                    "FT1-6", static_cast<int>(i) + 1);
    }
    std::string no(ft1s[i].get(23));
    if (no.empty()) {
      return refuse("BAD_FIELD", "FT1-23 is empty; expected the prescription number (ORC-4 of its order) in FT1-23.1",
                    "FT1-23", static_cast<int>(i) + 1);
    }
    if (i == 0) {
      payment.prescription_no = no;
    } else if (no != payment.prescription_no) {
      return refuse("BAD_FIELD",
                    fmt::format("FT1-23 \"{}\" differs from \"{}\" in the first FT1; send one DFT^P03 per "
                                "prescription",
                                no, payment.prescription_no),
                    "FT1-23", static_cast<int>(i) + 1);
    }
  }
  std::string_view paid(ft1s[0].get(4));
  if (!paid.empty()) {
    payment.paid_at = TRY(instant_of(paid, "FT1-4", zone));
  } else if (!msh.date_time_of_message.empty()) {
    payment.paid_at = TRY(instant_of(msh.date_time_of_message, "MSH-7", zone));
  }
  return InboundAction(std::move(payment));
}

Result<InboundAction> read_action(const MessageView& m, Kind kind, const Formulary& formulary, const Zone& zone) {
  Msh msh = TRY(field_read(read_msh(m.segment(0))));
  if (kind == Kind::kOrder) return read_order(m, msh, formulary, zone);
  if (kind == Kind::kPatient) return InboundAction(PatientUpdate{TRY(read_patient(m))});
  return read_payment(m, msh, zone);
}

uint64_t fnv1a(uint64_t hash, char c) {
  hash ^= static_cast<unsigned char>(c);
  return hash * 0x100000001b3ULL;
}

}  // namespace

MessageHeader header_of(const Msh& msh) {
  MessageHeader h;
  h.control_id = msh.message_control_id;
  h.message_type = msh.trigger_event.empty() ? msh.message_code : msh.message_code + "^" + msh.trigger_event;
  h.sending_application = msh.sending_application;
  h.sending_facility = msh.sending_facility;
  h.receiving_application = msh.receiving_application;
  h.receiving_facility = msh.receiving_facility;
  h.version = msh.version_id;
  h.processing_id = msh.processing_id;
  h.character_set = msh.character_set;
  return h;
}

std::string_view ack_code_name(AckCode code) {
  switch (code) {
    case AckCode::kAccept:
      return "AA";
    case AckCode::kError:
      return "AE";
    case AckCode::kReject:
      return "AR";
  }
  return "AR";
}

bool is_accepted_version(std::string_view version) {
  return version.size() >= 3 && version[0] == '2' && version[1] == '.' && version[2] >= '3' && version[2] <= '8' &&
         (version.size() == 3 || version[3] == '.');
}

AckCode Inbound::ack() const {
  if (error) return error->ack;
  return action ? AckCode::kAccept : AckCode::kReject;
}

std::string message_digest(std::string_view text) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  bool pending_break = false;  // a separator is written only when text follows it
  bool started = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\r' || c == '\n') {
      pending_break = started;
      continue;
    }
    if (pending_break) hash = fnv1a(hash, '\r');
    pending_break = false;
    started = true;
    hash = fnv1a(hash, c);
  }
  return fmt::format("{:016x}", hash);
}

Inbound read_inbound(std::string_view bytes, const Formulary& formulary, const Zone& zone) {
  Inbound in;
  auto decoded = decode_to_utf8(bytes);
  in.digest = message_digest(decoded.ok() ? std::string_view(*decoded) : bytes);
  std::string_view text = decoded.ok() ? std::string_view(*decoded) : bytes;

  // MSH first: the ACK can echo MSH-10 whatever is wrong further on.
  auto header = parse_hl7_header(text);
  if (!header.ok()) {
    in.error = to_error(header.status(), "MALFORMED");
    return in;
  }
  Msh msh = read_msh(header->segment(0)).value();
  in.header = decoded.ok() ? header_of(msh) : utf8_only(header_of(msh));
  if (!decoded.ok()) {
    in.error = to_error(decoded.status(), "BAD_CHARSET");
    return in;
  }
  if (in.header->control_id.empty()) {
    in.error = to_error(refuse("MISSING_CONTROL_ID",
                               "MSH-10 (message control ID) is empty; every message needs its own control ID",
                               "MSH-10"),
                        "MISSING_CONTROL_ID");
    return in;
  }
  Status version = check_version(in.header->version);
  if (!version.ok()) {
    in.error = to_error(version, "BAD_VERSION");
    return in;
  }
  auto kind = message_kind(*in.header);
  if (!kind.ok()) {
    in.error = to_error(kind.status(), "UNSUPPORTED_TYPE");
    return in;
  }
  auto message = parse_hl7_view(text);
  if (!message.ok()) {
    in.error = to_error(message.status(), "MALFORMED");
    return in;
  }
  if (Status field_text = check_field_text(*message, text); !field_text.ok()) {
    in.error = to_error(field_text, "BAD_CHARSET");
    return in;
  }
  auto action = read_action(*message, *kind, formulary, zone);
  if (!action.ok()) {
    in.error = to_error(action.status(), "MALFORMED");
    return in;
  }
  in.action = std::move(action).value();
  return in;
}

}  // namespace rx::hl7
