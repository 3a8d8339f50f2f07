#include "planning/channel_fit.h"

#include "planning/robot_shelf.h"

namespace rx {
namespace {

bool within(int size_mm, int limit_mm) { return size_mm <= 0 || size_mm <= limit_mm; }

}  // namespace

bool fits_channel(const Drug& d, const ChannelMachineParams& p) {
  if (d.pack_d_mm <= 0 || d.pack_d_mm > p.channel_depth_mm) return false;
  bool upright = within(d.pack_w_mm, p.channel_width_mm) && within(d.pack_h_mm, p.channel_height_mm);
  bool turned = within(d.pack_h_mm, p.channel_width_mm) && within(d.pack_w_mm, p.channel_height_mm);
  return upright || turned;
}

bool fits_robot(const Drug& d, const PickRobotParams& p) {
  if (d.pack_w_mm <= 0 || d.pack_h_mm <= 0 || d.pack_d_mm <= 0) return true;
  return robot_footprint_mm(PackSize{d.pack_w_mm, d.pack_h_mm, d.pack_d_mm}, robot_shelf(p)).has_value();
}

}  // namespace rx
