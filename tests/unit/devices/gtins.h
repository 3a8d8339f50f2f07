// Valid GTIN-14s for the device tests, one per drug number.
#pragma once

#include <fmt/format.h>

#include <string>

namespace rx::test {

// "0690000000nnn" and its GS1 mod-10 check digit.
inline std::string gtin_for(int n) {
  std::string body = fmt::format("0690000000{:03d}", n);
  int sum = 0;
  for (size_t i = 0; i < body.size(); ++i) {
    int digit = body[body.size() - 1 - i] - '0';
    sum += digit * (i % 2 == 0 ? 3 : 1);
  }
  return body + static_cast<char>('0' + (10 - sum % 10) % 10);
}

}  // namespace rx::test
