// WwksRobot: a Device that drives a WWKS 2.0 storage and retrieval system (a
// pick robot) over TCP. Each job becomes one OutputRequest whose Id is the job
// id, so that the task keeps its name across reconnects and restarts.
//
// The link: it connects, says Hello (and learns the robot's subscriber id and
// capabilities), then sends KeepAliveRequests; a request unanswered for
// reply_timeout counts as a dead link. A dead or refused link is retried after
// a pause that doubles from reconnect_initial up to reconnect_max, and resets
// once a Hello is answered.
//
// After every Hello it reconciles: each job it sent before asks TaskInfo
// (with the task's packs). A task the robot does not know is sent again; one
// that ended while the link was down reports the packs it had not reported,
// then its end. Packs are reported once each, by their pack Id, so a pack seen
// in both an OutputMessage and a TaskInfoResponse counts once.
//
// Jobs submitted while the link is down wait and go out after the next Hello.
// A link down for offline_after makes the robot unavailable, so that the
// service moves its jobs elsewhere; it is available again after a Hello.
// A WWKS robot chooses its own packs: each job line asks for its drug
// (ArticleId), lot (BatchNumber) and pack count, and a pack that comes out is
// reported at the line's location. Listener calls are made on the io_context's
// thread, never inside submit or cancel.
//
// Stock goes in by the manual's stock input initiation: stock_input sends an
// InitiateInputRequest (Id "input-<input_id>", one Pack per pack, IsNewDelivery
// when a pack names a delivery) and answers when the InitiateInputMessage says
// where each pack went: its StockLocationId is taken as the place. An input
// whose answer a lost link swallowed is sent again after the next Hello under
// the same Id, so the robot does not store it twice. announce_delivery sends a
// StockDeliverySetRequest; a link lost before its answer fails it, as the
// robot may or may not have it.
#pragma once

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "core/scheduler.h"
#include "devices/device.h"

namespace rx {

struct WwksRobotConfig {
  std::string name = "R";  // the device's status name
  std::string host = "127.0.0.1";
  unsigned short port = 6050;
  int32_t subscriber_id = 100;  // this pharmacy system's WWKS subscriber id
  int32_t robot_id = 999;       // the robot's, until its HelloResponse names it
  int32_t output_destination = 1;
  int32_t input_source = 1;  // the robot's transfer point for stock input (Details/@InputSource)
  Duration keep_alive_interval = std::chrono::seconds(10);
  Duration reply_timeout = std::chrono::seconds(15);
  Duration reconnect_initial = std::chrono::milliseconds(200);
  Duration reconnect_max = std::chrono::seconds(30);
  // A robot without a link this long counts as offline (Device::available).
  Duration offline_after = std::chrono::seconds(15);
};

class WwksRobot : public Device {
 public:
  // `clock` stamps the messages; the link runs on `io`. Call every member on
  // io's thread. Nothing happens until start().
  WwksRobot(boost::asio::io_context& io, const Scheduler& clock, WwksRobotConfig config);
  // Closes the link; the listener is not called again.
  ~WwksRobot() override;
  WwksRobot(const WwksRobot&) = delete;
  WwksRobot& operator=(const WwksRobot&) = delete;

  // Connects, and from then on keeps the link up.
  void start();
  // Closes the link and stops reconnecting; jobs not ended stay known to the robot.
  void stop();
  // Whether the robot has answered the Hello of the link that is up now.
  bool online() const;
  // False once the link has been down for offline_after, until a Hello is
  // answered; the listener hears of both changes (on_availability).
  bool available() const override;
  // Links made so far (a reconnect counts one more).
  int links() const;

  DeviceKind kind() const override { return DeviceKind::kRobot; }
  void set_listener(DeviceListener* listener) override;
  // Rejected (posted) unless the job has lines each with at least one pack.
  // A job id already known is a resend and is ignored.
  void submit(PickJob job) override;
  // Only a job not yet sent takes the new priority: WWKS cannot change a queued output.
  void reprioritise(uint64_t job_id, int priority) override;
  // A job not yet sent ends kAborted at once; one sent is cancelled with
  // TaskCancelRequest and ends when the robot's OutputMessage says so.
  void cancel(uint64_t job_id) override;
  // state is "ok", or "fault: " and why the robot cannot be reached.
  DeviceStatus status() const override;
  // Unavailable (posted) while there is no link or the robot does not list
  // InitiateInput; invalid (posted) without packs or for an input id in use.
  void stock_input(uint64_t input_id, std::vector<StockInputPack> packs, StockInputDone done) override;
  // Unavailable (posted) without a link or StockDelivery; conflict with the
  // robot's text if it rejects the delivery.
  void announce_delivery(DeliveryNotice notice, std::function<void(Status)> done) override;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace rx
