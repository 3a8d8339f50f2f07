#include "cli/demo_actors.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "interop/hl7v2/ack_writer.h"
#include "interop/hl7v2/inbound.h"
#include "interop/hl7v2/outbound.h"
#include "interop/hl7v2/parser.h"
#include "interop/hl7v2/segments.h"
#include "interop/json/prescription_json.h"

namespace rx::cli {

namespace http = boost::beast::http;

namespace {
Duration seconds_to_duration(double s) { return Duration{static_cast<long long>(std::llround(s * 1000.0))}; }
}  // namespace

HisReceiver::HisReceiver(boost::asio::io_context& io, Zone zone)
    : clock_(io),
      zone_(std::move(zone)),
      server_(io, MllpConfig{.bind = "127.0.0.1", .port = 0},
              MllpHandlers{.message = [this](std::string payload, MllpReply reply) { reply(answer(payload)); },
                           .broken_frame =
                               [this](const Status& why, MllpReply reply) {
                                 hl7::InboundError error{hl7::AckCode::kReject, "MALFORMED", why.message(), "MSH"};
                                 reply(hl7::write_ack(std::nullopt, hl7::AckCode::kReject, &error,
                                                      fmt::format("HISACK{}", ++acks_), clock_.now(), zone_));
                               }}) {}

Status HisReceiver::start() { return server_.start(); }

std::string HisReceiver::answer(std::string_view message) {
  std::string control_id = fmt::format("HISACK{}", ++acks_);
  auto parsed = hl7::parse_hl7_header(message);
  if (!parsed.ok()) {
    spdlog::warn("synthetic HIS: a message from rxpress cannot be read: {}", parsed.status().to_string());
    hl7::InboundError error{hl7::AckCode::kReject, "MALFORMED", parsed.status().message(), "MSH"};
    return hl7::write_ack(std::nullopt, hl7::AckCode::kReject, &error, control_id, clock_.now(), zone_);
  }
  // parse_hl7_header checked that it is an MSH.
  hl7::MessageHeader header = hl7::header_of(hl7::read_msh(parsed->segment(0)).value());
  if (header.message_type == "RDS^O13") {
    ++dispenses_;
  } else {
    ++rejections_;
  }
  return hl7::write_ack(header, hl7::AckCode::kAccept, nullptr, control_id, clock_.now(), zone_);
}

SyntheticHis::SyntheticHis(Scheduler& scheduler, boost::asio::io_context& io, unsigned short http_port,
                           unsigned short mllp_port, std::string token, const Pharmacy& pharmacy, DemoTiming timing,
                           uint64_t seed)
    : sched_(scheduler),
      http_(io, "127.0.0.1", http_port, std::move(token)),
      mllp_(io, MllpClientConfig{.host = "127.0.0.1", .port = mllp_port}),
      pharmacy_(pharmacy),
      timing_(timing),
      rng_(seed),
      generator_(pharmacy.formulary(), seed ^ 0x9e3779b97f4a7c15ULL) {}

Duration SyntheticHis::scaled(double seconds) const { return seconds_to_duration(seconds / timing_.speed); }

void SyntheticHis::start() {
  // Continue the day's numbering of a resumed data directory.
  Date today = pharmacy_.config().zone.local_date(sched_.now());
  while (pharmacy_.find_by_no(PrescriptionGenerator::prescription_no(today, serial_ + 1))) ++serial_;
  schedule_next();
}

void SyntheticHis::schedule_next() {
  std::exponential_distribution<double> gap(timing_.arrivals_per_hour / 3600.0);
  sched_.schedule_after(scaled(gap(rng_)), [this] {
    send_one();
    schedule_next();
  });
}

void SyntheticHis::send_one() {
  Instant now = sched_.now();
  const Zone& zone = pharmacy_.config().zone;
  auto rx = prescription_from_json(generator_.next(zone.local_date(now), ++serial_, now, zone), zone, now);
  if (!rx.ok()) {
    ++failures_;
    spdlog::warn("synthetic HIS: a generated prescription does not read back: {}", rx.status().to_string());
    return;
  }
  ++sent_;
  std::lognormal_distribution<double> pay_gap(std::log(timing_.pay_median_s), 0.5);
  std::lognormal_distribution<double> walk(std::log(timing_.walk_median_s), timing_.walk_sigma);
  Duration pay_after = scaled(pay_gap(rng_));
  Duration walk_after = scaled(walk(rng_));
  // Control ids derive from the prescription number, which a resumed demo never reuses.
  std::string no = rx->prescription_no;
  std::string control_id = "RDE-" + no;
  send_hl7(hl7::write_rde_o11(*rx, control_id, now, zone), control_id,
           [this, no, pay_after, walk_after](bool accepted) {
             if (!accepted) return;
             sched_.schedule_after(pay_after, [this, no, walk_after] { pay(no, walk_after); });
           });
}

void SyntheticHis::pay(const std::string& prescription_no, Duration walk_after) {
  // The HIS has been told of a rejection (ORC-1=OC) and does not bill it.
  const PrescriptionRecord* record = pharmacy_.find_by_no(prescription_no);
  if (record != nullptr && (record->status == RxStatus::kRejected || record->status == RxStatus::kCancelled)) return;
  std::string control_id = "DFT-" + prescription_no;
  send_hl7(hl7::write_dft_p03(prescription_no, sched_.now(), control_id, pharmacy_.config().zone), control_id,
           [this, prescription_no, walk_after](bool accepted) {
             if (!accepted) return;
             sched_.schedule_after(walk_after, [this, prescription_no] { check_in(prescription_no); });
           });
}

void SyntheticHis::check_in(const std::string& prescription_no) {
  const PrescriptionRecord* record = pharmacy_.find_by_no(prescription_no);
  if (record == nullptr) return;
  http_.request(http::verb::post, fmt::format("/api/v1/prescriptions/{}/checkin", record->id.value()), "{}",
                [](const HttpReply&) {});
}

void SyntheticHis::send_hl7(std::string message, std::string control_id, std::function<void(bool)> accepted) {
  outgoing_.push_back(Outgoing{std::move(message), std::move(control_id), std::move(accepted)});
  pump();
}

void SyntheticHis::pump() {
  if (sending_ || outgoing_.empty()) return;
  sending_ = true;
  std::string message = outgoing_.front().message;
  mllp_.send(std::move(message), [this](Result<std::string> reply) {
    Outgoing sent = std::move(outgoing_.front());
    outgoing_.pop_front();
    sending_ = false;
    bool accepted = false;
    if (!reply.ok()) {
      spdlog::warn("synthetic HIS: {} got no ACK: {}", sent.control_id, reply.status().to_string());
    } else if (auto ok = hl7::peer_accepted(*reply, sent.control_id); !ok.ok() || !*ok) {
      std::string start = reply->substr(0, 300);
      std::replace(start.begin(), start.end(), '\r', ' ');
      spdlog::warn("synthetic HIS: {} was not accepted: {}", sent.control_id, start);
    } else {
      accepted = true;
    }
    if (!accepted) ++failures_;
    sent.accepted(accepted);
    pump();
  });
}

SimulatedPharmacist::SimulatedPharmacist(Scheduler& scheduler, boost::asio::io_context& io, unsigned short port,
                                         std::string token, Pharmacy& pharmacy, DemoTiming timing, uint64_t seed)
    : sched_(scheduler),
      client_(io, "127.0.0.1", port, std::move(token)),
      pharmacy_(pharmacy),
      timing_(timing),
      rng_(seed) {}

SimulatedPharmacist::~SimulatedPharmacist() {
  if (subscription_ != 0) pharmacy_.unsubscribe(subscription_);
}

Duration SimulatedPharmacist::scaled(double seconds) const { return seconds_to_duration(seconds / timing_.speed); }

void SimulatedPharmacist::start() {
  subscription_ = pharmacy_.subscribe([this](const Notice& n) {
    if (n.type == "prescription") on_card(n.data);
  });
  // Work left from before a restart.
  for (auto status : {RxStatus::kBlocked, RxStatus::kReady}) {
    for (const auto* r : pharmacy_.list(ListQuery{.status = status, .limit = 10000}).records) {
      on_card(pharmacy_.card_json(*r));
    }
  }
}

void SimulatedPharmacist::on_card(const nlohmann::json& card) {
  long long id = card["id"].get<long long>();
  std::string status = card["status"].get<std::string>();
  if (busy_.count(id)) {
    if (status == "handed_over" || status == "rejected" || status == "cancelled" || status == "accepted") {
      busy_.erase(id);
    }
    return;
  }
  if (status == "blocked") {
    busy_.insert(id);
    bool override_it = std::uniform_real_distribution<double>(0, 1)(rng_) < 0.6;
    sched_.schedule_after(scaled(timing_.review_s), [this, id, override_it] {
      std::string path = fmt::format("/api/v1/prescriptions/{}/{}", id, override_it ? "override" : "reject");
      nlohmann::json body = {{"reason", override_it ? "已与开方医师电话确认，患者知情" : "超出规定，退回医师修改"}};
      client_.request(http::verb::post, path, body.dump(), [this, id](const HttpReply& reply) {
        if (reply.status != 200) busy_.erase(id);
      });
    });
  } else if (status == "ready" && card.value("at_window", false)) {
    busy_.insert(id);
    double mu = std::log(timing_.service_mean_s) - timing_.service_sigma * timing_.service_sigma / 2;
    std::lognormal_distribution<double> service(mu, timing_.service_sigma);
    bool high_alert = card.value("high_alert", false);
    sched_.schedule_after(scaled(service(rng_)), [this, id, high_alert] {
      nlohmann::json body = {{"confirm_high_alert", high_alert}};
      client_.request(http::verb::post, fmt::format("/api/v1/prescriptions/{}/handover", id), body.dump(),
                      [this, id](const HttpReply& reply) {
                        if (reply.status == 200) {
                          ++handed_over_;
                        } else {
                          busy_.erase(id);
                          spdlog::warn("simulated pharmacist: hand-over of {} answered {}", id, reply.status);
                        }
                      });
    });
  }
}

SimulatedTechnician::SimulatedTechnician(Scheduler& scheduler, Pharmacy& pharmacy, std::vector<StockRow> full_stock,
                                         DemoTiming timing, Refilled refilled)
    : sched_(scheduler), pharmacy_(pharmacy), full_(std::move(full_stock)), timing_(timing),
      refilled_(std::move(refilled)) {}

void SimulatedTechnician::start() { round(); }

void SimulatedTechnician::round() {
  Date today = pharmacy_.config().zone.local_date(sched_.now());
  std::map<std::tuple<std::string, std::string, std::string>, int> on_hand;
  for (const auto& row : pharmacy_.stock(std::nullopt)) {
    on_hand[{row.lot.drug.value(), row.lot.lot.value(), row.location.value()}] = row.quantity;
  }
  std::vector<StockRow> refill;
  for (const auto& full : full_) {
    // A lot close to its expiry is left to run out (first expiry, first out).
    if (days_between(today, full.lot.expiry) < 180) continue;
    int now = on_hand[{full.lot.drug.value(), full.lot.lot.value(), full.location.value()}];
    if (now * 3 < full.quantity) {
      StockRow add = full;
      add.quantity = full.quantity - now;
      refill.push_back(add);
    }
  }
  if (!refill.empty()) {
    size_t n = refill.size();
    pharmacy_.restock(refill, Actor{"technician", "demo-technician"}, [this, n, refill](Status s) {
      if (s.ok()) {
        refills_ += n;
        if (refilled_) refilled_(refill);
      } else {
        spdlog::warn("simulated technician: refill refused: {}", s.to_string());
      }
    });
  }
  sched_.schedule_after(Duration{static_cast<long long>(std::llround(30000.0 / timing_.speed))}, [this] { round(); });
}

}  // namespace rx::cli
