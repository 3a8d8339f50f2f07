#include "service/stock_json.h"

#include <fmt/format.h>

#include "interop/json/json_text.h"

namespace rx {
namespace {

Result<std::string> text_field(const nlohmann::json& doc, const char* key) {
  auto it = doc.find(key);
  if (it == doc.end() || !it->is_string()) return Status::internal(fmt::format("stored task: '{}' is not text", key));
  return it->get<std::string>();
}

Result<long long> int_field(const nlohmann::json& doc, const char* key) {
  auto it = doc.find(key);
  if (it == doc.end() || !it->is_number_integer()) {
    return Status::internal(fmt::format("stored task: '{}' is not an integer", key));
  }
  return it->get<long long>();
}

Result<std::optional<std::string>> optional_text_field(const nlohmann::json& doc, const char* key) {
  auto it = doc.find(key);
  if (it == doc.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) return Status::internal(fmt::format("stored task: '{}' is not text", key));
  return std::optional<std::string>(it->get<std::string>());
}

}  // namespace

nlohmann::json movement_json(const StockMovement& m, const Zone& zone) {
  return {{"id", m.id},
          {"at", format_local(m.at, zone)},
          {"kind", movement_kind_name(m.kind)},
          {"drug", m.lot.drug.value()},
          {"lot", m.lot.lot.value()},
          {"expiry", format_date(m.lot.expiry)},
          {"location", m.location.value()},
          {"delta", m.delta},
          {"on_hand", m.on_hand},
          {"prescription_id", m.prescription ? nlohmann::json(m.prescription->value()) : nlohmann::json()},
          {"serial", m.serial},
          {"actor", m.actor},
          {"reason", m.reason}};
}

std::string movement_event_text(const StockMovement& m, int quantity, const Zone& zone) {
  std::string out;
  out.reserve(320);
  JsonText w(out);
  // Keys in the sorted order of a json object.
  w.begin_object();
  w.key("actor");
  w.string(m.actor);
  w.key("at");
  w.string(format_local(m.at, zone));
  w.key("delta");
  w.integer(m.delta);
  w.key("drug");
  w.string(m.lot.drug.value());
  w.key("expiry");
  w.string(format_date(m.lot.expiry));
  w.key("id");
  w.integer(m.id);
  w.key("kind");
  w.string(movement_kind_name(m.kind));
  w.key("location");
  w.string(m.location.value());
  w.key("lot");
  w.string(m.lot.lot.value());
  w.key("on_hand");
  w.integer(m.on_hand);
  w.key("prescription_id");
  w.int_or_null(m.prescription ? std::optional<long long>(m.prescription->value()) : std::nullopt);
  w.key("quantity");
  w.integer(quantity);
  w.key("reason");
  w.string(m.reason);
  w.key("serial");
  w.string(m.serial);
  w.end_object();
  return out;
}

nlohmann::json task_json(const StockTask& t, const Zone& zone) {
  return {{"id", t.id},
          {"kind", task_kind_name(t.kind)},
          {"state", task_state_name(t.state)},
          {"drug", t.drug.value()},
          {"lot", t.lot ? nlohmann::json(t.lot->value()) : nlohmann::json()},
          {"location", t.location.value()},
          {"from", t.from ? nlohmann::json(t.from->value()) : nlohmann::json()},
          {"quantity", t.quantity},
          {"done_quantity", t.done_quantity},
          {"reason", t.reason},
          {"opened_at", format_local(t.opened_at, zone)},
          {"closed_at", t.closed_at ? nlohmann::json(format_local(*t.closed_at, zone)) : nlohmann::json()},
          {"closed_by", t.closed_by}};
}

Result<StockTask> task_from_json(const nlohmann::json& doc, const Zone& zone) {
  if (!doc.is_object()) return Status::internal("stored task is not a JSON object");
  StockTask t;
  t.id = TRY(int_field(doc, "id"));
  std::string kind = TRY(text_field(doc, "kind"));
  auto k = parse_task_kind(kind);
  if (!k) return Status::internal(fmt::format("stored task {}: unknown kind '{}'", t.id, kind));
  t.kind = *k;
  std::string state = TRY(text_field(doc, "state"));
  auto s = parse_task_state(state);
  if (!s) return Status::internal(fmt::format("stored task {}: unknown state '{}'", t.id, state));
  t.state = *s;
  t.drug = DrugCode(TRY(text_field(doc, "drug")));
  if (auto lot = TRY(optional_text_field(doc, "lot"))) t.lot = LotNo(*lot);
  t.location = LocationCode(TRY(text_field(doc, "location")));
  if (auto from = TRY(optional_text_field(doc, "from"))) t.from = LocationCode(*from);
  t.quantity = static_cast<int>(TRY(int_field(doc, "quantity")));
  t.done_quantity = static_cast<int>(TRY(int_field(doc, "done_quantity")));
  t.reason = TRY(text_field(doc, "reason"));
  std::string opened = TRY(text_field(doc, "opened_at"));
  t.opened_at = TRY(parse_instant(opened, zone));
  if (auto closed = TRY(optional_text_field(doc, "closed_at"))) t.closed_at = TRY(parse_instant(*closed, zone));
  t.closed_by = TRY(text_field(doc, "closed_by"));
  return t;
}

}  // namespace rx
