#include "interop/hl7v2/outbound.h"

#include <fmt/format.h>

#include "interop/hl7v2/charset.h"
#include "interop/hl7v2/header_builder.h"
#include "interop/hl7v2/parser.h"
#include "interop/hl7v2/segment_writer.h"
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

// Each *_fields gives a segment's fields, in order, to put(field, text,
// component), so that one layout serves both a tree and text written directly.

// PID-3 id, PID-5 name (in PID-5.1: rxpress keeps a name as one text), PID-7, PID-8.
template <class Put>
void pid_fields(const Patient& p, Put&& put) {
  put(1, "1", 1);
  put(3, p.id.value(), 1);
  put(5, p.name, 1);
  if (p.birth_date) put(7, date_text(*p.birth_date), 1);
  put(8, p.sex, 1);
}

// ORC-1 order control, ORC-2 the line's placer order number, ORC-4 the prescription.
template <class Put>
void orc_fields(std::string_view control, const Item& item, const Prescription& rx, Put&& put) {
  put(1, control, 1);
  put(2, item.placer_order_no, 1);
  put(4, rx.prescription_no, 1);
}

// RXE-2 drug, RXE-3/5 dose, RXE-10/11 quantity.
template <class Put>
void rxe_fields(const Item& item, Put&& put) {
  put(2, item.drug.value(), 1);
  put(2, kFormularyCodingSystem, 3);
  if (item.dose) {
    put(3, item.dose->amount_string(), 1);
    put(5, unit_symbol(item.dose->unit()), 1);
  }
  put(10, item.quantity.amount_string(), 1);
  put(11, unit_symbol(item.quantity.unit()), 1);
}

// A segment of the tree, its fields given by fill(put).
template <class Fill>
Segment tree_segment(std::string name, Fill&& fill) {
  Segment segment{std::move(name), {}};
  fill([&](int field, std::string_view text, int comp) { set(segment, field, std::string(text), 1, comp); });
  return segment;
}

Segment pid_segment(const Patient& p) {
  return tree_segment("PID", [&](auto&& put) { pid_fields(p, put); });
}

Segment orc_segment(std::string_view control, const Item& item, const Prescription& rx) {
  return tree_segment("ORC", [&](auto&& put) { orc_fields(control, item, rx, put); });
}

Segment rxe_segment(const Item& item) {
  return tree_segment("RXE", [&](auto&& put) { rxe_fields(item, put); });
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
// return (amount "-1", with `notes` in RXD-9). Written straight to text: a
// day's hand-overs write tens of thousands of these segments.
std::string rds_message(const DispenseReport& report, const std::string& control_id, Instant now, const Zone& zone,
                        bool returned, const std::string& notes) {
  const Prescription& rx = report.rx;
  std::string out;
  SegmentWriter w(out);
  auto put = [&w](int field, std::string_view text, int comp) { w.put(field, text, comp); };
  write_msh(w, header("RDS", "O13", "RDS_O13", control_id), now, zone);
  w.begin("PID");
  pid_fields(rx.patient, put);
  w.end();
  const std::string handed_over = format_dtm(report.handed_over_at, zone);
  const std::string window = report.window > 0 ? fmt::format("W{}", report.window) : std::string();
  std::string order;  // a line's ORC and RXE, the same for each of its packs
  SegmentWriter line_writer(order);
  auto put_line = [&line_writer](int field, std::string_view text, int comp) { line_writer.put(field, text, comp); };
  for (const DispensedLine& line : report.lines) {
    order.clear();
    line_writer.begin("ORC");
    orc_fields("RE", line.item, rx, put_line);
    line_writer.put(5, returned ? "CA" : "CM");
    line_writer.put(9, handed_over);
    line_writer.end();
    line_writer.begin("RXE");
    rxe_fields(line.item, put_line);
    line_writer.end();
    int counter = 0;
    for (const DispensedPack& pack : line.packs) {
      out += order;
      w.begin("RXD");
      w.put(1, std::to_string(++counter));
      w.put(2, pack.gtin, 1);
      w.put(2, "GTIN", 3);
      w.put(3, handed_over);
      w.put(4, returned ? "-1" : "1");
      w.put(5, "pack");
      w.put(7, rx.prescription_no);
      if (!notes.empty()) w.put(9, notes);
      w.put(10, report.pharmacist);
      if (report.window > 0) w.put(13, window);
      w.put(18, pack.lot);
      w.put(19, date_text(pack.expiry));
      w.end();
      if (!pack.serial.empty() || !pack.trace_code.empty()) {
        w.begin("ZTR");
        w.put(1, pack.serial);
        w.put(2, pack.trace_code);
        w.end();
      }
    }
  }
  return out;
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
