// The messages of returns: a 退药 as an RDS^O13 with negative amounts, and a
// cancellation of a prescription not collected.
#include <gtest/gtest.h>

#include <string>

#include "interop/hl7v2/outbound.h"
#include "interop/hl7v2/segments.h"
#include "unit/interop/hl7v2/hl7_test_support.h"
#include "unit/interop/hl7v2/viewed_message.h"

namespace rx::hl7 {
namespace {

using testing::at;

Prescription one_line() {
  Prescription rx;
  rx.prescription_no = "RX2026-0002";
  rx.patient.id = PatientId("P002");
  rx.patient.name = "李四";
  Item a;
  a.drug = DrugCode("D0003");
  a.quantity = Quantity::whole(2, Unit::kPack);
  a.placer_order_no = "L1";
  rx.items = {a};
  return rx;
}

TEST(Hl7DispenseReturnTest, EachReturnedPackIsANegativeDispenseWithTheReason) {
  DispenseReport returned;
  returned.rx = one_line();
  returned.lines = {DispensedLine{returned.rx.items[0],
                                  {DispensedPack{"02000000000039", "DM2511004", parse_date("2028-11-30").value(),
                                                 "SN7", ""}}}};
  returned.handed_over_at = at("2026-03-29T11:30:00+08:00");
  returned.pharmacist = "王药师";
  ViewedMessage m(write_dispense_return(returned, "过敏", "RX9", at("2026-03-29T11:30:01+08:00"), Zone::shanghai()));
  Msh msh = read_msh(m->segment(0)).value();
  EXPECT_EQ(msh.message_code, "RDS");
  EXPECT_EQ(msh.trigger_event, "O13");
  EXPECT_EQ(msh.message_control_id, "RX9");
  auto orcs = m->segments("ORC");
  auto rxds = m->segments("RXD");
  ASSERT_EQ(orcs.size(), 1u);
  ASSERT_EQ(rxds.size(), 1u);
  Orc orc = read_orc(orcs[0]).value();
  EXPECT_EQ(orc.order_control, "RE");
  EXPECT_EQ(orcs[0].get(5), "CA");
  Rxd rxd = read_rxd(rxds[0]).value();
  EXPECT_EQ(rxd.actual_dispense_amount, "-1");
  EXPECT_EQ(rxd.date_time_dispensed, "20260329113000+0800");
  EXPECT_EQ(rxd.substance_lot_number, "DM2511004");
  EXPECT_EQ(rxds[0].get(9), "RETURNED: 过敏");
  EXPECT_EQ(m->segments("ZTR")[0].get(1), "SN7");
}

TEST(Hl7DispenseReturnTest, AHandOverStaysAPositiveDispenseWithoutNotes) {
  DispenseReport handed;
  handed.rx = one_line();
  handed.lines = {DispensedLine{handed.rx.items[0],
                                {DispensedPack{"02000000000039", "DM2511004", parse_date("2028-11-30").value(), "", ""}}}};
  handed.handed_over_at = at("2026-03-29T10:00:00+08:00");
  ViewedMessage m(write_rds_o13(handed, "RX1", at("2026-03-29T10:00:01+08:00"), Zone::shanghai()));
  auto rxds = m->segments("RXD");
  ASSERT_EQ(rxds.size(), 1u);
  EXPECT_EQ(read_rxd(rxds[0])->actual_dispense_amount, "1");
  EXPECT_EQ(rxds[0].get(9), "");
  EXPECT_EQ(m->segments("ORC")[0].get(5), "CM");
}

TEST(Hl7DispenseReturnTest, ACancellationNamesItsCodeInOrc16) {
  ViewedMessage m(write_order_cancellation(one_line(), "NOT_COLLECTED", "not collected by closing time", "RX5",
                                           at("2026-03-29T22:00:00+08:00"), Zone::shanghai()));
  auto orcs = m->segments("ORC");
  ASSERT_EQ(orcs.size(), 1u);
  Orc orc = read_orc(orcs[0]).value();
  EXPECT_EQ(orc.order_control, "OC");
  EXPECT_EQ(orc.order_control_reason.identifier, "NOT_COLLECTED");
  EXPECT_EQ(orc.order_control_reason.text, "not collected by closing time");
}

}  // namespace
}  // namespace rx::hl7
