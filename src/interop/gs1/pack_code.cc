#include "interop/gs1/pack_code.h"

#include <fmt/format.h>

#include <chrono>

namespace rx {
namespace {

constexpr char kGs = '\x1D';  // FNC1 as transmitted: ends a variable-length field
constexpr std::string_view kDataMatrixId = "]d2";
constexpr size_t kMaxVariableLength = 20;  // AIs (10) and (21)
constexpr size_t kNmpaLength = 20;

bool all_digits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

// GS1 character set 82, the characters allowed in AIs (10) and (21).
bool cset82(char c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!\"%&'()*+,-./:;<=>?_").find(c) != std::string_view::npos;
}

int digit(char c) { return c - '0'; }

// YYMMDD; years 00-49 are 20xx and 50-99 are 19xx; day 00 is the month's last day.
Result<Date> expiry_date(std::string_view v) {
  using namespace std::chrono;
  int yy = digit(v[0]) * 10 + digit(v[1]);
  unsigned mm = static_cast<unsigned>(digit(v[2]) * 10 + digit(v[3]));
  unsigned dd = static_cast<unsigned>(digit(v[4]) * 10 + digit(v[5]));
  year y{yy < 50 ? 2000 + yy : 1900 + yy};
  if (mm < 1 || mm > 12) return Status::invalid(fmt::format("AI (17): month {:02d} in '{}' is not 01-12", mm, v));
  if (dd == 0) return Date{year_month_day_last{y, month_day_last{month{mm}}}};
  Date d{y, month{mm}, day{dd}};
  if (!d.ok()) return Status::invalid(fmt::format("AI (17): '{}' is not a date (YYMMDD)", v));
  return d;
}

// Checks one AI's value and stores it in `code`.
Status set_field(PackCode& code, std::string_view ai, std::string_view value) {
  if (ai == "01") {
    if (value.size() != 14 || !all_digits(value)) {
      return Status::invalid(fmt::format("AI (01): expected a 14-digit GTIN, found '{}'", value));
    }
    if (!gtin_check_digit_ok(value)) {
      return Status::invalid(fmt::format("AI (01): check digit of GTIN {} is wrong", value));
    }
    if (!code.gtin.empty()) return Status::invalid("AI (01) appears twice");
    code.gtin = std::string(value);
    return Status::ok_status();
  }
  if (ai == "17") {
    if (value.size() != 6 || !all_digits(value)) {
      return Status::invalid(fmt::format("AI (17): expected an expiry date YYMMDD, found '{}'", value));
    }
    if (code.expiry) return Status::invalid("AI (17) appears twice");
    code.expiry = TRY(expiry_date(value));
    return Status::ok_status();
  }
  if (ai == "10" || ai == "21") {
    std::string& field = ai == "10" ? code.lot : code.serial;
    if (value.empty()) return Status::invalid(fmt::format("AI ({}) is empty", ai));
    if (value.size() > kMaxVariableLength) {
      return Status::invalid(
          fmt::format("AI ({}): longer than {} characters ({})", ai, kMaxVariableLength, value.size()));
    }
    for (char c : value) {
      if (!cset82(c))
        return Status::invalid(
            fmt::format("AI ({}): character 0x{:02X} is not allowed", ai, static_cast<unsigned char>(c)));
    }
    if (!field.empty()) return Status::invalid(fmt::format("AI ({}) appears twice", ai));
    field = std::string(value);
    return Status::ok_status();
  }
  return Status::invalid(fmt::format("unknown AI ({}): expected (01), (17), (10) or (21)", ai));
}

size_t fixed_length(std::string_view ai) {
  if (ai == "01") return 14;
  if (ai == "17") return 6;
  return 0;
}

Result<PackCode> finish(PackCode code) {
  if (code.gtin.empty()) return Status::invalid("AI (01) GTIN is missing");
  return code;
}

// "01…17…10…<GS>21…": fixed-length fields run into the next AI; variable ones
// end at GS or at the end.
Result<PackCode> parse_element_string(std::string_view s) {
  PackCode code;
  size_t pos = 0;
  while (pos < s.size()) {
    if (s[pos] == kGs) {  // also tolerated after a fixed-length field
      ++pos;
      continue;
    }
    std::string_view ai = s.substr(pos, 2);
    if (ai.size() != 2 || !all_digits(ai)) {
      return Status::invalid(fmt::format("expected a two-digit AI at position {}, found '{}'", pos, ai));
    }
    pos += 2;
    size_t len = fixed_length(ai);
    if (len == 0) {
      if (ai != "10" && ai != "21") return set_field(code, ai, {});  // names the unknown AI
      len = s.find(kGs, pos);
      len = (len == std::string_view::npos ? s.size() : len) - pos;
    }
    std::string_view value = s.substr(pos, len);
    TRY(set_field(code, ai, value));
    pos += value.size();
  }
  return finish(std::move(code));
}

// "(01)02000000000015(17)271231(10)AB123(21)000001"
Result<PackCode> parse_parenthesised(std::string_view s) {
  PackCode code;
  size_t pos = 0;
  while (pos < s.size()) {
    if (s[pos] != '(') return Status::invalid(fmt::format("expected '(' at position {}", pos));
    size_t close = s.find(')', pos);
    if (close == std::string_view::npos) return Status::invalid(fmt::format("'(' at position {} is not closed", pos));
    std::string_view ai = s.substr(pos + 1, close - pos - 1);
    size_t next = s.find('(', close);
    if (next == std::string_view::npos) next = s.size();
    TRY(set_field(code, ai, s.substr(close + 1, next - close - 1)));
    pos = next;
  }
  return finish(std::move(code));
}

// The last 4 digits are a check code whose algorithm is not published with the
// specification this follows, so only the digits and the length are verified.
PackCode parse_nmpa(std::string_view s) {
  PackCode code;
  code.kind = PackCode::Kind::kNmpa;
  code.nmpa_product_code = std::string(s.substr(0, 7));
  code.serial = std::string(s.substr(7, 9));
  return code;
}

}  // namespace

