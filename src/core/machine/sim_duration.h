// The simulators' one rounding rule: a modelled step of `seconds`, run `speed`
// times faster, lasts the nearest whole millisecond.
#pragma once

#include <cmath>

#include "core/time.h"

namespace rx {

// round(seconds * 1000 / speed) ms; speed must be positive.
inline Duration sim_duration(double seconds, double speed) { return Duration(std::llround(seconds * 1000.0 / speed)); }

}  // namespace rx
