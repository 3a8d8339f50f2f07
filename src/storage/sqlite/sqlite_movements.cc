#include "storage/sqlite/sqlite_movements.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>

namespace rx {
namespace {

constexpr std::string_view kColumns =
    "id, at_ms, kind, drug, lot, expiry, location, delta, on_hand, prescription_id, serial, actor, reason";

long long millis(Instant t) { return t.time_since_epoch().count(); }

// The filters of a MovementQuery, in the order their placeholders are bound.
enum Filter : unsigned {
  kDrug = 1u << 0,
  kLot = 1u << 1,
  kLocation = 1u << 2,
  kKind = 1u << 3,
  kPrescription = 1u << 4,
  kSerial = 1u << 5,
  kFrom = 1u << 6,
  kUntil = 1u << 7,
};
constexpr std::pair<Filter, std::string_view> kClauses[] = {
    {kDrug, "drug = ?"},       {kLot, "lot = ?"},
    {kLocation, "location = ?"}, {kKind, "kind = ?"},
    {kPrescription, "prescription_id = ?"}, {kSerial, "serial = ?"},
    {kFrom, "at_ms >= ?"},     {kUntil, "at_ms < ?"},
};

unsigned filters_of(const MovementQuery& q) {
  unsigned mask = 0;
  if (q.drug) mask |= kDrug;
  if (q.lot) mask |= kLot;
  if (q.location) mask |= kLocation;
  if (q.kind) mask |= kKind;
  if (q.prescription) mask |= kPrescription;
  if (q.serial) mask |= kSerial;
  if (q.from) mask |= kFrom;
  if (q.until) mask |= kUntil;
  return mask;
}

std::string query_sql(unsigned mask) {
  std::string sql = fmt::format("SELECT {} FROM stock_movements WHERE id > ?", kColumns);
  for (const auto& [filter, clause] : kClauses) {
    if (mask & filter) sql += fmt::format(" AND {}", clause);
  }
  return sql + " ORDER BY id LIMIT ?";
}

Status bind_query(SqliteStatement& s, const MovementQuery& q) {
  int i = 1;
  TRY(s.bind(i++, q.after_id));
  if (q.drug) TRY(s.bind(i++, q.drug->value()));
  if (q.lot) TRY(s.bind(i++, q.lot->value()));
  if (q.location) TRY(s.bind(i++, q.location->value()));
  if (q.kind) TRY(s.bind(i++, movement_kind_name(*q.kind)));
  if (q.prescription) TRY(s.bind(i++, q.prescription->value()));
  if (q.serial) TRY(s.bind(i++, std::string_view(*q.serial)));
  if (q.from) TRY(s.bind(i++, millis(*q.from)));
  if (q.until) TRY(s.bind(i++, millis(*q.until)));
  return s.bind(i, static_cast<long long>(std::clamp<size_t>(q.limit, 1, kMaxMovementsPerQuery)));
}

Result<StockMovement> read_row(const SqliteStatement& s) {
  StockMovement m;
  m.id = s.column_int(0);
  m.at = Instant{Duration{s.column_int(1)}};
  std::string kind = s.column_text(2);
  auto parsed = parse_movement_kind(kind);
  if (!parsed) return Status::internal(fmt::format("stock movement {}: unknown kind '{}'", m.id, kind));
  m.kind = *parsed;
  m.lot.drug = DrugCode(s.column_text(3));
  m.lot.lot = LotNo(s.column_text(4));
  auto expiry = parse_date(s.column_text(5));
  if (!expiry.ok()) return Status::internal(fmt::format("stock movement {}: {}", m.id, expiry.status().message()));
  m.lot.expiry = *expiry;
  m.location = LocationCode(s.column_text(6));
  m.delta = static_cast<int>(s.column_int(7));
  m.on_hand = static_cast<int>(s.column_int(8));
  if (!s.column_is_null(9)) m.prescription = PrescriptionId(s.column_int(9));
  m.serial = s.column_text(10);
  m.actor = s.column_text(11);
  m.reason = s.column_text(12);
  return m;
}

}  // namespace

Result<SqliteMovements> SqliteMovements::prepare(SqliteDb& db) {
  auto insert = TRY(InsertRows::prepare(db, "stock_movements", kColumns));
  auto last_id = TRY(db.prepare("SELECT COALESCE(MAX(id), 0) FROM stock_movements"));
  auto on_hand_at = TRY(db.prepare(
      "SELECT on_hand FROM stock_movements WHERE drug = ? AND lot = ? AND location = ? AND at_ms <= ? "
      "ORDER BY at_ms DESC, id DESC LIMIT 1"));
  // Served by the index stock_movements_by_lot alone, without reading the table.
  auto dispensed_of_lot = TRY(db.prepare(
      "SELECT drug, prescription_id, COUNT(*) FROM stock_movements WHERE lot = ? AND kind = 'dispensed' "
      "AND prescription_id IS NOT NULL AND (?2 IS NULL OR drug = ?2) GROUP BY prescription_id, drug "
      "ORDER BY prescription_id, drug"));
  return SqliteMovements(std::move(insert), std::move(last_id), std::move(on_hand_at), std::move(dispensed_of_lot));
}

Status SqliteMovements::append(const std::vector<StockMovement>& movements) {
  // Bound as text until the inserts end.
  expiries_.resize(movements.size());
  for (size_t i = 0; i < movements.size(); ++i) expiries_[i] = format_date(movements[i].lot.expiry);
  auto bind_row = [&](SqliteStatement& statement, int first, size_t i) {
    const StockMovement& m = movements[i];
    std::optional<long long> prescription;
    if (m.prescription) prescription = m.prescription->value();
    return statement.bind_from(first, m.id, millis(m.at), movement_kind_name(m.kind), m.lot.drug.value(),
                               m.lot.lot.value(), expiries_[i], m.location.value(), static_cast<long long>(m.delta),
                               static_cast<long long>(m.on_hand), prescription, m.serial, m.actor, m.reason);
  };
  auto row_failed = [&](size_t i, Status s) {
    const StockMovement& m = movements[i];
    return Status(s.code(),
                  fmt::format("stock movement {} ({} {} of {} lot {} at {}): {}", m.id, movement_kind_name(m.kind),
                              m.delta, m.lot.drug.value(), m.lot.lot.value(), m.location.value(), s.message()),
                  fmt::format("movements[{}]", i));
  };
  return insert_.insert(movements.size(), bind_row, row_failed);
}

std::vector<std::string_view> SqliteMovements::indexes_for(const MovementQuery& query) {
  std::vector<std::string_view> out;
  if (query.kind || query.from || query.until) out.push_back(kByTime);
  if (query.lot) out.push_back(kByLot);
  if (query.serial) out.push_back(kBySerial);
  if (query.prescription) out.push_back(kByPrescription);
  return out;
}

Result<long long> SqliteMovements::last_id() {
  StatementRun run(last_id_);
  if (!TRY(last_id_.step())) return Status::internal("reading the last stock movement id returned no row");
  return last_id_.column_int(0);
}

Result<std::vector<StockMovement>> SqliteMovements::find(SqliteDb& db, const MovementQuery& query) {
  unsigned mask = filters_of(query);
  auto it = queries_.find(mask);
  if (it == queries_.end()) it = queries_.emplace(mask, TRY(db.prepare(query_sql(mask)))).first;
  SqliteStatement& s = it->second;
  StatementRun run(s);
  TRY(bind_query(s, query));
  std::vector<StockMovement> out;
  while (TRY(s.step())) out.push_back(TRY(read_row(s)));
  return out;
}

Result<std::vector<LotDispensing>> SqliteMovements::dispensed_of_lot(const LotNo& lot,
                                                                    const std::optional<DrugCode>& drug) {
  StatementRun run(dispensed_of_lot_);
  TRY(dispensed_of_lot_.bind(1, lot.value()));
  if (drug) TRY(dispensed_of_lot_.bind(2, drug->value()));
  std::vector<LotDispensing> out;
  while (TRY(dispensed_of_lot_.step())) {
    out.push_back(LotDispensing{DrugCode(dispensed_of_lot_.column_text(0)),
                                PrescriptionId(dispensed_of_lot_.column_int(1)),
                                static_cast<int>(dispensed_of_lot_.column_int(2))});
  }
  return out;
}

Result<int> SqliteMovements::on_hand_at(const DrugCode& drug, const LotNo& lot, const LocationCode& location,
                                        Instant at) {
  StatementRun run(on_hand_at_);
  TRY(on_hand_at_.bind_all(drug.value(), lot.value(), location.value(), millis(at)));
  if (!TRY(on_hand_at_.step())) return 0;
  return static_cast<int>(on_hand_at_.column_int(0));
}

}  // namespace rx
