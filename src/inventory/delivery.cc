#include "inventory/delivery.h"

#include <fmt/format.h>

#include "inventory/lot_acceptance.h"

namespace rx {

DeliveryCheck check_delivery(const std::vector<DeliveryRow>& lines, const Formulary& formulary, Date today,
                             int short_dated_days, const std::vector<StockProjection>& stock,
                             const StockLocations& locations) {
  DeliveryCheck out;
  // (drug, lot) -> expiry and row, of the rows accepted so far.
  std::map<std::pair<std::string, std::string>, std::pair<Date, int>> seen;
  for (const DeliveryRow& line : lines) {
    auto problem = [&](std::string_view column, std::string_view code, std::string message) {
      out.problems.push_back(
          DeliveryProblem{line.row, line.line, std::string(column), std::string(code), std::move(message)});
    };
    const Drug* drug = formulary.find_by_gtin(line.gtin);
    if (drug == nullptr) {
      problem("gtin", kUnknownGtin, fmt::format("GTIN {} is not in the formulary", line.gtin));
      continue;
    }
    Lot lot{drug->code, LotNo(line.lot), line.expiry};
    Status s = check_shelf_life(lot, today, short_dated_days);
    if (s.ok()) s = check_lot_against_stock(lot, stock);
    if (!s.ok()) {
      problem(s.field(), s.reason(), s.message());
      continue;
    }
    auto [it, fresh] = seen.emplace(std::pair(drug->code.value(), line.lot), std::pair(line.expiry, line.row));
    if (!fresh && it->second.first != line.expiry) {
      problem("expiry", kExpiryMismatch,
              fmt::format("lot {} of {} expires {} here but {} on row {}", line.lot, drug->code.value(),
                          format_date(line.expiry), format_date(it->second.first), it->second.second));
      continue;
    }
    out.receipts.push_back(DeliveryReceipt{line.row, line.gtin, lot, line.quantity, locations.reserve});
  }
  return out;
}

void remember_delivery(std::map<std::string, DeliveredLot>& delivered, long long id,
                       const std::vector<DeliveryReceipt>& receipts) {
  for (const DeliveryReceipt& r : receipts) {
    delivered[r.lot.drug.value()] = DeliveredLot{r.lot.lot, r.lot.expiry, id};
  }
}

}  // namespace rx
