#include "cli/option_checks.h"

#include <gtest/gtest.h>

#include <string>

namespace rx::cli {
namespace {

// What `check` says of `text`: empty when it is accepted.
std::string verdict(CLI::Validator check, std::string text) { return check(text); }

TEST(OptionChecks, APositiveNumberIsFiniteAndAboveZero) {
  for (const char* ok : {"1", "0.25", "10", "1e-3", "2.5E2"}) EXPECT_EQ(verdict(positive_number(), ok), "") << ok;
  EXPECT_EQ(verdict(positive_number(), "-2"), "expected a number greater than 0, found '-2'");
  for (const char* bad : {"0", "-0.5", "", "abc", "1x", "nan", "inf", " 1"}) {
    EXPECT_NE(verdict(positive_number(), bad), "") << bad;
  }
}

TEST(OptionChecks, AWholeNumberIsDigitsUpTo64Bits) {
  for (const char* ok : {"0", "1", "20261201", "18446744073709551615"}) {
    EXPECT_EQ(verdict(whole_number(), ok), "") << ok;
  }
  EXPECT_EQ(verdict(whole_number(), "-1"), "expected a whole number from 0 to 18446744073709551615, found '-1'");
  for (const char* bad : {"18446744073709551616", "", "+1", "1.5", "1e3", "abc", "0x10", "7 "}) {
    EXPECT_NE(verdict(whole_number(), bad), "") << bad;
  }
}

TEST(OptionChecks, APortIsZeroTo65535) {
  for (const char* ok : {"0", "2575", "65535"}) EXPECT_EQ(verdict(port_number(), ok), "") << ok;
  EXPECT_EQ(verdict(port_number(), "70000"), "expected a port from 0 to 65535, found '70000'");
  for (const char* bad : {"65536", "-1", "", "80a", "http"}) EXPECT_NE(verdict(port_number(), bad), "") << bad;
}

}  // namespace
}  // namespace rx::cli
