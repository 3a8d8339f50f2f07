#include "interop/json/prescription_text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "interop/json/prescription_json.h"

namespace rx {
namespace {

using nlohmann::json;

const Zone kZone = Zone::shanghai();

Instant at(std::string_view text) { return *parse_instant(text, kZone); }

Prescription parsed(const json& j) {
  auto rx = prescription_from_json(j, kZone, at("2026-12-01T09:00:00+08:00"));
  EXPECT_TRUE(rx.ok()) << rx.status().to_string();
  return rx.ok() ? std::move(rx).value() : Prescription{};
}

// Every optional field set, Chinese text, fractions and whole numbers.
Prescription full_prescription() {
  return parsed(json::parse(R"({
    "prescription_no": "MZ20261201-000042",
    "issued_at": "2026-12-01T08:41:07.250+08:00",
    "extended_validity_days": 2,
    "visit": {"type": "chronic", "department": "内分泌科", "pain_patient": true},
    "patient": {"id": "P000042", "name": "王五", "sex": "F", "birth_date": "1950-01-31",
                "weight_kg": 58.5, "pregnant": false, "allergies": ["penicillin", "J01CA04"],
                "id_number": "310101195001310021",
                "agent": {"name": "王小五", "relationship": "子", "id_number": "310101198001010011"}},
    "prescriber": {"id": "D0077", "name": "赵医生"},
    "diagnoses": [{"code": "E11.9", "text": "2型糖尿病"}, {"code": "I10", "text": "高血压"}],
    "items": [
      {"drug": "D0022", "dose": {"value": 0.5, "unit": "g"}, "route": "po", "frequency": "tid", "days": 30,
       "quantity": {"value": 90, "unit": "片"}, "supply_reason": "stable chronic disease", "placer_order_no": "ORC-1"},
      {"drug": "D0027", "dose": {"value": 12, "unit": "IU"}, "route": "sc", "frequency": "qn", "days": 30,
       "quantity": {"value": 2, "unit": "支"}, "supply_reason": null}
    ]
  })"));
}

// The text is compared with the tree it replaces, byte for byte: the stored
// records and the events' payloads depend on it.
TEST(PrescriptionText, EqualsTheTreesDumpWithEveryFieldSet) {
  Prescription rx = full_prescription();
  EXPECT_EQ(prescription_text(rx, kZone), prescription_to_json(rx, kZone).dump());
}

TEST(PrescriptionText, EqualsTheTreesDumpWithNothingOptional) {
  Prescription rx = parsed(json::parse(R"({
    "prescription_no": "MZ1",
    "issued_at": "2026-12-01T08:41:07+08:00",
    "patient": {"id": "P1", "name": "Li Wei"},
    "prescriber": {"id": "D1", "name": "Dr"},
    "items": [{"drug": "D0003", "quantity": {"value": 1, "unit": "pack"}}]
  })"));
  const std::string text = prescription_text(rx, kZone);
  EXPECT_EQ(text, prescription_to_json(rx, kZone).dump());
  EXPECT_NE(text.find("\"agent\":null"), std::string::npos);
  EXPECT_NE(text.find("\"diagnoses\":[]"), std::string::npos);
}

TEST(PrescriptionText, EqualsTheTreesDumpForEachAgentFieldAlone) {
  for (int which = 0; which < 3; ++which) {
    Prescription rx = full_prescription();
    Patient& p = rx.patient;
    p.agent_name.reset();
    p.agent_relationship.clear();
    p.agent_id_number.reset();
    if (which == 0) p.agent_name = "代办人";
    if (which == 1) p.agent_relationship = "spouse";
    if (which == 2) p.agent_id_number = "310101198001010011";
    EXPECT_EQ(prescription_text(rx, kZone), prescription_to_json(rx, kZone).dump()) << which;
  }
}

TEST(PrescriptionText, WritesNumbersAsTheTreeDoes) {
  for (double kg : {58.5, 0.1, 3.0, 1234.5678, 1e-7, 70.0 / 3}) {
    Prescription rx = full_prescription();
    rx.patient.weight_kg = kg;
    rx.items[0].dose = Quantity::from_micros(static_cast<int64_t>(kg * 1'000'000), Unit::kMilligram);
    rx.items[1].quantity = Quantity::from_micros(2'500'000, Unit::kPack);
    EXPECT_EQ(prescription_text(rx, kZone), prescription_to_json(rx, kZone).dump()) << kg;
  }
}

TEST(PrescriptionText, EscapesTextAsTheTreeDoes) {
  Prescription rx = full_prescription();
  rx.prescription_no = "quote \" backslash \\ tab \t";
  rx.patient.name = std::string("control \x01\x1f end");
  rx.items[0].route = "line\nbreak";
  rx.diagnoses.push_back(Diagnosis{"Z99", "\r\b\f"});
  EXPECT_EQ(prescription_text(rx, kZone), prescription_to_json(rx, kZone).dump());
}

TEST(PrescriptionText, ThrowsOnTextThatIsNotUtf8AsTheTreeDoes) {
  Prescription rx = full_prescription();
  rx.patient.name = std::string("bad \xff byte");
  EXPECT_THROW(prescription_to_json(rx, kZone).dump(), json::exception);
  EXPECT_THROW(prescription_text(rx, kZone), json::exception);
}

TEST(PrescriptionText, FieldsAreSortedAsAJsonObjectHoldsThem) {
  auto fields = prescription_text_fields();
  for (size_t i = 1; i < fields.size(); ++i) EXPECT_LT(fields[i - 1].key, fields[i].key);
  json tree = prescription_to_json(full_prescription(), kZone);
  ASSERT_EQ(fields.size(), tree.size());
  for (const auto& field : fields) EXPECT_TRUE(tree.contains(std::string(field.key))) << field.key;
}

}  // namespace
}  // namespace rx
