// GS1 Application Identifiers: how long an AI is, how long and of which
// characters its value is, per the GS1 General Specifications' AI tables.
#pragma once

#include <optional>
#include <string_view>

namespace rx {

struct AiFormat {
  enum class Chars { kNumeric, kCset82 };
  Chars chars = Chars::kCset82;
  int min_length = 1;
  int max_length = 90;       // fixed length when min_length == max_length
  bool check_digit = false;  // last digit is a GS1 mod-10 check digit (SSCC, GTIN, GLN)
  bool date = false;         // YYMMDD; day 00 means the month's last day
  std::string_view title;    // the GS1 data title, "GTIN", "BATCH/LOT", … ("" if not in the table)
};

// How many digits the AI starting with these two digits has (2, 3 or 4), or
// nullopt for a prefix GS1 has not assigned.
std::optional<int> ai_length(std::string_view first_two_digits);

// The value length of AIs whose first two digits are in GS1's table of
// predefined lengths (no FNC1 needed after them), or nullopt.
std::optional<int> predefined_value_length(std::string_view first_two_digits);

// The format of a complete AI ("01", "240", "3103", "8005"). An AI not in the
// table gets a variable X..90 format with an empty title: it is kept, unchecked.
AiFormat ai_format(std::string_view ai);

}  // namespace rx
