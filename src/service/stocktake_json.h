// The JSON of counts (stocktakes) and of packs awaiting return, for the API
// and for their stored meta rows.
#pragma once

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "core/time.h"
#include "inventory/return_check.h"
#include "inventory/stocktake.h"

namespace rx {

// {"id","scope":[…],"started_at","started_by","state","approved_at"|null,
//  "approved_by","counts":[{"location","counted_at","expected":[row],"counted":[row]}],
//  "serials":[…]}, row = {"drug","lot","expiry","quantity"}; times in `zone`.
nlohmann::json stocktake_json(const Stocktake& count, const Zone& zone);
// The count back from stocktake_json's output; internal error naming the field otherwise.
Result<Stocktake> stocktake_from_json(const nlohmann::json& doc, const Zone& zone);
// The discrepancy report: {"id","state","scope","started_at","started_by","approved_at","approved_by",
//  "lines":[{"drug","lot","expiry","location","expected","counted","difference"}],
//  "uncounted":[location…]}.
nlohmann::json stocktake_report_json(const Stocktake& count, const Zone& zone);

// {"prescription_id","drug","gtin","lot","expiry","serial","code","location","since","reason"}.
nlohmann::json awaiting_return_json(const AwaitingReturn& a, const Zone& zone);
// The pack back from awaiting_return_json's output; internal error naming the field otherwise.
Result<AwaitingReturn> awaiting_return_from_json(const nlohmann::json& doc, const Zone& zone);

}  // namespace rx
