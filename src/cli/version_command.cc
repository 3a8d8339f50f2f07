#include <fmt/format.h>
#include <sqlite3.h>

#include <boost/version.hpp>

#include "cli/commands.h"

#ifndef RXPRESS_VERSION
#define RXPRESS_VERSION "0.0.0"
#endif

namespace rx::cli {

int run_version() {
  fmt::print("rxpress {}\n", RXPRESS_VERSION);
  fmt::print("built {} {} with {} (C++{}), SQLite {}, Boost {}.{}\n", __DATE__, __TIME__,
#if defined(__clang__)
             "clang " __clang_version__,
#else
             "g++ " __VERSION__,
#endif
             __cplusplus / 100 % 100, sqlite3_libversion(), BOOST_VERSION / 100000, BOOST_VERSION / 100 % 1000);
  return 0;
}

}  // namespace rx::cli
