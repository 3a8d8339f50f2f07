// Prescription and its items, as the canonical JSON of contracts.md describes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/frequency.h"
#include "core/patient.h"
#include "core/quantity.h"
#include "core/strong_id.h"
#include "core/time.h"

namespace rx {

enum class VisitType { kOutpatient, kEmergency, kChronic };
std::string_view visit_type_name(VisitType v);
Result<VisitType> parse_visit_type(std::string_view text);

struct Visit {
  VisitType type = VisitType::kOutpatient;
  std::string department;
  bool pain_patient = false;
};

struct Prescriber {
  std::string id;
  std::string name;
};

struct Diagnosis {
  std::string code;  // ICD-10
  std::string text;
};

struct Item {
  DrugCode drug;  // always the formulary code once accepted
  std::optional<Quantity> dose;
  std::string route;
  std::optional<Frequency> frequency;
  std::optional<int> days;
  Quantity quantity = Quantity::whole(1, Unit::kPack);
  std::optional<std::string> supply_reason;
  std::string placer_order_no;  // HL7 ORC-2 of the line, if any
};

struct Prescription {
  std::string prescription_no;
  Instant issued_at{};
  int extended_validity_days = 0;
  Visit visit;
  Patient patient;
  Prescriber prescriber;
  std::vector<Diagnosis> diagnoses;
  std::vector<Item> items;
};

enum class RxStatus { kReceived, kBlocked, kAccepted, kDispensing, kReady, kHandedOver, kRejected, kCancelled };
std::string_view rx_status_name(RxStatus s);
Result<RxStatus> parse_rx_status(std::string_view text);
// Rejected, cancelled and handed-over prescriptions never change again.
bool is_final(RxStatus s);

}  // namespace rx
