#include "service/record_codec.h"

#include <fmt/format.h>

#include "interop/json/json_text.h"
#include "interop/json/prescription_json.h"
#include "interop/json/prescription_text.h"

namespace rx {
namespace {

using nlohmann::json;

json instant_or_null(const std::optional<Instant>& t, const Zone& zone) {
  return t ? json(format_local(*t, zone)) : json(nullptr);
}

Result<std::optional<Instant>> read_instant(const json& j, const char* key, const Zone& zone) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::optional<Instant>{};
  if (!it->is_string()) return Status::invalid("expected a date-time string", key);
  auto t = parse_instant(it->get<std::string>(), zone);
  if (!t.ok()) return Status::invalid(t.status().message(), key);
  return std::optional<Instant>{*t};
}

template <class T>
std::optional<T> optional_value(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<T>();
}

// One key of the record's own part of the document, and how to write its value.
struct RecordField {
  std::string_view key;
  void (*write)(JsonText&, const PrescriptionRecord&, const Zone&);
};

// By key, sorted as a json object holds them.
const RecordField kRecordFields[] = {
    {"at_window", [](JsonText& w, const PrescriptionRecord& r, const Zone&) { w.boolean(r.at_window); }},
    {"called_at", [](JsonText& w, const PrescriptionRecord& r, const Zone& z) { w.instant_or_null(r.called_at, z); }},
    {"checked_in_at",
     [](JsonText& w, const PrescriptionRecord& r, const Zone& z) { w.instant_or_null(r.checked_in_at, z); }},
    {"dispensing_at",
     [](JsonText& w, const PrescriptionRecord& r, const Zone& z) { w.instant_or_null(r.dispensing_at, z); }},
    {"findings",
     [](JsonText& w, const PrescriptionRecord& r, const Zone&) {
       w.begin_array();
       for (const Finding& f : r.findings) {
         w.begin_object();
         w.key("code");
         w.string(f.code);
         w.key("evidence");
         w.string(f.evidence);
         w.key("items");
         w.begin_array();
         for (int i : f.items) w.integer(i);
         w.end_array();
         w.key("message");
         w.string(f.message);
         w.key("severity");
         w.string(severity_name(f.severity));
         w.end_object();
       }
       w.end_array();
     }},
    {"handed_over_at",
     [](JsonText& w, const PrescriptionRecord& r, const Zone& z) { w.instant_or_null(r.handed_over_at, z); }},
    {"high_alert", [](JsonText& w, const PrescriptionRecord& r, const Zone&) { w.boolean(r.high_alert); }},
    {"id", [](JsonText& w, const PrescriptionRecord& r, const Zone&) { w.integer(r.id.value()); }},
    {"jobs",
     [](JsonText& w, const PrescriptionRecord& r, const Zone&) {
       w.begin_array();
       for (uint64_t job : r.jobs) w.unsigned_integer(job);
       w.end_array();
     }},
    {"packs",
     [](JsonText& w, const PrescriptionRecord& r, const Zone&) {
       w.begin_array();
       for (const DispensedPack& p : r.packs) {
         w.begin_object();
         w.key("code");
         w.string(p.pack.code);
         w.key("drug");
         w.string(p.pack.drug.value());
         w.key("expiry");
         w.string(format_date(p.pack.expiry));
         w.key("gtin");
         w.string(p.pack.gtin);
         w.key("item");
         w.integer(p.item);
         w.key("location");
         w.string(p.location.value());
         w.key("lot");
         w.string(p.pack.lot.value());
         w.key("serial");
         w.string(p.pack.serial);
         w.key("verification");
         w.string(p.verification);
         w.key("verified");
         w.boolean(p.verified);
         w.end_object();
       }
       w.end_array();
     }},
    {"paid_at", [](JsonText& w, const PrescriptionRecord& r, const Zone& z) { w.instant_or_null(r.paid_at, z); }},
    {"plan",
     [](JsonText& w, const PrescriptionRecord& r, const Zone&) { write_plan_text(w, r.plan); }},
    {"prescriber_confirmation",
     [](JsonText& w, const PrescriptionRecord& r, const Zone& z) {
       const auto& c = r.prescriber_confirmation;
       if (!c) return w.null();
       w.begin_object();
       w.key("at");
       w.string(format_local(c->at, z));
       w.key("prescriber");
       w.begin_object();
       w.key("id");
       w.string(c->prescriber.id);
       w.key("name");
       w.string(c->prescriber.name);
       w.end_object();
       w.key("reason");
       w.string(c->reason);
       w.key("recorded_by");
       w.string(c->recorded_by);
       w.end_object();
     }},
    {"queue_no", [](JsonText& w, const PrescriptionRecord& r, const Zone&) { w.int_or_null(r.queue_no); }},
    {"ready_at", [](JsonText& w, const PrescriptionRecord& r, const Zone& z) { w.instant_or_null(r.ready_at, z); }},
    {"reason", [](JsonText& w, const PrescriptionRecord& r, const Zone&) { w.string(r.reason); }},
    {"received_at",
     [](JsonText& w, const PrescriptionRecord& r, const Zone& z) { w.string(format_local(r.received_at, z)); }},
    {"returned_to_prescriber",
     [](JsonText& w, const PrescriptionRecord& r, const Zone& z) {
       const auto& ret = r.returned_to_prescriber;
       if (!ret) return w.null();
       w.begin_object();
       w.key("at");
       w.string(format_local(ret->at, z));
       w.key("by");
       w.string(ret->by);
       w.key("reason");
       w.string(ret->reason);
       w.end_object();
     }},
    {"shortages",
     [](JsonText& w, const PrescriptionRecord& r, const Zone&) {
       w.begin_array();
       for (const std::string& s : r.shortages) w.string(s);
       w.end_array();
     }},
    {"status", [](JsonText& w, const PrescriptionRecord& r, const Zone&) { w.string(rx_status_name(r.status)); }},
    {"window", [](JsonText& w, const PrescriptionRecord& r, const Zone&) { w.int_or_null(r.window); }},
};

// The record's document with each prescription field's value written by
// `write_rx_value(w, index into prescription_text_fields())`.
template <class WriteRxValue>
std::string merged_document(const PrescriptionRecord& r, const Zone& zone, WriteRxValue write_rx_value) {
  // The prescription's own fields and the record's, merged by key; the
  // record's win a clash as they do in record_to_json.
  const std::span<const PrescriptionTextField> rx_fields = prescription_text_fields();
  std::string out;
  out.reserve(2048);
  JsonText w(out);
  w.begin_object();
  size_t next = 0;
  auto write_rx_fields_before = [&](std::string_view key) {
    for (; next < rx_fields.size() && rx_fields[next].key < key; ++next) {
      w.key(rx_fields[next].key);
      write_rx_value(w, next);
    }
    if (next < rx_fields.size() && rx_fields[next].key == key) ++next;
  };
  for (const RecordField& field : kRecordFields) {
    write_rx_fields_before(field.key);
    w.key(field.key);
    field.write(w, r, zone);
  }
  for (; next < rx_fields.size(); ++next) {
    w.key(rx_fields[next].key);
    write_rx_value(w, next);
  }
  w.end_object();
  return out;
}

}  // namespace


