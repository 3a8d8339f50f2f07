#include "service/stocktake_json.h"

#include <fmt/format.h>

namespace rx {
namespace {

using nlohmann::json;

json row_json(const StockRow& row) {
  return {{"drug", row.lot.drug.value()},
          {"lot", row.lot.lot.value()},
          {"expiry", format_date(row.lot.expiry)},
          {"quantity", row.quantity}};
}

json optional_instant(const std::optional<Instant>& t, const Zone& zone) {
  return t ? json(format_local(*t, zone)) : json(nullptr);
}

// Reading stored documents: the first missing or mistyped field ends the read
// with its name (a json type_error is caught at read's edge).
struct Reader {
  const Zone& zone;

  std::string text(const json& doc, const char* field) const {
    if (!doc.contains(field) || !doc[field].is_string()) throw Missing{field};
    return doc[field].get<std::string>();
  }
  Instant instant(const json& doc, const char* field) const {
    auto t = parse_instant(text(doc, field), zone);
    if (!t.ok()) throw Missing{field};
    return *t;
  }
  Date date(const json& doc, const char* field) const {
    auto d = parse_date(text(doc, field));
    if (!d.ok()) throw Missing{field};
    return *d;
  }
  long long number(const json& doc, const char* field) const {
    if (!doc.contains(field) || !doc[field].is_number_integer()) throw Missing{field};
    return doc[field].get<long long>();
  }
  const json& array(const json& doc, const char* field) const {
    if (!doc.contains(field) || !doc[field].is_array()) throw Missing{field};
    return doc[field];
  }
  StockRow row(const json& doc, const LocationCode& location) const {
    return StockRow{Lot{DrugCode(text(doc, "drug")), LotNo(text(doc, "lot")), date(doc, "expiry")}, location,
                    static_cast<int>(number(doc, "quantity"))};
  }

  struct Missing {
    const char* field;
  };
};

template <class T, class F>
Result<T> read(const char* what, F body) {
  try {
    return body();
  } catch (const Reader::Missing& m) {
    return Status::internal(fmt::format("stored {}: field '{}' is missing or not valid", what, m.field));
  } catch (const json::exception& e) {
    return Status::internal(fmt::format("stored {}: {}", what, e.what()));
  }
}

}  // namespace

json stocktake_json(const Stocktake& count, const Zone& zone) {
  json scope = json::array();
  for (const auto& l : count.scope) scope.push_back(l.value());
  json counts = json::array();
  for (const LocationCount& c : count.counts) {
    json expected = json::array();
    for (const auto& r : c.expected) expected.push_back(row_json(r));
    json counted = json::array();
    for (const auto& r : c.counted) counted.push_back(row_json(r));
    counts.push_back({{"location", c.location.value()},
                      {"counted_at", format_local(c.counted_at, zone)},
                      {"expected", std::move(expected)},
                      {"counted", std::move(counted)}});
  }
  return {{"id", count.id},
          {"scope", std::move(scope)},
          {"started_at", format_local(count.started_at, zone)},
          {"started_by", count.started_by},
          {"state", stocktake_state_name(count.state)},
          {"approved_at", optional_instant(count.approved_at, zone)},
          {"approved_by", count.approved_by},
          {"counts", std::move(counts)},
          {"serials", count.serials}};
}

Result<Stocktake> stocktake_from_json(const json& doc, const Zone& zone) {
  return read<Stocktake>("stocktake", [&] {
    Reader in{zone};
    Stocktake c;
    c.id = in.number(doc, "id");
    for (const auto& l : in.array(doc, "scope")) c.scope.push_back(LocationCode(l.get<std::string>()));
    c.started_at = in.instant(doc, "started_at");
    c.started_by = in.text(doc, "started_by");
    std::string state = in.text(doc, "state");
    if (state != "open" && state != "approved") throw Reader::Missing{"state"};
    c.state = state == "open" ? StocktakeState::kOpen : StocktakeState::kApproved;
    if (doc.contains("approved_at") && !doc["approved_at"].is_null()) c.approved_at = in.instant(doc, "approved_at");
    c.approved_by = in.text(doc, "approved_by");
    for (const auto& cj : in.array(doc, "counts")) {
      LocationCount lc;
      lc.location = LocationCode(in.text(cj, "location"));
      lc.counted_at = in.instant(cj, "counted_at");
      for (const auto& r : in.array(cj, "expected")) lc.expected.push_back(in.row(r, lc.location));
      for (const auto& r : in.array(cj, "counted")) lc.counted.push_back(in.row(r, lc.location));
      c.counts.push_back(std::move(lc));
    }
    for (const auto& s : in.array(doc, "serials")) c.serials.push_back(s.get<std::string>());
    return c;
  });
}

json stocktake_report_json(const Stocktake& count, const Zone& zone) {
  json lines = json::array();
  for (const CountLine& l : discrepancy_report(count)) {
    lines.push_back({{"drug", l.lot.drug.value()},
                     {"lot", l.lot.lot.value()},
                     {"expiry", format_date(l.lot.expiry)},
                     {"location", l.location.value()},
                     {"expected", l.expected},
                     {"counted", l.counted},
                     {"difference", l.difference()}});
  }
  json scope = json::array();
  for (const auto& l : count.scope) scope.push_back(l.value());
  json uncounted = json::array();
  for (const auto& l : uncounted_locations(count)) uncounted.push_back(l.value());
  return {{"id", count.id},
          {"state", stocktake_state_name(count.state)},
          {"scope", std::move(scope)},
          {"started_at", format_local(count.started_at, zone)},
          {"started_by", count.started_by},
          {"approved_at", optional_instant(count.approved_at, zone)},
          {"approved_by", count.approved_by},
          {"lines", std::move(lines)},
          {"uncounted", std::move(uncounted)}};
}

json awaiting_return_json(const AwaitingReturn& a, const Zone& zone) {
  return {{"prescription_id", a.prescription.value()},
          {"drug", a.pack.drug.value()},
          {"gtin", a.pack.gtin},
          {"lot", a.pack.lot.value()},
          {"expiry", format_date(a.pack.expiry)},
          {"serial", a.pack.serial},
          {"code", a.pack.code},
          {"location", a.location.value()},
          {"since", format_local(a.since, zone)},
          {"reason", a.reason}};
}

Result<AwaitingReturn> awaiting_return_from_json(const json& doc, const Zone& zone) {
  return read<AwaitingReturn>("pack awaiting return", [&] {
    Reader in{zone};
    AwaitingReturn a;
    a.prescription = PrescriptionId(in.number(doc, "prescription_id"));
    a.pack.drug = DrugCode(in.text(doc, "drug"));
    a.pack.gtin = in.text(doc, "gtin");
    a.pack.lot = LotNo(in.text(doc, "lot"));
    a.pack.expiry = in.date(doc, "expiry");
    a.pack.serial = in.text(doc, "serial");
    a.pack.code = in.text(doc, "code");
    a.location = LocationCode(in.text(doc, "location"));
    a.since = in.instant(doc, "since");
    a.reason = in.text(doc, "reason");
    return a;
  });
}

}  // namespace rx
