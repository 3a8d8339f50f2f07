#include "cli/runtime.h"

#include <cmath>
#include <map>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cli/shipped_knowledge.h"

namespace rx::cli {
namespace {

// The packs on record at each location, as loads of a simulated device.
std::vector<StockLoad> recorded_loads(const std::vector<StockRow>& rows, const Formulary& formulary) {
  std::vector<StockLoad> loads;
  for (const StockRow& row : rows) {
    const Drug* drug = formulary.find(row.lot.drug);
    if (row.quantity <= 0 || drug == nullptr) continue;
    loads.push_back(StockLoad{row.location, row.lot, drug->gtin, row.quantity, drug->pack_d_mm});
  }
  return loads;
}

}  // namespace

std::filesystem::path Runtime::database_path() const { return config_.data_dir / "rxpress.db"; }

Result<std::unique_ptr<Runtime>> Runtime::start(boost::asio::io_context& io, AppConfig config, bool fresh) {
  // The baskets' trip to a window is a device duration like any other.
  config.pharmacy.release_delay = Duration{static_cast<long long>(std::llround(4000.0 / config.device_speed))};
  std::unique_ptr<Runtime> rt(new Runtime(io, std::move(config)));
  Date today = rt->config_.pharmacy.zone.local_date(rt->scheduler_.now());
  rt->data_ = TRY(load_shipped_data(today));
  rt->config_.pharmacy.knowledge = TRY(load_shipped_knowledge(rt->data_.formulary));
  if (rt->config_.server.web_root.empty()) rt->config_.server.web_root = rt->data_.web_root;

  std::error_code ec;
  std::filesystem::create_directories(rt->config_.data_dir, ec);
  if (ec) {
    return Status::invalid(fmt::format("cannot create data directory {}: {}", rt->config_.data_dir.string(), ec.message()),
                           "data");
  }
  auto db = rt->database_path();
  if (fresh) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + suffix, ec);
  }
  rt->store_ = TRY(SqliteStore::open(db.string()));

  FaultRates faults = rt->config_.device_faults ? FaultRates{} : FaultRates::none();
  faults.seed = rt->config_.fault_seed;
  ChannelMachineParams cp;
  cp.speed = rt->config_.device_speed;
  cp.faults = faults;
  PickRobotParams rp;
  rp.speed = rt->config_.device_speed;
  rp.faults = faults;
  SmartShelfParams sp;
  sp.speed = rt->config_.device_speed;
  sp.faults = faults;
  // The planner's estimates use the figures of the machines it drives.
  rt->config_.pharmacy.machines = IdleMachines{cp, rp, sp};
  // Stock-in counts a channel's boxes as the channel machine does, and knows its channels.
  StockLocations& locations = rt->config_.pharmacy.locations;
  locations.channel_depth_mm = cp.channel_depth_mm;
  locations.min_channel_boxes = cp.min_channel_boxes;
  locations.max_channel_boxes = cp.max_channel_boxes;
  locations.channel_shelves = cp.shelves;
  locations.channels_per_shelf = cp.channels_per_shelf;
  // A robot, shelf or fridge location the shipped stock fills beyond its kind's default holds at least that much.
  std::map<std::string, int> shipped_packs;
  for (const StockRow& row : rt->data_.stock) shipped_packs[row.location.value()] += row.quantity;
  for (const auto& [code, packs] : shipped_packs) {
    char kind = location_device(LocationCode(code));
    int usual = kind == 'R' ? locations.robot_packs : kind == 'S' ? locations.shelf_packs : locations.fridge_packs;
    if ((kind == 'R' || kind == 'S' || kind == 'F') && packs > usual) locations.capacity[code] = packs;
  }
  rt->pharmacy_ = std::make_unique<Pharmacy>(rt->scheduler_, *rt->store_, rt->data_.formulary, rt->config_.pharmacy);
  TRY(rt->pharmacy_->open(rt->data_.stock));

  rt->channel_ = TRY(ChannelMachine::create(rt->scheduler_, cp));
  rt->shelf_ = TRY(SmartShelf::create(rt->scheduler_, sp));
  const std::vector<std::string> serials = rt->pharmacy_->pack_serials();
  // The simulated machines hold what rxpress has on record and follow each change made by hand.
  const std::vector<StockLoad> recorded = recorded_loads(rt->pharmacy_->stock(std::nullopt), rt->data_.formulary);
  for (SimDevice* device : {static_cast<SimDevice*>(rt->channel_.get()), static_cast<SimDevice*>(rt->shelf_.get())}) {
    device->continue_serials(serials);
    Status mirrored = device->mirror_recorded_stock(recorded);
    if (!mirrored.ok()) {
      spdlog::warn("{}: not all stock on record loaded: {}", device->status().name, mirrored.to_string());
    }
  }
  rt->pharmacy_->attach(*rt->channel_);
  if (rt->config_.robot_link == AppConfig::RobotLink::kDirect) {
    rt->robot_ = TRY(PickRobot::create(rt->scheduler_, rp));
    rt->robot_->continue_serials(serials);
    Status mirrored = rt->robot_->mirror_recorded_stock(recorded);
    if (!mirrored.ok()) spdlog::warn("R: not all stock on record loaded: {}", mirrored.to_string());
    rt->pharmacy_->attach(*rt->robot_);
  } else {
    TRY(rt->attach_wwks_robot(io, rp, serials));
  }
  rt->pharmacy_->attach(*rt->shelf_);
  if (rt->config_.his) {
    rt->his_ = std::make_unique<MllpClient>(io, *rt->config_.his);
    rt->pharmacy_->link_his(*rt->his_);
    spdlog::info("messages for the HIS go to {} ({} waiting)", rt->his_->endpoint(), rt->pharmacy_->his_outbox().pending);
  } else {
    spdlog::warn("no [his] endpoint is configured: hand-over and rejection messages for the HIS wait in the outbox "
                 "({} waiting)",
                 rt->pharmacy_->his_outbox().pending);
  }

  if (rt->config_.thermometer_file) rt->attach_thermometer(*rt->config_.thermometer_file);
  rt->http_ = std::make_unique<HttpServer>(io, *rt->pharmacy_, rt->config_.server);
  TRY(rt->http_->start());
  rt->hl7_intake_ = std::make_unique<Hl7Intake>(*rt->pharmacy_);
  Hl7Intake* intake = rt->hl7_intake_.get();
  MllpHandlers handlers{
      [intake](std::string payload, MllpReply reply) { intake->handle(payload, std::move(reply)); },
      [intake](const Status& why, MllpReply reply) { intake->refuse_frame(why, std::move(reply)); }};
  rt->mllp_ = std::make_unique<MllpServer>(io, rt->config_.mllp, std::move(handlers));
  TRY(rt->mllp_->start());
  return rt;
}

