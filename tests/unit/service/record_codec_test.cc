#include "service/record_codec.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "interop/json/prescription_json.h"
#include "interop/json/prescription_text.h"

namespace rx {
namespace {

using nlohmann::json;

const Zone kZone = Zone::shanghai();

Instant at(std::string_view text) { return *parse_instant(text, kZone); }

Prescription full_prescription() {
  json j = json::parse(R"({
    "prescription_no": "MZ20261201-000042",
    "issued_at": "2026-12-01T08:41:07+08:00",
    "extended_validity_days": 2,
    "visit": {"type": "chronic", "department": "内分泌科", "pain_patient": true},
    "patient": {"id": "P000042", "name": "王五", "sex": "F", "birth_date": "1950-01-31",
                "weight_kg": 58.5, "pregnant": false, "allergies": ["penicillin", "J01CA04"],
                "id_number": "310101195001310021", "agent": {"id_number": "310101198001010011"}},
    "prescriber": {"id": "D0077", "name": "赵医生"},
    "diagnoses": [{"code": "E11.9", "text": "2型糖尿病"}, {"code": "I10", "text": "高血压"}],
    "items": [
      {"drug": "D0022", "dose": {"value": 0.5, "unit": "g"}, "route": "po", "frequency": "tid", "days": 30,
       "quantity": {"value": 90, "unit": "片"}, "supply_reason": "stable chronic disease", "placer_order_no": "ORC-1"},
      {"drug": "D0027", "dose": {"value": 12, "unit": "IU"}, "route": "sc", "frequency": "qn", "days": 30,
       "quantity": {"value": 2, "unit": "支"}, "supply_reason": null}
    ]
  })");
  auto rx = prescription_from_json(j, kZone, at("2026-12-01T09:00:00+08:00"));
  EXPECT_TRUE(rx.ok()) << rx.status().to_string();
  return rx.ok() ? std::move(rx).value() : Prescription{};
}

// Every field set, the instants with milliseconds.
PrescriptionRecord full_record() {
  PrescriptionRecord r;
  r.id = PrescriptionId(4242);
  r.rx = full_prescription();
  r.status = RxStatus::kDispensing;
  r.findings = {Finding{"MAX_DAYS", Severity::kWarn, {0, 1}, "30 days is over the limit", "30 > 7; chronic visit"},
                Finding{"DOSE_MAX", Severity::kBlock, {0}, "too much", "daily 3000 mg > max 2550 mg"}};
  r.received_at = at("2026-12-01T09:00:00.125+08:00");
  r.paid_at = at("2026-12-01T09:01:02.250+08:00");
  r.checked_in_at = at("2026-12-01T09:05:00+08:00");
  r.dispensing_at = at("2026-12-01T09:01:02.251+08:00");
  r.ready_at = at("2026-12-01T09:06:30.999+08:00");
  r.called_at = at("2026-12-01T09:06:31+08:00");
  r.handed_over_at = at("2026-12-01T09:09:00.001+08:00");
  r.queue_no = 17;
  r.window = 3;
  r.at_window = true;
  r.plan = {PlannedLine{0, DrugCode("D0022"), LotNo("DM2312041"), *parse_date("2026-12-20"), LocationCode("C-09-08"),
                        DeviceKind::kChannel, 4},
            PlannedLine{0, DrugCode("D0022"), LotNo("DM2502042"), *parse_date("2028-02-29"), LocationCode("C-10-08"),
                        DeviceKind::kChannel, 1},
            PlannedLine{1, DrugCode("D0027"), LotNo("DM2602050"), *parse_date("2028-02-29"), LocationCode("F-09-02"),
                        DeviceKind::kShelf, 2}};
  r.jobs = {7, 18446744073709551615ull};
  DispensedPack ok{0,
                   Pack{DrugCode("D0022"), "02000000000220", LotNo("DM2312041"), *parse_date("2026-12-20"),
                        "C000000000001", "010200000000022017261220" "10DM2312041\x1d" "21C000000000001"},
                   LocationCode("C-09-08"), true, "passed"};
  DispensedPack bad{1,
                    Pack{DrugCode("D0027"), "02000000000275", LotNo("DMXXXX"), *parse_date("2028-02-29"),
                         "S000000000009", "0102000000000275172802291" "0DMXXXX\x1d" "21S000000000009"},
                    LocationCode("F-09-02"), false, "wrong lot: pack DMXXXX, planned DM2602050"};
  r.packs = {ok, bad};
  r.shortages = {"D0027: 1 of 2 packs not in usable stock", "D0022: short"};
  r.reason = "prescriber confirmed: \"chronic\"";
  r.high_alert = true;
  return r;
}

TEST(RecordCodec, RoundTripsAFullyPopulatedRecordExactly) {
  PrescriptionRecord in = full_record();
  json j = record_to_json(in, kZone);
  auto back = record_from_json(j, kZone);
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  const PrescriptionRecord& out = *back;

  EXPECT_EQ(out.id, in.id);
  EXPECT_EQ(prescription_to_json(out.rx, kZone), prescription_to_json(in.rx, kZone));
  EXPECT_EQ(out.rx.issued_at, in.rx.issued_at);
  ASSERT_EQ(out.rx.items.size(), 2u);
  EXPECT_EQ(out.rx.items[0].placer_order_no, "ORC-1");
  EXPECT_EQ(out.rx.items[0].quantity, in.rx.items[0].quantity);
  EXPECT_EQ(out.rx.items[0].dose, in.rx.items[0].dose);
  EXPECT_EQ(out.rx.patient.agent_id_number, in.rx.patient.agent_id_number);
  EXPECT_EQ(out.status, in.status);
  EXPECT_EQ(out.findings, in.findings);
  EXPECT_EQ(out.received_at, in.received_at);
  EXPECT_EQ(out.paid_at, in.paid_at);
  EXPECT_EQ(out.checked_in_at, in.checked_in_at);
  EXPECT_EQ(out.dispensing_at, in.dispensing_at);
  EXPECT_EQ(out.ready_at, in.ready_at);
  EXPECT_EQ(out.called_at, in.called_at);
  EXPECT_EQ(out.handed_over_at, in.handed_over_at);
  EXPECT_EQ(out.queue_no, in.queue_no);
  EXPECT_EQ(out.window, in.window);
  EXPECT_EQ(out.at_window, in.at_window);
  EXPECT_EQ(out.high_alert, in.high_alert);
  ASSERT_EQ(out.plan.size(), in.plan.size());
  for (size_t i = 0; i < in.plan.size(); ++i) {
    EXPECT_EQ(out.plan[i].item, in.plan[i].item);
    EXPECT_EQ(out.plan[i].drug, in.plan[i].drug);
    EXPECT_EQ(out.plan[i].lot, in.plan[i].lot);
    EXPECT_EQ(out.plan[i].expiry, in.plan[i].expiry);
    EXPECT_EQ(out.plan[i].location, in.plan[i].location);
    EXPECT_EQ(out.plan[i].device, in.plan[i].device);
    EXPECT_EQ(out.plan[i].packs, in.plan[i].packs);
  }
  EXPECT_EQ(out.jobs, in.jobs);
  ASSERT_EQ(out.packs.size(), in.packs.size());
  for (size_t i = 0; i < in.packs.size(); ++i) {
    EXPECT_EQ(out.packs[i].item, in.packs[i].item);
    EXPECT_EQ(out.packs[i].pack.drug, in.packs[i].pack.drug);
    EXPECT_EQ(out.packs[i].pack.gtin, in.packs[i].pack.gtin);
    EXPECT_EQ(out.packs[i].pack.lot, in.packs[i].pack.lot);
    EXPECT_EQ(out.packs[i].pack.expiry, in.packs[i].pack.expiry);
    EXPECT_EQ(out.packs[i].pack.serial, in.packs[i].pack.serial);
    EXPECT_EQ(out.packs[i].pack.code, in.packs[i].pack.code);
    EXPECT_EQ(out.packs[i].location, in.packs[i].location);
    EXPECT_EQ(out.packs[i].verified, in.packs[i].verified);
    EXPECT_EQ(out.packs[i].verification, in.packs[i].verification);
  }
  EXPECT_EQ(out.shortages, in.shortages);
  EXPECT_EQ(out.reason, in.reason);
  EXPECT_EQ(record_to_json(out, kZone), j);
}

TEST(RecordCodec, RoundTripsTheReturnToThePrescriberAndTheConfirmation) {
  PrescriptionRecord in = full_record();
  in.returned_to_prescriber = PrescriberReturn{"请确认剂量", at("2026-12-01T09:05:00+08:00"), "pharmacist:wang"};
  in.prescriber_confirmation =
      PrescriberConfirmation{Prescriber{"D0012", "李医生"}, "已知风险", at("2026-12-01T09:20:00+08:00"), "his:his"};
  json j = record_to_json(in, kZone);
  EXPECT_EQ(j["returned_to_prescriber"]["at"], "2026-12-01T09:05:00+08:00");
  EXPECT_EQ(j["prescriber_confirmation"]["prescriber"]["name"], "李医生");
  auto out = record_from_json(j, kZone);
  ASSERT_TRUE(out.ok()) << out.status().to_string();
  ASSERT_TRUE(out->returned_to_prescriber.has_value());
  EXPECT_EQ(out->returned_to_prescriber->reason, "请确认剂量");
  EXPECT_EQ(out->returned_to_prescriber->at, in.returned_to_prescriber->at);
  EXPECT_EQ(out->returned_to_prescriber->by, "pharmacist:wang");
  ASSERT_TRUE(out->prescriber_confirmation.has_value());
  EXPECT_EQ(out->prescriber_confirmation->prescriber.id, "D0012");
  EXPECT_EQ(out->prescriber_confirmation->reason, "已知风险");
  EXPECT_EQ(out->prescriber_confirmation->recorded_by, "his:his");
  EXPECT_FALSE(out->awaiting_prescriber()) << "confirmed since the return";
  EXPECT_EQ(record_to_json(*out, kZone), j);

  // A record stored before either existed reads back without them.
  j.erase("returned_to_prescriber");
  j.erase("prescriber_confirmation");
  out = record_from_json(j, kZone);
  ASSERT_TRUE(out.ok()) << out.status().to_string();
  EXPECT_FALSE(out->returned_to_prescriber || out->prescriber_confirmation);
}

TEST(RecordCodec, RoundTripsAFreshRecordWithEveryOptionalTimeMissing) {
  PrescriptionRecord in;
  in.id = PrescriptionId(1);
  in.rx = full_prescription();
  in.status = RxStatus::kReceived;
  in.received_at = at("2026-12-01T09:00:00+08:00");
  json j = record_to_json(in, kZone);
  EXPECT_EQ(j["paid_at"], nullptr);
  EXPECT_EQ(j["queue_no"], nullptr);
  EXPECT_EQ(j["window"], nullptr);
  auto back = record_from_json(j, kZone);
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  EXPECT_FALSE(back->paid_at || back->checked_in_at || back->dispensing_at || back->ready_at || back->called_at ||
               back->handed_over_at);
  EXPECT_FALSE(back->queue_no || back->window);
  EXPECT_TRUE(back->plan.empty());
  EXPECT_TRUE(back->packs.empty());
  EXPECT_EQ(record_to_json(*back, kZone), j);
}

TEST(RecordCodec, WritesInstantsInTheZoneAndTheStatusByName) {
  json j = record_to_json(full_record(), kZone);
  EXPECT_EQ(j["received_at"], "2026-12-01T09:00:00.125+08:00");
  EXPECT_EQ(j["handed_over_at"], "2026-12-01T09:09:00.001+08:00");
  EXPECT_EQ(j["status"], "dispensing");
  EXPECT_EQ(j["plan"][2]["device"], "shelf");
  EXPECT_EQ(j["plan"][0]["expiry"], "2026-12-20");
  EXPECT_EQ(j["items"][0]["drug"], "D0022");
}

TEST(RecordCodec, RefusesAMalformedDocumentWithoutThrowing) {
  json j = record_to_json(full_record(), kZone);
  json no_status = j;
  no_status.erase("status");
  auto r1 = record_from_json(no_status, kZone);
  ASSERT_FALSE(r1.ok());
  EXPECT_EQ(r1.status().code(), ErrorCode::kInternal);

  json bad_time = j;
  bad_time["paid_at"] = "yesterday";
  auto r2 = record_from_json(bad_time, kZone);
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.status().field(), "paid_at");

