#include "interop/gs1/application_identifier.h"

#include <array>

namespace rx {
namespace {

struct AiEntry {
  std::string_view ai;
  AiFormat format;
};

using C = AiFormat::Chars;

constexpr AiFormat numeric(int length, std::string_view title, bool check_digit = false) {
  return AiFormat{C::kNumeric, length, length, check_digit, false, title};
}
constexpr AiFormat numeric_up_to(int max, std::string_view title) {
  return AiFormat{C::kNumeric, 1, max, false, false, title};
}
constexpr AiFormat text_up_to(int max, std::string_view title) {
  return AiFormat{C::kCset82, 1, max, false, false, title};
}
constexpr AiFormat date(std::string_view title) { return AiFormat{C::kNumeric, 6, 6, false, true, title}; }

// The AIs a pharmacy meets on packs, cartons and pallets.
constexpr std::array kTable{
    AiEntry{"00", numeric(18, "SSCC", true)},
    AiEntry{"01", numeric(14, "GTIN", true)},
    AiEntry{"02", numeric(14, "CONTENT", true)},
    AiEntry{"10", text_up_to(20, "BATCH/LOT")},
    AiEntry{"11", date("PROD DATE")},
    AiEntry{"12", date("DUE DATE")},
    AiEntry{"13", date("PACK DATE")},
    AiEntry{"15", date("BEST BEFORE or BEST BY")},
    AiEntry{"16", date("SELL BY")},
    AiEntry{"17", date("USE BY or EXPIRY")},
    AiEntry{"20", numeric(2, "VARIANT")},
    AiEntry{"21", text_up_to(20, "SERIAL")},
    AiEntry{"22", text_up_to(20, "CPV")},
    AiEntry{"235", text_up_to(28, "TPX")},
    AiEntry{"240", text_up_to(30, "ADDITIONAL ID")},
    AiEntry{"241", text_up_to(30, "CUST. PART No.")},
    AiEntry{"242", numeric_up_to(6, "MTO VARIANT")},
    AiEntry{"243", text_up_to(20, "PCN")},
    AiEntry{"250", text_up_to(30, "SECONDARY SERIAL")},
    AiEntry{"251", text_up_to(30, "REF. TO SOURCE")},
    AiEntry{"254", text_up_to(20, "GLN EXTENSION COMPONENT")},
    AiEntry{"30", numeric_up_to(8, "VAR. COUNT")},
    AiEntry{"37", numeric_up_to(8, "COUNT")},
    AiEntry{"400", text_up_to(30, "ORDER NUMBER")},
    AiEntry{"401", text_up_to(30, "GINC")},
    AiEntry{"402", numeric(17, "GSIN", true)},
    AiEntry{"403", text_up_to(30, "ROUTE")},
    AiEntry{"410", numeric(13, "SHIP TO LOC", true)},
    AiEntry{"411", numeric(13, "BILL TO", true)},
    AiEntry{"412", numeric(13, "PURCHASE FROM", true)},
    AiEntry{"413", numeric(13, "SHIP FOR LOC", true)},
    AiEntry{"414", numeric(13, "LOC No.", true)},
    AiEntry{"415", numeric(13, "PAY TO", true)},
    AiEntry{"416", numeric(13, "PROD/SERV LOC", true)},
    AiEntry{"420", text_up_to(20, "SHIP TO POST")},
    AiEntry{"422", numeric(3, "ORIGIN")},
    AiEntry{"7003", numeric(10, "EXPIRY TIME")},
    AiEntry{"710", text_up_to(20, "NHRN PZN")},
    AiEntry{"711", text_up_to(20, "NHRN CIP")},
    AiEntry{"712", text_up_to(20, "NHRN CN")},
    AiEntry{"713", text_up_to(20, "NHRN DRN")},
    AiEntry{"714", text_up_to(20, "NHRN AIM")},
    AiEntry{"8005", numeric(6, "PRICE PER UNIT")},
    AiEntry{"8020", text_up_to(25, "REF No.")},
    AiEntry{"90", text_up_to(30, "INTERNAL")},
};

bool in_range(std::string_view two, std::string_view from, std::string_view to) { return two >= from && two <= to; }

}  // namespace

std::optional<int> ai_length(std::string_view p) {
  if (p.size() != 2 || p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9') return std::nullopt;
  // The two digits as a number: the ranges below are those of the text "00" to "99".
  const int n = (p[0] - '0') * 10 + (p[1] - '0');
  auto in = [n](int from, int to) { return n >= from && n <= to; };
  if (in(0, 4) || in(10, 22) || n == 30 || n == 37 || in(90, 99)) return 2;
  if (in(23, 25) || in(40, 42) || n == 71) return 3;
  if (in(31, 36) || n == 39 || n == 43 || n == 70 || n == 72 || in(80, 82)) return 4;
  return std::nullopt;
}

std::optional<int> predefined_value_length(std::string_view p) {
  if (p == "00") return 18;
  if (p == "01" || p == "02" || p == "03") return 14;
  if (p == "04") return 16;
  if (in_range(p, "11", "19")) return 6;
  if (p == "20") return 2;
  if (in_range(p, "31", "36")) return 6;
  if (p == "41") return 13;
  return std::nullopt;
}

AiFormat ai_format(std::string_view ai) {
  for (const auto& e : kTable) {
    // The first digit first: most entries differ there, without a call to compare.
    if (!ai.empty() && e.ai[0] == ai[0] && e.ai == ai) return e.format;
  }
  // 310n-369n: measures with n decimals, six digits each.
  if (ai.size() == 4 && in_range(ai.substr(0, 2), "31", "36")) return numeric(6, "MEASURE");
  if (ai.size() == 2 && in_range(ai, "91", "99")) return text_up_to(90, "INTERNAL");
  if (ai.size() >= 2) {
    if (auto fixed = predefined_value_length(ai.substr(0, 2))) {
      return AiFormat{C::kCset82, *fixed, *fixed, false, false, ""};
    }
  }
  return AiFormat{C::kCset82, 1, 90, false, false, ""};
}

}  // namespace rx
