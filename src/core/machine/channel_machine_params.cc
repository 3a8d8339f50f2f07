#include "core/machine/channel_machine_params.h"

#include <algorithm>

#include "core/machine/param_checks.h"

namespace rx {

int channel_capacity(int box_depth_mm, const ChannelMachineParams& params) {
  return std::clamp(params.channel_depth_mm / box_depth_mm, params.min_channel_boxes, params.max_channel_boxes);
}

Status check_channel_machine_params(const ChannelMachineParams& p) {
  // Shelf and channel are two digits in a location.
  for (const Status& s :
       {check_device_name(p.name, "name"), check_in_range(p.shelves, 1, 99, "shelves"),
        check_in_range(p.channels_per_shelf, 1, 99, "channels_per_shelf"),
        check_positive(p.channel_pitch_m, "channel_pitch_m"), check_not_negative(p.eject_s, "eject_s"),
        check_in_range(p.max_ejecting_per_shelf, 1, p.channels_per_shelf, "max_ejecting_per_shelf"),
        check_positive(p.belt_m_per_s, "belt_m_per_s"), check_in_range(p.buckets, 1, 99, "buckets"),
        check_in_range(p.bucket_capacity, 1, 1000, "bucket_capacity"), check_not_negative(p.drop_s, "drop_s"),
        check_not_negative(p.conveyor_s, "conveyor_s"), check_in_range(p.channel_depth_mm, 1, 100000, "channel_depth_mm"),
        check_in_range(p.channel_width_mm, 1, 10000, "channel_width_mm"),
        check_in_range(p.channel_height_mm, 1, 10000, "channel_height_mm"),
        check_in_range(p.min_channel_boxes, 1, 1000, "min_channel_boxes"),
        check_in_range(p.max_channel_boxes, p.min_channel_boxes, 1000, "max_channel_boxes"),
        check_not_negative(p.refill_box_s, "refill_box_s"), check_in_range(p.refill_technicians, 1, 99, "refill_technicians"),
        check_positive(p.speed, "speed"), check_fault_rates(p.faults, "faults")}) {
    if (!s.ok()) return s;
  }
  return Status::ok_status();
}

}  // namespace rx
