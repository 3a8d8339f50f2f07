#include "core/machine/pick_robot_params.h"

#include "core/machine/param_checks.h"

namespace rx {

Status check_pick_robot_params(const PickRobotParams& p) {
  // Level and position are one and four digits in a location.
  for (const Status& s :
       {check_device_name(p.name, "name"), check_in_range(p.levels, 1, 9, "levels"),
        check_positive(p.level_pitch_m, "level_pitch_m"), check_in_range(p.aisle_cm, 1, 9999, "aisle_cm"),
        check_positive(p.horizontal_m_per_s, "horizontal_m_per_s"),
        check_positive(p.vertical_m_per_s, "vertical_m_per_s"), check_not_negative(p.grip_s, "grip_s"),
        check_not_negative(p.release_s, "release_s"), check_in_range(p.packs_per_trip, 1, 99, "packs_per_trip"),
        check_positive(p.trip_span_m, "trip_span_m"), check_not_negative(p.chute_s, "chute_s"),
        check_positive(p.speed, "speed"), check_fault_rates(p.faults, "faults")}) {
    if (!s.ok()) return s;
  }
  return Status::ok_status();
}

}  // namespace rx
