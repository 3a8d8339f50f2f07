// Pack codes: GS1 element strings (DataMatrix, GS1-128, GS1 QR) and NMPA
// 20-digit traceability codes (药品追溯码), as regulations.md describes them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace rx {

// One AI and its value, as read.
struct AiElement {
  std::string ai;
  std::string value;
  bool operator==(const AiElement&) const = default;
};

struct PackCode {
  enum class Kind { kGs1, kNmpa } kind = Kind::kGs1;
  std::string gtin;                 // GTIN-14 (GS1 only)
  std::optional<Date> expiry;       // AI (17); day 00 means the month's last day
  std::string lot;                  // AI (10)
  std::string serial;               // AI (21), or the NMPA 9-digit serial
  std::string nmpa_product_code;    // NMPA only: the 7-digit product identifier
  std::string nmpa_check;           // NMPA only: the 4 check digits, as printed
  std::vector<AiElement> elements;  // GS1 only: every AI in the order read, unknown AIs included
};

// Reads a scanned code:
// - a GS1 element string, with or without a GS1 symbology identifier (]d2,
//   ]C1, ]Q3, ]e0), with GS (0x1D) as FNC1, a leading FNC1 allowed;
// - its parenthesised human form "(01)…(17)…";
// - a 20-digit NMPA code, bare or after a plain identifier (]C0, ]d1, ]Q1).
// Trailing CR/LF from a scanner is ignored. (01) is required in a GS1 code.
// Errors name the AI, the 0-based position in `scanned`, and expected vs found.
Result<PackCode> parse_pack_code(std::string_view scanned);

// The element string a DataMatrix carries: "]d2" 01 gtin 17 yymmdd 10 lot GS 21 serial.
std::string gs1_element_string(std::string_view gtin14, Date expiry, std::string_view lot, std::string_view serial);

// The printed form of a GS1 code's elements: "(01)…(17)…(10)…(21)…".
std::string gs1_human_readable(const std::vector<AiElement>& elements);

// The GS1 mod-10 check digit for `digits` (everything but the check digit), or -1 if
// `digits` is empty or not all digits.
int gs1_check_digit(std::string_view digits);

// True if the last digit of a GTIN-8/12/13/14 is its GS1 mod-10 check digit.
bool gtin_check_digit_ok(std::string_view gtin);

}  // namespace rx
