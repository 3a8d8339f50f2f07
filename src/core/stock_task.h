// StockTask: work on the shelves that a technician does and confirms by scan:
// bring packs to a location (replenish, put away), take a lot out (remove),
// or count a location (count). Tasks are opened by the service and stay on
// record after they are done or cancelled.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/stock.h"
#include "core/strong_id.h"
#include "core/time.h"

namespace rx {

enum class TaskKind { kReplenish, kPutAway, kRemove, kCount };
enum class TaskState { kOpen, kDone, kCancelled };
std::string_view task_kind_name(TaskKind k);
std::string_view task_state_name(TaskState s);
// nullopt for an unknown name.
std::optional<TaskKind> parse_task_kind(std::string_view name);
std::optional<TaskState> parse_task_state(std::string_view name);

struct StockTask {
  long long id = 0;  // 1, 2, 3 … in the order the tasks were opened
  TaskKind kind = TaskKind::kReplenish;
  TaskState state = TaskState::kOpen;
  DrugCode drug;
  std::optional<LotNo> lot;  // a remove task names its lot; a replenish task may not
  LocationCode location;     // where the work is
  std::optional<LocationCode> from;  // where packs come from (a replenish task's reserve store)
  int quantity = 0;          // packs to bring or take; 0 for a count
  std::string reason;        // "below threshold", "expired", "recall", "delivery", …
  Instant opened_at{};
  std::optional<Instant> closed_at;
  std::string closed_by;     // actor label
  int done_quantity = 0;     // packs confirmed so far

  bool operator==(const StockTask&) const = default;
};

}  // namespace rx
