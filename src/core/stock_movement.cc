#include "core/stock_movement.h"

#include "core/enum_names.h"

namespace rx {
namespace {

constexpr EnumNames<MovementKind, 8> kNames{{
    {MovementKind::kReceived, "received"},
    {MovementKind::kPutAway, "put_away"},
    {MovementKind::kMoved, "moved"},
    {MovementKind::kDispensed, "dispensed"},
    {MovementKind::kReturned, "returned"},
    {MovementKind::kQuarantined, "quarantined"},
    {MovementKind::kRemoved, "removed"},
    {MovementKind::kAdjusted, "adjusted"},
}};

}  // namespace

std::string_view movement_kind_name(MovementKind k) { return enum_name(kNames, k); }
std::optional<MovementKind> parse_movement_kind(std::string_view name) { return parse_enum(kNames, name); }

}  // namespace rx
