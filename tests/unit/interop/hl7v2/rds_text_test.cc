// The RDS^O13 is written straight to text; these compare it, byte for byte,
// with the text of the message tree its layout describes (outbound.h).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <fmt/format.h>

#include "interop/hl7v2/header_builder.h"
#include "interop/hl7v2/outbound.h"
#include "interop/hl7v2/segments.h"
#include "interop/hl7v2/writer.h"
#include "unit/interop/hl7v2/hl7_test_support.h"

namespace rx::hl7 {
namespace {

using testing::at;

std::string date_text(Date d) {
  return fmt::format("{:04}{:02}{:02}", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                     static_cast<unsigned>(d.day()));
}

// The message of outbound.h's layout, built as a tree with set() and written by write_hl7.
std::string tree_rds(const DispenseReport& report, const std::string& control_id, Instant now, const Zone& zone,
                     bool returned, const std::string& notes) {
  OutboundHeader h;
  h.message_code = "RDS";
  h.trigger_event = "O13";
  h.message_structure = "RDS_O13";
  h.control_id = control_id;
  Message m = start_message(make_msh(h, now, zone));
  const Prescription& rx = report.rx;
  Segment pid{"PID", {}};
  set(pid, 1, "1");
  set(pid, 3, rx.patient.id.value());
  set(pid, 5, rx.patient.name);
  if (rx.patient.birth_date) set(pid, 7, date_text(*rx.patient.birth_date));
  set(pid, 8, rx.patient.sex);
  m.segments.push_back(pid);
  std::string handed_over = format_dtm(report.handed_over_at, zone);
  for (const DispensedLine& line : report.lines) {
    int counter = 0;
    for (const DispensedPack& pack : line.packs) {
      Segment orc{"ORC", {}};
      set(orc, 1, "RE");
      set(orc, 2, line.item.placer_order_no);
      set(orc, 4, rx.prescription_no);
      set(orc, 5, returned ? "CA" : "CM");
      set(orc, 9, handed_over);
      m.segments.push_back(orc);
      Segment rxe{"RXE", {}};
      set(rxe, 2, line.item.drug.value(), 1, 1);
      set(rxe, 2, "RXPRESS", 1, 3);
      if (line.item.dose) {
        set(rxe, 3, line.item.dose->amount_string());
        set(rxe, 5, std::string(unit_symbol(line.item.dose->unit())));
      }
      set(rxe, 10, line.item.quantity.amount_string());
      set(rxe, 11, std::string(unit_symbol(line.item.quantity.unit())));
      m.segments.push_back(rxe);
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
      m.segments.push_back(rxd);
      if (!pack.serial.empty() || !pack.trace_code.empty()) {
        Segment ztr{"ZTR", {}};
        set(ztr, 1, pack.serial);
        set(ztr, 2, pack.trace_code);
        m.segments.push_back(ztr);
      }
    }
  }
  return write_hl7(m);
}

Item item(std::string drug, std::string placer, std::optional<Quantity> dose, Quantity quantity) {
  Item i;
  i.drug = DrugCode(std::move(drug));
  i.placer_order_no = std::move(placer);
  i.dose = dose;
  i.quantity = quantity;
  return i;
}

// Hand-overs of several shapes: one pack, many lines, packs with and without
// serial or trace code, delimiters in the data, no window, no birth date.
std::vector<DispenseReport> hand_overs() {
  std::vector<DispenseReport> out;
  const Date expiry = parse_date("2028-11-30").value();

  DispenseReport one;
  one.rx.prescription_no = "RX2026-0002";
  one.rx.patient.id = PatientId("P002");
  one.rx.patient.name = "李四";
  one.rx.items = {item("D0003", "L1", std::nullopt, Quantity::whole(1, Unit::kPack))};
  one.lines = {DispensedLine{one.rx.items[0], {DispensedPack{"02000000000039", "DM2511004", expiry, "", ""}}}};
  one.handed_over_at = at("2026-03-29T10:00:00+08:00");
  out.push_back(one);

  DispenseReport many;
  many.rx.prescription_no = "RX2026-0001";
  many.rx.patient.id = PatientId("P001");
  many.rx.patient.name = "张|三";
  many.rx.patient.sex = "F";
  many.rx.patient.birth_date = parse_date("1980-02-15").value();
  many.rx.items = {item("D0001", "L1", Quantity::parse("100", Unit::kMilligram).value(), Quantity::whole(2, Unit::kPack)),
                   item("D0030", "L2^x", Quantity::parse("12.5", Unit::kMicrogram).value(),
                        Quantity::whole(30, Unit::kTablet)),
                   item("D0040", "L3", std::nullopt, Quantity::whole(1, Unit::kPack))};
  many.lines = {
      DispensedLine{many.rx.items[0],
                    {DispensedPack{"06901234567892", "A&1", expiry, "SN1", ""},
                     DispensedPack{"06901234567892", "A&1", expiry, "", "81234567890123456789"}}},
      DispensedLine{many.rx.items[1],
                    {DispensedPack{"06901234567809", "B~2", parse_date("2027-01-05").value(), "S\\N2", "8123"},
                     DispensedPack{"06901234567809", "B~3", parse_date("2027-02-05").value(), "", ""},
                     DispensedPack{"06901234567809", "B~3", parse_date("2027-02-05").value(), "SN4", ""}}},
      DispensedLine{many.rx.items[2], {}}};
  many.handed_over_at = at("2026-03-29T10:15:00+08:00");
  many.window = 7;
  many.pharmacist = "王^药师";
  out.push_back(many);
  return out;
}

TEST(RdsTextTest, TheDispenseIsTheTextOfItsTree) {
  const Instant now = at("2026-03-29T10:15:02+08:00");
  int n = 0;
  for (const DispenseReport& report : hand_overs()) {
    const std::string control_id = "RX" + std::to_string(++n);
    const std::string text = write_rds_o13(report, control_id, now, Zone::shanghai());
    EXPECT_EQ(text, tree_rds(report, control_id, now, Zone::shanghai(), false, "")) << control_id;
  }
}

TEST(RdsTextTest, TheReturnIsTheTextOfItsTree) {
  const Instant now = at("2026-03-29T11:30:01+08:00");
  for (const DispenseReport& report : hand_overs()) {
    const std::string text = write_dispense_return(report, "过敏|\n皮疹", "RX9", now, Zone::shanghai());
    EXPECT_EQ(text, tree_rds(report, "RX9", now, Zone::shanghai(), true, "RETURNED: 过敏|\n皮疹"));
  }
}

TEST(RdsTextTest, TheComparisonSeesADifference) {
  // The reference is not blind: a report with another window gives another text.
  DispenseReport report = hand_overs()[1];
  const Instant now = at("2026-03-29T10:15:02+08:00");
  const std::string text = write_rds_o13(report, "RX1", now, Zone::shanghai());
  report.window = 3;
  EXPECT_NE(text, tree_rds(report, "RX1", now, Zone::shanghai(), false, ""));
}

}  // namespace
}  // namespace rx::hl7
