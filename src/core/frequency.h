// Dosing frequency codes and how many doses a day each means.
#pragma once

#include <optional>
#include <string_view>

#include "core/result.h"

namespace rx {

enum class Frequency { kQd, kBid, kTid, kQid, kQn, kQ6h, kQ8h, kQ12h, kQw, kPrn, kSt };

// Case-insensitive: "qd", "BID", "q8h", …
Result<Frequency> parse_frequency(std::string_view text);
// Lower-case code: "qd".
std::string_view frequency_code(Frequency f);
// Scheduled doses per day, as a rational numerator over 7 for qw; nullopt for
// prn and st, which have no fixed daily count.
struct DosesPerDay {
  int numerator;
  int denominator;
};
std::optional<DosesPerDay> doses_per_day(Frequency f);

}  // namespace rx
