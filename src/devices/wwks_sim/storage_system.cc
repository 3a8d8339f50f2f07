#include "devices/wwks_sim/storage_system.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <numeric>

namespace rx {
namespace {

using namespace wwks;

constexpr Capability kCapabilities[] = {Capability::kKeepAlive, Capability::kStatus,     Capability::kStockInfo,
                                        Capability::kOutput,    Capability::kTaskInfo,   Capability::kTaskCancel,
                                        Capability::kConfiguration, Capability::kStockLocationInfo};

int job_priority(const OutputDetails& details) {
  switch (details.priority.value_or(OutputPriority::kNormal)) {
    case OutputPriority::kLow: return -1;
    case OutputPriority::kNormal: return 0;
    case OutputPriority::kHigh: return 1;
  }
  return 0;
}

OutputMessageStatus message_status(TaskStatus status) {
  if (status == TaskStatus::kCompleted) return OutputMessageStatus::kCompleted;
  if (status == TaskStatus::kIncomplete) return OutputMessageStatus::kIncomplete;
  return OutputMessageStatus::kAborted;
}

bool ended(TaskStatus status) {
  return status == TaskStatus::kCompleted || status == TaskStatus::kIncomplete || status == TaskStatus::kAborted;
}

}  // namespace

WwksStorageSystem::WwksStorageSystem(Scheduler& scheduler, Device& robot, RobotStock stock, StorageSystemConfig config)
    : scheduler_(scheduler), robot_(robot), stock_(std::move(stock)), config_(std::move(config)) {
  robot_.set_listener(this);
}

Envelope WwksStorageSystem::envelope(Message message) const { return Envelope{scheduler_.now(), std::move(message)}; }

Header WwksStorageSystem::answer_header(const Header& request) const {
  return Header{request.id, config_.subscriber_id, request.source};
}

void WwksStorageSystem::handle(const Message& message, const Reply& reply) {
  if (auto* m = std::get_if<HelloRequest>(&message)) return reply(hello(*m));
  if (auto* m = std::get_if<KeepAliveRequest>(&message)) return reply(KeepAliveResponse{answer_header(m->header)});
  if (auto* m = std::get_if<StatusRequest>(&message)) return reply(status(*m));
  if (auto* m = std::get_if<StockInfoRequest>(&message)) {
    return reply(StockInfoResponse{answer_header(m->header),
                                   stock_.articles(m->criteria, m->include_packs.value_or(true))});
  }
  if (auto* m = std::get_if<OutputRequest>(&message)) return reply(output(*m));
  if (auto* m = std::get_if<TaskInfoRequest>(&message)) return reply(task_info(*m));
  if (auto* m = std::get_if<TaskCancelRequest>(&message)) return reply(task_cancel(*m));
  if (auto* m = std::get_if<ConfigurationGetRequest>(&message)) {
    return reply(ConfigurationGetResponse{answer_header(m->header),
                                          "<Configuration Product=\"" + config_.product_info + "\"/>"});
  }
  if (auto* m = std::get_if<StockLocationInfoRequest>(&message)) {
    return reply(StockLocationInfoResponse{answer_header(m->header), {StockLocation{"R", "pick robot"}}});
  }
  // Stock is loaded from the scenario, not over WWKS: these are refused in
  // the answers the manual defines for them.
  const SetResult refused{SetResultValue::kRejected, "the simulator's stock and articles come from its scenario"};
  if (auto* m = std::get_if<ArticleMasterSetRequest>(&message)) {
    spdlog::info("robot-sim: ArticleMasterSetRequest {} refused", m->id.value_or("?"));
    return reply(ArticleMasterSetResponse{
        Header{m->id.value_or("0"), config_.subscriber_id, m->source.value_or(1)}, refused});
  }
  if (auto* m = std::get_if<StockDeliverySetRequest>(&message)) {
    spdlog::info("robot-sim: StockDeliverySetRequest {} refused", m->header.id);
    return reply(StockDeliverySetResponse{answer_header(m->header), refused});
  }
  if (auto* m = std::get_if<InitiateInputRequest>(&message)) {
    spdlog::info("robot-sim: InitiateInputRequest {} refused", m->header.id);
    return reply(InitiateInputResponse{answer_header(m->header), m->is_new_delivery, m->set_picking_indicator,
                                       m->details, InitiateInputResponseStatus::kRejected, m->article});
  }
  if (auto* m = std::get_if<UnknownMessage>(&message)) {
    spdlog::warn("robot-sim: ignored <{}> (Id {}): the manual defines no such message", m->element,
                 m->id.value_or("none"));
    return;
  }
  spdlog::info("robot-sim: ignored {}: a storage system does not answer it", message_name(message));
}

HelloResponse WwksStorageSystem::hello(const HelloRequest& request) const {
  Subscriber me;
  me.id = config_.subscriber_id;
  me.type = SubscriberType::kRobot;
  me.manufacturer = config_.manufacturer;
  me.product_info = config_.product_info;
  me.version_info = config_.version_info;
  me.capabilities.assign(std::begin(kCapabilities), std::end(kCapabilities));
  spdlog::info("robot-sim: hello from subscriber {} ({} {})", request.subscriber.id, request.subscriber.product_info,
               request.subscriber.version_info);
  return HelloResponse{request.id, std::move(me)};
}

StatusResponse WwksStorageSystem::status(const StatusRequest& request) const {
  DeviceStatus s = robot_.status();
  StatusResponse out;
  out.header = answer_header(request.header);
  const bool ok = s.state == "ok";
  out.state = ok ? ReadyState::kReady : ReadyState::kNotReady;
  if (!ok) out.state_text = s.state;
  if (request.include_details.value_or(false)) {
    out.components.push_back(Component{ComponentType::kStorageSystem, s.name, out.state, out.state_text});
  }
  return out;
}

OutputResponse WwksStorageSystem::output(const OutputRequest& request) {
  OutputResponse out{answer_header(request.header), request.box_number, request.details, OutputResponseStatus::kQueued,
                     request.criteria};
  TaskKey key{request.header.source, request.header.id};
  if (tasks_.count(key) > 0) {
    // The client did not hear the first answer; the output is not made twice.
    spdlog::info("robot-sim: OutputRequest {} from {} is a resend; the task is already known", key.second, key.first);
    return out;
  }
  if (request.criteria.empty()) {
    spdlog::info("robot-sim: OutputRequest {} rejected: it names no packs and there is no box system", key.second);
    out.status = OutputResponseStatus::kRejected;
    return out;
  }
  std::vector<PickLine> lines = stock_.take(request.criteria);
  if (lines.empty()) {
    spdlog::info("robot-sim: OutputRequest {} rejected: no pack in stock meets its criteria", key.second);
    out.status = OutputResponseStatus::kRejected;
    return out;
  }
  int wanted = 0;
  for (const OutputCriteria& c : request.criteria) wanted += c.quantity;
  int taken = std::accumulate(lines.begin(), lines.end(), 0, [](int n, const PickLine& l) { return n + l.packs; });

  Task task;
  task.request = request;
  task.job_id = next_job_++;
  task.lines = lines;
  task.picked.assign(lines.size(), 0);
  task.short_of_stock = taken < wanted;
  PickJob job{task.job_id, PrescriptionId{0}, job_priority(request.details), std::move(lines)};
  by_job_[task.job_id] = key;
  tasks_.emplace(key, std::move(task));
  robot_.submit(std::move(job));
  return out;
}

TaskInfoResponse WwksStorageSystem::task_info(const TaskInfoRequest& request) const {
  TaskInfoResponse out;
  out.header = answer_header(request.header);
  out.task.type = request.task.type;
  out.task.id = request.task.id;
  auto it = request.task.type == TaskType::kOutput ? tasks_.find({request.header.source, request.task.id})
                                                   : tasks_.end();
  if (it == tasks_.end()) {
    out.task.status = TaskStatus::kUnknown;
    return out;
  }
  out.task.status = it->second.status;
  if (request.include_task_details.value_or(false)) out.task.articles = it->second.out;
  return out;
}

TaskCancelResponse WwksStorageSystem::task_cancel(const TaskCancelRequest& request) {
  TaskCancelResponse out;
  out.header = answer_header(request.header);
  for (const TaskRef& ref : request.tasks) {
    CancelledTask c{ref.type, ref.id, TaskCancelStatus::kUnknown};
    auto it = tasks_.find({request.header.source, ref.id});
    if (it != tasks_.end()) {
      Task& task = it->second;
      if (ended(task.status) || task.status == TaskStatus::kAborting) {
        c.status = TaskCancelStatus::kCancelError;
      } else {
        c.status = TaskCancelStatus::kCancelled;
        task.status = TaskStatus::kAborting;
        robot_.cancel(task.job_id);
      }
    }
    out.tasks.push_back(std::move(c));
  }
  return out;
}

void WwksStorageSystem::on_pack_out(const PackOut& pack) {
  auto key = by_job_.find(pack.job_id);
  if (key == by_job_.end()) return;
  Task& task = tasks_.at(key->second);
  for (size_t i = 0; i < task.lines.size(); ++i) {
    const PickLine& line = task.lines[i];
    if (line.item != pack.item || line.location != pack.location || task.picked[i] >= line.packs) continue;
    ++task.picked[i];
    Pack p;
    p.id = next_pack_id_++;
    // An unreadable code is no ScanCode: the client must check that pack by hand.
    if (!pack.code.empty()) p.scan_code = pack.code;
    p.batch_number = line.lot.value();
    p.expiry_date = line.expiry;
    if (const RobotStockRow* row = stock_.row_of(line)) {
      p.depth = row->depth_mm;
      p.width = row->width_mm;
      p.height = row->height_mm;
    }
    if (line.cold) p.is_in_fridge = true;
    p.output_destination = task.request.details.output_destination;
    p.output_point = task.request.details.output_point;
    auto article = std::find_if(task.out.begin(), task.out.end(),
                                [&](const Article& a) { return a.id == line.drug.value(); });
    if (article == task.out.end()) {
      Article a;
      a.id = line.drug.value();
      article = task.out.insert(task.out.end(), std::move(a));
    }
    article->packs.push_back(std::move(p));
    return;
  }
  spdlog::error("robot-sim: the robot put out a pack of job {} item {} at {} that the task did not ask for",
                pack.job_id, pack.item, pack.location.value());
}

void WwksStorageSystem::on_job_state(uint64_t job_id, JobState state, const std::string& detail) {
  auto key = by_job_.find(job_id);
  if (key == by_job_.end()) return;
  Task& task = tasks_.at(key->second);
  switch (state) {
    case JobState::kQueued:
      return;
    case JobState::kInProcess:
      if (task.status == TaskStatus::kQueued) task.status = TaskStatus::kInProcess;
      return;
    case JobState::kCompleted:
      return finish(task, task.short_of_stock ? TaskStatus::kIncomplete : TaskStatus::kCompleted);
    case JobState::kIncomplete:
      spdlog::info("robot-sim: output {} incomplete: {}", key->second.second, detail);
      return finish(task, TaskStatus::kIncomplete);
    case JobState::kRejected:
    case JobState::kAborted:
      spdlog::info("robot-sim: output {} ended {}: {}", key->second.second, job_state_name(state), detail);
      return finish(task, TaskStatus::kAborted);
  }
}

void WwksStorageSystem::finish(Task& task, TaskStatus status) {
  task.status = status;
  // What the gripper did not put out is still on the shelves.
  for (size_t i = 0; i < task.lines.size(); ++i) stock_.put_back(task.lines[i], task.lines[i].packs - task.picked[i]);
  OutputMessage m;
  m.header = answer_header(task.request.header);
  m.details = task.request.details;
  m.status = message_status(status);
  m.articles = task.out;
  if (outbox_) outbox_(task.request.header.source, std::move(m));
}

}  // namespace rx
