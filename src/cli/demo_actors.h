// The demo's simulated people: a synthetic HIS that sends prescriptions and
// payments as HL7 over MLLP, check-ins over HTTP, and takes the dispense
// reports on its own MLLP listener; and a pharmacist who reviews blocked
// prescriptions and hands over at the windows.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <random>
#include <set>

#include <boost/asio/io_context.hpp>

#include "cli/http_client.h"
#include "cli/prescription_generator.h"
#include "server/mllp_client.h"
#include "server/mllp_server.h"
#include "service/asio_scheduler.h"
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

// The HIS's receiving end: an MLLP listener on a free loopback port for what
// rxpress reports (RDS^O13 on hand-over, ORC-1=OC on rejection), answering
// each message AA. It starts before rxpress, which is configured to send here.
class HisReceiver {
 public:
  HisReceiver(boost::asio::io_context& io, Zone zone);
  // Binds 127.0.0.1 on a free port and starts accepting.
  Status start();
  unsigned short port() const { return server_.port(); }
  uint64_t dispenses() const { return dispenses_; }
  uint64_t rejections() const { return rejections_; }
  void stop() { server_.stop(); }

 private:
  std::string answer(std::string_view message);

  AsioScheduler clock_;
  Zone zone_;
  MllpServer server_;
  uint64_t acks_ = 0;
  uint64_t dispenses_ = 0;
  uint64_t rejections_ = 0;
};

// Sends RDE^O11 orders and DFT^P03 payments to rxpress's MLLP port, one
// message at a time in the order they were made, and checks every ACK.
class SyntheticHis {
 public:
  SyntheticHis(Scheduler& scheduler, boost::asio::io_context& io, unsigned short http_port, unsigned short mllp_port,
               std::string token, const Pharmacy& pharmacy, DemoTiming timing, uint64_t seed);
  void start();
  uint64_t sent() const { return sent_; }
  uint64_t failures() const { return failures_; }

 private:
  void schedule_next();
  void send_one();
  void pay(const std::string& prescription_no, Duration walk_after);
  void check_in(const std::string& prescription_no);
  // Queues `message`; `accepted` is called with whether rxpress answered AA to it.
  void send_hl7(std::string message, std::string control_id, std::function<void(bool accepted)> accepted);
  void pump();
  Duration scaled(double seconds) const;

  struct Outgoing {
    std::string message;
    std::string control_id;
    std::function<void(bool)> accepted;
  };

  Scheduler& sched_;
  HttpClient http_;
  MllpClient mllp_;
  const Pharmacy& pharmacy_;
  DemoTiming timing_;
  std::mt19937_64 rng_;
  PrescriptionGenerator generator_;
  std::deque<Outgoing> outgoing_;
  bool sending_ = false;
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
  // Called with the rows of each refill the pharmacy accepted, so that a
  // device keeping its own stock (the robot over WWKS) holds them too.
  using Refilled = std::function<void(const std::vector<StockRow>&)>;
  SimulatedTechnician(Scheduler& scheduler, Pharmacy& pharmacy, std::vector<StockRow> full_stock, DemoTiming timing,
                      Refilled refilled = nullptr);
  void start();
  uint64_t refills() const { return refills_; }

 private:
  void round();

  Scheduler& sched_;
  Pharmacy& pharmacy_;
  std::vector<StockRow> full_;  // what each location holds when full
  DemoTiming timing_;
  Refilled refilled_;
  uint64_t refills_ = 0;
};

}  // namespace rx::cli
