// The prescription's canonical JSON (interop's prescription_to_json) written
// straight to text: the payload of prescription.received and the
// prescription's part of every stored record.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/prescription.h"
#include "core/time.h"
#include "interop/json/json_text.h"

namespace rx {

// One key of prescription_to_json's object, and how to write its value.
struct PrescriptionTextField {
  std::string_view key;
  void (*write)(JsonText&, const Prescription&, const Zone&);
};

// prescription_to_json's keys, sorted as a json object holds them.
std::span<const PrescriptionTextField> prescription_text_fields();

// The text of prescription_to_json(rx, zone).dump(), byte for byte.
std::string prescription_text(const Prescription& rx, const Zone& zone);

}  // namespace rx
