#include "server/stock_row_json.h"

namespace rx {

nlohmann::json stock_row_json(const Pharmacy& pharmacy, const StockRow& row) {
  return {{"drug", row.lot.drug.value()},
          {"lot", row.lot.lot.value()},
          {"expiry", format_date(row.lot.expiry)},
          {"location", row.location.value()},
          {"quantity", row.quantity},
          {"status", stock_status_name(pharmacy.stock_status(row))}};
}

}  // namespace rx