Status Runtime::attach_wwks_robot(boost::asio::io_context& io, const PickRobotParams& params,
                                  const std::vector<std::string>& serials) {
  WwksRobotConfig link;
  if (config_.robot_address) {
    link.host = config_.robot_address->host;
    link.port = config_.robot_address->port;
    spdlog::info("wwks R: the robot is the WWKS 2.0 storage system at {}:{}", link.host, link.port);
  } else {
    // The simulated robot holds what rxpress has on record at its locations,
    // so that a pick rxpress plans finds its packs there.
    RobotStock stock = TRY(RobotStock::from_rows(pharmacy_->stock(std::nullopt), data_.formulary));
    SimulatedWwksRobotConfig sim;
    sim.robot = params;
    sim.server = WwksServerConfig{"127.0.0.1", 0};
    sim.link_loss.per_hour = config_.device_faults ? config_.link_loss_per_hour : 0.0;
    // Its own stream, so that link losses leave the devices' other faults as they were.
    sim.link_loss.seed = config_.fault_seed ^ 0x4c494e4b4c4f5353ULL;
    robot_sim_ = TRY(SimulatedWwksRobot::start(io, scheduler_, std::move(stock), sim, serials));
    link.port = robot_sim_->port();
    spdlog::info("wwks R: simulated robot listening on 127.0.0.1:{} ({} packs of {} lots, {} link losses per hour)",
                 link.port, robot_sim_->system().stock().total_packs(), robot_sim_->system().stock().rows().size(),
                 sim.link_loss.per_hour);
  }
  wwks_robot_ = std::make_unique<WwksRobot>(io, scheduler_, link);
  pharmacy_->attach(*wwks_robot_);
  wwks_robot_->start();
  return Status::ok_status();
}

void Runtime::robot_restocked(const std::vector<StockRow>& rows) {
  if (robot_sim_) robot_sim_->load(rows);
}

void Runtime::attach_thermometer(const std::filesystem::path& file) {
  Pharmacy* pharmacy = pharmacy_.get();
  auto hand_over = [pharmacy](const ThermometerReading& r) {
    static const Actor kFeed{"system", "file-thermometer"};
    pharmacy->record_temperature(TemperatureReading{r.sensor, "", r.at, r.celsius}, kFeed,
                                 [sensor = r.sensor](const Result<nlohmann::json>& done) {
                                   if (!done.ok()) {
                                     spdlog::warn("thermometer {}: reading refused: {}", sensor,
                                                  done.status().to_string());
                                   }
                                 });
  };
  thermometer_ = std::make_unique<FileThermometer>(scheduler_, file, config_.thermometer_poll, std::move(hand_over));
  thermometer_->start();
  spdlog::info("temperatures are read from {} every {} s", file.string(), config_.thermometer_poll.count() / 1000);
}

Runtime::~Runtime() = default;

void Runtime::stop() {
  if (http_) http_->stop();
  if (mllp_) mllp_->stop();
  if (wwks_robot_) wwks_robot_->stop();
  if (robot_sim_) robot_sim_->stop();
}

}  // namespace rx::cli

#include <boost/asio/signal_set.hpp>
#include <fstream>

namespace rx::cli {

void run_until_signal(boost::asio::io_context& io, Runtime& runtime) {
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    spdlog::info("signal {} received; stopping", sig);
    runtime.stop();
    io.stop();
  });
  io.run();
}

std::string random_token(size_t bytes) {
  std::ifstream urandom("/dev/urandom", std::ios::binary);
  std::string raw(bytes, '\0');
  urandom.read(raw.data(), static_cast<std::streamsize>(bytes));
  std::string hex;
  for (unsigned char c : raw) hex += fmt::format("{:02x}", c);
  return hex;
}

}  // namespace rx::cli