  json bad_device = j;
  bad_device["plan"][0]["device"] = "drone";
  auto r3 = record_from_json(bad_device, kZone);
  ASSERT_FALSE(r3.ok());
  EXPECT_EQ(r3.status().field(), "device");

  json bad_status = j;
  bad_status["status"] = "lost";
  EXPECT_FALSE(record_from_json(bad_status, kZone).ok());
}

// Records whose document text exercises every branch of the writer: each
// optional present and absent, empty and full arrays, text that needs escaping
// (quotes, backslashes, control characters) and text that is not ASCII.
std::vector<PrescriptionRecord> document_records() {
  std::vector<PrescriptionRecord> out;
  out.push_back(full_record());

  PrescriptionRecord fresh;
  fresh.id = PrescriptionId(1);
  fresh.rx = full_prescription();
  fresh.received_at = at("2026-12-01T09:00:00+08:00");
  out.push_back(fresh);

  PrescriptionRecord returned = full_record();
  returned.id = PrescriptionId(9007199254740993);
  returned.status = RxStatus::kCancelled;
  returned.returned_to_prescriber = PrescriberReturn{"请确认剂量", at("2026-12-01T09:05:00+08:00"), "pharmacist:wang"};
  returned.prescriber_confirmation =
      PrescriberConfirmation{Prescriber{"D0012", "李医生"}, "已知风险", at("2026-12-01T09:20:00+08:00"), "his:his"};
  returned.queue_no = -1;
  returned.window = 0;
  returned.at_window = false;
  returned.high_alert = false;
  out.push_back(returned);

  PrescriptionRecord escaped = full_record();
  escaped.reason = std::string("tab\there, \"quoted\", back\\slash, /slash/, bell\x07, nul ") + '\0' +
                   " end\x1f\x7f \b\f\n\r";
  escaped.shortages = {"", "第二行\n带换行"};
  escaped.findings = {Finding{"DDI", Severity::kInfo, {}, "", "克拉霉素 + 辛伐他汀 \"禁忌\""}};
  escaped.packs[0].verification = "wrong drug:\tD0027";
  escaped.jobs.clear();
  escaped.plan.clear();
  escaped.returned_to_prescriber = PrescriberReturn{"\"剂量\"\n", at("2026-12-01T09:05:00.500+08:00"), "a\\b"};
  out.push_back(escaped);
  return out;
}

