// The JSON document of a PrescriptionRecord: the projection stored in the
// prescriptions table, and the body of GET /api/v1/prescriptions/{id}.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "interop/json/json_text.h"
#include "service/record.h"

namespace rx {

// The canonical prescription fields plus id, status, findings, times, queue
// number, window, plan, packs and shortages. Instants are in `zone`.
nlohmann::json record_to_json(const PrescriptionRecord& record, const Zone& zone);
// The text of record_to_json(record, zone).dump(), byte for byte, written
// without building a JSON tree: the stored document.
std::string record_document(const PrescriptionRecord& record, const Zone& zone);
// The prescription's part of a record's document, written once: the text of
// the value of each of prescription_text_fields(), in their order. A
// prescription changes only when lines are added to it, so the stored
// document's writes can share its part until then.
struct PrescriptionPart {
  std::vector<std::string> values;
};
PrescriptionPart prescription_part(const Prescription& rx, const Zone& zone);
// record_document(record, zone) with the prescription's part as written by
// prescription_part(record.rx, zone).
std::string record_document(const PrescriptionRecord& record, const PrescriptionPart& rx_part, const Zone& zone);
// Reads back exactly what record_to_json wrote.
Result<PrescriptionRecord> record_from_json(const nlohmann::json& j, const Zone& zone);

// A plan as a JSON array of {"device","drug","expiry","item","location","lot","packs"}:
// as a tree, and as the same text written straight into `w`.
nlohmann::json plan_to_json(const std::vector<PlannedLine>& plan);
void write_plan_text(JsonText& w, const std::vector<PlannedLine>& plan);

std::string_view device_kind_name(DeviceKind kind);  // "channel", "robot", "shelf"
Result<DeviceKind> parse_device_kind(std::string_view name);

}  // namespace rx
