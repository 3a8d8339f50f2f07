#include "interop/fhir/fhir_record.h"

#include <fmt/format.h>

#include <charconv>

namespace rx {
namespace {

std::optional<long long> positive(std::string_view text) {
  if (text.empty() || text.size() > 18 || text.front() == '0') return std::nullopt;
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::string fhir_line_id(PrescriptionId id, size_t item) { return fmt::format("{}-{}", id.value(), item + 1); }

std::optional<std::pair<PrescriptionId, size_t>> parse_fhir_line_id(std::string_view id) {
  auto dash = id.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto rx = positive(id.substr(0, dash));
  auto line = positive(id.substr(dash + 1));
  if (!rx || !line) return std::nullopt;
  return std::pair{PrescriptionId(*rx), static_cast<size_t>(*line - 1)};
}

}  // namespace rx
