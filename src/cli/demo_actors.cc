#include "cli/demo_actors.h"

#include <cmath>
#include <map>
#include <tuple>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace rx::cli {

namespace http = boost::beast::http;

namespace {
Duration seconds_to_duration(double s) { return Duration{static_cast<long long>(std::llround(s * 1000.0))}; }
}  // namespace

SyntheticHis::SyntheticHis(Scheduler& scheduler, boost::asio::io_context& io, unsigned short port, std::string token,
                           const Pharmacy& pharmacy, DemoTiming timing, uint64_t seed)
    : sched_(scheduler),
      client_(io, "127.0.0.1", port, std::move(token)),
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
  nlohmann::json rx = generator_.next(zone.local_date(now), ++serial_, now, zone);
  ++sent_;
  std::lognormal_distribution<double> pay(std::log(timing_.pay_median_s), 0.5);
  std::lognormal_distribution<double> walk(std::log(timing_.walk_median_s), timing_.walk_sigma);
  Duration pay_after = scaled(pay(rng_));
  Duration walk_after = scaled(walk(rng_));
  client_.request(http::verb::post, "/api/v1/prescriptions", rx.dump(),
                  [this, pay_after, walk_after](const HttpReply& reply) {
                    if (reply.status != 201 && reply.status != 200) {
                      ++failures_;
                      spdlog::warn("synthetic HIS: create answered {}: {}", reply.status, reply.body.substr(0, 200));
                      return;
                    }
                    auto rec = nlohmann::json::parse(reply.body, nullptr, false);
                    if (rec.is_discarded() || !rec.contains("id")) return;
                    long long id = rec["id"].get<long long>();
                    sched_.schedule_after(pay_after, [this, id, walk_after] {
                      client_.request(http::verb::post, fmt::format("/api/v1/prescriptions/{}/payment", id), "{}",
                                      [this, id, walk_after](const HttpReply& paid) {
                                        if (paid.status != 200) return;
                                        sched_.schedule_after(walk_after, [this, id] {
                                          client_.request(http::verb::post,
                                                          fmt::format("/api/v1/prescriptions/{}/checkin", id), "{}",
                                                          [](const HttpReply&) {});
                                        });
                                      });
                    });
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
                                         DemoTiming timing)
    : sched_(scheduler), pharmacy_(pharmacy), full_(std::move(full_stock)), timing_(timing) {}

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
    pharmacy_.restock(refill, Actor{"technician", "demo-technician"}, [this, n](Status s) {
      if (s.ok()) {
        refills_ += n;
      } else {
        spdlog::warn("simulated technician: refill refused: {}", s.to_string());
      }
    });
  }
  sched_.schedule_after(Duration{static_cast<long long>(std::llround(30000.0 / timing_.speed))}, [this] { round(); });
}

}  // namespace rx::cli
