// The robot's stock-in: packs go in through its input point (WWKS 2.0
// InitiateInput) and are recorded where the robot says it stored them; a
// delivery can be announced to it first (StockDelivery). The pharmacy checks
// every pack before the robot sees it, so a refused request sends nothing.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "interop/gs1/pack_code.h"
#include "inventory/lot_acceptance.h"
#include "inventory/robot_placement.h"
#include "planning/channel_fit.h"
#include "planning/robot_shelf.h"
#include "service/pharmacy_impl.h"

namespace rx {
namespace {

// The most packs one input or one delivery notice carries.
constexpr size_t kMaxRobotInputPacks = 200;
// An announced delivery is kept as the meta row robot_delivery:<number>.
constexpr std::string_view kRobotDeliveryPrefix = "robot_delivery:";
constexpr size_t kMaxDeliveryNumber = 64;

std::string serial_key_of(const DrugCode& drug, const std::string& serial) {
  return fmt::format("{}/{}", drug.value(), serial);
}

Status refuse(std::string_view reason, std::string message, std::string field) {
  return Status::invalid(std::move(message), std::move(field)).with_reason(std::string(reason));
}

// A pack checked and ready to send.
struct CheckedPack {
  const Drug* drug = nullptr;
  Lot lot;
  std::string serial;
};

// The drug, lot and serial of one pack, or why the robot may not take it.
Result<CheckedPack> check_pack(const Pharmacy::RobotInputPack& pack, const DeliveryNotice* delivery,
                               const Formulary& formulary, const PharmacyConfig& config, Date today,
                               const std::string& field) {
  if (pack.scan.size() > 512) return refuse(kBadCode, "expected a pack code of at most 512 characters", field);
  auto code = parse_pack_code(pack.scan);
  if (!code.ok()) return refuse(kBadCode, code.status().message(), field);
  const bool gs1 = code->kind == PackCode::Kind::kGs1;
  const Drug* drug = gs1 ? formulary.find_by_gtin(code->gtin) : formulary.find_by_nmpa(code->nmpa_product_code);
  if (drug == nullptr) {
    return refuse(kUnknownGtin,
                  gs1 ? fmt::format("GTIN {} is not in the formulary", code->gtin)
                      : fmt::format("NMPA product {} is not in the formulary", code->nmpa_product_code),
                  field);
  }
  if (!drug->machine_ok || drug->storage == Storage::kCold || !fits_robot(*drug, config.machines.robot)) {
    return refuse(kUnsuitableLocation,
                  fmt::format("{} may not go into the robot: {}", drug->code.value(),
                              !drug->machine_ok                 ? "it is not a box a machine can handle"
                              : drug->storage == Storage::kCold ? "it must be kept cold"
                                                                : "its pack fits no robot level"),
                  field);
  }
  const DeliveryLine* announced = nullptr;
  if (delivery) {
    for (const DeliveryLine& line : delivery->lines) {
      if (line.drug == drug->code) announced = &line;
    }
  }
  CheckedPack out;
  out.drug = drug;
  out.serial = code->serial;
  std::optional<LotNo> lot = code->lot.empty() ? pack.lot : std::optional<LotNo>(LotNo(code->lot));
  if (!lot && announced) lot = announced->lot;
  std::optional<Date> expiry = code->expiry ? code->expiry : pack.expiry;
  if (!expiry && announced) expiry = announced->expiry;
  if (!lot || lot->value().empty()) return refuse(kMissingLot, "expected a lot for a code without one", field);
  if (!expiry) return refuse(kMissingExpiry, "expected an expiry for a code without one", field);
  out.lot = Lot{drug->code, *lot, *expiry};
  Status life = check_shelf_life(out.lot, today, config.short_dated_days);
  if (!life.ok()) return refuse(life.reason(), life.message(), field);
  return out;
}

}  // namespace

void Pharmacy::robot_stock_in(std::vector<RobotInputPack> packs, std::string delivery_number, const Actor& actor,
                              RobotInputDone done) {
  auto& im = *impl_;
  auto fail = [&](Status s) { scheduler_.post([done, s = std::move(s)] { done(s); }); };
  if (packs.empty() || packs.size() > kMaxRobotInputPacks) {
    return fail(
        Status::invalid(fmt::format("expected 1 to {} packs, found {}", kMaxRobotInputPacks, packs.size()), "packs"));
  }
  if (delivery_number.size() > kMaxDeliveryNumber) {
    return fail(Status::invalid(fmt::format("expected at most {} characters", kMaxDeliveryNumber), "delivery_number"));
  }
  auto device = im.devices_.find(DeviceKind::kRobot);
  if (device == im.devices_.end()) return fail(Status::unavailable("no pick robot is attached"));
  const DeliveryNotice* delivery = nullptr;
  if (!delivery_number.empty()) {
    auto d = im.robot_deliveries_.find(delivery_number);
    if (d != im.robot_deliveries_.end()) delivery = &d->second;
  }

  const Date today = config_.zone.local_date(scheduler_.now());
  const std::vector<StockProjection> rows = im.ledger_.rows();
  std::vector<Lot> lots;
  std::vector<std::string> serials;
  std::set<std::string> seen;
  for (size_t i = 0; i < packs.size(); ++i) {
    const std::string field = fmt::format("packs[{}]", i);
    auto checked = check_pack(packs[i], delivery, formulary_, config_, today, field);
    if (!checked.ok()) return fail(checked.status());
    Status on_record = check_lot_against_stock(checked->lot, rows);
    if (!on_record.ok()) return fail(refuse(on_record.reason(), on_record.message(), field));
    std::string key;
    if (!checked->serial.empty()) {
      key = serial_key_of(checked->drug->code, checked->serial);
      MovementQuery q;
      q.drug = checked->drug->code;
      q.serial = checked->serial;
      q.limit = 1;
      auto stored = im.store_.movements(q);
      if (!stored.ok()) return fail(stored.status());
      bool pending = std::any_of(im.pending_movements_.begin(), im.pending_movements_.end(),
                                 [&](const StockMovement& m) { return serial_key_of(m.lot.drug, m.serial) == key; });
      if (!stored->empty() || pending || im.robot_input_serials_.count(key) > 0 || !seen.insert(key).second) {
        return fail(refuse(kDuplicateSerial,
                           fmt::format("a pack of {} with serial {} is on record or on its way already",
                                       checked->drug->code.value(), checked->serial),
                           field));
      }
    }
    lots.push_back(checked->lot);
    serials.push_back(std::move(key));
  }

  std::vector<StockInputPack> out;
  for (size_t i = 0; i < packs.size(); ++i) {
    StockInputPack p;
    p.scan_code = packs[i].scan;
    p.lot = lots[i].lot;
    p.expiry = lots[i].expiry;
    p.delivery_number = delivery_number;
    const Drug* drug = formulary_.find(lots[i].drug);
    p.width_mm = drug->pack_w_mm;
    p.height_mm = drug->pack_h_mm;
    p.depth_mm = drug->pack_d_mm;
    out.push_back(std::move(p));
  }
  for (const std::string& key : serials) {
    if (!key.empty()) im.robot_input_serials_.insert(key);
  }
  // Ids grow with time, so that a restarted service never reuses one the robot knows.
  const auto now_ms = static_cast<uint64_t>(scheduler_.now().time_since_epoch().count());
  const uint64_t id = im.last_robot_input_ = std::max(now_ms, im.last_robot_input_ + 1);
  spdlog::info("robot input {}: {} packs sent to the robot by {}", id, packs.size(), actor.label());
  device->second->stock_input(
      id, std::move(out),
      [this, id, packs = std::move(packs), lots, serials, actor, done](Result<std::vector<StockInputOutcome>> r) {
        // A device may answer before stock_input returns; the record is made on a turn of its own.
        scheduler_.post([this, id, packs, lots, serials, actor, done, r = std::move(r)]() mutable {
          impl_->record_robot_input(id, packs, lots, serials, std::move(r), actor, done);
        });
      });
}

void Pharmacy::Impl::record_robot_input(uint64_t id, const std::vector<Pharmacy::RobotInputPack>& packs,
                                        const std::vector<Lot>& lots, const std::vector<std::string>& serials,
                                        Result<std::vector<StockInputOutcome>> outcome, const Actor& actor,
                                        const Pharmacy::RobotInputDone& done) {
  for (const std::string& key : serials) robot_input_serials_.erase(key);
  if (!outcome.ok()) {
    spdlog::info("robot input {}: {}", id, outcome.status().message());
    Status s = outcome.status().code() == ErrorCode::kUnavailable
                   ? outcome.status()
                   : Status::unavailable("the robot did not take the packs: " + outcome.status().message());
    return done(s);
  }
  Pharmacy::RobotInputReport report;
  std::vector<bool> answered(packs.size(), false);
  const RobotShelf shelf = robot_shelf(config_.machines.robot);
  for (const StockInputOutcome& o : *outcome) {
    if (o.index >= packs.size() || answered[o.index]) continue;
    answered[o.index] = true;
    if (!o.stored) {
      report.refused.push_back({o.index, o.detail});
      continue;
    }
    const Lot& lot = lots[o.index];
    LocationCode place = o.location;
    if (!robot_location_parts(place)) {
      // The robot did not say where: record it where the shelf model would put it.
      const Drug* drug = formulary_.find(lot.drug);
      std::vector<RobotPlaceUse> uses;
      for (const StockProjection& p : ledger_.rows()) {
        if (p.row.quantity <= 0 || !robot_location_parts(p.row.location)) continue;
        const Drug* d = formulary_.find(p.row.lot.drug);
        uses.push_back(RobotPlaceUse{p.row.location, p.row.lot.drug.value() + "/" + p.row.lot.lot.value(),
                                     PackSize{d ? d->pack_w_mm : 0, d ? d->pack_h_mm : 0, d ? d->pack_d_mm : 0},
                                     p.row.quantity});
      }
      auto chosen = choose_robot_place(PackSize{drug->pack_w_mm, drug->pack_h_mm, drug->pack_d_mm},
                                       lot.drug.value() + "/" + lot.lot.value(), uses, shelf);
      if (!chosen.ok()) {
        report.refused.push_back(
            {o.index, "stored by the robot at no place it named, and none is free: " + chosen.status().message()});
        continue;
      }
      place = *chosen;
    }
    const std::string serial = serials[o.index].empty() ? "" : serials[o.index].substr(lot.drug.value().size() + 1);
    Move m{MovementKind::kReceived, lot, place, 1, std::nullopt, serial, fmt::format("robot input {}", id)};
    Status s = move(m, actor);
    if (!s.ok()) {
      spdlog::error("robot input {}: pack {} stored by the robot at {} but not recorded: {}", id, o.index,
                    place.value(), s.message());
      report.refused.push_back({o.index, "stored by the robot but not recorded: " + s.message()});
      continue;
    }
    report.stored.push_back(pending_movements_.back());
  }
  for (size_t i = 0; i < packs.size(); ++i) {
    if (!answered[i]) report.refused.push_back({i, "the robot did not report this pack"});
  }
  std::sort(
      report.refused.begin(), report.refused.end(),
      [](const Pharmacy::RobotInputRefusal& a, const Pharmacy::RobotInputRefusal& b) { return a.index < b.index; });
  emit("robot.input", actor, std::nullopt,
       nlohmann::json{{"input", id}, {"stored", report.stored.size()}, {"refused", report.refused.size()}});
  after_commit([done, report] { done(report); }, [done](const Status& s) { done(s); });
  post_dispatch();
}

void Pharmacy::announce_robot_delivery(DeliveryNotice notice, const Actor& actor, std::function<void(Status)> done) {
  auto& im = *impl_;
  auto fail = [&](Status s) { scheduler_.post([done, s = std::move(s)] { done(s); }); };
  if (notice.delivery_number.empty() || notice.delivery_number.size() > kMaxDeliveryNumber) {
    return fail(Status::invalid(
        fmt::format("expected 1 to {} characters, found {}", kMaxDeliveryNumber, notice.delivery_number.size()),
        "delivery_number"));
  }
  if (notice.lines.empty() || notice.lines.size() > kMaxRobotInputPacks) {
    return fail(Status::invalid(
        fmt::format("expected 1 to {} lines, found {}", kMaxRobotInputPacks, notice.lines.size()), "lines"));
  }
  const Date today = config_.zone.local_date(scheduler_.now());
  for (size_t i = 0; i < notice.lines.size(); ++i) {
    const DeliveryLine& line = notice.lines[i];
    const std::string field = fmt::format("lines[{}]", i);
    const Drug* drug = formulary_.find(line.drug);
    if (drug == nullptr) {
      return fail(refuse(kUnknownGtin, fmt::format("drug {} is not in the formulary", line.drug.value()), field));
    }
    if (!drug->machine_ok || drug->storage == Storage::kCold || !fits_robot(*drug, config_.machines.robot)) {
      return fail(refuse(kUnsuitableLocation, fmt::format("{} may not go into the robot", drug->code.value()), field));
    }
    if (line.lot.value().empty() || line.lot.value().size() > 64) {
      return fail(Status::invalid("expected a lot of 1 to 64 characters", field + ".lot"));
    }
    if (line.packs < 0 || line.packs > 100000) {
      return fail(Status::invalid(fmt::format("expected 0 to 100000 packs, found {}", line.packs), field + ".packs"));
    }
    Status life = check_shelf_life(Lot{line.drug, line.lot, line.expiry}, today, config_.short_dated_days);
    if (!life.ok()) return fail(refuse(life.reason(), life.message(), field));
  }
  auto device = im.devices_.find(DeviceKind::kRobot);
  if (device == im.devices_.end()) return fail(Status::unavailable("no pick robot is attached"));
  device->second->announce_delivery(notice, [this, notice, actor, done](Status s) {
    if (!s.ok()) return done(s);
    auto& im = *impl_;
    nlohmann::json lines = nlohmann::json::array();
    for (const DeliveryLine& l : notice.lines) {
      lines.push_back(
          {{"drug", l.drug.value()}, {"lot", l.lot.value()}, {"expiry", format_date(l.expiry)}, {"packs", l.packs}});
    }
    im.robot_deliveries_[notice.delivery_number] = notice;
    nlohmann::json doc{{"delivery_number", notice.delivery_number}, {"lines", std::move(lines)}};
    im.set_meta(fmt::format("{}{}", kRobotDeliveryPrefix, notice.delivery_number), doc.dump());
    im.emit("robot.delivery_announced", actor, std::nullopt, std::move(doc));
    im.after_commit([done] { done(Status()); }, [done](const Status& e) { done(e); });
  });
}

bool Pharmacy::Impl::is_robot_delivery_row(const MetaRow& row) { return row.key.starts_with(kRobotDeliveryPrefix); }

Status Pharmacy::Impl::load_robot_delivery(const MetaRow& row) {
  auto bad = [&row](const std::string& why) { return Status::internal(fmt::format("stored {}: {}", row.key, why)); };
  nlohmann::json doc = nlohmann::json::parse(row.value, nullptr, false);
  if (!doc.is_object() || !doc.contains("delivery_number") || !doc["delivery_number"].is_string() ||
      !doc.contains("lines") || !doc["lines"].is_array()) {
    return bad("expected {\"delivery_number\",\"lines\"}");
  }
  DeliveryNotice notice;
  notice.delivery_number = doc["delivery_number"].get<std::string>();
  auto text = [](const nlohmann::json& l, const char* key) {
    return l.contains(key) && l[key].is_string() ? std::optional(l[key].get<std::string>()) : std::nullopt;
  };
  for (const nlohmann::json& l : doc["lines"]) {
    std::optional<std::string> drug = l.is_object() ? text(l, "drug") : std::nullopt;
    std::optional<std::string> lot = l.is_object() ? text(l, "lot") : std::nullopt;
    std::optional<std::string> expiry = l.is_object() ? text(l, "expiry") : std::nullopt;
    if (!drug || !lot || !expiry || !l.contains("packs") || !l["packs"].is_number_integer()) {
      return bad("expected lines of {\"drug\",\"lot\",\"expiry\",\"packs\"}");
    }
    Result<Date> day = parse_date(*expiry);
    if (!day.ok()) return bad("lines[].expiry: " + day.status().message());
    notice.lines.push_back(DeliveryLine{DrugCode(*drug), LotNo(*lot), *day, l["packs"].get<int>()});
  }
  robot_deliveries_[notice.delivery_number] = std::move(notice);
  return Status();
}

}  // namespace rx
