#include "interop/gs1/pack_code.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>

#include "interop/gs1/application_identifier.h"

namespace rx {
namespace {

constexpr char kGs = '\x1D';  // FNC1 as transmitted: ends a variable-length field
constexpr size_t kNmpaLength = 20;
constexpr size_t kNmpaProductLength = 7;
constexpr size_t kNmpaSerialLength = 9;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) {
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  return !s.empty();
}

// GS1 character set 82, the characters allowed in alphanumeric AIs.
bool cset82(char c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c)) return true;
  return std::string_view("!\"%&'()*+,-./:;<=>?_").find(c) != std::string_view::npos;
}

int digit(char c) { return c - '0'; }

// A character as a person can read it in an error message.
std::string shown(char c) {
  if (c == kGs) return "GS";
  if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F) {
    return fmt::format("0x{:02X}", static_cast<unsigned char>(c));
  }
  return fmt::format("'{}'", c);
}

std::string shown(std::string_view s) {
  std::string out;
  for (char c : s) out += c == kGs ? std::string("<GS>") : std::string(1, c);
  return out;
}

// The symbology identifiers of symbols that carry GS1 element strings, and of
// the plain symbols an NMPA code is printed in.
constexpr std::array kGs1Identifiers{std::string_view("]d2"), std::string_view("]C1"), std::string_view("]Q3"),
                                     std::string_view("]e0")};
constexpr std::array kPlainIdentifiers{std::string_view("]C0"), std::string_view("]d1"), std::string_view("]Q1")};

// YYMMDD; years 00-49 are 20xx and 50-99 are 19xx; day 00 is the month's last day.
Result<Date> parse_yymmdd(std::string_view ai, std::string_view v, size_t at) {
  using namespace std::chrono;
  int yy = digit(v[0]) * 10 + digit(v[1]);
  unsigned mm = static_cast<unsigned>(digit(v[2]) * 10 + digit(v[3]));
  unsigned dd = static_cast<unsigned>(digit(v[4]) * 10 + digit(v[5]));
  year y{yy < 50 ? 2000 + yy : 1900 + yy};
  if (mm < 1 || mm > 12) {
    return Status::invalid(
        fmt::format("AI ({}) value at position {}: month {:02d} in '{}' is not 01-12", ai, at, mm, v));
  }
  if (dd == 0) return Date{year_month_day_last{y, month_day_last{month{mm}}}};
  Date d{y, month{mm}, day{dd}};
  if (!d.ok()) {
    return Status::invalid(fmt::format("AI ({}) value at position {}: day {:02d} in '{}' does not exist in {}-{:02d}",
                                       ai, at, dd, v, static_cast<int>(y), mm));
  }
  return d;
}

// Checks a value against its AI's format; `at` is the value's position in the scanned code.
Status check_value(std::string_view ai, const AiFormat& f, std::string_view value, size_t at) {
  auto error = [&](const std::string& what) {
    return Status::invalid(fmt::format("AI ({}) value at position {}: {}", ai, at, what));
  };
  bool numeric = f.chars == AiFormat::Chars::kNumeric;
  std::string_view unit = numeric ? "digits" : "characters";
  if (value.empty()) return error("value is empty");
  if (f.min_length == f.max_length && static_cast<int>(value.size()) != f.max_length) {
    return error(fmt::format("expected {} {}, found {} ('{}')", f.max_length, unit, value.size(), shown(value)));
  }
  if (static_cast<int>(value.size()) > f.max_length) {
    return error(fmt::format("longer than {} {} ({})", f.max_length, unit, value.size()));
  }
  for (size_t i = 0; i < value.size(); ++i) {
    if (numeric && !is_digit(value[i])) {
      return error(fmt::format("expected a digit at position {}, found {}", at + i, shown(value[i])));
    }
    if (!numeric && !cset82(value[i])) {
      return error(fmt::format("character {} at position {} is not in GS1 character set 82", shown(value[i]), at + i));
    }
  }
  if (f.check_digit) {
    int expected = gs1_check_digit(value.substr(0, value.size() - 1));
    if (expected != digit(value.back())) {
      return error(fmt::format("check digit of {} is wrong: expected {}, found {}", value, expected, value.back()));
    }
  }
  if (f.date) TRY(parse_yymmdd(ai, value, at));
  return Status::ok_status();
}

