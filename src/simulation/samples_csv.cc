#include "simulation/samples_csv.h"

#include <fmt/format.h>

#include <cmath>

namespace rx::simulation {
namespace {

constexpr const char* kHeader =
    "policy,prescription,paid_at,paid_s,ready_s,arrived_s,handed_over_s,order_to_ready_s,lower_bound_s,wait_s,"
    "packs,channel_only,ready_on_arrival\n";

// The cell writers append a comma, then the cell: three decimals, or nothing
// for a value that is not there.
void seconds_cell(std::string& out, double s, bool present = true) {
  out += ',';
  if (present && std::isfinite(s)) out += fmt::format("{:.3f}", s);
}

// hh:mm:ss, rounded down as a wall clock is.
void clock_cell(std::string& out, double seconds_of_day) {
  out += ',';
  if (!std::isfinite(seconds_of_day)) return;
  const auto s = static_cast<long long>(std::floor(seconds_of_day));
  out += fmt::format("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
}

// The policy names are the service's own (smart, fifo): no comma or quote to escape.
void row(std::string& out, const std::string& policy, const PrescriptionSample& p, int start_s) {
  const bool ready = p.ready_s >= 0;
  const bool arrived = p.arrived_s >= 0;
  const bool handed_over = p.handed_over_s >= 0;
  out += fmt::format("{},{}", policy, p.id);
  clock_cell(out, start_s + p.paid_s);
  seconds_cell(out, p.paid_s);
  seconds_cell(out, p.ready_s, ready);
  seconds_cell(out, p.arrived_s, arrived);
  seconds_cell(out, p.handed_over_s, handed_over);
  seconds_cell(out, p.order_to_ready_s(), ready);
  seconds_cell(out, p.lower_bound_s);
  seconds_cell(out, p.wait_s(), arrived && handed_over);
  out += fmt::format(",{},{},", p.packs, p.channel_only ? 1 : 0);
  if (arrived) out += p.ready_on_arrival() ? '1' : '0';
  out += '\n';
}

}  // namespace

std::string samples_csv(const std::vector<const RunResult*>& runs, int start_s) {
  std::string out = kHeader;
  for (const RunResult* run : runs) {
    for (const PrescriptionSample& p : run->samples) row(out, run->policy, p, start_s);
  }
  return out;
}

}  // namespace rx::simulation
