#include <chrono>
#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/shipped_data.h"
#include "cli/shipped_knowledge.h"
#include "interop/fhir/fhir_prescription.h"
#include "interop/hl7v2/inbound.h"
#include "interop/json/bounded_json.h"
#include "interop/json/prescription_json.h"
#include "review/review.h"

namespace rx::cli {
namespace {

bool is_hl7_message(std::string_view text) {
  size_t start = text.find_first_not_of("\r\n");
  return start != std::string_view::npos && text.substr(start, 3) == "MSH";
}

int print_review(const Prescription& rx, const Formulary& formulary, const ReviewContext& context) {
  auto findings = review_prescription(rx, formulary, context);
  nlohmann::json out = {{"findings", nlohmann::json::array()}};
  for (const auto& f : findings) out["findings"].push_back(finding_to_json(f));
  std::cout << out.dump() << "\n";
  return has_block(findings) ? 1 : 0;
}

// The two intake refusals that are also review findings (contracts.md: HL7
// answers them AE, the APIs 422) print as one blocking finding.
std::optional<int> print_refusal_finding(const std::string& code, const std::string& message,
                                         const std::string& evidence) {
  if (code != "UNKNOWN_DRUG" && code != "MAX_ITEMS") return std::nullopt;
  Finding finding{code, Severity::kBlock, {}, message, evidence};
  std::cout << nlohmann::json{{"findings", {finding_to_json(finding)}}}.dump() << "\n";
  return 1;
}

// An HL7 order as the MLLP receiver reads it. The two refusals that are also
// review findings print as blocking findings; any other refusal means the
// file is not a prescription rxpress can read.
int review_hl7(const std::filesystem::path& file, std::string_view text, const Formulary& formulary,
               const ReviewContext& context) {
  hl7::Inbound in = hl7::read_inbound(text, formulary, context.zone);
  if (in.error) {
    if (auto code = print_refusal_finding(in.error->code, in.error->text, "HL7 " + in.error->location)) return *code;
  }
  const auto* order = in.action ? std::get_if<hl7::NewOrder>(&*in.action) : nullptr;
  if (order == nullptr) {
    std::string why = in.error ? fmt::format("{} ({}{}{})", in.error->text, hl7::ack_code_name(in.error->ack),
                                             in.error->location.empty() ? "" : " at ", in.error->location)
                               : fmt::format("{} is not a new order (ORC-1 NW)", in.header->message_type);
    fmt::print(stderr, "rxpress review: {} is not an HL7 order rxpress accepts: {}\n", file.string(), why);
    return 2;
  }
  return print_review(order->rx, formulary, context);
}

}  // namespace

int run_review(const std::filesystem::path& file) {
  auto text = read_file(file, 16u << 20);
  if (!text.ok()) {
    fmt::print(stderr, "rxpress review: {}\n", text.status().message());
    return 2;
  }
  Zone zone = Zone::shanghai();
  Instant now = std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
  auto data = load_shipped_data(zone.local_date(now));
  if (!data.ok()) {
    fmt::print(stderr, "rxpress review: {}\n", data.status().message());
    return 2;
  }
  auto knowledge = load_shipped_knowledge(data->formulary);
  if (!knowledge.ok()) {
    fmt::print(stderr, "rxpress review: the knowledge base is broken: {}\n", knowledge.status().message());
    return 2;
  }
  if (is_hl7_message(*text)) {
    return review_hl7(file, *text, data->formulary, ReviewContext{now, zone, knowledge->get()});
  }
  auto json = parse_json_bounded(*text);
  if (!json.ok()) {
    fmt::print(stderr, "rxpress review: {} is not a supported prescription format: {}\n", file.string(),
               json.status().message());
    return 2;
  }
  if (json->is_object() && json->contains("resourceType")) {
    // A FHIR MedicationRequest or transaction Bundle, read as POST /fhir/r4 reads it.
    auto fhir = prescription_from_fhir(*json, data->formulary, zone, now);
    if (!fhir.ok()) {
      const Status& s = fhir.status();
      if (auto code = print_refusal_finding(s.reason(), s.message(), "FHIR " + s.field())) return *code;
      fmt::print(stderr, "rxpress review: {} is not a FHIR prescription rxpress accepts: {}\n", file.string(),
                 s.to_string());
      return 2;
    }
    return print_review(fhir->rx, data->formulary, ReviewContext{now, zone, knowledge->get()});
  }
  auto rx = prescription_from_json(*json, zone, now);
  if (!rx.ok()) {
    fmt::print(stderr, "rxpress review: {} is not a canonical prescription: {}\n", file.string(),
               rx.status().to_string());
    return 2;
  }
  for (auto& item : rx->items) {
    if (const Drug* d = data->formulary.resolve(item.drug.value())) item.drug = d->code;
  }
  return print_review(*rx, data->formulary, ReviewContext{now, zone, knowledge->get()});
}

}  // namespace rx::cli
