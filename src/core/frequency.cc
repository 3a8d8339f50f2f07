#include "core/frequency.h"

#include <algorithm>
#include <cctype>
#include <string>

#include <fmt/format.h>

namespace rx {
namespace {
struct FreqInfo {
  Frequency f;
  std::string_view code;
  std::optional<DosesPerDay> per_day;
};
constexpr FreqInfo kFreqs[] = {
    {Frequency::kQd, "qd", DosesPerDay{1, 1}},   {Frequency::kBid, "bid", DosesPerDay{2, 1}},
    {Frequency::kTid, "tid", DosesPerDay{3, 1}}, {Frequency::kQid, "qid", DosesPerDay{4, 1}},
    {Frequency::kQn, "qn", DosesPerDay{1, 1}},   {Frequency::kQ6h, "q6h", DosesPerDay{4, 1}},
    {Frequency::kQ8h, "q8h", DosesPerDay{3, 1}}, {Frequency::kQ12h, "q12h", DosesPerDay{2, 1}},
    {Frequency::kQw, "qw", DosesPerDay{1, 7}},   {Frequency::kPrn, "prn", std::nullopt},
    {Frequency::kSt, "st", std::nullopt},
};
}  // namespace

Result<Frequency> parse_frequency(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const auto& f : kFreqs) {
    if (f.code == lower) return f.f;
  }
  return Status::invalid(
      fmt::format("unknown frequency '{}': expected qd, bid, tid, qid, qn, q6h, q8h, q12h, qw, prn or st", text));
}

std::string_view frequency_code(Frequency f) { return kFreqs[static_cast<int>(f)].code; }
std::optional<DosesPerDay> doses_per_day(Frequency f) { return kFreqs[static_cast<int>(f)].per_day; }

}  // namespace rx
