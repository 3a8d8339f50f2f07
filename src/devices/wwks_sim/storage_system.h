// WwksStorageSystem: the pick robot simulator as a WWKS 2.0 storage and
// retrieval system, apart from any socket. It answers the requests of a
// pharmacy system, turns each OutputRequest into a PickJob on the robot, and
// when the job ends sends the OutputMessage with the packs and their scan
// codes. It is the robot's listener; it and the robot run on one Scheduler.
//
// Tasks are known by the requesting subscriber and the OutputRequest Id: a
// request whose Id is already known is a resend and is answered with the
// task's state, without a second output. TaskInfoRequest gives a task's state
// and, when asked, the packs it has put out, so that a client that lost its
// link learns what it missed.
//
// Stock comes in as the manual's "stock input initiation": an
// InitiateInputRequest is answered Accepted (or Rejected) at once, the
// gripper takes the packs from the input point one by one (input_pack_s
// each), and the InitiateInputMessage then says, pack by pack, where each was
// stored (its Id, and its place R-L-xxxx as StockLocationId, chosen by
// inventory/robot_placement.h) or why not (its Error). A pack's drug comes from its scan
// code (GS1 GTIN or NMPA product code), its lot and expiry from the request,
// else from the code, else from the announced delivery. StockDeliverySetRequest
// announces deliveries: a pack of a new delivery (IsNewDelivery) must belong
// to one, within its Quantity. A request Id already known is answered again,
// its packs not stored twice.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/scheduler.h"
#include "devices/device.h"
#include "devices/wwks_sim/robot_stock.h"
#include "interop/wwks/messages.h"

namespace rx {

struct StorageSystemConfig {
  int32_t subscriber_id = 999;  // the robot's WWKS subscriber id
  std::string manufacturer = "rxpress";
  std::string product_info = "rxpress robot-sim";
  std::string version_info = "1.0";
  RobotShelf shelf;           // where input packs go (inventory/robot_placement.h)
  double input_pack_s = 6.0;  // the gripper takes one pack from the input point to its place
};

class WwksStorageSystem : public DeviceListener {
 public:
  // Sends one message to the subscriber that made the request being answered.
  using Reply = std::function<void(wwks::Message)>;
  // Sends a message the robot starts itself (OutputMessage) to subscriber `destination`.
  using Outbox = std::function<void(int32_t destination, wwks::Message)>;

  // Takes over `robot`'s listener; `robot` and `scheduler` must outlive this.
  WwksStorageSystem(Scheduler& scheduler, Device& robot, RobotStock stock, StorageSystemConfig config = {});

  void set_outbox(Outbox outbox) { outbox_ = std::move(outbox); }
  // Answers `message` through `reply` where the manual defines an answer;
  // logs and ignores anything else (responses, messages, unknown elements).
  void handle(const wwks::Message& message, const Reply& reply);
  // The envelope a message goes out in, stamped now.
  wwks::Envelope envelope(wwks::Message message) const;

  const RobotStock& stock() const { return stock_; }
  // Packs loaded onto the shelves by hand (RobotStock::load).
  Status load(const StockRow& row) { return stock_.load(row); }
  // Output tasks known, in any state.
  size_t tasks() const { return tasks_.size(); }
  const StorageSystemConfig& config() const { return config_; }

  void on_pack_out(const PackOut& pack) override;
  void on_job_state(uint64_t job_id, JobState state, const std::string& detail) override;

 private:
  using TaskKey = std::pair<int32_t, std::string>;  // requesting subscriber, OutputRequest Id
  struct Task {
    wwks::OutputRequest request;
    uint64_t job_id = 0;
    wwks::TaskStatus status = wwks::TaskStatus::kQueued;
    std::vector<PickLine> lines;
    std::vector<int> picked;  // per line
    bool short_of_stock = false;
    std::vector<wwks::Article> out;  // the packs put out so far, by article
  };

  wwks::HelloResponse hello(const wwks::HelloRequest& request) const;
  wwks::StatusResponse status(const wwks::StatusRequest& request) const;
  wwks::OutputResponse output(const wwks::OutputRequest& request);
  wwks::TaskInfoResponse task_info(const wwks::TaskInfoRequest& request) const;
  wwks::TaskCancelResponse task_cancel(const wwks::TaskCancelRequest& request);
  wwks::Header answer_header(const wwks::Header& request) const;
  void finish(Task& task, wwks::TaskStatus status);
  wwks::StockDeliverySetResponse stock_delivery(const wwks::StockDeliverySetRequest& request);
  void initiate_input(const wwks::InitiateInputRequest& request, const Reply& reply);
  // Stores the packs of an accepted input and sends its InitiateInputMessage.
  void run_input(const TaskKey& key);
  // Stores one pack, or says why not; `article` is set to its ArticleId.
  wwks::Pack input_pack(const wwks::InitiateInputRequest& request, const wwks::Pack& pack, std::string& article);

  Scheduler& scheduler_;
  Device& robot_;
  RobotStock stock_;
  StorageSystemConfig config_;
  Outbox outbox_;
  std::map<TaskKey, Task> tasks_;
  std::map<uint64_t, TaskKey> by_job_;
  struct Input {
    wwks::InitiateInputRequest request;
    wwks::InitiateInputResponse response;
    std::optional<wwks::InitiateInputMessage> done;
  };
  std::map<TaskKey, Input> inputs_;  // by requesting subscriber and InitiateInputRequest Id
  struct Delivery {
    std::vector<wwks::Article> articles;
    std::map<std::string, int> stored;  // packs stored, by ArticleId
  };
  std::map<std::string, Delivery> deliveries_;  // by DeliveryNumber
  uint64_t next_job_ = 1;
  int64_t next_pack_id_ = 1;
};

}  // namespace rx
