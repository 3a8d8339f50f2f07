#include "interop/hl7v2/outbound.h"

#include <fmt/format.h>

#include "interop/hl7v2/charset.h"
#include "interop/hl7v2/header_builder.h"
#include "interop/hl7v2/parser.h"
#include "interop/hl7v2/segments.h"
#include "interop/hl7v2/writer.h"

namespace rx::hl7 {
namespace {

constexpr std::string_view kFormularyCodingSystem = "RXPRESS";

std::string date_text(Date d) {
  return fmt::format("{:04}{:02}{:02}", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                     static_cast<unsigned>(d.day()));
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

OutboundHeader header(std::string code, std::string trigger, std::string structure, const std::string& control_id) {
  OutboundHeader h;
  h.message_code = std::move(code);
  h.trigger_event = std::move(trigger);
  h.message_structure = std::move(structure);
  h.control_id = control_id;
  return h;
}

// PID-3 id, PID-5 name (in PID-5.1: rxpress keeps a name as one text), PID-7, PID-8.
Segment pid_segment(const Patient& p) {
  Segment pid{"PID", {}};
  set(pid, 1, "1");
  set(pid, 3, p.id.value());
  set(pid, 5, p.name);
  if (p.birth_date) set(pid, 7, date_text(*p.birth_date));
  set(pid, 8, p.sex);
  return pid;
}

Segment orc_segment(std::string_view control, const Item& item, const Prescription& rx) {
  Segment orc{"ORC", {}};
  set(orc, 1, std::string(control));
  set(orc, 2, item.placer_order_no);
  set(orc, 4, rx.prescription_no);
  return orc;
}

// RXE-2 drug, RXE-3/5 dose, RXE-10/11 quantity.
Segment rxe_segment(const Item& item) {
  Segment rxe{"RXE", {}};
  set(rxe, 2, item.drug.value(), 1, 1);
  set(rxe, 2, std::string(kFormularyCodingSystem), 1, 3);
  if (item.dose) {
    set(rxe, 3, item.dose->amount_string());
    set(rxe, 5, std::string(unit_symbol(item.dose->unit())));
  }
  set(rxe, 10, item.quantity.amount_string());
  set(rxe, 11, std::string(unit_symbol(item.quantity.unit())));
  return rxe;
}

// TQ1-3 frequency (upper case, as HIS write it), TQ1-6 days.
Segment tq1_segment(const Item& item) {
  Segment tq1{"TQ1", {}};
  set(tq1, 1, "1");
  if (item.frequency) set(tq1, 3, upper(frequency_code(*item.frequency)));
  if (item.days) {
    set(tq1, 6, std::to_string(*item.days), 1, 1);
    set(tq1, 6, "D", 1, 2);
  }
  return tq1;
}

Segment rxr_segment(const Item& item) {
  Segment rxr{"RXR", {}};
  set(rxr, 1, item.route);
  return rxr;
}

Segment rxo_segment(const Item& item) {
  Segment rxo{"RXO", {}};
  set(rxo, 1, item.drug.value(), 1, 1);
  set(rxo, 1, std::string(kFormularyCodingSystem), 1, 3);
  if (item.dose) {
    set(rxo, 2, item.dose->amount_string());
    set(rxo, 4, std::string(unit_symbol(item.dose->unit())));
  }
  set(rxo, 11, item.quantity.amount_string());
  set(rxo, 12, std::string(unit_symbol(item.quantity.unit())));
  return rxo;
}

// An RDS^O13 with one order group per pack: a dispense (amount "1") or its
// return (amount "-1", with `notes` in RXD-9).
std::string rds_message(const DispenseReport& report, const std::string& control_id, Instant now, const Zone& zone,
                        bool returned, const std::string& notes) {
  const Prescription& rx = report.rx;
  Message m = start_message(make_msh(header("RDS", "O13", "RDS_O13", control_id), now, zone));
  m.segments.push_back(pid_segment(rx.patient));
  std::string handed_over = format_dtm(report.handed_over_at, zone);
  for (const DispensedLine& line : report.lines) {
    int counter = 0;
    for (const DispensedPack& pack : line.packs) {
      Segment orc = orc_segment("RE", line.item, rx);
      set(orc, 5, returned ? "CA" : "CM");
      set(orc, 9, handed_over);
      m.segments.push_back(std::move(orc));
      m.segments.push_back(rxe_segment(line.item));
      Segment rxd{"RXD", {}};
      set(rxd, 1, std::to_string(++counter));
      set(rxd, 2, pack.gtin, 1, 1);
      set(rxd, 2, "GTIN", 1, 3);
      set(rxd, 3, handed_over);
      set(rxd, 4, returned ? "-1" : "1");
      set(rxd, 5, "pack");
      set(rxd, 7, rx.prescription_no);
      if (!notes.empty()) set(rxd, 9, notes);
      set(rxd, 10, report.pharmacist);
      if (report.window > 0) set(rxd, 13, fmt::format("W{}", report.window));
      set(rxd, 18, pack.lot);
      set(rxd, 19, date_text(pack.expiry));
      m.segments.push_back(std::move(rxd));
      if (!pack.serial.empty() || !pack.trace_code.empty()) {
        Segment ztr{"ZTR", {}};
        set(ztr, 1, pack.serial);
        set(ztr, 2, pack.trace_code);
        m.segments.push_back(std::move(ztr));
      }
    }
  }
  return write_hl7(m);
}

}  // namespace

std::string write_rds_o13(const DispenseReport& report, const std::string& control_id, Instant now,
                          const Zone& zone) {
  return rds_message(report, control_id, now, zone, false, "");
}

std::string write_dispense_return(const DispenseReport& returned, const std::string& reason,
                                  const std::string& control_id, Instant now, const Zone& zone) {
  return rds_message(returned, control_id, now, zone, true, "RETURNED: " + reason);
}

std::string write_order_rejection(const Prescription& rx, const std::string& reason, const std::string& control_id,
                                  Instant now, const Zone& zone) {
  return write_order_cancellation(rx, "REJECTED", reason, control_id, now, zone);
}

namespace {

// One ORC (with its RXO) per line, each with the order control, order status and ORC-16 reason given.
std::string write_order_control(const Prescription& rx, std::string_view control, std::string_view status,
                                std::string_view code, const std::string& reason, const std::string& control_id,
                                Instant now, const Zone& zone) {
  Message m = start_message(make_msh(header("OMP", "O09", "OMP_O09", control_id), now, zone));
  m.segments.push_back(pid_segment(rx.patient));
  std::string at = format_dtm(now, zone);
  for (const Item& item : rx.items) {
    Segment orc = orc_segment(std::string(control), item, rx);
    set(orc, 5, std::string(status));
    set(orc, 9, at);
    set(orc, 16, std::string(code), 1, 1);
    set(orc, 16, reason, 1, 2);
    set(orc, 16, std::string(kFormularyCodingSystem), 1, 3);
    m.segments.push_back(std::move(orc));
    m.segments.push_back(rxo_segment(item));
  }
  return write_hl7(m);
}

}  // namespace

std::string write_order_cancellation(const Prescription& rx, std::string_view code, const std::string& reason,
                                     const std::string& control_id, Instant now, const Zone& zone) {
  return write_order_control(rx, "OC", "CA", code, reason, control_id, now, zone);
}

std::string write_order_hold(const Prescription& rx, const std::string& reason, const std::string& control_id,
                             Instant now, const Zone& zone) {
  return write_order_control(rx, "OH", "HD", "RETURNED_TO_PRESCRIBER", reason, control_id, now, zone);
}

std::string write_rde_o11(const Prescription& rx, const std::string& control_id, Instant now, const Zone& zone) {
  OutboundHeader h = header("RDE", "O11", "RDE_O11", control_id);
  h.sending_application = "HIS";
  h.sending_facility = "HOSPITAL";
  h.receiving_application = std::string(kRxpressApplication);
  h.receiving_facility = std::string(kRxpressFacility);
  Message m = start_message(make_msh(h, now, zone));
  m.segments.push_back(pid_segment(rx.patient));
  Segment pv1{"PV1", {}};
  set(pv1, 1, "1");
  set(pv1, 2, rx.visit.type == VisitType::kEmergency ? "E" : "O");
  set(pv1, 3, rx.visit.department);
  m.segments.push_back(std::move(pv1));
  int n = 0;
  for (const std::string& allergen : rx.patient.allergies) {
    Segment al1{"AL1", {}};
    set(al1, 1, std::to_string(++n));
    set(al1, 2, "DA");
    set(al1, 3, allergen);
    m.segments.push_back(std::move(al1));
  }
  std::string issued = format_dtm(rx.issued_at, zone);
  for (const Item& item : rx.items) {
    Segment orc = orc_segment("NW", item, rx);
    set(orc, 9, issued);
    set(orc, 12, rx.prescriber.id, 1, 1);
    set(orc, 12, rx.prescriber.name, 1, 2);
    m.segments.push_back(std::move(orc));
    m.segments.push_back(rxe_segment(item));
    if (item.frequency || item.days) m.segments.push_back(tq1_segment(item));
    if (!item.route.empty()) m.segments.push_back(rxr_segment(item));
  }
  return write_hl7(m);
}

std::string write_dft_p03(const std::string& prescription_no, Instant paid_at, const std::string& control_id,
                          const Zone& zone) {
  OutboundHeader h = header("DFT", "P03", "DFT_P03", control_id);
  h.sending_application = "HIS";
  h.sending_facility = "HOSPITAL";
  h.receiving_application = std::string(kRxpressApplication);
  h.receiving_facility = std::string(kRxpressFacility);
  Message m = start_message(make_msh(h, paid_at, zone));
  std::string paid = format_dtm(paid_at, zone);
  Segment evn{"EVN", {}};
  set(evn, 1, "P03");
  set(evn, 2, paid);
  m.segments.push_back(std::move(evn));
  m.segments.push_back(Segment{"PID", {}});
  set(m.segments.back(), 1, "1");
  Segment ft1{"FT1", {}};
  set(ft1, 1, "1");
  set(ft1, 4, paid);
  set(ft1, 6, "PY");
  set(ft1, 7, "RX");
  set(ft1, 23, prescription_no);
  m.segments.push_back(std::move(ft1));
  return write_hl7(m);
}

Result<bool> peer_accepted(std::string_view reply, std::string_view control_id) {
  std::string text = TRY(decode_to_utf8(reply));
  MessageView m = TRY(parse_hl7_view(text));
  Msh msh = TRY(read_msh(m.segment(0)));
  bool is_ack = msh.message_code == "ACK";
  bool is_rrd = msh.message_code == "RRD" && msh.trigger_event == "O14";
  if (!is_ack && !is_rrd) {
    return Status::invalid(
        fmt::format("MSH-9 \"{}^{}\" is not an answer; expected ACK or RRD^O14", msh.message_code, msh.trigger_event),
        "MSH-9");
  }
  std::optional<SegmentView> msa = m.first_segment("MSA");
  if (!msa) return Status::invalid("the answer has no MSA segment", "MSA");
  std::string_view acked = msa->get(2);
  if (acked != control_id) {
    return Status::invalid(
        fmt::format("MSA-2 \"{}\" answers another message; expected the control ID \"{}\"", acked, control_id),
        "MSA-2");
  }
  std::string code = upper(msa->get(1));
  if (code == "AA" || code == "CA") return true;
  if (code == "AE" || code == "AR" || code == "CE" || code == "CR") return false;
  return Status::invalid(fmt::format("MSA-1 \"{}\" is not an acknowledgment code; expected AA, AE, AR, CA, CE or CR",
                                     msa->get(1)),
                         "MSA-1");
}

}  // namespace rx::hl7