json plan_to_json(const std::vector<PlannedLine>& plan) {
  json lines = json::array();
  for (const auto& p : plan) {
    lines.push_back({{"item", p.item},
                     {"drug", p.drug.value()},
                     {"lot", p.lot.value()},
                     {"expiry", format_date(p.expiry)},
                     {"location", p.location.value()},
                     {"device", device_kind_name(p.device)},
                     {"packs", p.packs}});
  }
  return lines;
}

void write_plan_text(JsonText& w, const std::vector<PlannedLine>& plan) {
  w.begin_array();
  for (const PlannedLine& p : plan) {
    w.begin_object();
    w.key("device");
    w.string(device_kind_name(p.device));
    w.key("drug");
    w.string(p.drug.value());
    w.key("expiry");
    w.string(format_date(p.expiry));
    w.key("item");
    w.integer(p.item);
    w.key("location");
    w.string(p.location.value());
    w.key("lot");
    w.string(p.lot.value());
    w.key("packs");
    w.integer(p.packs);
    w.end_object();
  }
  w.end_array();
}

std::string_view device_kind_name(DeviceKind kind) {
  switch (kind) {
    case DeviceKind::kChannel: return "channel";
    case DeviceKind::kRobot: return "robot";
    case DeviceKind::kShelf: return "shelf";
  }
  return "channel";
}

