#include "core/machine/fault_rates.h"

#include <fmt/format.h>

#include <string>

#include "core/machine/param_checks.h"

namespace rx {
namespace {

Status check_probability(double p, std::string_view prefix, std::string_view field) {
  if (p >= 0 && p <= 1) return Status::ok_status();
  return Status::invalid(fmt::format("expected a probability from 0 to 1, found {}", p),
                         fmt::format("{}.{}", prefix, field));
}

}  // namespace

FaultRates FaultRates::none() {
  FaultRates r;
  r.jam = r.double_drop = r.wrong_load = r.unreadable = r.grip_fail = 0;
  return r;
}

Status check_fault_rates(const FaultRates& r, std::string_view prefix) {
  for (const Status& s :
       {check_probability(r.jam, prefix, "jam"), check_probability(r.double_drop, prefix, "double_drop"),
        check_probability(r.wrong_load, prefix, "wrong_load"), check_probability(r.unreadable, prefix, "unreadable"),
        check_probability(r.grip_fail, prefix, "grip_fail"),
        check_not_negative(r.jam_clear_mean_s, fmt::format("{}.jam_clear_mean_s", prefix))}) {
    if (!s.ok()) return s;
  }
  return Status::ok_status();
}

}  // namespace rx
