// SqliteMovements: the stock ledger's table (stock_movements) on an open
// database: appends inside the store's write transaction, and the queries.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/stock_movement.h"
#include "storage/sqlite/insert_rows.h"
#include "storage/sqlite/sqlite_db.h"
#include "storage/store.h"

namespace rx {

class SqliteMovements {
 public:
  static Result<SqliteMovements> prepare(SqliteDb& db);

  // Appends the movements, in order; the caller holds the write transaction.
  Status append(const std::vector<StockMovement>& movements);
  // The id of the last movement, 0 for an empty ledger.
  Result<long long> last_id();
  // The movements matching `query`, by id ascending; `db` is the database
  // this was prepared on (it prepares each combination of filters once).
  Result<std::vector<StockMovement>> find(SqliteDb& db, const MovementQuery& query);
  // The prescriptions that received packs of the lot, from the index alone.
  Result<std::vector<LotDispensing>> dispensed_of_lot(const LotNo& lot, const std::optional<DrugCode>& drug);
  // The balance of the lot at the location after its last movement at or before `at`.
  Result<int> on_hand_at(const DrugCode& drug, const LotNo& lot, const LocationCode& location, Instant at);

  // The indexes that serve only queries (the insert trigger reads
  // stock_movements_by_place), which an in-memory store builds on demand.
  static constexpr std::string_view kByPlaceTime = "stock_movements_by_place_time";  // on_hand_at
  static constexpr std::string_view kByLot = "stock_movements_by_lot";               // dispensed_of_lot, lot filters
  static constexpr std::string_view kByTime = "stock_movements_by_time";             // kind, from, until filters
  static constexpr std::string_view kBySerial = "stock_movements_by_serial";
  static constexpr std::string_view kByPrescription = "stock_movements_by_prescription";
  static constexpr std::string_view kQueryIndexes[] = {kByPlaceTime, kByLot, kByTime, kBySerial, kByPrescription};
  // Those of them that can serve a find() of `query`.
  static std::vector<std::string_view> indexes_for(const MovementQuery& query);

 private:
  SqliteMovements(InsertRows insert, SqliteStatement last_id, SqliteStatement on_hand_at,
                  SqliteStatement dispensed_of_lot)
      : insert_(std::move(insert)), last_id_(std::move(last_id)), on_hand_at_(std::move(on_hand_at)),
        dispensed_of_lot_(std::move(dispensed_of_lot)) {}

  InsertRows insert_;
  std::vector<std::string> expiries_;  // of the movements being appended, bound as text
  SqliteStatement last_id_;
  SqliteStatement on_hand_at_;
  SqliteStatement dispensed_of_lot_;
  // One prepared query per combination of filters, made on first use.
  std::map<unsigned, SqliteStatement> queries_;
};

// The most movements one query returns; larger limits are clamped to it.
inline constexpr size_t kMaxMovementsPerQuery = 100000;

}  // namespace rx
