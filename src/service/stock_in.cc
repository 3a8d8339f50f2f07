// Stock-in by scan, and a supplier's delivery file: checks first (pure, in
// inventory/), then one movement kind received per pack or row.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "service/pharmacy_impl.h"

namespace rx {
namespace {

constexpr std::string_view kDeliveryPrefix = "delivery:";
const std::vector<std::string_view> kDeliveryColumns = {"gtin", "lot", "expiry", "quantity"};

size_t column_order(std::string_view column) {
  return static_cast<size_t>(std::find(kDeliveryColumns.begin(), kDeliveryColumns.end(), column) -
                             kDeliveryColumns.begin());
}

nlohmann::json delivery_json(long long id, Instant at, const Zone& zone, const Actor& actor,
                             const std::vector<DeliveryReceipt>& receipts) {
  nlohmann::json lines = nlohmann::json::array();
  for (const DeliveryReceipt& r : receipts) {
    lines.push_back({{"row", r.row},
                     {"gtin", r.gtin},
                     {"drug", r.lot.drug.value()},
                     {"lot", r.lot.lot.value()},
                     {"expiry", format_date(r.lot.expiry)},
                     {"quantity", r.quantity},
                     {"location", r.location.value()}});
  }
  return {{"id", id}, {"received_at", format_local(at, zone)}, {"actor", actor.label()}, {"lines", std::move(lines)}};
}

// A stored delivery's receipts; an internal error names what is wrong with the row.
Result<std::vector<DeliveryReceipt>> receipts_from_json(const MetaRow& row) {
  auto doc = nlohmann::json::parse(row.value, nullptr, false);
  auto bad = [&](std::string_view what) { return Status::internal(fmt::format("stored {}: {}", row.key, what)); };
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("lines") || !doc["lines"].is_array()) {
    return bad("expected {\"lines\":[…]}");
  }
  std::vector<DeliveryReceipt> out;
  for (const auto& l : doc["lines"]) {
    if (!l.is_object() || !l.contains("drug") || !l["drug"].is_string() || !l.contains("lot") ||
        !l["lot"].is_string() || !l.contains("expiry") || !l["expiry"].is_string()) {
      return bad("a line lacks drug, lot or expiry");
    }
    auto expiry = parse_date(l["expiry"].get<std::string>());
    if (!expiry.ok()) return bad(expiry.status().message());
    DeliveryReceipt r;
    r.lot = Lot{DrugCode(l["drug"].get<std::string>()), LotNo(l["lot"].get<std::string>()), *expiry};
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

Status Pharmacy::Impl::load_stock_in(const StoredState& state) {
  received_serials_.clear();
  serials_through_ = 0;
  delivered_lots_.clear();
  last_delivery_id_ = 0;
  for (const MetaRow& m : state.meta) {
    if (!m.key.starts_with(kDeliveryPrefix)) continue;
    std::string number = m.key.substr(kDeliveryPrefix.size());
    long long id = 0;
    auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), id);
    if (ec != std::errc() || end != number.data() + number.size() || id <= 0) {
      return Status::internal(fmt::format("stored {}: the delivery number is not a positive number", m.key));
    }
    std::vector<DeliveryReceipt> receipts = TRY(receipts_from_json(m));
    // Meta rows come by key, so "delivery:10" before "delivery:9": the newer delivery wins whatever the order.
    for (const DeliveryReceipt& r : receipts) {
      auto it = delivered_lots_.find(r.lot.drug.value());
      if (it == delivered_lots_.end() || it->second.delivery <= id) {
        delivered_lots_[r.lot.drug.value()] = DeliveredLot{r.lot.lot, r.lot.expiry, id};
      }
    }
    last_delivery_id_ = std::max(last_delivery_id_, id);
  }
  return catch_up_received_serials();
}

Status Pharmacy::Impl::catch_up_received_serials() {
  MovementQuery q;
  q.kind = MovementKind::kReceived;
  q.limit = 100'000;
  while (true) {
    q.after_id = serials_through_;
    std::vector<StockMovement> page = TRY(store_.movements(q));
    for (const StockMovement& m : page) {
      if (!m.serial.empty()) received_serials_.insert(stock_serial_key(m.lot.drug, m.serial));
      serials_through_ = m.id;
    }
    if (page.size() < q.limit) break;
  }
  // Open movements are not in the store yet; a failed commit reloads everything.
  for (const StockMovement& m : pending_movements_) {
    if (m.kind == MovementKind::kReceived && !m.serial.empty()) {
      received_serials_.insert(stock_serial_key(m.lot.drug, m.serial));
    }
  }
  return Status();
}

void Pharmacy::stock_in(StockInRequest request, const Actor& actor, StockInDone done) {
  auto& im = *impl_;
  auto fail = [&](Status s) { scheduler_.post([done, s = std::move(s)] { done(s); }); };
  if (Status s = im.catch_up_received_serials(); !s.ok()) return fail(std::move(s));
  const std::vector<StockProjection> rows = im.ledger_.rows();
  StockInFacts facts{formulary_,         config_.zone.local_date(now()), config_.short_dated_days,
                     im.received_serials_, im.delivered_lots_,           rows,
                     config_.locations};
  auto decision = decide_stock_in(request, facts);
  if (!decision.ok()) return fail(decision.status());
  Impl::Move m{MovementKind::kReceived, decision->lot, decision->location, decision->quantity, std::nullopt,
         decision->serial, "stock-in"};
  if (Status s = im.move(m, actor); !s.ok()) return fail(std::move(s));
  StockInResult result{im.pending_movements_.back(), decision->proposed};
  if (!decision->serial.empty()) im.received_serials_.insert(stock_serial_key(decision->lot.drug, decision->serial));
  im.after_commit([done, result] { done(result); }, [done](const Status& s) { done(s); });
  // Prescriptions waiting for this drug may be planned now.
  im.post_dispatch();
}

void Pharmacy::receive_delivery(std::string_view csv, const Actor& actor, DeliveryDone done) {
  auto& im = *impl_;
  auto answer = [&](Result<DeliveryOutcome> r) { scheduler_.post([done, r = std::move(r)] { done(r); }); };
  auto file = read_delivery_csv(csv, "delivery");
  if (!file.ok()) return answer(file.status());
  const std::vector<StockProjection> rows = im.ledger_.rows();
  Date today = config_.zone.local_date(now());
  DeliveryCheck check =
      check_delivery(file->lines, formulary_, today, config_.short_dated_days, rows, config_.locations);

  DeliveryOutcome outcome;
  outcome.problems = std::move(file->problems);
  outcome.problems.insert(outcome.problems.end(), check.problems.begin(), check.problems.end());
  if (outcome.problems.empty()) {
    // The ledger's own checks, on a copy, so that receiving cannot stop half-way.
    StockLedger trial = im.ledger_;
    for (const DeliveryReceipt& r : check.receipts) {
      StockRow row{r.lot, r.location, r.quantity, false, false};
      if (const StockProjection* have = trial.find(r.lot.drug, r.lot.lot, r.location)) {
        row.quarantined = have->row.quarantined;
        row.blocked = have->row.blocked;
      }
      if (Status s = trial.receive(row); !s.ok()) {
        const DeliveryRow& line = *std::find_if(file->lines.begin(), file->lines.end(),
                                                 [&](const DeliveryRow& l) { return l.row == r.row; });
        outcome.problems.push_back(DeliveryProblem{r.row, line.line, "lot", "INVALID_ROW", s.message()});
      }
    }
  }
  if (!outcome.problems.empty()) {
    std::stable_sort(outcome.problems.begin(), outcome.problems.end(),
                     [](const DeliveryProblem& a, const DeliveryProblem& b) {
                       return std::pair(a.row, column_order(a.column)) < std::pair(b.row, column_order(b.column));
                     });
    return answer(std::move(outcome));
  }

  long long id = ++im.last_delivery_id_;
  std::string reason = fmt::format("delivery {}", id);
  for (const DeliveryReceipt& r : check.receipts) {
    Impl::Move m{MovementKind::kReceived, r.lot, r.location, r.quantity, std::nullopt, "", reason};
    Status s = im.move(m, actor);
    // The trial above received every row, so the ledger takes them all.
    if (!s.ok()) return answer(Status::internal(fmt::format("delivery row {}: {}", r.row, s.message())));
    outcome.movements.push_back(im.pending_movements_.back());
  }
  remember_delivery(im.delivered_lots_, id, check.receipts);
  nlohmann::json doc = delivery_json(id, now(), config_.zone, actor, check.receipts);
  im.set_meta(fmt::format("{}{}", kDeliveryPrefix, id), doc.dump());
  int packs = 0;
  for (const DeliveryReceipt& r : check.receipts) packs += r.quantity;
  im.emit("delivery.received", actor, std::nullopt,
          {{"id", id}, {"rows", check.receipts.size()}, {"packs", packs}});
  outcome.id = id;
  im.after_commit([done, outcome = std::move(outcome)] { done(outcome); }, [done](const Status& s) { done(s); });
}

}  // namespace rx
