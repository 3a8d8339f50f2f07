// The demo's simulated people: a synthetic HIS that sends prescriptions,
// payments and check-ins over HTTP, and a pharmacist who reviews blocked
// prescriptions and hands over at the windows.
#pragma once

#include <memory>
#include <random>
#include <set>

#include <boost/asio/io_context.hpp>

#include "cli/http_client.h"
#include "cli/prescription_generator.h"
#include "service/pharmacy.h"

namespace rx::cli {

struct DemoTiming {
  double speed = 1.0;                 // every duration below is divided by this
  double arrivals_per_hour = 900;     // machine-model.md peak-hour rate
  double pay_median_s = 90;           // from the doctor's signature to payment
  double walk_median_s = 240;         // payment to check-in: median 4 min, p90 10 min
  double walk_sigma = 0.715;
  double service_mean_s = 25;         // window service, lognormal sigma 0.4
  double service_sigma = 0.4;
  double review_s = 30;               // a pharmacist looks at a blocked prescription
};

class SyntheticHis {
 public:
  SyntheticHis(Scheduler& scheduler, boost::asio::io_context& io, unsigned short port, std::string token,
               const Pharmacy& pharmacy, DemoTiming timing, uint64_t seed);
  void start();
  uint64_t sent() const { return sent_; }
  uint64_t failures() const { return failures_; }

 private:
  void schedule_next();
  void send_one();
  Duration scaled(double seconds) const;

  Scheduler& sched_;
  HttpClient client_;
  const Pharmacy& pharmacy_;
  DemoTiming timing_;
  std::mt19937_64 rng_;
  PrescriptionGenerator generator_;
  long long serial_ = 0;
  uint64_t sent_ = 0;
  uint64_t failures_ = 0;
};

class SimulatedPharmacist {
 public:
  SimulatedPharmacist(Scheduler& scheduler, boost::asio::io_context& io, unsigned short port, std::string token,
                      Pharmacy& pharmacy, DemoTiming timing, uint64_t seed);
  ~SimulatedPharmacist();
  void start();
  uint64_t handed_over() const { return handed_over_; }

 private:
  void on_card(const nlohmann::json& card);
  Duration scaled(double seconds) const;

  Scheduler& sched_;
  HttpClient client_;
  Pharmacy& pharmacy_;
  DemoTiming timing_;
  std::mt19937_64 rng_;
  int subscription_ = 0;
  std::set<long long> busy_;  // prescriptions already being handled
  uint64_t handed_over_ = 0;
};

// Refills locations from back stock when they run low, as the technicians
// who do nothing but refill the machines all day (machine-model.md).
class SimulatedTechnician {
 public:
  SimulatedTechnician(Scheduler& scheduler, Pharmacy& pharmacy, std::vector<StockRow> full_stock, DemoTiming timing);
  void start();
  uint64_t refills() const { return refills_; }

 private:
  void round();

  Scheduler& sched_;
  Pharmacy& pharmacy_;
  std::vector<StockRow> full_;  // what each location holds when full
  DemoTiming timing_;
  uint64_t refills_ = 0;
};

}  // namespace rx::cli
