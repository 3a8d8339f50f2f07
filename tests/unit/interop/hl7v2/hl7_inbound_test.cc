#include "interop/hl7v2/inbound.h"

#include <gtest/gtest.h>

#include <string>

#include "unit/interop/hl7v2/hl7_test_support.h"

namespace rx::hl7 {
namespace {

using testing::at;
using testing::hl7;
using testing::new_order;
using testing::read;

constexpr std::string_view kMsh = "MSH|^~\\&|HIS|HOSP|RXPRESS|PHARMACY|20260329091200||RDE^O11^RDE_O11|MSG0001|P|2.5";
constexpr std::string_view kPid = "PID|1||P001^^^HOSP^MR~ID9||张^三||19800215|F";
constexpr std::string_view kPv1 = "PV1|1|O|心内科";
constexpr std::string_view kOrc = "ORC|NW|L1|F1|RX2026001|||||20260329091000|||D01^李医生";
constexpr std::string_view kRxe = "RXE|^QD^D7|D0001^阿司匹林|100||mg|||||2|盒";

// An order group for the drug `code`, numbered `line`.
std::string group(int line, std::string_view code) {
  return "ORC|NW|L" + std::to_string(line) + "||RX2026001\rRXE|^QD^D7|" + std::string(code) + "|100||mg|||||1\r";
}

void expect_refused(const Inbound& in, AckCode ack, std::string_view code, std::string_view location) {
  ASSERT_TRUE(in.error.has_value()) << "accepted, expected " << code;
  EXPECT_FALSE(in.action.has_value());
  EXPECT_EQ(in.error->ack, ack) << in.error->code << ": " << in.error->text;
  EXPECT_EQ(in.error->code, code) << in.error->text;
  EXPECT_EQ(in.error->location, location) << in.error->text;
  EXPECT_EQ(in.ack(), ack);
  EXPECT_FALSE(in.error->text.empty());
}

// ---- what is accepted, and how every field maps ---------------------------

TEST(Hl7InboundTest, RdeO11NewOrderMapsEveryField) {
  Inbound in = read(hl7({kMsh, kPid, kPv1, "AL1|1|DA|J01CA^青霉素类", "AL1|2|DA|N02BE", kOrc, kRxe, "RXR|PO^Oral"}));
  const Prescription* rx = new_order(in);
  ASSERT_NE(rx, nullptr);
  EXPECT_EQ(in.ack(), AckCode::kAccept);
  ASSERT_TRUE(in.header.has_value());
  EXPECT_EQ(in.header->control_id, "MSG0001");
  EXPECT_EQ(in.header->message_type, "RDE^O11");
  EXPECT_EQ(in.header->sending_application, "HIS");
  EXPECT_EQ(in.header->sending_facility, "HOSP");
  EXPECT_EQ(in.header->receiving_application, "RXPRESS");
  EXPECT_EQ(in.header->receiving_facility, "PHARMACY");
  EXPECT_EQ(in.header->version, "2.5");
  EXPECT_EQ(in.header->processing_id, "P");

  EXPECT_EQ(rx->prescription_no, "RX2026001");                     // ORC-4.1
  EXPECT_EQ(rx->issued_at, at("2026-03-29T09:10:00+08:00"));       // ORC-9 in the pharmacy zone
  EXPECT_EQ(rx->patient.id.value(), "P001");                       // PID-3.1, first repetition
  EXPECT_EQ(rx->patient.name, "张三");                             // PID-5
  ASSERT_TRUE(rx->patient.birth_date.has_value());
  EXPECT_EQ(format_date(*rx->patient.birth_date), "1980-02-15");  // PID-7
  EXPECT_EQ(rx->patient.sex, "F");                                 // PID-8
  EXPECT_EQ(rx->patient.allergies, (std::vector<std::string>{"J01CA", "N02BE"}));  // AL1-3.1
  EXPECT_EQ(rx->visit.type, VisitType::kOutpatient);               // PV1-2
  EXPECT_EQ(rx->visit.department, "心内科");                       // PV1-3
  EXPECT_EQ(rx->prescriber.id, "D01");                             // ORC-12
  EXPECT_EQ(rx->prescriber.name, "李医生");
  ASSERT_EQ(rx->items.size(), 1u);
  const Item& item = rx->items[0];
  EXPECT_EQ(item.drug.value(), "D0001");                           // RXE-2.1
  ASSERT_TRUE(item.dose.has_value());
  EXPECT_EQ(item.dose->to_string(), "100 mg");                     // RXE-3 with RXE-5.1
  EXPECT_EQ(item.quantity.to_string(), "2 pack");                  // RXE-10 with RXE-11.1
  EXPECT_EQ(item.frequency, Frequency::kQd);                       // RXE-1.2
  EXPECT_EQ(item.days, 7);                                         // RXE-1.3 "D7"
  EXPECT_EQ(item.route, "po");                                     // RXR-1.1, lower-cased
  EXPECT_EQ(item.placer_order_no, "L1");                           // ORC-2.1
}

TEST(Hl7InboundTest, TheIdNumbersAndTheAgentComeFromPidAndTheAgentsNk1) {
  Inbound in = read(hl7({kMsh, "PID|1||P001^^^HOSP^MR~110101198002150026^^^CHN^NNCHN||张^三||19800215|F",
                         "NK1|1|李^四|FND^朋友||||EMC", "NK1|2|王^小明|CHD^子女||||AGT||||||||||||||||||||||||||"
                         "110101200501010019^^^CHN^NNCHN",
                         kOrc, kRxe}));
  const Prescription* rx = new_order(in);
  ASSERT_NE(rx, nullptr) << (in.error ? in.error->text : "");
  EXPECT_EQ(rx->patient.id.value(), "P001");
  EXPECT_EQ(rx->patient.id_number, "110101198002150026");  // PID-3 repetition of type NNCHN
  EXPECT_EQ(rx->patient.agent_name, "王小明") << "the NK1 whose contact role NK1-7 is AGT, not the emergency contact";
  EXPECT_EQ(rx->patient.agent_relationship, "子女");
  EXPECT_EQ(rx->patient.agent_id_number, "110101200501010019");  // NK1-33 of type NNCHN

  // PID-19 and NK1-37 (SSN) when there is no NNCHN identifier; an agent without one has none.
  in = read(hl7({kMsh, "PID|1||P001||张^三||19800215|F|||||||||||310101198002150026",
                 "NK1|1|王^小明|CHD||||AGT", kOrc, kRxe}));
  rx = new_order(in);
  ASSERT_NE(rx, nullptr);
  EXPECT_EQ(rx->patient.id_number, "310101198002150026");
  EXPECT_EQ(rx->patient.agent_name, "王小明");
  EXPECT_EQ(rx->patient.agent_relationship, "CHD");
  EXPECT_FALSE(rx->patient.agent_id_number.has_value());

  in = read(hl7({kMsh, kPid, "NK1|1|李^四|FND||||EMC", kOrc, kRxe}));
  rx = new_order(in);
  ASSERT_NE(rx, nullptr);
  EXPECT_FALSE(rx->patient.id_number.has_value()) << "PID-3's other repetitions are not ID numbers";
  EXPECT_FALSE(rx->patient.agent_name.has_value()) << "only an AGT contact is an agent";
}

TEST(Hl7InboundTest, Tq1OverridesRxe1ForFrequencyAndDays) {
  Inbound in = read(hl7({kMsh, kPid, kOrc, kRxe, "TQ1|1||bid|||5^D"}));
  const Prescription* rx = new_order(in);
  ASSERT_NE(rx, nullptr);
  EXPECT_EQ(rx->items[0].frequency, Frequency::kBid);  // case-insensitive
  EXPECT_EQ(rx->items[0].days, 5);
}

TEST(Hl7InboundTest, Tq1DurationInWeeksCountsDays) {
  Inbound in = read(hl7({kMsh, kPid, kOrc, kRxe, "TQ1|1||TID|||2^W"}));
  const Prescription* rx = new_order(in);
  ASSERT_NE(rx, nullptr);
  EXPECT_EQ(rx->items[0].days, 14);
}

TEST(Hl7InboundTest, RxeDrugMayBeAGtinAndBecomesTheFormularyCode) {
  Inbound in = read(hl7({kMsh, kPid, kOrc, "RXE|^TID^D3|02000000000015^^GTIN|100||mg|||||1"}));
  const Prescription* rx = new_order(in);
  ASSERT_NE(rx, nullptr);
  EXPECT_EQ(rx->items[0].drug.value(), "D0001");
  EXPECT_EQ(rx->items[0].quantity.to_string(), "1 pack");  // no RXE-11: the drug's packs
}

TEST(Hl7InboundTest, DispenseUnitsInTabletsAreKept) {
  Inbound in = read(hl7({kMsh, kPid, kOrc, "RXE|^QD^D7|D0003|75||mg|||||14|片"}));
  const Prescription* rx = new_order(in);
  ASSERT_NE(rx, nullptr);
  EXPECT_EQ(rx->items[0].quantity.to_string(), "14 tablet");
  EXPECT_EQ(rx->items[0].dose->to_string(), "75 mg");
}

TEST(Hl7InboundTest, PrescriptionNumberFallsBackToOrc2OfTheFirstGroup) {
  Inbound in = read(hl7({kMsh, kPid, "ORC|NW|L7^HIS|||||||20260329091000", kRxe, "ORC|NW|L8", kRxe}));
  const Prescription* rx = new_order(in);
  ASSERT_NE(rx, nullptr);
  EXPECT_EQ(rx->prescription_no, "L7");
  ASSERT_EQ(rx->items.size(), 2u);
  EXPECT_EQ(rx->items[0].placer_order_no, "L7");
  EXPECT_EQ(rx->items[1].placer_order_no, "L8");
}

TEST(Hl7InboundTest, IssuedAtFallsBackToMsh7) {
  Inbound in = read(hl7({kMsh, kPid, "ORC|NW|L1||RX1", kRxe}));
  const Prescription* rx = new_order(in);
  ASSERT_NE(rx, nullptr);
  EXPECT_EQ(rx->issued_at, at("2026-03-29T09:12:00+08:00"));
}

TEST(Hl7InboundTest, IssuedAtWithAnOffsetKeepsIt) {
  Inbound in = read(hl7({kMsh, kPid, "ORC|NW|L1||RX1|||||20260329011000+0000", kRxe}));
  const Prescription* rx = new_order(in);
  ASSERT_NE(rx, nullptr);
  EXPECT_EQ(rx->issued_at, at("2026-03-29T09:10:00+08:00"));
}

TEST(Hl7InboundTest, EmergencyVisitFromPv1) {
  Inbound in = read(hl7({kMsh, kPid, "PV1|1|E|急诊科", kOrc, kRxe}));
  const Prescription* rx = new_order(in);
  ASSERT_NE(rx, nullptr);
  EXPECT_EQ(rx->visit.type, VisitType::kEmergency);
  EXPECT_EQ(rx->visit.department, "急诊科");
}

TEST(Hl7InboundTest, OrmO01WithRxoOnlyTakesDoseAmountAndTimingFromRxoAndOrc7) {
  Inbound in = read(hl7({"MSH|^~\\&|HIS|HOSP|RX|PH|20260329091200||ORM^O01|M9|P|2.3", kPid,
                         "ORC|NW|L1||RX9|||^QD^D7||20260329091000", "RXO|D0003^clopidogrel|75||mg|||||||2|盒",
                         "RXR|PO"}));
  const Prescription* rx = new_order(in);
  ASSERT_NE(rx, nullptr);
  const Item& item = rx->items[0];
  EXPECT_EQ(item.drug.value(), "D0003");             // RXO-1.1
  EXPECT_EQ(item.dose->to_string(), "75 mg");        // RXO-2 with RXO-4.1
  EXPECT_EQ(item.quantity.to_string(), "2 pack");    // RXO-11 with RXO-12.1
  EXPECT_EQ(item.frequency, Frequency::kQd);         // ORC-7.2
  EXPECT_EQ(item.days, 7);                           // ORC-7.3
  EXPECT_EQ(item.route, "po");
}

TEST(Hl7InboundTest, RxoOnlyOrderTakesTimingFromTq1First) {
  Inbound in = read(hl7({"MSH|^~\\&|HIS|HOSP|RX|PH|20260329091200||OMP^O09|M9|P|2.5", kPid,
                         "ORC|NW|L1||RX9|||^QD^D7", "TQ1|1||Q8H|||3^D", "RXO|D0003|75||mg|||||||1"}));
  const Prescription* rx = new_order(in);
  ASSERT_NE(rx, nullptr);
  EXPECT_EQ(rx->items[0].frequency, Frequency::kQ8h);
  EXPECT_EQ(rx->items[0].days, 3);
}

TEST(Hl7InboundTest, RxeWinsOverRxoInTheSameGroup) {
  Inbound in = read(hl7({"MSH|^~\\&|HIS|HOSP|RX|PH|20260329091200||RDE^O25|M9|P|2.6", kPid, kOrc,
                         "RXO|NOT-A-DRUG|1||mg|||||||1", kRxe}));
  const Prescription* rx = new_order(in);
  ASSERT_NE(rx, nullptr);
  EXPECT_EQ(rx->items[0].drug.value(), "D0001");
}

TEST(Hl7InboundTest, FiveOrderGroupsAreFiveLines) {
  Inbound in = read(hl7({kMsh, kPid}) + group(1, "D0001") + group(2, "D0003") + group(3, "D0006") +
                    group(4, "D0018") + group(5, "D0022"));
  const Prescription* rx = new_order(in);
  ASSERT_NE(rx, nullptr);
  EXPECT_EQ(rx->items.size(), 5u);
  EXPECT_EQ(rx->items[4].drug.value(), "D0022");
}

TEST(Hl7InboundTest, CancelAndDiscontinueNameThePrescriptionAndReason) {
  Inbound ca = read(hl7({kMsh, "ORC|CA|L1||RX2026001||||||||||||DUP^duplicate prescription"}));
  ASSERT_TRUE(ca.action.has_value()) << (ca.error ? ca.error->text : "");
  const auto* cancel = std::get_if<CancelOrder>(&*ca.action);
  ASSERT_NE(cancel, nullptr);
  EXPECT_EQ(cancel->prescription_no, "RX2026001");
  EXPECT_EQ(cancel->control, "CA");
  EXPECT_EQ(cancel->reason, "duplicate prescription");

  Inbound dc = read(hl7({kMsh, "ORC|DC|L1||||||||||||||STOP"}));
  ASSERT_TRUE(dc.action.has_value());
  const auto* stop = std::get_if<CancelOrder>(&*dc.action);
  ASSERT_NE(stop, nullptr);
  EXPECT_EQ(stop->prescription_no, "L1");
  EXPECT_EQ(stop->control, "DC");
  EXPECT_EQ(stop->reason, "STOP");
}

TEST(Hl7InboundTest, AdtUpdatesThePatientWithAllergies) {
  for (std::string_view event : {"A01", "A04", "A08"}) {
    std::string msh = "MSH|^~\\&|HIS|HOSP|RX|PH|20260329091200||ADT^" + std::string(event) + "|A1|P|2.4";
    Inbound in = read(hl7({msh, "EVN|A08|20260329091200", "PID|1||P77||DOE^JANE||19690720|f",
                           "AL1|1|DA|J01CA^penicillins"}));
    ASSERT_TRUE(in.action.has_value()) << event << (in.error ? in.error->text : "");
    const auto* update = std::get_if<PatientUpdate>(&*in.action);
    ASSERT_NE(update, nullptr);
    EXPECT_EQ(update->patient.id.value(), "P77");
    EXPECT_EQ(update->patient.name, "DOE JANE");
    EXPECT_EQ(update->patient.sex, "F");
    EXPECT_EQ(format_date(*update->patient.birth_date), "1969-07-20");
    EXPECT_EQ(update->patient.allergies, std::vector<std::string>{"J01CA"});
  }
}

TEST(Hl7InboundTest, DftP03NamesThePaidPrescriptionInFt1_23) {
  Inbound in = read(hl7({"MSH|^~\\&|HIS|HOSP|RX|PH|20260329091200||DFT^P03|D1|P|2.5", "EVN|P03",
                         "PID|1||P001", "FT1|1|||20260329090500||PY|RX||||||||||||||||RX2026001"}));
  ASSERT_TRUE(in.action.has_value()) << (in.error ? in.error->text : "");
  const auto* paid = std::get_if<PaymentNotice>(&*in.action);
  ASSERT_NE(paid, nullptr);
  EXPECT_EQ(paid->prescription_no, "RX2026001");
  EXPECT_EQ(paid->paid_at, at("2026-03-29T09:05:00+08:00"));
}

TEST(Hl7InboundTest, DftP03WithoutFt1DateIsPaidAtMsh7) {
  Inbound in = read(hl7({"MSH|^~\\&|HIS|HOSP|RX|PH|20260329091200||DFT^P03|D1|P|2.5", "PID|1",
                         "FT1|1||||||||||||||||||||||RX7"}));
  ASSERT_TRUE(in.action.has_value());
  EXPECT_EQ(std::get<PaymentNotice>(*in.action).paid_at, at("2026-03-29T09:12:00+08:00"));
}

TEST(Hl7InboundTest, VersionsFrom23To28AreAccepted) {
  for (std::string_view v : {"2.3", "2.3.1", "2.4", "2.5", "2.5.1", "2.6", "2.7", "2.7.1", "2.8"}) {
    std::string msh = "MSH|^~\\&|HIS|HOSP|RX|PH|20260329091200||RDE^O11|V1|P|" + std::string(v);
    EXPECT_NE(new_order(read(hl7({msh, kPid, kOrc, kRxe}))), nullptr) << v;
  }
}

TEST(Hl7InboundTest, SegmentSeparatorsDoNotChangeTheOutcomeOrTheDigest) {
  std::string cr = hl7({kMsh, kPid, kOrc, kRxe});
  std::string crlf = cr, lf = cr;
  for (size_t i = crlf.find('\r'); i != std::string::npos; i = crlf.find('\r', i + 2)) crlf.insert(i + 1, "\n");
  std::replace(lf.begin(), lf.end(), '\r', '\n');
  Inbound a = read(cr), b = read(crlf), c = read(lf);
  EXPECT_NE(new_order(b), nullptr);
  EXPECT_NE(new_order(c), nullptr);
  EXPECT_EQ(a.digest, b.digest);
  EXPECT_EQ(a.digest, c.digest);
  EXPECT_EQ(a.digest, read(cr.substr(0, cr.size() - 1)).digest);  // without the final \r
}

TEST(Hl7InboundTest, AnyOtherContentChangesTheDigest) {
  Inbound a = read(hl7({kMsh, kPid, kOrc, kRxe}));
  Inbound b = read(hl7({kMsh, kPid, kOrc, "RXE|^QD^D7|D0001^阿司匹林|100||mg|||||3|盒"}));
  EXPECT_EQ(a.digest.size(), 16u);
  EXPECT_NE(a.digest, b.digest);
  EXPECT_EQ(message_digest("MSH|a\rPID|b"), message_digest("MSH|a\r\n\r\nPID|b\n"));
  EXPECT_NE(message_digest("MSH|a\rPID|b"), message_digest("MSH|aPID|b"));
}

TEST(Hl7InboundTest, Gb18030MessageIsDecodedBeforeMapping) {
  std::string msh = "MSH|^~\\&|HIS|HOSP|RX|PH|20260329091200||RDE^O11|G1|P|2.5||||||GB 18030-2000";
  // PID-5 "和^珅" (珅's second byte is '|') and PV1-3 "内科" in GB 18030.
  Inbound in = read(hl7({msh, "PID|1||P5||\xBA\xCD^\xAB\x7C", "PV1|1|O|\xC4\xDA\xBF\xC6", "ORC|NW|L1||RX1",
                         "RXE|^QD^D7|D0001|100||mg|||||1"}));
  const Prescription* rx = new_order(in);
  ASSERT_NE(rx, nullptr);
  EXPECT_EQ(rx->patient.name, "和珅");
  EXPECT_EQ(rx->visit.department, "内科");
  EXPECT_EQ(in.header->character_set, "GB 18030-2000");
}

TEST(Hl7InboundTest, Utf8TextInAGb18030MessageIsBadCharset) {
  std::string msh = "MSH|^~\\&|HIS|HOSP|RX|PH|20260329091200||RDE^O11|G2|P|2.5||||||GB 18030-2000";
  Inbound in = read(hl7({msh, kPid, kOrc, kRxe}));  // kPid holds UTF-8 "张三"
  expect_refused(in, AckCode::kReject, "BAD_CHARSET", "MSH-18");
  EXPECT_EQ(in.header->control_id, "G2");
}

// ---- AE: exactly the four causes ------------------------------------------

TEST(Hl7InboundTest, SixOrderGroupsAreMaxItems) {
  std::string six = hl7({kMsh, kPid});
  for (int i = 1; i <= 6; ++i) six += group(i, "D0001");
  Inbound in = read(six);
  expect_refused(in, AckCode::kError, "MAX_ITEMS", "ORC");
  EXPECT_EQ(in.error->sequence, 6);
  EXPECT_NE(in.error->text.find("6 order groups"), std::string::npos);
}

TEST(Hl7InboundTest, ADrugOutsideTheFormularyIsUnknownDrug) {
  Inbound in = read(hl7({kMsh, kPid}) + group(1, "D0001") + group(2, "62756-017^Testosterone^NDC"));
  expect_refused(in, AckCode::kError, "UNKNOWN_DRUG", "RXE-2");
  EXPECT_EQ(in.error->sequence, 2);
  EXPECT_NE(in.error->text.find("\"62756-017\""), std::string::npos);
}

TEST(Hl7InboundTest, AnEmptyDrugCodeIsUnknownDrug) {
  expect_refused(read(hl7({kMsh, kPid, kOrc, "RXE|^QD^D7||100||mg|||||1"})), AckCode::kError, "UNKNOWN_DRUG",
                 "RXE-2");
}

TEST(Hl7InboundTest, AnRxoOnlyDrugOutsideTheFormularyNamesRxo1) {
  expect_refused(read(hl7({kMsh, kPid, kOrc, "RXO|RX800006^Test15|100||mg|||||||1"})), AckCode::kError,
                 "UNKNOWN_DRUG", "RXO-1");
}

TEST(Hl7InboundTest, NoOrcIsMissingSegment) {
  expect_refused(read(hl7({kMsh, kPid})), AckCode::kError, "MISSING_SEGMENT", "ORC");
}

TEST(Hl7InboundTest, AnRxeBeforeAnyOrcIsMissingSegment) {
  expect_refused(read(hl7({kMsh, kPid, kRxe, kOrc, kRxe})), AckCode::kError, "MISSING_SEGMENT", "ORC");
}

TEST(Hl7InboundTest, AnOrderGroupWithNeitherRxeNorRxoIsMissingSegment) {
  Inbound in = read(hl7({kMsh, kPid, kOrc, kRxe, "ORC|NW|L2||RX2026001", "OBR|1|L2"}));
  expect_refused(in, AckCode::kError, "MISSING_SEGMENT", "ORC");
  EXPECT_EQ(in.error->sequence, 2);
  EXPECT_NE(in.error->text.find("neither RXE nor RXO"), std::string::npos);
}

TEST(Hl7InboundTest, TwoDrugsUnderOneOrcIsMissingSegment) {
  expect_refused(read(hl7({kMsh, kPid, kOrc, kRxe, kRxe})), AckCode::kError, "MISSING_SEGMENT", "ORC");
}

TEST(Hl7InboundTest, AQuantityThatIsNotANumberIsBadNumber) {
  Inbound in = read(hl7({kMsh, kPid, kOrc, "RXE|^QD^D7|D0001|100||mg|||||two|盒"}));
  expect_refused(in, AckCode::kError, "BAD_NUMBER", "RXE-10");
  EXPECT_NE(in.error->text.find("\"two\""), std::string::npos);
}

TEST(Hl7InboundTest, AnEmptyQuantityIsBadNumber) {
  expect_refused(read(hl7({kMsh, kPid, kOrc, "RXE|^QD^D7|D0001|100||mg"})), AckCode::kError, "BAD_NUMBER",
                 "RXE-10");
}

TEST(Hl7InboundTest, ADoseThatIsNotANumberIsBadNumber) {
  expect_refused(read(hl7({kMsh, kPid, kOrc, "RXE|^QD^D7|D0001|1OO||mg|||||1"})), AckCode::kError, "BAD_NUMBER",
                 "RXE-3");
}

TEST(Hl7InboundTest, AZeroAmountIsBadNumber) {
  expect_refused(read(hl7({kMsh, kPid, kOrc, "RXE|^QD^D7|D0001|0||mg|||||1"})), AckCode::kError, "BAD_NUMBER",
                 "RXE-3");
}

TEST(Hl7InboundTest, AnRxoAmountThatIsNotANumberIsBadNumber) {
  expect_refused(read(hl7({kMsh, kPid, kOrc, "RXO|D0003|75||mg|||||||x"})), AckCode::kError, "BAD_NUMBER",
                 "RXO-11");
}

TEST(Hl7InboundTest, DaysThatAreNotANumberAreBadNumber) {
  expect_refused(read(hl7({kMsh, kPid, kOrc, kRxe, "TQ1|1||QD|||seven^D"})), AckCode::kError, "BAD_NUMBER",
                 "TQ1-6");
  expect_refused(read(hl7({kMsh, kPid, kOrc, "RXE|^QD^Dx|D0001|100||mg|||||1"})), AckCode::kError, "BAD_NUMBER",
                 "RXE-1.3");
}

// ---- AR -------------------------------------------------------------------

TEST(Hl7InboundTest, EmptyOrMissingMsh10IsRejectedWithTheHeaderKept) {
  Inbound in = read(hl7({"MSH|^~\\&|HIS|HOSP|RX|PH|20260329091200||RDE^O11||P|2.5", kPid, kOrc, kRxe}));
  expect_refused(in, AckCode::kReject, "MISSING_CONTROL_ID", "MSH-10");
  ASSERT_TRUE(in.header.has_value());
  EXPECT_EQ(in.header->sending_application, "HIS");
}

TEST(Hl7InboundTest, VersionsOutside23To28AreBadVersion) {
  for (std::string_view v : {"2.2", "2.9", "3.0", "25", "2.10"}) {
    std::string msh = "MSH|^~\\&|HIS|HOSP|RX|PH|20260329091200||RDE^O11|V1|P|" + std::string(v);
    Inbound in = read(hl7({msh, kPid, kOrc, kRxe}));
    expect_refused(in, AckCode::kReject, "BAD_VERSION", "MSH-12");
    EXPECT_EQ(in.header->control_id, "V1") << v;
  }
}

TEST(Hl7InboundTest, OtherMessageTypesAreUnsupported) {
  for (std::string_view type : {"ORU^R01", "RDE^O01", "ADT^A03", "OML^O21", "DFT^P11", "RDS^O13"}) {
    std::string msh = "MSH|^~\\&|HIS|HOSP|RX|PH|20260329091200||" + std::string(type) + "|T1|P|2.5";
    expect_refused(read(hl7({msh, kPid, kOrc, kRxe})), AckCode::kReject, "UNSUPPORTED_TYPE", "MSH-9");
  }
}

TEST(Hl7InboundTest, OrderControlsOtherThanNwCaDcAreUnsupported) {
  for (std::string_view control : {"SC", "OP", "RE", "XO", ""}) {
    std::string orc = "ORC|" + std::string(control) + "|L1||RX1";
    expect_refused(read(hl7({kMsh, kPid, orc, kRxe})), AckCode::kReject, "UNSUPPORTED_CONTROL", "ORC-1");
  }
}

TEST(Hl7InboundTest, MixedOrderControlsAreRefused) {
  expect_refused(read(hl7({kMsh, kPid, kOrc, kRxe, "ORC|CA|L2||RX2026001", kRxe})), AckCode::kReject, "BAD_FIELD",
                 "ORC-1");
}

TEST(Hl7InboundTest, OrderGroupsOfDifferentPrescriptionsAreRefused) {
  expect_refused(read(hl7({kMsh, kPid, kOrc, kRxe, "ORC|NW|L2||RX9999", kRxe})), AckCode::kReject, "BAD_FIELD",
                 "ORC-4");
}

TEST(Hl7InboundTest, UnreadableFieldsAreRejectedWithTheirPosition) {
  struct Case {
    std::vector<std::string> segments;
    std::string location;
  };
  std::string m(kMsh), p(kPid), o(kOrc), r(kRxe);
  std::vector<Case> cases = {
      {{m, "PID|1||P1||A^B||1980-02-15|F", o, r}, "PID-7"},
      {{m, "PID|1||P1||A^B||19800215|X", o, r}, "PID-8"},
      {{m, "PID|1||||A^B", o, r}, "PID-3"},
      {{m, p, "PV1|1|I|ward", o, r}, "PV1-2"},
      {{m, p, "ORC|NW|L1||RX1|||||2026-03-29", r}, "ORC-9"},
      {{m, p, o, "RXE|^QD^D7|D0001|100||mg|||||1|crate"}, "RXE-11"},
      {{m, p, o, "RXE|^QD^D7|D0001|100||furlong|||||1"}, "RXE-5"},
      {{m, p, o, "RXE|^QD^D7|D0001|100|||||||1"}, "RXE-5"},
      {{m, p, o, "RXE|^Q24H^D7|D0001|100||mg|||||1"}, "RXE-1.2"},
      {{m, p, o, "RXE|^QD^M1|D0001|100||mg|||||1"}, "RXE-1.3"},
      {{m, p, o, r, "TQ1|1||QD|||7^H"}, "TQ1-6"},
      {{m, p, o, r, "TQ1|1||QD|||0^D"}, "TQ1-6"},
      {{m, p, "ORC|NW", r}, "ORC-4"},
  };
  for (const Case& c : cases) {
    std::string text;
    for (const std::string& s : c.segments) text += s + "\r";
    Inbound in = read(text);
    SCOPED_TRACE(c.location);
    expect_refused(in, AckCode::kReject, "BAD_FIELD", c.location);
  }
}

TEST(Hl7InboundTest, ANewOrderWithoutPidIsRejected) {
  expect_refused(read(hl7({kMsh, kOrc, kRxe})), AckCode::kReject, "MALFORMED", "PID");
}

TEST(Hl7InboundTest, AMalformedBodyIsRejectedButMsh10IsEchoed) {
  Inbound in = read(hl7({kMsh, kPid, "orc|NW", kRxe}));
  expect_refused(in, AckCode::kReject, "MALFORMED", "");
  ASSERT_TRUE(in.header.has_value());
  EXPECT_EQ(in.header->control_id, "MSG0001");
  EXPECT_NE(in.error->text.find("segment 3"), std::string::npos) << in.error->text;
}

TEST(Hl7InboundTest, AnUnreadableMshLeavesNoHeader) {
  Inbound in = read("MSH|^~\\&|HIS|HOSP|RX|PH|20260329091200|||X1|P|2.5\r");
  expect_refused(in, AckCode::kReject, "MALFORMED", "MSH-9");
  EXPECT_FALSE(in.header.has_value());
  EXPECT_FALSE(read("").header.has_value());
  EXPECT_EQ(read("").ack(), AckCode::kReject);
}

TEST(Hl7InboundTest, BadCharsetIsRejectedButMsh10IsEchoed) {
  std::string msh = "MSH|^~\\&|HIS|HOSP|RX|PH|20260329091200||RDE^O11|C9|P|2.5||||||UNICODE UTF-8";
  Inbound in = read(hl7({msh, "PID|1||P1||\xD5\xC5", kOrc, kRxe}));
  expect_refused(in, AckCode::kReject, "BAD_CHARSET", "MSH-18");
  ASSERT_TRUE(in.header.has_value());
  EXPECT_EQ(in.header->control_id, "C9");
}

TEST(Hl7InboundTest, AControlCharacterAsAByteOrAHexEscapeIsBadCharset) {
  // \X00\ would put a NUL into the patient id, cutting it short wherever it
  // is handled as C text; \X1B\ an escape into a name shown on screens.
  Inbound nul = read(hl7({kMsh, "PID|1||P0\\X00\\01||张^三||19800215|F", kOrc, kRxe}));
  expect_refused(nul, AckCode::kReject, "BAD_CHARSET", "PID-3");
  ASSERT_TRUE(nul.error.has_value());
  EXPECT_NE(nul.error->text.find("0x00"), std::string::npos) << nul.error->text;
  Inbound esc = read(hl7({kMsh, "PID|1||P001||\\X1B\\^三||19800215|F", kOrc, kRxe}));
  expect_refused(esc, AckCode::kReject, "BAD_CHARSET", "PID-5");
  // The same byte sent as it is, not escaped.
  std::string raw_pid = "PID|1||P0";
  raw_pid.push_back('\0');
  raw_pid += "01||张^三||19800215|F";
  Inbound raw = read(hl7({kMsh, raw_pid, kOrc, kRxe}));
  expect_refused(raw, AckCode::kReject, "BAD_CHARSET", "PID-3");
  // A line break or a tab spelt as an escape is text.
  Inbound note = read(hl7({kMsh, "PID|1||P001||张\\X0D0A09\\^三||19800215|F", kOrc, kRxe}));
  EXPECT_FALSE(note.error.has_value()) << note.error->text;
}

TEST(Hl7InboundTest, AHexEscapeWhoseBytesAreNotUtf8IsBadCharset) {
  // \XFF\ passes the charset check as ASCII, then decodes to a byte that no
  // UTF-8 text holds: the prescription could be neither stored nor shown.
  Inbound in = read(hl7({kMsh, "PID|1||P001||\\XFF\\^三||19800215|F", kOrc, kRxe}));
  expect_refused(in, AckCode::kReject, "BAD_CHARSET", "PID-5");
  ASSERT_TRUE(in.header.has_value());
  EXPECT_EQ(in.header->control_id, "MSG0001");

  std::string adt = "MSH|^~\\&|HIS|HOSP|RX|PH|20260329091200||ADT^A08|A1|P|2.5";
  Inbound allergy = read(hl7({adt, kPid, "AL1|1|DA|J01CA^x", "AL1|2|DA|pen\\XC3\\^x"}));
  expect_refused(allergy, AckCode::kReject, "BAD_CHARSET", "AL1-3");
  ASSERT_TRUE(allergy.error.has_value());
  EXPECT_EQ(allergy.error->sequence, 2);

  // Hex escapes that spell UTF-8 are text like any other.
  Inbound ok = read(hl7({kMsh, "PID|1||P001||\\XE5BCA0\\^三||19800215|F", kOrc, kRxe}));
  const Prescription* rx = new_order(ok);
  ASSERT_NE(rx, nullptr);
  EXPECT_EQ(rx->patient.name, "张三");
}

TEST(Hl7InboundTest, DftP03WithoutAPrescriptionNumberIsRejected) {
  std::string msh = "MSH|^~\\&|HIS|HOSP|RX|PH|20260329091200||DFT^P03|D1|P|2.5";
  expect_refused(read(hl7({msh, "PID|1", "FT1|1|||||PY"})), AckCode::kReject, "BAD_FIELD", "FT1-23");
  expect_refused(read(hl7({msh, "PID|1"})), AckCode::kReject, "MALFORMED", "FT1");
  expect_refused(read(hl7({msh, "FT1|1|||||CD|||||||||||||||||RX1"})), AckCode::kReject, "BAD_FIELD", "FT1-6");
}

TEST(Hl7InboundTest, AckCodeNames) {
  EXPECT_EQ(ack_code_name(AckCode::kAccept), "AA");
  EXPECT_EQ(ack_code_name(AckCode::kError), "AE");
  EXPECT_EQ(ack_code_name(AckCode::kReject), "AR");
}

}  // namespace
}  // namespace rx::hl7
