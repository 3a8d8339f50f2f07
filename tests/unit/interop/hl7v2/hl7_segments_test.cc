#include "interop/hl7v2/segments.h"

#include <gtest/gtest.h>

#include <string>

#include "interop/hl7v2/parser.h"

namespace rx::hl7 {
namespace {

// What `read` makes of the one non-MSH segment of "MSH|...\r<line>".
template <class Read>
auto read_line(Read read, const std::string& line) {
  std::string text = "MSH|^~\\&|A|B|C|D|20260329091200||RDE^O11|1|P|2.5\r" + line + "\r";
  auto m = parse_hl7_view(text);
  using Read_result = decltype(read(m->segment(0)));
  if (!m.ok()) return Read_result(m.status());
  EXPECT_EQ(m->segment_count(), 2u);
  return read(m->segment(1));
}

TEST(Hl7SegmentsTest, MshNamesEveryHeaderField) {
  std::string text = "MSH|^~\\&|HIS|HOSP|RXPRESS|PHARMACY|20260329091200||RDE^O11^RDE_O11|C42|T|2.5.1||||||GB 18030-2000\r";
  auto m = parse_hl7_view(text);
  ASSERT_TRUE(m.ok());
  auto msh = read_msh(m->segment(0));
  ASSERT_TRUE(msh.ok());
  EXPECT_EQ(msh->sending_application, "HIS");
  EXPECT_EQ(msh->sending_facility, "HOSP");
  EXPECT_EQ(msh->receiving_application, "RXPRESS");
  EXPECT_EQ(msh->receiving_facility, "PHARMACY");
  EXPECT_EQ(msh->date_time_of_message, "20260329091200");
  EXPECT_EQ(msh->message_code, "RDE");
  EXPECT_EQ(msh->trigger_event, "O11");
  EXPECT_EQ(msh->message_structure, "RDE_O11");
  EXPECT_EQ(msh->message_control_id, "C42");
  EXPECT_EQ(msh->processing_id, "T");
  EXPECT_EQ(msh->version_id, "2.5.1");
  EXPECT_EQ(msh->character_set, "GB 18030-2000");
}

TEST(Hl7SegmentsTest, PidReadsIdNameBirthDateAndSex) {
  auto pid = read_line(read_pid, "PID|1||P001^^^HOSP^MR~X9||张^三||19800215093000|F");
  ASSERT_TRUE(pid.ok()) << pid.status().to_string();
  EXPECT_EQ(pid->patient_id, "P001");
  EXPECT_EQ(pid->family_name, "张");
  EXPECT_EQ(pid->given_name, "三");
  ASSERT_TRUE(pid->date_of_birth.has_value());
  EXPECT_EQ(format_date(*pid->date_of_birth), "1980-02-15");
  EXPECT_EQ(pid->administrative_sex, "F");
}

TEST(Hl7SegmentsTest, PidWithAnImpossibleBirthDateNamesPid7) {
  // python-hl7's ORU sample carries this 9-digit PID-7.
  auto pid = read_line(read_pid, "PID|||555-44-4444||EVERYWOMAN^EVE||196203520|F");
  ASSERT_FALSE(pid.ok());
  EXPECT_EQ(pid.status().field(), "PID-7");
  EXPECT_NE(pid.status().message().find("196203520"), std::string::npos);
}

TEST(Hl7SegmentsTest, PidWithAShortBirthDateIsRefused) {
  auto pid = read_line(read_pid, "PID|||P1||A^B||1969|M");
  ASSERT_FALSE(pid.ok());
  EXPECT_EQ(pid.status().field(), "PID-7");
  EXPECT_NE(pid.status().message().find("YYYYMMDD"), std::string::npos);
}

TEST(Hl7SegmentsTest, AViewRefusesASegmentOfAnotherName) {
  auto pid = read_line(read_pid, "PV1|1|O");
  ASSERT_FALSE(pid.ok());
  EXPECT_EQ(pid.status().message(), "expected a PID segment, found PV1");
}

TEST(Hl7SegmentsTest, Pv1ReadsClassLocationAndDoctor) {
  auto pv1 = read_line(read_pv1, "PV1|1|E|急诊内科^101||||D07^王^医生");
  ASSERT_TRUE(pv1.ok());
  EXPECT_EQ(pv1->patient_class, "E");
  EXPECT_EQ(pv1->assigned_location, "急诊内科");
  EXPECT_EQ(pv1->attending_doctor_id, "D07");
  EXPECT_EQ(pv1->attending_doctor_name, "王医生");
}

TEST(Hl7SegmentsTest, Al1ReadsTheAllergenCode) {
  auto al1 = read_line(read_al1, "AL1|1|DA|J01CA^青霉素类^ATC||皮疹");
  ASSERT_TRUE(al1.ok());
  EXPECT_EQ(al1->allergen_type, "DA");
  EXPECT_EQ(al1->allergen.identifier, "J01CA");
  EXPECT_EQ(al1->allergen.text, "青霉素类");
  EXPECT_EQ(al1->allergen.coding_system, "ATC");
}

TEST(Hl7SegmentsTest, OrcReadsControlNumbersTimingAndReason) {
  auto orc = read_line(read_orc,
      "ORC|CA|L1^HIS|F1^RX|RX001^HIS|CA||1^QD^D7|20180622230000|20260329091000|||D01^LI^WEI||||WRONG^"
      "wrong patient^L");
  ASSERT_TRUE(orc.ok());
  EXPECT_EQ(orc->order_control, "CA");
  EXPECT_EQ(orc->placer_order_number, "L1");
  EXPECT_EQ(orc->filler_order_number, "F1");
  EXPECT_EQ(orc->placer_group_number, "RX001");
  EXPECT_EQ(orc->order_status, "CA");
  EXPECT_EQ(orc->quantity_timing_interval, "QD");
  EXPECT_EQ(orc->quantity_timing_duration, "D7");
  EXPECT_EQ(orc->date_time_of_transaction, "20260329091000");
  EXPECT_EQ(orc->ordering_provider_id, "D01");
  EXPECT_EQ(orc->ordering_provider_name, "LI WEI");
  EXPECT_EQ(orc->order_control_reason.identifier, "WRONG");
  EXPECT_EQ(orc->order_control_reason.text, "wrong patient");
}

TEST(Hl7SegmentsTest, RxoReadsRequestedDrugDoseAndAmount) {
  auto rxo = read_line(read_rxo, "RXO|D0003^clopidogrel^RXPRESS|75||mg|||||||14|tablet");
  ASSERT_TRUE(rxo.ok());
  EXPECT_EQ(rxo->requested_give_code.identifier, "D0003");
  EXPECT_EQ(rxo->requested_give_code.text, "clopidogrel");
  EXPECT_EQ(rxo->requested_give_amount_minimum, "75");
  EXPECT_EQ(rxo->requested_give_units, "mg");
  EXPECT_EQ(rxo->requested_dispense_amount, "14");
  EXPECT_EQ(rxo->requested_dispense_units, "tablet");
}

TEST(Hl7SegmentsTest, RxeReadsTimingDrugDoseAndAmount) {
  auto rxe = read_line(read_rxe, "RXE|1^Q24H&0600^D7|D0001^aspirin|100||mg^milligram|||||30|tablet");
  ASSERT_TRUE(rxe.ok());
  EXPECT_EQ(rxe->quantity_timing_interval, "Q24H");
  EXPECT_EQ(rxe->quantity_timing_duration, "D7");
  EXPECT_EQ(rxe->give_code.identifier, "D0001");
  EXPECT_EQ(rxe->give_amount_minimum, "100");
  EXPECT_EQ(rxe->give_units, "mg");
  EXPECT_EQ(rxe->dispense_amount, "30");
  EXPECT_EQ(rxe->dispense_units, "tablet");
}

TEST(Hl7SegmentsTest, RxrReadsTheRoute) {
  auto rxr = read_line(read_rxr, "RXR|PO^Oral");
  ASSERT_TRUE(rxr.ok());
  EXPECT_EQ(rxr->route, "PO");
}

TEST(Hl7SegmentsTest, RxdReadsTheDispensedPack) {
  auto rxd = read_line(read_rxd,
      "RXD|2|02000000000015^^GTIN|20260329101500+0800|1|pack||RX001|||||||||||DM2506002|20280630");
  ASSERT_TRUE(rxd.ok()) << rxd.status().to_string();
  EXPECT_EQ(rxd->dispense_sub_id_counter, 2);
  EXPECT_EQ(rxd->dispense_give_code.identifier, "02000000000015");
  EXPECT_EQ(rxd->dispense_give_code.coding_system, "GTIN");
  EXPECT_EQ(rxd->date_time_dispensed, "20260329101500+0800");
  EXPECT_EQ(rxd->actual_dispense_amount, "1");
  EXPECT_EQ(rxd->actual_dispense_units, "pack");
  EXPECT_EQ(rxd->prescription_number, "RX001");
  EXPECT_EQ(rxd->substance_lot_number, "DM2506002");
  ASSERT_TRUE(rxd->substance_expiration_date.has_value());
  EXPECT_EQ(format_date(*rxd->substance_expiration_date), "2028-06-30");
}

TEST(Hl7SegmentsTest, RxdWithALetterCounterNamesRxd1) {
  auto rxd = read_line(read_rxd, "RXD|A|02000000000015");
  ASSERT_FALSE(rxd.ok());
  EXPECT_EQ(rxd.status().field(), "RXD-1");
}

TEST(Hl7SegmentsTest, RxdWithABadExpiryNamesRxd19) {
  auto rxd = read_line(read_rxd, "RXD|1|02000000000015|||||||||||||||||LOT|20281340");
  ASSERT_FALSE(rxd.ok());
  EXPECT_EQ(rxd.status().field(), "RXD-19");
}

TEST(Hl7SegmentsTest, Tq1ReadsRepeatPatternAndDuration) {
  auto tq1 = read_line(read_tq1, "TQ1|1||BID|||5^D");
  ASSERT_TRUE(tq1.ok());
  EXPECT_EQ(tq1->repeat_pattern, "BID");
  EXPECT_EQ(tq1->service_duration, "5");
  EXPECT_EQ(tq1->service_duration_unit, "D");
}

TEST(Hl7SegmentsTest, ErrReadsLocationCodesAndMessage) {
  auto err = read_line(read_err, "ERR||RXE^2^2|103^Table value not found^HL70357|E|UNKNOWN_DRUG|||not in formulary");
  ASSERT_TRUE(err.ok());
  EXPECT_EQ(err->error_location, "RXE-2");
  EXPECT_EQ(err->hl7_error_code, "103");
  EXPECT_EQ(err->hl7_error_text, "Table value not found");
  EXPECT_EQ(err->severity, "E");
  EXPECT_EQ(err->application_error_code, "UNKNOWN_DRUG");
  EXPECT_EQ(err->user_message, "not in formulary");
}

TEST(Hl7SegmentsTest, DtmWithoutOffsetIsReadInThePharmacyZone) {
  auto t = parse_dtm("20260329091200", Zone::shanghai(), "ORC-9");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(format_instant(*t), "2026-03-29T01:12:00.000Z");
}

TEST(Hl7SegmentsTest, DtmWithOffsetUsesIt) {
  auto t = parse_dtm("20260329091200.25-0500", Zone::shanghai(), "ORC-9");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(format_instant(*t), "2026-03-29T14:12:00.250Z");
}

TEST(Hl7SegmentsTest, DtmToTheDayIsMidnight) {
  auto t = parse_dtm("20260329", Zone::utc(), "MSH-7");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(format_instant(*t), "2026-03-29T00:00:00.000Z");
}

TEST(Hl7SegmentsTest, DtmErrorsNameTheFieldAndTheForm) {
  for (std::string_view bad : {"2026", "20261329", "202603290961", "2026032909120", "20260329091200+8", "abc"}) {
    auto t = parse_dtm(bad, Zone::shanghai(), "ORC-9");
    ASSERT_FALSE(t.ok()) << bad;
    EXPECT_EQ(t.status().field(), "ORC-9");
    EXPECT_NE(t.status().message().find("YYYYMMDD"), std::string::npos) << t.status().message();
  }
}

TEST(Hl7SegmentsTest, FormatDtmWritesLocalTimeWithOffsetAndReadsBack) {
  Instant t = parse_dtm("20260329091205", Zone::shanghai(), "x").value();
  EXPECT_EQ(format_dtm(t, Zone::shanghai()), "20260329091205+0800");
  EXPECT_EQ(format_dtm(t, Zone::utc()), "20260329011205+0000");
  auto back = parse_dtm(format_dtm(t, Zone::parse("-05:30").value()), Zone::shanghai(), "x");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, t);
}

TEST(Hl7SegmentsTest, PersonNameJoinsLatinWithASpaceAndChineseWithout) {
  EXPECT_EQ(person_name("DOE", "JANE"), "DOE JANE");
  EXPECT_EQ(person_name("张", "三"), "张三");
  EXPECT_EQ(person_name("", "JANE"), "JANE");
  EXPECT_EQ(person_name("王小明", ""), "王小明");
}

}  // namespace
}  // namespace rx::hl7
