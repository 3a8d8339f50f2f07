#include "core/stock_task.h"

#include "core/enum_names.h"

namespace rx {
namespace {

constexpr EnumNames<TaskKind, 4> kKinds{{
    {TaskKind::kReplenish, "replenish"},
    {TaskKind::kPutAway, "put_away"},
    {TaskKind::kRemove, "remove"},
    {TaskKind::kCount, "count"},
}};
constexpr EnumNames<TaskState, 3> kStates{{
    {TaskState::kOpen, "open"},
    {TaskState::kDone, "done"},
    {TaskState::kCancelled, "cancelled"},
}};

}  // namespace

std::string_view task_kind_name(TaskKind k) { return enum_name(kKinds, k); }
std::string_view task_state_name(TaskState s) { return enum_name(kStates, s); }
std::optional<TaskKind> parse_task_kind(std::string_view name) { return parse_enum(kKinds, name); }
std::optional<TaskState> parse_task_state(std::string_view name) { return parse_enum(kStates, name); }

}  // namespace rx
