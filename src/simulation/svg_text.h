// Markup text: escaping for HTML and SVG, and numbers printed the same way on
// every run (no NaN, no "-0", no exponent), for the simulation report.
#pragma once

#include <string>
#include <string_view>

namespace rx::simulation {

// Text safe in an element or a quoted attribute: & < > " ' escaped; control
// characters that XML forbids are dropped.
std::string xml_escape(std::string_view text);
// A coordinate: at most two decimals, trailing zeros trimmed ("12.5", "40");
// a non-finite value prints as "0" so that no "nan" reaches the markup.
std::string svg_number(double value);
// A value with `decimals` decimals, or "—" when it is not finite.
std::string fixed_or_dash(double value, int decimals);

}  // namespace rx::simulation