Result<DeviceKind> parse_device_kind(std::string_view name) {
  if (name == "channel") return DeviceKind::kChannel;
  if (name == "robot") return DeviceKind::kRobot;
  if (name == "shelf") return DeviceKind::kShelf;
  return Status::invalid(fmt::format("unknown device '{}'", name), "device");
}

json record_to_json(const PrescriptionRecord& r, const Zone& zone) {
  json j = prescription_to_json(r.rx, zone);
  j["id"] = r.id.value();
  j["status"] = rx_status_name(r.status);
  json findings = json::array();
  for (const auto& f : r.findings) findings.push_back(finding_to_json(f));
  j["findings"] = std::move(findings);
  j["received_at"] = format_local(r.received_at, zone);
  j["paid_at"] = instant_or_null(r.paid_at, zone);
  j["checked_in_at"] = instant_or_null(r.checked_in_at, zone);
  j["dispensing_at"] = instant_or_null(r.dispensing_at, zone);
  j["ready_at"] = instant_or_null(r.ready_at, zone);
  j["called_at"] = instant_or_null(r.called_at, zone);
  j["handed_over_at"] = instant_or_null(r.handed_over_at, zone);
  j["queue_no"] = r.queue_no ? json(*r.queue_no) : json(nullptr);
  j["window"] = r.window ? json(*r.window) : json(nullptr);
  j["at_window"] = r.at_window;
  j["high_alert"] = r.high_alert;
  j["plan"] = plan_to_json(r.plan);
  j["jobs"] = r.jobs;
  json packs = json::array();
  for (const auto& p : r.packs) {
    packs.push_back({{"item", p.item},
                     {"drug", p.pack.drug.value()},
                     {"code", p.pack.code},
                     {"gtin", p.pack.gtin},
                     {"lot", p.pack.lot.value()},
                     {"expiry", format_date(p.pack.expiry)},
                     {"serial", p.pack.serial},
                     {"location", p.location.value()},
                     {"verified", p.verified},
                     {"verification", p.verification}});
  }
  j["packs"] = std::move(packs);
  j["shortages"] = r.shortages;
  j["reason"] = r.reason;
  j["returned_to_prescriber"] = nullptr;
  if (const auto& ret = r.returned_to_prescriber) {
    j["returned_to_prescriber"] = {{"reason", ret->reason}, {"at", format_local(ret->at, zone)}, {"by", ret->by}};
  }
  j["prescriber_confirmation"] = nullptr;
  if (const auto& c = r.prescriber_confirmation) {
    j["prescriber_confirmation"] = {{"prescriber", {{"id", c->prescriber.id}, {"name", c->prescriber.name}}},
                                    {"reason", c->reason},
                                    {"at", format_local(c->at, zone)},
                                    {"recorded_by", c->recorded_by}};
  }
  return j;
}

std::string record_document(const PrescriptionRecord& r, const Zone& zone) {
  const std::span<const PrescriptionTextField> rx_fields = prescription_text_fields();
  return merged_document(r, zone, [&](JsonText& w, size_t i) { rx_fields[i].write(w, r.rx, zone); });
}

PrescriptionPart prescription_part(const Prescription& rx, const Zone& zone) {
  PrescriptionPart part;
  for (const PrescriptionTextField& field : prescription_text_fields()) {
    std::string value;
    JsonText w(value);
    field.write(w, rx, zone);
    part.values.push_back(std::move(value));
  }
  return part;
}

std::string record_document(const PrescriptionRecord& r, const PrescriptionPart& rx_part, const Zone& zone) {
  return merged_document(r, zone, [&](JsonText& w, size_t i) { w.raw(rx_part.values.at(i)); });
}

