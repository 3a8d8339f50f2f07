#include "core/machine/smart_shelf_params.h"

#include "core/machine/param_checks.h"

namespace rx {

Status check_smart_shelf_params(const SmartShelfParams& p) {
  for (const Status& s :
       {check_device_name(p.name, "name"), check_in_range(p.technicians, 1, 1000, "technicians"),
        check_not_negative(p.pick_line_s, "pick_line_s"), check_not_negative(p.extra_pack_s, "extra_pack_s"),
        check_not_negative(p.cold_line_s, "cold_line_s"), check_not_negative(p.carry_s, "carry_s"),
        check_positive(p.speed, "speed"), check_fault_rates(p.faults, "faults")}) {
    if (!s.ok()) return s;
  }
  return Status::ok_status();
}

}  // namespace rx
