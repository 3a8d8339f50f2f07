// Pack codes: GS1 DataMatrix element strings and NMPA 20-digit traceability
// codes, as regulations.md describes them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time.h"

namespace rx {

struct PackCode {
  enum class Kind { kGs1, kNmpa } kind = Kind::kGs1;
  std::string gtin;               // GTIN-14 (GS1 only)
  std::optional<Date> expiry;     // AI (17); day 00 means the month's last day
  std::string lot;                // AI (10)
  std::string serial;             // AI (21), or the NMPA 9-digit serial
  std::string nmpa_product_code;  // NMPA only: the 7-digit product identifier
};

// Reads a scanned code: a GS1 element string with or without the "]d2"
// symbology identifier and with GS (0x1D) as FNC1, its parenthesised human
// form "(01)…(17)…", or a 20-digit NMPA code. Errors say which AI or position
// is wrong.
Result<PackCode> parse_pack_code(std::string_view scanned);

// The element string a DataMatrix carries: "]d2" 01 gtin 17 yymmdd 10 lot GS 21 serial.
std::string gs1_element_string(std::string_view gtin14, Date expiry, std::string_view lot, std::string_view serial);

// True if the last digit of a GTIN-8/12/13/14 is its GS1 mod-10 check digit.
bool gtin_check_digit_ok(std::string_view gtin);

}  // namespace rx
