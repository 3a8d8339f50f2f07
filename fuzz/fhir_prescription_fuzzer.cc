// prescription_from_fhir on arbitrary JSON: a prescription or an error naming
// the element, never an exception or a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/time.h"
#include "interop/fhir/fhir_prescription.h"
#include "interop/json/bounded_json.h"
#include "invariant.h"
#include "shipped_formulary.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rx;
  auto doc = parse_json_bounded(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!doc.ok()) return 0;
  const Formulary& formulary = fuzz::shipped_formulary();
  const Zone zone = Zone::shanghai();
  Instant received_at = parse_instant("2026-11-29T10:00:00+08:00", zone).value();
  auto read = prescription_from_fhir(*doc, formulary, zone, received_at);
  if (!read.ok()) {
    RX_FUZZ_CHECK(!read.status().message().empty(), "an error without a message");
    return 0;
  }
  RX_FUZZ_CHECK(!read->rx.items.empty(), "a prescription without items");
  RX_FUZZ_CHECK(read->item_paths.size() == read->rx.items.size(), "an item without the FHIRPath it came from");
  for (const Item& item : read->rx.items) {
    RX_FUZZ_CHECK(formulary.find(item.drug) != nullptr, "an item whose drug is not in the formulary");
  }
  return 0;
}
