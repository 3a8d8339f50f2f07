// What a fuzz target does when a property it checks does not hold: say which
// and stop, so that libFuzzer keeps the input as a crash artifact.
#pragma once

#include <cstdio>
#include <cstdlib>

#define RX_FUZZ_CHECK(condition, what)                                                      \
  do {                                                                                      \
    if (!(condition)) {                                                                     \
      std::fprintf(stderr, "invariant broken at %s:%d: %s\n", __FILE__, __LINE__, (what));  \
      std::abort();                                                                         \
    }                                                                                       \
  } while (0)
