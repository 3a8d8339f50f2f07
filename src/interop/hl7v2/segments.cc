#include "interop/hl7v2/segments.h"

#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <cstdlib>
#include <string>

namespace rx::hl7 {
namespace {

std::string text(const SegmentView& s, int field, int comp = 1, int sub = 1) {
  return std::string(s.get(field, 1, comp, sub));
}

// CX-1 of the repetition of `field` whose CX-5 (identifier type) is NNCHN, the Chinese national person
// identifier of HL7 table 0203 (NN + ISO 3166 country code); else the first component of `fallback`.
std::string national_id(const SegmentView& s, int field, int fallback) {
  for (int rep = 1; rep <= s.repetition_count(field); ++rep) {
    if (s.get(field, rep, 5) == "NNCHN") return std::string(s.get(field, rep, 1));
  }
  return text(s, fallback);
}

CodedElement coded(const SegmentView& s, int field) {
  return CodedElement{text(s, field, 1), text(s, field, 2), text(s, field, 3)};
}

bool is_ascii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

Status expect_name(const SegmentView& s, std::string_view name) {
  if (s.name() == name) return Status::ok_status();
  return Status::invalid(fmt::format("expected a {} segment, found {}", name, s.name()), std::string(name));
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int to_int(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

// The date part (first 8 digits) of a DT or DTM field; empty field -> nullopt.
Result<std::optional<Date>> date_field(const SegmentView& s, int field) {
  std::string value = text(s, field);
  if (value.empty()) return std::optional<Date>();
  std::string position = fmt::format("{}-{}", s.name(), field);
  if (value.size() < 8 || !all_digits(std::string_view(value).substr(0, 8))) {
    return Status::invalid(fmt::format("{} \"{}\" is not a date; expected YYYYMMDD", position, value), position);
  }
  auto date = parse_date(std::string_view(value).substr(0, 8));
  if (!date.ok()) {
    return Status::invalid(fmt::format("{} \"{}\" is not a calendar date", position, value), position);
  }
  return std::optional<Date>(*date);
}

}  // namespace

std::string person_name(std::string_view family, std::string_view given) {
  if (family.empty()) return std::string(given);
  if (given.empty()) return std::string(family);
  std::string_view joiner = is_ascii(family) && is_ascii(given) ? " " : "";
  return fmt::format("{}{}{}", family, joiner, given);
}

Result<Msh> read_msh(const SegmentView& s) {
  TRY(expect_name(s, "MSH"));
  Msh m;
  m.sending_application = text(s, 3);
  m.sending_facility = text(s, 4);
  m.receiving_application = text(s, 5);
  m.receiving_facility = text(s, 6);
  m.date_time_of_message = text(s, 7);
  m.message_code = text(s, 9, 1);
  m.trigger_event = text(s, 9, 2);
  m.message_structure = text(s, 9, 3);
  m.message_control_id = text(s, 10);
  m.processing_id = text(s, 11);
  m.version_id = text(s, 12);
  m.character_set = text(s, 18);
  return m;
}

Result<Pid> read_pid(const SegmentView& s) {
  TRY(expect_name(s, "PID"));
  Pid p;
  p.patient_id = text(s, 3);
  p.family_name = text(s, 5, 1);
  p.given_name = text(s, 5, 2);
  p.date_of_birth = TRY(date_field(s, 7));
  p.administrative_sex = text(s, 8);
  p.national_id = national_id(s, 3, 19);
  return p;
}

Result<Nk1> read_nk1(const SegmentView& s) {
  TRY(expect_name(s, "NK1"));
  Nk1 k;
  k.name = person_name(s.get(2, 1, 1), s.get(2, 1, 2));
  k.relationship = text(s, 3, 2).empty() ? text(s, 3, 1) : text(s, 3, 2);
  k.contact_role = text(s, 7);
  k.national_id = national_id(s, 33, 37);
  return k;
}

Result<Pv1> read_pv1(const SegmentView& s) {
  TRY(expect_name(s, "PV1"));
  Pv1 v;
  v.patient_class = text(s, 2);
  v.assigned_location = text(s, 3);
  v.attending_doctor_id = text(s, 7, 1);
  v.attending_doctor_name = person_name(s.get(7, 1, 2), s.get(7, 1, 3));
  return v;
}

Result<Al1> read_al1(const SegmentView& s) {
  TRY(expect_name(s, "AL1"));
  return Al1{text(s, 2), coded(s, 3)};
}

Result<Orc> read_orc(const SegmentView& s) {
  TRY(expect_name(s, "ORC"));
  Orc o;
  o.order_control = text(s, 1);
  o.placer_order_number = text(s, 2);
  o.filler_order_number = text(s, 3);
  o.placer_group_number = text(s, 4);
  o.order_status = text(s, 5);
  o.quantity_timing_interval = text(s, 7, 2);
  o.quantity_timing_duration = text(s, 7, 3);
  o.date_time_of_transaction = text(s, 9);
  o.ordering_provider_id = text(s, 12, 1);
  o.ordering_provider_name = person_name(s.get(12, 1, 2), s.get(12, 1, 3));
  o.order_control_reason = coded(s, 16);
  return o;
}

Result<Rxo> read_rxo(const SegmentView& s) {
  TRY(expect_name(s, "RXO"));
  Rxo r;
  r.requested_give_code = coded(s, 1);
  r.requested_give_amount_minimum = text(s, 2);
  r.requested_give_units = text(s, 4);
  r.requested_dispense_amount = text(s, 11);
  r.requested_dispense_units = text(s, 12);
  return r;
}

Result<Rxe> read_rxe(const SegmentView& s) {
  TRY(expect_name(s, "RXE"));
  Rxe r;
  r.quantity_timing_interval = text(s, 1, 2);
  r.quantity_timing_duration = text(s, 1, 3);
  r.give_code = coded(s, 2);
  r.give_amount_minimum = text(s, 3);
  r.give_units = text(s, 5);
  r.dispense_amount = text(s, 10);
  r.dispense_units = text(s, 11);
  return r;
}

Result<Rxr> read_rxr(const SegmentView& s) {
  TRY(expect_name(s, "RXR"));
  return Rxr{text(s, 1)};
}

Result<Rxd> read_rxd(const SegmentView& s) {
  TRY(expect_name(s, "RXD"));
  Rxd r;
  std::string counter = text(s, 1);
  if (!counter.empty()) {
    if (!all_digits(counter) || counter.size() > 6) {
      return Status::invalid(fmt::format("RXD-1 \"{}\" is not a dispense counter; expected a whole number", counter),
                             "RXD-1");
    }
    r.dispense_sub_id_counter = to_int(counter);
  }
  r.dispense_give_code = coded(s, 2);
  r.date_time_dispensed = text(s, 3);
  r.actual_dispense_amount = text(s, 4);
  r.actual_dispense_units = text(s, 5);
  r.prescription_number = text(s, 7);
  r.substance_lot_number = text(s, 18);
  r.substance_expiration_date = TRY(date_field(s, 19));
  return r;
}

Result<Tq1> read_tq1(const SegmentView& s) {
  TRY(expect_name(s, "TQ1"));
  return Tq1{text(s, 3), text(s, 6, 1), text(s, 6, 2)};
}

Result<Err> read_err(const SegmentView& s) {
  TRY(expect_name(s, "ERR"));
  Err e;
  std::string segment = text(s, 2, 1);
  std::string field = text(s, 2, 3);
  e.error_location = field.empty() ? segment : fmt::format("{}-{}", segment, field);
  e.hl7_error_code = text(s, 3, 1);
  e.hl7_error_text = text(s, 3, 2);
  e.severity = text(s, 4);
  e.application_error_code = text(s, 5);
  e.diagnostic_information = text(s, 7);
  e.user_message = text(s, 8);
  return e;
}

Result<Instant> parse_dtm(std::string_view value, const Zone& zone, std::string_view position) {
  auto bad = [&](std::string_view why) {
    return Status::invalid(
        fmt::format("{} \"{}\" {}; expected YYYYMMDD[HHMM[SS[.SSS]]][+ZZZZ]", position, value, why),
        std::string(position));
  };
  std::string_view body = value;
  std::chrono::minutes offset = zone.offset();
  size_t sign = body.find_first_of("+-");
  if (sign != std::string_view::npos) {
    std::string_view zz = body.substr(sign + 1);
    if (zz.size() != 4 || !all_digits(zz)) return bad("has an offset that is not +HHMM or -HHMM");
    int hh = to_int(zz.substr(0, 2)), mm = to_int(zz.substr(2, 2));
    if (hh > 14 || mm > 59) return bad("has an offset out of range");
    offset = std::chrono::minutes(hh * 60 + mm) * (body[sign] == '-' ? -1 : 1);
    body = body.substr(0, sign);
  }
  std::string_view fraction;
  size_t dot = body.find('.');
  if (dot != std::string_view::npos) {
    fraction = body.substr(dot + 1);
    body = body.substr(0, dot);
    if (fraction.empty() || fraction.size() > 4 || !all_digits(fraction)) return bad("has a bad fraction of a second");
    if (body.size() != 14) return bad("has a fraction without seconds");
  }
  if (!all_digits(body)) return bad("is not a date and time");
  if (body.size() < 8) return bad("is not precise to the day");
  if (body.size() != 8 && body.size() != 10 && body.size() != 12 && body.size() != 14) {
    return bad("has an incomplete time");
  }
  auto date = parse_date(body.substr(0, 8));
  if (!date.ok()) return bad("is not a calendar date");
  int hour = body.size() >= 10 ? to_int(body.substr(8, 2)) : 0;
  int minute = body.size() >= 12 ? to_int(body.substr(10, 2)) : 0;
  int second = body.size() >= 14 ? to_int(body.substr(12, 2)) : 0;
  if (hour > 23 || minute > 59 || second > 59) return bad("has a time out of range");
  int millis = 0;
  if (!fraction.empty()) {
    std::string padded = std::string(fraction.substr(0, 3));
    padded.resize(3, '0');
    millis = to_int(padded);
  }
  Instant local = std::chrono::sys_days(*date) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
                  std::chrono::seconds(second) + std::chrono::milliseconds(millis);
  return local - offset;
}

std::string format_dtm(Instant t, const Zone& zone) {
  auto local = std::chrono::floor<std::chrono::seconds>(t + zone.offset());
  auto day = std::chrono::floor<std::chrono::days>(local);
  std::chrono::year_month_day ymd(day);
  std::chrono::hh_mm_ss hms(local - day);
  long offset = zone.offset().count();
  return fmt::format("{:04}{:02}{:02}{:02}{:02}{:02}{}{:02}{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), hms.hours().count(),
                     hms.minutes().count(), hms.seconds().count(), offset < 0 ? '-' : '+', std::abs(offset) / 60,
                     std::abs(offset) % 60);
}

}  // namespace rx::hl7
