// What the dashboards, the calling screen and the API see of the state.
#include <fmt/format.h>

#include "inventory/stock_status.h"
#include "service/pharmacy_impl.h"
#include "service/record_codec.h"

namespace rx {
namespace {

using nlohmann::json;

json instant_json(const std::optional<Instant>& t, const Zone& zone) {
  return t ? json(format_local(*t, zone)) : json(nullptr);
}

// The prescription paper of regulations.md (处方管理办法 第五条).
std::string_view paper_class(const PrescriptionRecord& r, const Formulary& formulary, const Zone& zone) {
  bool psychotropic_2 = false;
  for (const auto& item : r.rx.items) {
    const Drug* d = formulary.find(item.drug);
    if (!d) continue;
    if (d->controlled == Controlled::kNarcotic || d->controlled == Controlled::kPsychotropic1) return "narcotic";
    if (d->controlled == Controlled::kPsychotropic2) psychotropic_2 = true;
  }
  if (psychotropic_2) return "psychotropic_2";
  if (r.rx.visit.type == VisitType::kEmergency) return "emergency";
  auto age = r.rx.patient.age_on(zone.local_date(r.rx.issued_at));
  if ((age && *age < 14) || r.rx.visit.department.find("儿科") != std::string::npos) return "paediatric";
  return "ordinary";
}

}  // namespace

json Pharmacy::Impl::card(const PrescriptionRecord& r) const {
  json blocked = json::array();
  for (const auto& f : r.findings) {
    if (f.severity == Severity::kBlock) blocked.push_back(f.code);
  }
  return {{"id", r.id.value()},
          {"prescription_no", r.rx.prescription_no},
          {"status", rx_status_name(r.status)},
          {"patient_id", r.rx.patient.id.value()},
          {"department", r.rx.visit.department},
          {"visit_type", visit_type_name(r.rx.visit.type)},
          {"paper", paper_class(r, formulary_, config_.zone)},
          {"items", r.rx.items.size()},
          {"packs_planned", r.packs_planned()},
          {"packs_verified", r.packs_verified()},
          {"queue_no", r.queue_no ? json(*r.queue_no) : json(nullptr)},
          {"window", r.window ? json(*r.window) : json(nullptr)},
          {"high_alert", r.high_alert},
          {"at_window", r.at_window},
          {"blocked_codes", blocked},
          {"shortages", r.shortages},
          {"received_at", format_local(r.received_at, config_.zone)},
          {"paid_at", instant_json(r.paid_at, config_.zone)},
          {"ready_at", instant_json(r.ready_at, config_.zone)},
          {"handed_over_at", instant_json(r.handed_over_at, config_.zone)}};
}

json Pharmacy::Impl::summary() const {
  json counts = json::object();
  for (int s = 0; s <= static_cast<int>(RxStatus::kCancelled); ++s) counts[rx_status_name(static_cast<RxStatus>(s))] = 0;
  for (const auto& [id, r] : records_) counts[rx_status_name(r->status)] = counts[rx_status_name(r->status)].get<int>() + 1;
  json devices = json::array();
  for (const auto& [kind, device] : devices_) {
    DeviceStatus st = device->status();
    // An offline device's jobs have moved elsewhere; the dashboard says so first.
    if (!device->available()) st.state = "offline: " + st.state;
    devices.push_back({{"name", st.name},
                       {"kind", device_kind_name(kind)},
                       {"queued_jobs", st.queued_jobs},
                       {"active_jobs", st.active_jobs},
                       {"packs_out", st.packs_out},
                       {"state", st.state}});
  }
  json windows = json::array();
  for (size_t w = 0; w < windows_.size(); ++w) {
    json queue_no = nullptr;
    if (windows_[w]) {
      const auto& r = *records_.at(*windows_[w]);
      if (r.queue_no) queue_no = *r.queue_no;
    }
    windows.push_back({{"window", w + 1}, {"queue_no", queue_no}});
  }
  HisOutboxStatus outbox = owner_.his_outbox();
  json his = {{"pending", outbox.pending},
              {"endpoint", outbox.endpoint.empty() ? json(nullptr) : json(outbox.endpoint)},
              {"state", outbox.state},
              {"last_error", outbox.last_error}};
  return {{"counts", counts},
          {"devices", devices},
          {"windows", windows},
          {"his", his},
          {"now", format_local(sched_.now(), config_.zone)}};
}

json Pharmacy::Impl::screen() const {
  json calling = json::array();
  json waiting = json::array();
  for (const auto& [id, r] : records_) {
    if (!r->queue_no || is_final(r->status)) continue;
    std::string name = mask_name(r->rx.patient.name);
    if (r->window && r->status == RxStatus::kReady) {
      calling.push_back({{"queue_no", *r->queue_no}, {"name", name}, {"window", *r->window}});
    } else {
      waiting.push_back({{"queue_no", *r->queue_no}, {"name", name}, {"ready", r->status == RxStatus::kReady}});
    }
  }
  return {{"calling", calling}, {"waiting", waiting}};
}

void Pharmacy::Impl::publish_after_commit(const std::set<long long>& ids, bool screen_changed) {
  if (!subscribers_.empty() && !ids.empty()) {
    auto subs = subscribers_;  // a subscriber may unsubscribe while being told
    for (long long id : ids) {
      Notice n{"prescription", PrescriptionId(id), card(*records_.at(id))};
      for (auto& [h, fn] : subs) fn(n);
    }
    if (!summary_posted_) {
      // At most one summary a second, however busy the pharmacy is.
      summary_posted_ = true;
      sched_.schedule_after(Duration{1000}, [this] {
        summary_posted_ = false;
        Notice n{"summary", std::nullopt, summary()};
        auto subs = subscribers_;
        for (auto& [h, fn] : subs) fn(n);
      });
    }
  }
  if (screen_changed && !screen_subscribers_.empty()) {
    ScreenNotice n{screen()};
    auto subs = screen_subscribers_;
    for (auto& [h, fn] : subs) fn(n);
  }
}

nlohmann::json Pharmacy::record_json(const PrescriptionRecord& record, bool with_history) const {
  json j = record_to_json(record, config_.zone);
  j.erase("jobs");
  j["paper"] = paper_class(record, formulary_, config_.zone);
  // What a pharmacist reads: the drug's name and strength beside its code.
  for (size_t i = 0; i < record.rx.items.size() && i < j["items"].size(); ++i) {
    if (const Drug* d = formulary_.find(record.rx.items[i].drug)) {
      j["items"][i]["drug_name"] = fmt::format("{} {}{}", d->name_zh, d->strength, d->strength_unit);
    }
  }
  if (with_history) {
    json entries = json::array();
    auto events = history(record.id);
    if (events.ok()) {
      for (const auto& e : *events) {
        json data = json::parse(e.payload, nullptr, false);
        entries.push_back({{"seq", e.seq.value()},
                           {"at", format_local(e.at, config_.zone)},
                           {"type", e.type},
                           {"actor", e.actor},
                           {"data", data.is_discarded() ? json::object() : data}});
      }
    }
    j["history"] = std::move(entries);
  }
  return j;
}

nlohmann::json Pharmacy::card_json(const PrescriptionRecord& record) const { return impl_->card(record); }
nlohmann::json Pharmacy::summary() const { return impl_->summary(); }
nlohmann::json Pharmacy::screen_state() const { return impl_->screen(); }

StockStatus Pharmacy::stock_status(const StockRow& row) const {
  return rx::stock_status(row, config_.zone.local_date(scheduler_.now()), config_.near_expiry_days);
}

}  // namespace rx