Result<PackCode> parse_pack_code(std::string_view scanned) {
  if (scanned.empty()) return Status::invalid("empty pack code");
  bool data_matrix = scanned.substr(0, kDataMatrixId.size()) == kDataMatrixId;
  if (data_matrix) {
    scanned.remove_prefix(kDataMatrixId.size());
  } else if (scanned[0] == ']') {
    return Status::invalid(fmt::format("symbology identifier '{}' is not GS1 DataMatrix (]d2)", scanned.substr(0, 3)));
  }
  if (!data_matrix && scanned.size() == kNmpaLength && all_digits(scanned)) return parse_nmpa(scanned);
  if (!scanned.empty() && scanned[0] == kGs) scanned.remove_prefix(1);  // FNC1 in first position
  if (scanned.empty()) return Status::invalid("AI (01) GTIN is missing");
  if (scanned[0] == '(') return parse_parenthesised(scanned);
  return parse_element_string(scanned);
}

std::string gs1_element_string(std::string_view gtin14, Date expiry, std::string_view lot, std::string_view serial) {
  return fmt::format("{}01{}17{:02d}{:02d}{:02d}10{}{}21{}", kDataMatrixId, gtin14,
                     static_cast<int>(expiry.year()) % 100, static_cast<unsigned>(expiry.month()),
                     static_cast<unsigned>(expiry.day()), lot, kGs, serial);
}

bool gtin_check_digit_ok(std::string_view gtin) {
  if ((gtin.size() != 8 && gtin.size() != 12 && gtin.size() != 13 && gtin.size() != 14) || !all_digits(gtin)) {
    return false;
  }
  // Weights 3, 1, 3, … from the digit next to the check digit leftwards.
  int sum = 0;
  for (size_t i = 0; i + 1 < gtin.size(); ++i) {
    size_t from_right = gtin.size() - 2 - i;
    sum += digit(gtin[from_right]) * (i % 2 == 0 ? 3 : 1);
  }
  return (10 - sum % 10) % 10 == digit(gtin.back());
}

}  // namespace rx
