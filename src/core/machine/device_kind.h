// DeviceKind: the three kinds of dispensing machine of machine-model.md, by
// the letter that starts their location codes.
#pragma once

namespace rx {

enum class DeviceKind : char { kChannel = 'C', kRobot = 'R', kShelf = 'S' };

}  // namespace rx