TEST(RecordCodec, TheDocumentTextIsWhatTheJsonTreeDumps) {
  for (const PrescriptionRecord& r : document_records()) {
    const std::string tree = record_to_json(r, kZone).dump();
    const std::string text = record_document(r, kZone);
    EXPECT_EQ(text, tree) << "record " << r.id.value();
  }
}

TEST(RecordCodec, TheDocumentWithItsPrescriptionPartWrittenBeforeIsTheSame) {
  for (const PrescriptionRecord& r : document_records()) {
    const PrescriptionPart part = prescription_part(r.rx, kZone);
    EXPECT_EQ(part.values.size(), prescription_text_fields().size());
    EXPECT_EQ(record_document(r, part, kZone), record_document(r, kZone)) << "record " << r.id.value();
  }
}

TEST(RecordCodec, TheDocumentTextReadsBackAsTheSameRecord) {
  for (const PrescriptionRecord& r : document_records()) {
    json parsed = json::parse(record_document(r, kZone), nullptr, false);
    ASSERT_FALSE(parsed.is_discarded()) << "record " << r.id.value();
    auto back = record_from_json(parsed, kZone);
    ASSERT_TRUE(back.ok()) << back.status().to_string();
    EXPECT_EQ(back->reason, r.reason);
    EXPECT_EQ(back->findings, r.findings);
    EXPECT_EQ(back->jobs, r.jobs);
    EXPECT_EQ(back->shortages, r.shortages);
    EXPECT_EQ(record_document(*back, kZone), record_document(r, kZone)) << "record " << r.id.value();
  }
}

TEST(RecordCodec, TheDocumentTextRefusesTextThatIsNotUtf8AsTheTreeDoes) {
  PrescriptionRecord r = full_record();
  r.reason = "caf\xe9";
  EXPECT_THROW(record_to_json(r, kZone).dump(), json::type_error);
  EXPECT_THROW(record_document(r, kZone), json::type_error);
}

TEST(RecordCodec, NamesDeviceKinds) {
  for (DeviceKind k : {DeviceKind::kChannel, DeviceKind::kRobot, DeviceKind::kShelf}) {
    auto back = parse_device_kind(device_kind_name(k));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, k);
  }
  EXPECT_EQ(device_kind_name(DeviceKind::kRobot), "robot");
  EXPECT_FALSE(parse_device_kind("Robot").ok());
}

}  // namespace
}  // namespace rx
