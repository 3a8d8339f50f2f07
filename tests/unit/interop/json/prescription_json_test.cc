#include "interop/json/prescription_json.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

namespace rx {
namespace {

using nlohmann::json;

const Zone kZone = Zone::shanghai();
const Instant kReceived = *parse_instant("2026-03-29T10:00:00+08:00", kZone);

// The example of contracts.md, "Canonical prescription JSON".
json contract_example() {
  return json::parse(R"({
    "prescription_no": "MZ20260329-000123",
    "issued_at": "2026-03-29T09:12:00+08:00",
    "extended_validity_days": 0,
    "visit": {"type": "outpatient", "department": "心内科", "pain_patient": false},
    "patient": {"id": "P000123", "name": "张三", "sex": "M", "birth_date": "1958-04-02",
                "weight_kg": 70, "pregnant": false, "allergies": ["penicillin"], "id_number": null},
    "prescriber": {"id": "D0012", "name": "李医生"},
    "diagnoses": [{"code": "I10", "text": "高血压"}],
    "items": [
      {"drug": "D0001", "dose": {"value": 5, "unit": "mg"}, "route": "po",
       "frequency": "qd", "days": 7, "quantity": {"value": 1, "unit": "pack"}, "supply_reason": null}
    ]
  })");
}

// Three items so that errors in items[2] can be told from items[0].
json three_items() {
  json j = contract_example();
  j["items"].push_back({{"drug", "D0003"}, {"quantity", {{"value", 2}, {"unit", "盒"}}}});
  j["items"].push_back({{"drug", "02000000000046"}, {"quantity", {{"value", 1}, {"unit", "box"}}}});
  return j;
}

TEST(PrescriptionJson, ReadsTheContractExample) {
  auto rx = prescription_from_json(contract_example(), kZone, kReceived);
  ASSERT_TRUE(rx.ok()) << rx.status().to_string();
  EXPECT_EQ(rx->prescription_no, "MZ20260329-000123");
  EXPECT_EQ(format_instant(rx->issued_at), "2026-03-29T01:12:00.000Z");
  EXPECT_EQ(rx->extended_validity_days, 0);
  EXPECT_EQ(rx->visit.type, VisitType::kOutpatient);
  EXPECT_EQ(rx->visit.department, "心内科");
  EXPECT_FALSE(rx->visit.pain_patient);
  EXPECT_EQ(rx->patient.id.value(), "P000123");
  EXPECT_EQ(rx->patient.name, "张三");
  EXPECT_EQ(rx->patient.sex, "M");
  ASSERT_TRUE(rx->patient.birth_date.has_value());
  EXPECT_EQ(format_date(*rx->patient.birth_date), "1958-04-02");
  EXPECT_EQ(rx->patient.weight_kg, 70.0);
  EXPECT_FALSE(rx->patient.pregnant);
  EXPECT_EQ(rx->patient.allergies, std::vector<std::string>{"penicillin"});
  EXPECT_FALSE(rx->patient.id_number.has_value());
  EXPECT_FALSE(rx->patient.agent_id_number.has_value());
  EXPECT_EQ(rx->prescriber.id, "D0012");
  EXPECT_EQ(rx->prescriber.name, "李医生");
  ASSERT_EQ(rx->diagnoses.size(), 1u);
  EXPECT_EQ(rx->diagnoses[0].code, "I10");
  EXPECT_EQ(rx->diagnoses[0].text, "高血压");
  ASSERT_EQ(rx->items.size(), 1u);
  const Item& item = rx->items[0];
  EXPECT_EQ(item.drug.value(), "D0001");
  EXPECT_EQ(item.dose, Quantity::whole(5, Unit::kMilligram));
  EXPECT_EQ(item.route, "po");
  EXPECT_EQ(item.frequency, Frequency::kQd);
  EXPECT_EQ(item.days, 7);
  EXPECT_EQ(item.quantity, Quantity::whole(1, Unit::kPack));
  EXPECT_FALSE(item.supply_reason.has_value());
  EXPECT_EQ(item.placer_order_no, "");
}

TEST(PrescriptionJson, KeepsDrugCodesAsGivenAndReadsChineseUnits) {
  auto rx = prescription_from_json(three_items(), kZone, kReceived);
  ASSERT_TRUE(rx.ok()) << rx.status().to_string();
  ASSERT_EQ(rx->items.size(), 3u);
  EXPECT_EQ(rx->items[1].quantity, Quantity::whole(2, Unit::kPack));
  EXPECT_EQ(rx->items[2].drug.value(), "02000000000046");  // a GTIN, resolved later by the service
  EXPECT_EQ(rx->items[2].quantity.unit(), Unit::kPack);
  EXPECT_FALSE(rx->items[1].dose.has_value());
  EXPECT_FALSE(rx->items[1].frequency.has_value());
  EXPECT_FALSE(rx->items[1].days.has_value());
}

TEST(PrescriptionJson, AppliesTheDefaults) {
  json j = contract_example();
  j.erase("issued_at");
  j.erase("visit");
  j.erase("extended_validity_days");
  auto rx = prescription_from_json(j, kZone, kReceived);
  ASSERT_TRUE(rx.ok()) << rx.status().to_string();
  EXPECT_EQ(rx->issued_at, kReceived);
  EXPECT_EQ(rx->visit.type, VisitType::kOutpatient);
  EXPECT_EQ(rx->extended_validity_days, 0);
}

TEST(PrescriptionJson, ReadsAnIssuedAtWithoutOffsetInTheZone) {
  json j = contract_example();
  j["issued_at"] = "2026-03-29T09:12:00";
  auto in_shanghai = prescription_from_json(j, kZone, kReceived);
  auto in_utc = prescription_from_json(j, Zone::utc(), kReceived);
  ASSERT_TRUE(in_shanghai.ok());
  ASSERT_TRUE(in_utc.ok());
  EXPECT_EQ(format_instant(in_shanghai->issued_at), "2026-03-29T01:12:00.000Z");
  EXPECT_EQ(format_instant(in_utc->issued_at), "2026-03-29T09:12:00.000Z");
}

TEST(PrescriptionJson, IgnoresUnknownFields) {
  json j = contract_example();
  j["his_internal"] = {{"anything", json::array({1, 2})}};
  j["items"][0]["colour"] = "blue";
  j["patient"]["blood_type"] = 7;
  auto rx = prescription_from_json(j, kZone, kReceived);
  ASSERT_TRUE(rx.ok()) << rx.status().to_string();
  EXPECT_EQ(rx->items.size(), 1u);
}

TEST(PrescriptionJson, ReadsTheOptionalFields) {
  json j = contract_example();
  j["extended_validity_days"] = 3;
  j["visit"] = {{"type", "chronic"}, {"pain_patient", true}};
  j["patient"]["id_number"] = "110101195804020011";
  j["patient"]["agent"] = {{"name", "王五"}, {"relationship", "子女"}, {"id_number", "110101198001010022"}};
  j["patient"]["pregnant"] = true;
  j["items"][0]["supply_reason"] = "慢性病长期用药";
  j["items"][0]["frequency"] = "BID";
  j["items"][0]["dose"] = {{"value", 0.125}, {"unit", "mg"}};
  auto rx = prescription_from_json(j, kZone, kReceived);
  ASSERT_TRUE(rx.ok()) << rx.status().to_string();
  EXPECT_EQ(rx->extended_validity_days, 3);
  EXPECT_EQ(rx->visit.type, VisitType::kChronic);
  EXPECT_TRUE(rx->visit.pain_patient);
  EXPECT_EQ(rx->patient.id_number, "110101195804020011");
  EXPECT_EQ(rx->patient.agent_id_number, "110101198001010022");
  EXPECT_EQ(rx->patient.agent_name, "王五");
  EXPECT_EQ(rx->patient.agent_relationship, "子女");
  EXPECT_TRUE(rx->patient.pregnant);
  EXPECT_EQ(rx->items[0].supply_reason, "慢性病长期用药");
  EXPECT_EQ(rx->items[0].frequency, Frequency::kBid);
  EXPECT_EQ(rx->items[0].dose->micros(), 125'000);
}

struct BadCase {
  const char* name;
  std::function<void(json&)> edit;
  const char* field;
};

class PrescriptionJsonErrors : public testing::TestWithParam<BadCase> {};

TEST_P(PrescriptionJsonErrors, NamesTheField) {
  json j = three_items();
  GetParam().edit(j);
  auto rx = prescription_from_json(j, kZone, kReceived);
  ASSERT_FALSE(rx.ok()) << GetParam().name;
  EXPECT_EQ(rx.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(rx.status().field(), GetParam().field) << rx.status().to_string();
  EXPECT_FALSE(rx.status().message().empty());
}

std::string repeat(std::string_view s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, PrescriptionJsonErrors,
    testing::Values(
        BadCase{"no_prescription_no", [](json& j) { j.erase("prescription_no"); }, "prescription_no"},
        BadCase{"numeric_prescription_no", [](json& j) { j["prescription_no"] = 123; }, "prescription_no"},
        BadCase{"empty_prescription_no", [](json& j) { j["prescription_no"] = ""; }, "prescription_no"},
        BadCase{"long_prescription_no", [](json& j) { j["prescription_no"] = std::string(257, 'x'); },
                "prescription_no"},
        BadCase{"no_patient", [](json& j) { j.erase("patient"); }, "patient.id"},
        BadCase{"patient_not_object", [](json& j) { j["patient"] = "P1"; }, "patient"},
        BadCase{"no_patient_id", [](json& j) { j["patient"].erase("id"); }, "patient.id"},
        BadCase{"numeric_patient_id", [](json& j) { j["patient"]["id"] = 123; }, "patient.id"},
        BadCase{"bad_sex", [](json& j) { j["patient"]["sex"] = "male"; }, "patient.sex"},
        BadCase{"bad_birth_date", [](json& j) { j["patient"]["birth_date"] = "1958-02-30"; }, "patient.birth_date"},
        BadCase{"bad_weight", [](json& j) { j["patient"]["weight_kg"] = 0; }, "patient.weight_kg"},
        BadCase{"string_weight", [](json& j) { j["patient"]["weight_kg"] = "70"; }, "patient.weight_kg"},
        BadCase{"pregnant_string", [](json& j) { j["patient"]["pregnant"] = "no"; }, "patient.pregnant"},
        BadCase{"numeric_allergy",
                [](json& j) {
                  j["patient"]["allergies"] = {"penicillin", 5};
                },
                "patient.allergies[1]"},
        BadCase{"too_many_allergies", [](json& j) { j["patient"]["allergies"] = std::vector<std::string>(51, "x"); },
                "patient.allergies"},
        BadCase{"numeric_agent_id",
                [](json& j) {
                  j["patient"]["agent"] = {{"id_number", 1}};
                },
                "patient.agent.id_number"},
        BadCase{"no_items", [](json& j) { j.erase("items"); }, "items"},
        BadCase{"empty_items", [](json& j) { j["items"] = json::array(); }, "items"},
        BadCase{"items_object", [](json& j) { j["items"] = json::object(); }, "items"},
        BadCase{"too_many_items", [](json& j) { j["items"] = std::vector<json>(101, j["items"][0]); }, "items"},
        BadCase{"item_not_object", [](json& j) { j["items"][1] = "D0003"; }, "items[1]"},
        BadCase{"no_drug", [](json& j) { j["items"][1].erase("drug"); }, "items[1].drug"},
        BadCase{"numeric_drug", [](json& j) { j["items"][2]["drug"] = 2000000000046; }, "items[2].drug"},
        BadCase{"no_quantity", [](json& j) { j["items"][1].erase("quantity"); }, "items[1].quantity"},
        BadCase{"quantity_number", [](json& j) { j["items"][1]["quantity"] = 2; }, "items[1].quantity"},
        BadCase{"zero_quantity", [](json& j) { j["items"][2]["quantity"]["value"] = 0; }, "items[2].quantity.value"},
        BadCase{"negative_quantity", [](json& j) { j["items"][2]["quantity"]["value"] = -1; },
                "items[2].quantity.value"},
        BadCase{"string_quantity", [](json& j) { j["items"][2]["quantity"]["value"] = "2"; },
                "items[2].quantity.value"},
        BadCase{"no_quantity_value", [](json& j) { j["items"][2]["quantity"].erase("value"); },
                "items[2].quantity.value"},
        BadCase{"unknown_unit", [](json& j) { j["items"][2]["quantity"]["unit"] = "crate"; }, "items[2].quantity.unit"},
        BadCase{"no_unit", [](json& j) { j["items"][2]["quantity"].erase("unit"); }, "items[2].quantity.unit"},
        BadCase{"numeric_unit", [](json& j) { j["items"][2]["quantity"]["unit"] = 1; }, "items[2].quantity.unit"},
        BadCase{"zero_dose", [](json& j) { j["items"][0]["dose"]["value"] = 0; }, "items[0].dose.value"},
        BadCase{"dose_unit", [](json& j) { j["items"][0]["dose"]["unit"] = "grain"; }, "items[0].dose.unit"},
        BadCase{"unknown_frequency", [](json& j) { j["items"][0]["frequency"] = "q5h"; }, "items[0].frequency"},
        BadCase{"numeric_frequency", [](json& j) { j["items"][0]["frequency"] = 2; }, "items[0].frequency"},
        BadCase{"zero_days", [](json& j) { j["items"][0]["days"] = 0; }, "items[0].days"},
        BadCase{"fractional_days", [](json& j) { j["items"][0]["days"] = 2.5; }, "items[0].days"},
        BadCase{"string_days", [](json& j) { j["items"][0]["days"] = "7"; }, "items[0].days"},
        BadCase{"numeric_route", [](json& j) { j["items"][0]["route"] = 1; }, "items[0].route"},
        BadCase{"long_reason", [](json& j) { j["items"][0]["supply_reason"] = std::string(1001, 'r'); },
                "items[0].supply_reason"},
        BadCase{"bad_issued_at", [](json& j) { j["issued_at"] = "29/03/2026"; }, "issued_at"},
        BadCase{"numeric_issued_at", [](json& j) { j["issued_at"] = 1774746720; }, "issued_at"},
        BadCase{"validity_4", [](json& j) { j["extended_validity_days"] = 4; }, "extended_validity_days"},
        BadCase{"validity_negative", [](json& j) { j["extended_validity_days"] = -1; }, "extended_validity_days"},
        BadCase{"bad_visit_type", [](json& j) { j["visit"]["type"] = "inpatient"; }, "visit.type"},
        BadCase{"pain_patient_string", [](json& j) { j["visit"]["pain_patient"] = "yes"; }, "visit.pain_patient"},
        BadCase{"prescriber_id_number", [](json& j) { j["prescriber"]["id"] = 12; }, "prescriber.id"},
        BadCase{"diagnosis_not_object", [](json& j) { j["diagnoses"][0] = "I10"; }, "diagnoses[0]"},
        BadCase{"long_diagnosis", [](json& j) { j["diagnoses"][0]["text"] = repeat("高", 1001); }, "diagnoses[0].text"},
        BadCase{"too_many_diagnoses", [](json& j) { j["diagnoses"] = std::vector<json>(51, j["diagnoses"][0]); },
                "diagnoses"}),
    [](const testing::TestParamInfo<BadCase>& info) { return std::string(info.param.name); });

TEST(PrescriptionJson, ErrorMessagesSayWhatWasExpectedAndFound) {
  json j = three_items();
  j["items"][2]["quantity"]["unit"] = "crate";
  auto unit = prescription_from_json(j, kZone, kReceived);
  ASSERT_FALSE(unit.ok());
  EXPECT_EQ(unit.status().to_string(), "invalid_argument: items[2].quantity.unit: unknown unit 'crate'");

  j = three_items();
  j["patient"]["id"] = 123;
  auto id = prescription_from_json(j, kZone, kReceived);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().to_string(), "invalid_argument: patient.id: expected a string, found number");

  j = three_items();
  j["items"][0]["quantity"]["value"] = -2;
  auto negative = prescription_from_json(j, kZone, kReceived);
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.status().to_string(),
            "invalid_argument: items[0].quantity.value: must be greater than 0, found -2");
}

TEST(PrescriptionJson, RefusesANonObject) {
  auto rx = prescription_from_json(json::array(), kZone, kReceived);
  ASSERT_FALSE(rx.ok());
  EXPECT_EQ(rx.status().code(), ErrorCode::kInvalidArgument);
}

TEST(PrescriptionJson, BoundsAreInclusive) {
  json j = contract_example();
  j["prescription_no"] = repeat("处", 256);  // characters, not bytes
  j["items"] = std::vector<json>(100, j["items"][0]);
  j["patient"]["allergies"] = std::vector<std::string>(50, "nsaid");
  j["items"][0]["supply_reason"] = std::string(1000, 'r');
  auto rx = prescription_from_json(j, kZone, kReceived);
  ASSERT_TRUE(rx.ok()) << rx.status().to_string();
  EXPECT_EQ(rx->items.size(), 100u);
  EXPECT_EQ(rx->patient.allergies.size(), 50u);
}

// Every field set, none at its default, to show nothing is lost on the way.
Prescription full_prescription() {
  Prescription rx;
  rx.prescription_no = "MZ20260329-000777";
  rx.issued_at = *parse_instant("2026-03-29T09:12:34.250+08:00", kZone);
  rx.extended_validity_days = 2;
  rx.visit = Visit{VisitType::kEmergency, "急诊内科", true};
  rx.patient.id = PatientId("P000777");
  rx.patient.name = "王五";
  rx.patient.sex = "F";
  rx.patient.birth_date = *parse_date("1990-07-15");
  rx.patient.weight_kg = 58.5;
  rx.patient.pregnant = true;
  rx.patient.allergies = {"penicillin", "J01DB01"};
  rx.patient.id_number = "110101199007150027";
  rx.patient.agent_id_number = "110101196501010011";
  rx.prescriber = Prescriber{"D0042", "赵医生"};
  rx.diagnoses = {{"I10", "高血压"}, {"E11.9", "2型糖尿病"}};
  Item a;
  a.drug = DrugCode("D0004");
  a.dose = *Quantity::parse("2.5", Unit::kMilligram);
  a.route = "po";
  a.frequency = Frequency::kQ12h;
  a.days = 14;
  a.quantity = Quantity::whole(3, Unit::kPack);
  a.supply_reason = "长期用药";
  a.placer_order_no = "ORD-1";
  Item b;
  b.drug = DrugCode("02000000000275");
  b.dose = *Quantity::parse("0.000001", Unit::kGram);
  b.route = "ih";
  b.frequency = Frequency::kPrn;
  b.quantity = *Quantity::parse("1.5", Unit::kMillilitre);
  Item c;
  c.drug = DrugCode("D0069");
  c.dose = Quantity::whole(400, Unit::kMicrogram);
  c.quantity = Quantity::whole(20, Unit::kTablet);
  rx.items = {a, b, c};
  return rx;
}

TEST(PrescriptionJson, RoundTripsEveryField) {
  Prescription in = full_prescription();
  json written = prescription_to_json(in, kZone);
  // Through text as well, as it travels.
  auto out = prescription_from_json(json::parse(written.dump()), kZone, Instant{});
  ASSERT_TRUE(out.ok()) << out.status().to_string() << "\n" << written.dump(2);
  EXPECT_EQ(out->prescription_no, in.prescription_no);
  EXPECT_EQ(out->issued_at, in.issued_at);
  EXPECT_EQ(out->extended_validity_days, in.extended_validity_days);
  EXPECT_EQ(out->visit.type, in.visit.type);
  EXPECT_EQ(out->visit.department, in.visit.department);
  EXPECT_EQ(out->visit.pain_patient, in.visit.pain_patient);
  EXPECT_EQ(out->patient.id, in.patient.id);
  EXPECT_EQ(out->patient.name, in.patient.name);
  EXPECT_EQ(out->patient.sex, in.patient.sex);
  EXPECT_EQ(out->patient.birth_date, in.patient.birth_date);
  EXPECT_EQ(out->patient.weight_kg, in.patient.weight_kg);
  EXPECT_EQ(out->patient.pregnant, in.patient.pregnant);
  EXPECT_EQ(out->patient.allergies, in.patient.allergies);
  EXPECT_EQ(out->patient.id_number, in.patient.id_number);
  EXPECT_EQ(out->patient.agent_id_number, in.patient.agent_id_number);
  EXPECT_EQ(out->prescriber.id, in.prescriber.id);
  EXPECT_EQ(out->prescriber.name, in.prescriber.name);
  ASSERT_EQ(out->diagnoses.size(), in.diagnoses.size());
  for (size_t i = 0; i < in.diagnoses.size(); ++i) {
    EXPECT_EQ(out->diagnoses[i].code, in.diagnoses[i].code);
    EXPECT_EQ(out->diagnoses[i].text, in.diagnoses[i].text);
  }
  ASSERT_EQ(out->items.size(), in.items.size());
  for (size_t i = 0; i < in.items.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(out->items[i].drug, in.items[i].drug);
    EXPECT_EQ(out->items[i].dose, in.items[i].dose);
    EXPECT_EQ(out->items[i].route, in.items[i].route);
    EXPECT_EQ(out->items[i].frequency, in.items[i].frequency);
    EXPECT_EQ(out->items[i].days, in.items[i].days);
    EXPECT_EQ(out->items[i].quantity, in.items[i].quantity);
    EXPECT_EQ(out->items[i].supply_reason, in.items[i].supply_reason);
    EXPECT_EQ(out->items[i].placer_order_no, in.items[i].placer_order_no);
  }
}

TEST(PrescriptionJson, RoundTripsAbsentOptionals) {
  auto in = prescription_from_json(three_items(), kZone, kReceived);
  ASSERT_TRUE(in.ok());
  in->patient.birth_date.reset();
  in->patient.weight_kg.reset();
  auto out = prescription_from_json(prescription_to_json(*in, kZone), kZone, Instant{});
  ASSERT_TRUE(out.ok()) << out.status().to_string();
  EXPECT_FALSE(out->patient.birth_date.has_value());
  EXPECT_FALSE(out->patient.weight_kg.has_value());
  EXPECT_FALSE(out->patient.id_number.has_value());
  EXPECT_FALSE(out->patient.agent_id_number.has_value());
  EXPECT_FALSE(out->items[1].dose.has_value());
  EXPECT_FALSE(out->items[1].frequency.has_value());
  EXPECT_FALSE(out->items[1].days.has_value());
  EXPECT_FALSE(out->items[1].supply_reason.has_value());
  EXPECT_EQ(out->issued_at, in->issued_at);
}

TEST(PrescriptionJson, TheAgentsNameAndRelationshipRoundTrip) {
  Prescription in = full_prescription();
  in.patient.agent_name = "王小明";
  in.patient.agent_relationship = "子女";
  in.patient.agent_id_number.reset();
  json j = prescription_to_json(in, kZone);
  EXPECT_EQ(j["patient"]["agent"], json::parse(R"({"name": "王小明", "relationship": "子女"})"));
  auto out = prescription_from_json(j, kZone, kReceived);
  ASSERT_TRUE(out.ok()) << out.status().to_string();
  EXPECT_EQ(out->patient.agent_name, "王小明");
  EXPECT_EQ(out->patient.agent_relationship, "子女");
  EXPECT_FALSE(out->patient.agent_id_number.has_value());
  in.patient.agent_name.reset();
  in.patient.agent_relationship.clear();
  EXPECT_TRUE(prescription_to_json(in, kZone)["patient"]["agent"].is_null());
}

TEST(PrescriptionJson, WritesTheCanonicalShape) {
  json j = prescription_to_json(full_prescription(), kZone);
  EXPECT_EQ(j["issued_at"], "2026-03-29T09:12:34.250+08:00");
  EXPECT_EQ(j["visit"]["type"], "emergency");
  EXPECT_EQ(j["patient"]["birth_date"], "1990-07-15");
  EXPECT_EQ(j["patient"]["agent"]["id_number"], "110101196501010011");
  EXPECT_FALSE(j["patient"]["agent"].contains("name"));
  const json& a = j["items"][0];
  EXPECT_EQ(a["frequency"], "q12h");
  EXPECT_EQ(a["quantity"], json::parse(R"({"value": 3, "unit": "pack"})"));
  EXPECT_TRUE(a["quantity"]["value"].is_number_integer());
  EXPECT_TRUE(a["dose"]["value"].is_number_float());
  EXPECT_EQ(a["dose"]["value"].get<double>(), 2.5);
  EXPECT_EQ(j["items"][1]["dose"]["unit"], "g");
  EXPECT_TRUE(j["items"][1]["days"].is_null());
  EXPECT_TRUE(j["items"][1]["supply_reason"].is_null());
  EXPECT_EQ(j["items"][2]["dose"], json::parse(R"({"value": 400, "unit": "µg"})"));
  EXPECT_EQ(j["items"][2]["quantity"]["unit"], "tablet");

  Prescription whole_second = full_prescription();
  whole_second.issued_at = *parse_instant("2026-03-29T09:12:00+08:00", kZone);
  EXPECT_EQ(prescription_to_json(whole_second, kZone)["issued_at"], "2026-03-29T09:12:00+08:00");
  EXPECT_EQ(prescription_to_json(whole_second, Zone::utc())["issued_at"], "2026-03-29T01:12:00+00:00");
}

TEST(FindingJson, WritesTheContractShape) {
  Finding f{"DDI", Severity::kBlock, {0, 2}, "华法林与阿司匹林合用增加出血风险", "regulations.md DDI table"};
  json j = finding_to_json(f);
  EXPECT_EQ(j, json::parse(R"({"code":"DDI","severity":"block","items":[0,2],
                               "message":"华法林与阿司匹林合用增加出血风险","evidence":"regulations.md DDI table"})"));
  auto back = finding_from_json(j);
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  EXPECT_EQ(*back, f);
}

TEST(FindingJson, RoundTripsEverySeverityAndNoItems) {
  for (Severity s : {Severity::kInfo, Severity::kWarn, Severity::kBlock}) {
    Finding f{"MAX_ITEMS", s, {}, "m", ""};
    auto back = finding_from_json(finding_to_json(f));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, f);
  }
}

TEST(FindingJson, RefusesBadFindings) {
  json good = finding_to_json(Finding{"DDI", Severity::kWarn, {1}, "m", "e"});
  auto field_of = [](const json& j) {
    auto f = finding_from_json(j);
    return f.ok() ? std::string("(accepted)") : f.status().field();
  };
  json j = good;
  j["severity"] = "fatal";
  EXPECT_EQ(field_of(j), "severity");
  j = good;
  j.erase("code");
  EXPECT_EQ(field_of(j), "code");
  j = good;
  j["items"] = {0, -1};
  EXPECT_EQ(field_of(j), "items[1]");
  j = good;
  j["items"] = {"0"};
  EXPECT_EQ(field_of(j), "items[0]");
  j = good;
  j["message"] = 5;
  EXPECT_EQ(field_of(j), "message");
  EXPECT_FALSE(finding_from_json(json("DDI")).ok());
}

}  // namespace
}  // namespace rx
