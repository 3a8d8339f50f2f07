#include "cli/runtime.h"

#include <cmath>
#include <map>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cli/shipped_knowledge.h"

namespace rx::cli {

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
  rt->robot_ = TRY(PickRobot::create(rt->scheduler_, rp));
  rt->shelf_ = TRY(SmartShelf::create(rt->scheduler_, sp));
  const std::vector<std::string> serials = rt->pharmacy_->pack_serials();
  for (SimDevice* device : {static_cast<SimDevice*>(rt->channel_.get()), static_cast<SimDevice*>(rt->robot_.get()),
                            static_cast<SimDevice*>(rt->shelf_.get())}) {
    device->continue_serials(serials);
  }
  rt->pharmacy_->attach(*rt->channel_);
  rt->pharmacy_->attach(*rt->robot_);
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
