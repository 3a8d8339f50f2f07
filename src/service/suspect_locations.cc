// Packs that failed verification, and the locations a wrong drug came out of.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "service/pharmacy_impl.h"

namespace rx {

void Pharmacy::Impl::quarantine_pack(const Pack& pack, const Actor& actor, PrescriptionId rx) {
  Move m{MovementKind::kQuarantined, Lot{pack.drug, pack.lot, pack.expiry}, kQuarantineLocation, 1, rx, pack.serial,
         "failed verification: " + pack.code};
  m.quarantined = true;
  Status s = move(m, actor);
  // The pack is still recorded on its prescription as failed; only the bin's count misses it.
  if (!s.ok()) spdlog::error("quarantine of {}: {}", pack.code, s.message());
}

void Pharmacy::Impl::flag_suspect(const LocationCode& location, const std::string& reason, const Actor& actor,
                                  PrescriptionId rx) {
  if (is_suspect(location)) return;
  SuspectLocation s{location, reason, sched_.now()};
  suspects_[location.value()] = s;
  set_meta(std::string(kSuspectPrefix) + location.value(),
           nlohmann::json{{"reason", reason}, {"since", format_instant(s.since)}}.dump());
  spdlog::warn("location {} is suspect: {}", location.value(), reason);
  emit("location.suspect", actor, rx, {{"location", location.value()}, {"reason", reason}});
}

Status Pharmacy::Impl::load_suspect(const MetaRow& row) {
  if (row.value.empty()) return Status();  // cleared
  auto doc = nlohmann::json::parse(row.value, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("reason") || !doc.contains("since") ||
      !doc["reason"].is_string() || !doc["since"].is_string()) {
    return Status::internal(fmt::format("stored {} is not {{\"reason\",\"since\"}}", row.key));
  }
  auto since = parse_instant(doc["since"].get<std::string>(), Zone::utc());
  if (!since.ok()) return Status::internal(fmt::format("stored {}: {}", row.key, since.status().message()));
  LocationCode location(row.key.substr(kSuspectPrefix.size()));
  suspects_[location.value()] = SuspectLocation{location, doc["reason"].get<std::string>(), *since};
  return Status();
}

std::vector<SuspectLocation> Pharmacy::suspect_locations() const {
  std::vector<SuspectLocation> out;
  for (const auto& [key, s] : impl_->suspects_) out.push_back(s);
  return out;
}

void Pharmacy::clear_suspect(const LocationCode& location, const Actor& actor, std::function<void(Status)> done) {
  auto& im = *impl_;
  if (!im.is_suspect(location)) {
    Status err = Status::not_found(fmt::format("location '{}' is not suspect", location.value()));
    scheduler_.post([done, err] { done(err); });
    return;
  }
  im.suspects_.erase(location.value());
  im.set_meta(std::string(kSuspectPrefix) + location.value(), "");
  im.emit("location.cleared", actor, std::nullopt, {{"location", location.value()}});
  im.after_commit([done] { done(Status()); }, [done](const Status& s) { done(s); });
  // Prescriptions waiting for stock there are planned again.
  im.post_dispatch();
}

}  // namespace rx