class Gs1Reader {
 public:
  // Checks the element and keeps it; (01), (17), (10) and (21) also fill their fields.
  Status add(std::string_view ai, std::string_view value, size_t ai_at, size_t value_at) {
    TRY(check_value(ai, ai_format(ai), value, value_at));
    for (const auto& e : code_.elements) {
      if (e.ai == ai) return Status::invalid(fmt::format("AI ({}) at position {} appears a second time", ai, ai_at));
    }
    code_.elements.push_back(AiElement{std::string(ai), std::string(value)});
    if (ai == "01") code_.gtin = std::string(value);
    if (ai == "17") code_.expiry = TRY(parse_yymmdd(ai, value, value_at));
    if (ai == "10") code_.lot = std::string(value);
    if (ai == "21") code_.serial = std::string(value);
    return Status::ok_status();
  }

  Result<PackCode> finish() {
    if (code_.gtin.empty()) return Status::invalid("AI (01) GTIN is missing");
    return std::move(code_);
  }

 private:
  PackCode code_;
};

// "01…17…10…<GS>21…": fields of a predefined or fixed length run into the
// next AI; variable ones end at GS or at the end. `base` is the position of
// s[0] in the scanned code.
Result<PackCode> parse_element_string(std::string_view s, size_t base) {
  Gs1Reader reader;
  size_t pos = 0;
  while (pos < s.size()) {
    if (s[pos] == kGs) {  // also tolerated after a fixed-length field
      ++pos;
      continue;
    }
    std::string_view two = s.substr(pos, 2);
    if (two.size() != 2 || !all_digits(two)) {
      return Status::invalid(
          fmt::format("position {}: expected a GS1 AI (digits), found '{}'", base + pos, shown(two)));
    }
    auto ai_len = ai_length(two);
    if (!ai_len) {
      return Status::invalid(fmt::format("position {}: no GS1 AI begins with '{}'", base + pos, two));
    }
    std::string_view ai = s.substr(pos, static_cast<size_t>(*ai_len));
    if (ai.size() != static_cast<size_t>(*ai_len) || !all_digits(ai)) {
      return Status::invalid(fmt::format("position {}: AIs beginning with '{}' have {} digits, found '{}'", base + pos,
                                         two, *ai_len, shown(ai)));
    }
    size_t value_at = pos + ai.size();
    AiFormat f = ai_format(ai);
    size_t end = s.find(kGs, value_at);
    if (end == std::string_view::npos) end = s.size();
    if (f.min_length == f.max_length) end = std::min(end, value_at + static_cast<size_t>(f.max_length));
    TRY(reader.add(ai, s.substr(value_at, end - value_at), base + pos, base + value_at));
    pos = end;
  }
  return reader.finish();
}

// "(01)02000000000015(17)271231(10)AB123(21)000001"
Result<PackCode> parse_parenthesised(std::string_view s, size_t base) {
  Gs1Reader reader;
  size_t pos = 0;
  while (pos < s.size()) {
    if (s[pos] != '(') {
      return Status::invalid(
          fmt::format("position {}: expected '(' before an AI, found {}", base + pos, shown(s[pos])));
    }
    size_t close = s.find(')', pos);
    if (close == std::string_view::npos) {
      return Status::invalid(fmt::format("position {}: '(' is not closed by ')'", base + pos));
    }
    std::string_view ai = s.substr(pos + 1, close - pos - 1);
    if (ai.size() < 2 || ai.size() > 4 || !all_digits(ai)) {
      return Status::invalid(
          fmt::format("position {}: expected an AI of 2 to 4 digits in parentheses, found '({})'", base + pos, ai));
    }
    // An AI in an unassigned range is kept as printed; an assigned one must have its length.
    if (auto len = ai_length(ai.substr(0, 2)); len && static_cast<size_t>(*len) != ai.size()) {
      return Status::invalid(fmt::format("position {}: AIs beginning with '{}' have {} digits, found '({})'",
                                         base + pos, ai.substr(0, 2), *len, ai));
    }
    size_t next = s.find('(', close);
    if (next == std::string_view::npos) next = s.size();
    TRY(reader.add(ai, s.substr(close + 1, next - close - 1), base + pos, base + close + 1));
    pos = next;
  }
  return reader.finish();
}

