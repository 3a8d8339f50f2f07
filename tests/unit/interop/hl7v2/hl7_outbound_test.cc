#include "interop/hl7v2/outbound.h"

#include <gtest/gtest.h>

#include <string>

#include "interop/hl7v2/ack_writer.h"
#include "interop/hl7v2/parser.h"
#include "unit/interop/hl7v2/viewed_message.h"
#include "interop/hl7v2/segments.h"
#include "unit/interop/hl7v2/hl7_test_support.h"

namespace rx::hl7 {
namespace {

using testing::at;

Prescription sample() {
  Prescription rx;
  rx.prescription_no = "RX2026-0001";
  rx.issued_at = at("2026-03-29T09:10:00+08:00");
  rx.visit = Visit{VisitType::kEmergency, "急诊|内科", false};
  rx.patient.id = PatientId("P001");
  rx.patient.name = "张三";
  rx.patient.sex = "F";
  rx.patient.birth_date = parse_date("1980-02-15").value();
  rx.patient.allergies = {"J01CA", "N02BE"};
  rx.prescriber = Prescriber{"D01", "李医生"};
  Item a;
  a.drug = DrugCode("D0001");
  a.dose = Quantity::parse("100", Unit::kMilligram).value();
  a.route = "po";
  a.frequency = Frequency::kQd;
  a.days = 7;
  a.quantity = Quantity::whole(2, Unit::kPack);
  a.placer_order_no = "L1";
  Item b;
  b.drug = DrugCode("D0030");
  b.dose = Quantity::parse("12.5", Unit::kMicrogram).value();
  b.frequency = Frequency::kQ8h;
  b.quantity = Quantity::whole(30, Unit::kTablet);
  b.placer_order_no = "L2^x";  // a delimiter in data must survive
  rx.items = {a, b};
  return rx;
}

TEST(Hl7OutboundTest, RdeO11ReadsBackToTheSamePrescription) {
  Prescription rx = sample();
  std::string text = write_rde_o11(rx, "HIS-1", at("2026-03-29T09:12:00+08:00"), Zone::shanghai());
  Inbound in = testing::read(text);
  const Prescription* back = testing::new_order(in);
  ASSERT_NE(back, nullptr);
  EXPECT_EQ(in.header->control_id, "HIS-1");
  EXPECT_EQ(in.header->message_type, "RDE^O11");
  EXPECT_EQ(back->prescription_no, rx.prescription_no);
  EXPECT_EQ(back->issued_at, rx.issued_at);
  EXPECT_EQ(back->visit.type, rx.visit.type);
  EXPECT_EQ(back->visit.department, rx.visit.department);
  EXPECT_EQ(back->patient.id, rx.patient.id);
  EXPECT_EQ(back->patient.name, rx.patient.name);
  EXPECT_EQ(back->patient.sex, rx.patient.sex);
  EXPECT_EQ(back->patient.birth_date, rx.patient.birth_date);
  EXPECT_EQ(back->patient.allergies, rx.patient.allergies);
  EXPECT_EQ(back->prescriber.id, rx.prescriber.id);
  EXPECT_EQ(back->prescriber.name, rx.prescriber.name);
  ASSERT_EQ(back->items.size(), rx.items.size());
  for (size_t i = 0; i < rx.items.size(); ++i) {
    SCOPED_TRACE(i);
    const Item& want = rx.items[i];
    const Item& got = back->items[i];
    EXPECT_EQ(got.drug, want.drug);
    EXPECT_EQ(got.dose, want.dose);
    EXPECT_EQ(got.quantity, want.quantity);
    EXPECT_EQ(got.frequency, want.frequency);
    EXPECT_EQ(got.days, want.days);
    EXPECT_EQ(got.route, want.route);
    EXPECT_EQ(got.placer_order_no, want.placer_order_no);
  }
}

TEST(Hl7OutboundTest, DftP03ReadsBackToThePayment) {
  std::string text = write_dft_p03("RX2026-0001", at("2026-03-29T09:20:00+08:00"), "PAY-1", Zone::shanghai());
  ViewedMessage m(text);
  auto ft1 = m->first_segment("FT1");
  ASSERT_TRUE(ft1.has_value());
  EXPECT_EQ(ft1->get(23), "RX2026-0001");
  EXPECT_EQ(ft1->get(6), "PY");
  Inbound in = testing::read(text);
  ASSERT_TRUE(in.action.has_value()) << (in.error ? in.error->text : "");
  const auto& paid = std::get<PaymentNotice>(*in.action);
  EXPECT_EQ(paid.prescription_no, "RX2026-0001");
  EXPECT_EQ(paid.paid_at, at("2026-03-29T09:20:00+08:00"));
  EXPECT_EQ(in.header->control_id, "PAY-1");
}

DispenseReport report() {
  DispenseReport r;
  r.rx = sample();
  DispensedLine first{r.rx.items[0], {}};
  first.packs.push_back(DispensedPack{"02000000000015", "DM2506002", parse_date("2028-06-30").value(), "SN0001",
                                      "81234560000000000001"});
  first.packs.push_back(DispensedPack{"02000000000015", "DM2312001", parse_date("2026-12-31").value(), "", ""});
  DispensedLine second{r.rx.items[1], {}};
  second.packs.push_back(DispensedPack{"02000000000305", "LT01", parse_date("2027-01-31").value(), "S9", ""});
  r.lines = {first, second};
  r.handed_over_at = at("2026-03-29T10:15:00+08:00");
  r.window = 3;
  r.pharmacist = "王药师";
  return r;
}

TEST(Hl7OutboundTest, RdsO13HasOneOrderGroupPerPack) {
  ViewedMessage m(write_rds_o13(report(), "RDS-1", at("2026-03-29T10:15:02+08:00"), Zone::shanghai()));
  Msh msh = read_msh(m->segment(0)).value();
  EXPECT_EQ(msh.message_code, "RDS");
  EXPECT_EQ(msh.trigger_event, "O13");
  EXPECT_EQ(msh.message_control_id, "RDS-1");
  EXPECT_EQ(msh.date_time_of_message, "20260329101502+0800");
  Pid pid = read_pid(m->segment(1)).value();
  EXPECT_EQ(pid.patient_id, "P001");

  std::vector<std::string> names;
  for (size_t i = 0; i < m->segment_count(); ++i) names.emplace_back(m->segment(i).name());
  EXPECT_EQ(names, (std::vector<std::string>{"MSH", "PID", "ORC", "RXE", "RXD", "ZTR", "ORC", "RXE", "RXD", "ORC",
                                             "RXE", "RXD", "ZTR"}));
  auto orcs = m->segments("ORC");
  auto rxds = m->segments("RXD");
  auto ztrs = m->segments("ZTR");
  Orc orc = read_orc(orcs[0]).value();
  EXPECT_EQ(orc.order_control, "RE");
  EXPECT_EQ(orc.placer_order_number, "L1");
  EXPECT_EQ(orc.placer_group_number, "RX2026-0001");
  EXPECT_EQ(read_orc(orcs[2])->placer_order_number, "L2^x");

  Rxd first = read_rxd(rxds[0]).value();
  EXPECT_EQ(first.dispense_sub_id_counter, 1);
  EXPECT_EQ(first.dispense_give_code.identifier, "02000000000015");
  EXPECT_EQ(first.dispense_give_code.coding_system, "GTIN");
  EXPECT_EQ(first.date_time_dispensed, "20260329101500+0800");
  EXPECT_EQ(first.actual_dispense_amount, "1");
  EXPECT_EQ(first.prescription_number, "RX2026-0001");
  EXPECT_EQ(first.substance_lot_number, "DM2506002");
  EXPECT_EQ(format_date(*first.substance_expiration_date), "2028-06-30");
  EXPECT_EQ(rxds[0].get(10), "王药师");
  EXPECT_EQ(rxds[0].get(13), "W3");
  EXPECT_EQ(read_rxd(rxds[1])->dispense_sub_id_counter, 2);
  EXPECT_EQ(read_rxd(rxds[1])->substance_lot_number, "DM2312001");
  EXPECT_EQ(read_rxd(rxds[2])->dispense_sub_id_counter, 1);  // counts within its line

  EXPECT_EQ(ztrs[0].get(1), "SN0001");
  EXPECT_EQ(ztrs[0].get(2), "81234560000000000001");
  EXPECT_EQ(ztrs[1].get(1), "S9");

  Rxe rxe = read_rxe(m->segments("RXE")[2]).value();
  EXPECT_EQ(rxe.give_code.identifier, "D0030");
  EXPECT_EQ(rxe.give_amount_minimum, "12.5");
  EXPECT_EQ(rxe.give_units, "µg");
  EXPECT_EQ(rxe.dispense_amount, "30");
  EXPECT_EQ(rxe.dispense_units, "tablet");
}

TEST(Hl7OutboundTest, OrderRejectionHasOneOcOrcPerLineWithTheReason) {
  Prescription rx = sample();
  std::string reason = "剂量超过最大日剂量 | 请重开";
  ViewedMessage m(write_order_rejection(rx, reason, "OC-1", at("2026-03-29T09:30:00+08:00"), Zone::shanghai()));
  Msh msh = read_msh(m->segment(0)).value();
  EXPECT_EQ(msh.message_code, "OMP");
  EXPECT_EQ(msh.trigger_event, "O09");
  EXPECT_EQ(msh.message_control_id, "OC-1");
  auto orcs = m->segments("ORC");
  ASSERT_EQ(orcs.size(), 2u);
  for (size_t i = 0; i < orcs.size(); ++i) {
    Orc orc = read_orc(orcs[i]).value();
    EXPECT_EQ(orc.order_control, "OC");
    EXPECT_EQ(orc.placer_order_number, rx.items[i].placer_order_no);
    EXPECT_EQ(orc.placer_group_number, rx.prescription_no);
    EXPECT_EQ(orc.order_control_reason.text, reason);
    EXPECT_EQ(orc.date_time_of_transaction, "20260329093000+0800");
  }
  auto rxos = m->segments("RXO");
  ASSERT_EQ(rxos.size(), 2u);
  EXPECT_EQ(read_rxo(rxos[1])->requested_give_code.identifier, "D0030");
  // Our own receiver reads it as an order message whose control it does not take.
  Inbound in = testing::read(write_order_rejection(rx, reason, "OC-1", Instant{}, Zone::shanghai()));
  ASSERT_TRUE(in.error.has_value());
  EXPECT_EQ(in.error->code, "UNSUPPORTED_CONTROL");
}

TEST(Hl7OutboundTest, OrderHoldReturnsEachLineToThePrescriberWithTheReason) {
  Prescription rx = sample();
  std::string reason = "华法林与阿司匹林合用, 请确认";
  ViewedMessage m(write_order_hold(rx, reason, "OH-1", at("2026-03-29T09:30:00+08:00"), Zone::shanghai()));
  EXPECT_EQ(read_msh(m->segment(0))->message_code, "OMP");
  auto orcs = m->segments("ORC");
  ASSERT_EQ(orcs.size(), rx.items.size());
  for (size_t i = 0; i < orcs.size(); ++i) {
    Orc orc = read_orc(orcs[i]).value();
    EXPECT_EQ(orc.order_control, "OH");
    EXPECT_EQ(orc.order_status, "HD");
    EXPECT_EQ(orc.placer_order_number, rx.items[i].placer_order_no);
    EXPECT_EQ(orc.placer_group_number, rx.prescription_no);
    EXPECT_EQ(orc.order_control_reason.identifier, "RETURNED_TO_PRESCRIBER");
    EXPECT_EQ(orc.order_control_reason.text, reason);
  }
  // A rejection is still OC: the hold does not change it.
  ViewedMessage oc(write_order_rejection(rx, reason, "OC-1", Instant{}, Zone::shanghai()));
  EXPECT_EQ(read_orc(oc->segments("ORC")[0])->order_control, "OC");
  EXPECT_EQ(read_orc(oc->segments("ORC")[0])->order_status, "CA");
}

TEST(Hl7OutboundTest, PeerAcceptedReadsAaAndCa) {
  for (std::string_view code : {"AA", "CA"}) {
    std::string reply = "MSH|^~\\&|HIS|H|RX|P|20260329||ACK^O13^ACK|9|P|2.5\rMSA|" + std::string(code) + "|RDS-1\r";
    auto accepted = peer_accepted(reply, "RDS-1");
    ASSERT_TRUE(accepted.ok()) << accepted.status().to_string();
    EXPECT_TRUE(*accepted) << code;
  }
  auto rrd = peer_accepted("MSH|^~\\&|HIS|H|RX|P|20260329||RRD^O14^RRD_O14|9|P|2.5\nMSA|AA|RDS-1\nPID|1", "RDS-1");
  ASSERT_TRUE(rrd.ok());
  EXPECT_TRUE(*rrd);
}

TEST(Hl7OutboundTest, PeerAcceptedIsFalseForErrorsAndRejects) {
  for (std::string_view code : {"AE", "AR", "CE", "CR"}) {
    std::string reply = "MSH|^~\\&|HIS|H|RX|P|20260329||ACK|9|P|2.5\rMSA|" + std::string(code) + "|RDS-1\r";
    auto accepted = peer_accepted(reply, "RDS-1");
    ASSERT_TRUE(accepted.ok()) << code;
    EXPECT_FALSE(*accepted) << code;
  }
}

TEST(Hl7OutboundTest, PeerAcceptedFailsOnWhatIsNotAnAnswerToUs) {
  struct Case {
    std::string reply, field;
  };
  for (const Case& c : std::vector<Case>{
           {"MSH|^~\\&|HIS|H|RX|P|20260329||ACK|9|P|2.5\rMSA|AA|OTHER\r", "MSA-2"},
           {"MSH|^~\\&|HIS|H|RX|P|20260329||ACK|9|P|2.5\rMSA|OK|RDS-1\r", "MSA-1"},
           {"MSH|^~\\&|HIS|H|RX|P|20260329||ACK|9|P|2.5\r", "MSA"},
           {"MSH|^~\\&|HIS|H|RX|P|20260329||ORU^R01|9|P|2.5\rMSA|AA|RDS-1\r", "MSH-9"},
           {"MSH|^~\\&|HIS|H|RX|P|20260329||RRD^O02|9|P|2.5\rMSA|AA|RDS-1\r", "MSH-9"},
           {"garbage", ""},
       }) {
    auto accepted = peer_accepted(c.reply, "RDS-1");
    ASSERT_FALSE(accepted.ok()) << c.reply;
    EXPECT_EQ(accepted.status().field(), c.field) << accepted.status().message();
  }
}

}  // namespace
}  // namespace rx::hl7
