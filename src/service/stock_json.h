// The JSON of stock movements and stock tasks, for the API, the event log and
// the stored task rows.
#pragma once

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "core/stock_movement.h"
#include "core/stock_task.h"
#include "core/time.h"

namespace rx {

// {"id","at","kind","drug","lot","expiry","location","delta","on_hand",
//  "prescription_id"|null,"serial","actor","reason"}; times in `zone`.
nlohmann::json movement_json(const StockMovement& m, const Zone& zone);
// The payload of a movement's event: movement_json with "quantity" (the
// packs moved) added, as the text its dump() gives, written without the tree.
std::string movement_event_text(const StockMovement& m, int quantity, const Zone& zone);
// {"id","kind","state","drug","lot"|null,"location","from"|null,"quantity",
//  "done_quantity","reason","opened_at","closed_at"|null,"closed_by"}.
nlohmann::json task_json(const StockTask& t, const Zone& zone);
// The task back from task_json's output; internal error naming the field otherwise.
Result<StockTask> task_from_json(const nlohmann::json& doc, const Zone& zone);

}  // namespace rx