// The last 4 digits are a check code whose algorithm is not published with the
// specification this follows, so only the digits and the length are verified.
Result<PackCode> parse_nmpa(std::string_view s, size_t base) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (!is_digit(s[i])) {
      return Status::invalid(
          fmt::format("NMPA code: expected a digit at position {}, found {}", base + i, shown(s[i])));
    }
  }
  if (s.size() != kNmpaLength) {
    return Status::invalid(fmt::format("NMPA code: expected {} digits, found {}", kNmpaLength, s.size()));
  }
  PackCode code;
  code.kind = PackCode::Kind::kNmpa;
  code.nmpa_product_code = std::string(s.substr(0, kNmpaProductLength));
  code.serial = std::string(s.substr(kNmpaProductLength, kNmpaSerialLength));
  code.nmpa_check = std::string(s.substr(kNmpaProductLength + kNmpaSerialLength));
  return code;
}

}  // namespace

Result<PackCode> parse_pack_code(std::string_view scanned) {
  while (!scanned.empty() && (scanned.back() == '\r' || scanned.back() == '\n')) scanned.remove_suffix(1);
  if (scanned.empty()) return Status::invalid("empty pack code");
  size_t base = 0;
  bool gs1_symbol = false;
  if (scanned[0] == ']') {
    std::string_view id = scanned.substr(0, 3);
    bool plain = std::find(kPlainIdentifiers.begin(), kPlainIdentifiers.end(), id) != kPlainIdentifiers.end();
    gs1_symbol = std::find(kGs1Identifiers.begin(), kGs1Identifiers.end(), id) != kGs1Identifiers.end();
    if (!plain && !gs1_symbol) {
      return Status::invalid(fmt::format(
          "symbology identifier '{}' is not read here: expected ]d2, ]C1, ]Q3 or ]e0 (GS1), or ]C0, ]d1 or ]Q1 "
          "(NMPA code)",
          shown(id)));
    }
    base = id.size();
    if (plain) return parse_nmpa(scanned.substr(base), base);
  }
  std::string_view rest = scanned.substr(base);
  if (!gs1_symbol && rest.size() == kNmpaLength && all_digits(rest)) return parse_nmpa(rest, base);
  if (!rest.empty() && rest[0] == kGs) {  // FNC1 in first position
    rest.remove_prefix(1);
    ++base;
  }
  if (rest.empty()) return Status::invalid("AI (01) GTIN is missing");
  if (rest[0] == '(') return parse_parenthesised(rest, base);
  return parse_element_string(rest, base);
}

std::string gs1_element_string(std::string_view gtin14, Date expiry, std::string_view lot, std::string_view serial) {
  return fmt::format("]d201{}17{:02d}{:02d}{:02d}10{}{}21{}", gtin14, static_cast<int>(expiry.year()) % 100,
                     static_cast<unsigned>(expiry.month()), static_cast<unsigned>(expiry.day()), lot, kGs, serial);
}

std::string gs1_human_readable(const std::vector<AiElement>& elements) {
  std::string out;
  for (const auto& e : elements) out += fmt::format("({}){}", e.ai, e.value);
  return out;
}

int gs1_check_digit(std::string_view digits) {
  if (digits.empty() || !all_digits(digits)) return -1;
  // Weights 3, 1, 3, … from the rightmost digit leftwards.
  int sum = 0;
  for (size_t i = 0; i < digits.size(); ++i) sum += digit(digits[digits.size() - 1 - i]) * (i % 2 == 0 ? 3 : 1);
  return (10 - sum % 10) % 10;
}

bool gtin_check_digit_ok(std::string_view gtin) {
  if ((gtin.size() != 8 && gtin.size() != 12 && gtin.size() != 13 && gtin.size() != 14) || !all_digits(gtin)) {
    return false;
  }
  return gs1_check_digit(gtin.substr(0, gtin.size() - 1)) == digit(gtin.back());
}

}  // namespace rx