Result<PrescriptionRecord> record_from_json(const json& j, const Zone& zone) {
  try {
    PrescriptionRecord r;
    auto received = parse_instant(j.at("received_at").get<std::string>(), zone);
    if (!received.ok()) return Status::invalid(received.status().message(), "received_at");
    r.received_at = *received;
    r.rx = TRY(prescription_from_json(j, zone, r.received_at));
    r.id = PrescriptionId(j.at("id").get<long long>());
    r.status = TRY(parse_rx_status(j.at("status").get<std::string>()));
    for (const auto& f : j.at("findings")) r.findings.push_back(TRY(finding_from_json(f)));
    r.paid_at = TRY(read_instant(j, "paid_at", zone));
    r.checked_in_at = TRY(read_instant(j, "checked_in_at", zone));
    r.dispensing_at = TRY(read_instant(j, "dispensing_at", zone));
    r.ready_at = TRY(read_instant(j, "ready_at", zone));
    r.called_at = TRY(read_instant(j, "called_at", zone));
    r.handed_over_at = TRY(read_instant(j, "handed_over_at", zone));
    r.queue_no = optional_value<int>(j, "queue_no");
    r.window = optional_value<int>(j, "window");
    r.at_window = j.at("at_window").get<bool>();
    r.high_alert = j.at("high_alert").get<bool>();
    for (const auto& p : j.at("plan")) {
      PlannedLine line;
      line.item = p.at("item").get<int>();
      line.drug = DrugCode(p.at("drug").get<std::string>());
      line.lot = LotNo(p.at("lot").get<std::string>());
      line.expiry = TRY(parse_date(p.at("expiry").get<std::string>()));
      line.location = LocationCode(p.at("location").get<std::string>());
      line.device = TRY(parse_device_kind(p.at("device").get<std::string>()));
      line.packs = p.at("packs").get<int>();
      r.plan.push_back(std::move(line));
    }
    r.jobs = j.at("jobs").get<std::vector<uint64_t>>();
    for (const auto& p : j.at("packs")) {
      DispensedPack d;
      d.item = p.at("item").get<int>();
      d.pack.drug = DrugCode(p.at("drug").get<std::string>());
      d.pack.code = p.at("code").get<std::string>();
      d.pack.gtin = p.at("gtin").get<std::string>();
      d.pack.lot = LotNo(p.at("lot").get<std::string>());
      d.pack.expiry = TRY(parse_date(p.at("expiry").get<std::string>()));
      d.pack.serial = p.at("serial").get<std::string>();
      d.location = LocationCode(p.at("location").get<std::string>());
      d.verified = p.at("verified").get<bool>();
      d.verification = p.at("verification").get<std::string>();
      r.packs.push_back(std::move(d));
    }
    r.shortages = j.at("shortages").get<std::vector<std::string>>();
    r.reason = j.at("reason").get<std::string>();
    // Records stored before returns and confirmations existed have neither key.
    if (auto it = j.find("returned_to_prescriber"); it != j.end() && !it->is_null()) {
      auto at = TRY(read_instant(*it, "at", zone));
      if (!at) return Status::invalid("expected a date-time string", "returned_to_prescriber.at");
      r.returned_to_prescriber =
          PrescriberReturn{it->at("reason").get<std::string>(), *at, it->at("by").get<std::string>()};
    }
    if (auto it = j.find("prescriber_confirmation"); it != j.end() && !it->is_null()) {
      auto at = TRY(read_instant(*it, "at", zone));
      if (!at) return Status::invalid("expected a date-time string", "prescriber_confirmation.at");
      const json& who = it->at("prescriber");
      r.prescriber_confirmation = PrescriberConfirmation{
          Prescriber{who.at("id").get<std::string>(), who.at("name").get<std::string>()},
          it->at("reason").get<std::string>(), *at, it->at("recorded_by").get<std::string>()};
    }
    return r;
  } catch (const json::exception& e) {
    return Status::internal(fmt::format("stored prescription record is malformed: {}", e.what()));
  }
}

}  // namespace rx
