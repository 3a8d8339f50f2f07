#include "devices/wwks_sim/storage_system.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <numeric>

namespace rx {
namespace {

using namespace wwks;

constexpr Capability kCapabilities[] = {Capability::kKeepAlive,     Capability::kStatus,
                                        Capability::kStockInfo,     Capability::kOutput,
                                        Capability::kTaskInfo,      Capability::kTaskCancel,
                                        Capability::kConfiguration, Capability::kStockLocationInfo,
                                        Capability::kInitiateInput, Capability::kStockDelivery};

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

Pack pack_error(const Pack& in, InitiateInputErrorType type, std::string text) {
  Pack p;
  p.index = in.index;
  p.id = 0;
  p.scan_code = in.scan_code;
  p.delivery_number = in.delivery_number;
  p.error = PackError{type, std::move(text)};
  return p;
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
  // The article master is the scenario's formulary, not set over WWKS.
  if (auto* m = std::get_if<ArticleMasterSetRequest>(&message)) {
    spdlog::info("robot-sim: ArticleMasterSetRequest {} refused", m->id.value_or("?"));
    return reply(ArticleMasterSetResponse{
        Header{m->id.value_or("0"), config_.subscriber_id, m->source.value_or(1)},
        SetResult{SetResultValue::kRejected, "the simulator's article master comes from its scenario"}});
  }
  if (auto* m = std::get_if<StockDeliverySetRequest>(&message)) return reply(stock_delivery(*m));
  if (auto* m = std::get_if<InitiateInputRequest>(&message)) return initiate_input(*m, reply);
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

StockDeliverySetResponse WwksStorageSystem::stock_delivery(const StockDeliverySetRequest& request) {
  StockDeliverySetResponse out{answer_header(request.header), SetResult{SetResultValue::kAccepted, std::nullopt}};
  auto refuse = [&](std::string why) {
    spdlog::info("robot-sim: StockDeliverySetRequest {} rejected: {}", request.header.id, why);
    out.result = SetResult{SetResultValue::kRejected, std::move(why)};
    return out;
  };
  // All or nothing: every delivery is checked before any is kept.
  for (const StockDelivery& d : request.deliveries) {
    if (deliveries_.count(d.delivery_number) > 0) {
      return refuse("delivery " + d.delivery_number + " is already defined");
    }
    for (const Article& a : d.articles) {
      if (!a.id || stock_.article(*a.id) == nullptr) {
        return refuse("delivery " + d.delivery_number + " names article \"" + a.id.value_or("") +
                      "\", which is not in the article master");
      }
    }
  }
  for (const StockDelivery& d : request.deliveries) deliveries_[d.delivery_number].articles = d.articles;
  out.result.text = "stock delivery accepted";
  return out;
}

void WwksStorageSystem::initiate_input(const InitiateInputRequest& request, const Reply& reply) {
  TaskKey key{request.header.source, request.header.id};
  auto known = inputs_.find(key);
  if (known != inputs_.end()) {
    // A resend: the same answer, and the outcome again if the input is over.
    reply(known->second.response);
    if (known->second.done && outbox_) outbox_(key.first, *known->second.done);
    return;
  }
  InitiateInputResponse response{answer_header(request.header), request.is_new_delivery, request.set_picking_indicator,
                                 request.details, InitiateInputResponseStatus::kAccepted, request.article};
  // The article of the packs, when they all scan as one.
  std::optional<std::string> article;
  bool one_article = true;
  for (const Pack& p : request.article.packs) {
    auto code = parse_pack_code(p.scan_code.value_or(""));
    const RobotArticle* a = code.ok() ? stock_.article_of(*code) : nullptr;
    std::optional<std::string> id = a ? std::optional<std::string>(a->drug.value()) : std::nullopt;
    if (!article) article = id;
    if (!id || id != article) one_article = false;
  }
  if (one_article && article) {
    const RobotArticle* a = stock_.article(*article);
    response.article.id = a->drug.value();
    response.article.name = a->name;
  }
  if (request.article.packs.empty()) response.status = InitiateInputResponseStatus::kRejected;
  inputs_[key] = Input{request, response, std::nullopt};
  reply(response);
  if (response.status == InitiateInputResponseStatus::kRejected) return;
  auto gripper =
      std::chrono::duration<double>(config_.input_pack_s * static_cast<double>(request.article.packs.size()));
  scheduler_.schedule_at(scheduler_.now() + std::chrono::duration_cast<Duration>(gripper),
                         [this, key] { run_input(key); });
}

void WwksStorageSystem::run_input(const TaskKey& key) {
  Input& input = inputs_.at(key);
  const InitiateInputRequest& request = input.request;
  InitiateInputMessage m;
  m.header = answer_header(request.header);
  m.details = request.details;
  m.status = InitiateInputMessageStatus::kCompleted;
  std::vector<Article> articles;
  for (const Pack& in : request.article.packs) {
    std::string article_id;
    Pack p = input_pack(request, in, article_id);
    if (p.error) m.status = InitiateInputMessageStatus::kIncomplete;
    // A pack not stored goes in an Article without Id, as in the manual's example.
    auto it = std::find_if(articles.begin(), articles.end(), [&](const Article& a) {
      return a.id.value_or("") == article_id;
    });
    if (it == articles.end()) {
      Article a;
      if (!article_id.empty()) {
        a.id = article_id;
        a.name = stock_.article(article_id)->name;
      }
      it = articles.insert(articles.end(), std::move(a));
    }
    it->packs.push_back(std::move(p));
  }
  m.articles = std::move(articles);
  input.done = m;
  if (outbox_) outbox_(key.first, std::move(m));
}

Pack WwksStorageSystem::input_pack(const InitiateInputRequest& request, const Pack& in, std::string& article_id) {
  auto code = parse_pack_code(in.scan_code.value_or(""));
  if (!code.ok()) {
    return pack_error(in, InitiateInputErrorType::kRejected, "unreadable scan code: " + code.status().message());
  }
  const RobotArticle* article = stock_.article_of(*code);
  if (!article) return pack_error(in, InitiateInputErrorType::kRejected, "the scan code names no known article");

  // A pack of a new delivery must belong to an announced one.
  const Article* announced = nullptr;
  Delivery* delivery = nullptr;
  if (request.is_new_delivery.value_or(false) && in.delivery_number) {
    auto d = deliveries_.find(*in.delivery_number);
    if (d == deliveries_.end()) {
      return pack_error(in, InitiateInputErrorType::kRejected, "delivery " + *in.delivery_number + " is not defined");
    }
    delivery = &d->second;
    for (const Article& a : delivery->articles) {
      if (a.id == article->drug.value()) announced = &a;
    }
    if (!announced) {
      return pack_error(in, InitiateInputErrorType::kRejected,
                        "delivery " + *in.delivery_number + " has no article " + article->drug.value());
    }
    int limit = announced->quantity.value_or(0);
    if (limit > 0 && delivery->stored[article->drug.value()] >= limit) {
      return pack_error(in, InitiateInputErrorType::kRejected,
                        "delivery " + *in.delivery_number + " allows " + std::to_string(limit) + " packs of " +
                            article->drug.value());
    }
  }
  std::optional<std::string> batch = in.batch_number;
  if (!batch && !code->lot.empty()) batch = code->lot;
  if (!batch && announced) batch = announced->batch_number;
  if (!batch || batch->empty()) {
    return pack_error(in, InitiateInputErrorType::kRejectedNoBatchNumber, "no batch number");
  }
  if (announced && announced->batch_number && *announced->batch_number != *batch) {
    return pack_error(in, InitiateInputErrorType::kRejected,
                      "batch " + *batch + " is not the delivery's batch " + *announced->batch_number);
  }
  std::optional<Date> expiry = in.expiry_date;
  if (!expiry) expiry = code->expiry;
  if (!expiry && announced) expiry = announced->expiry_date;
  if (!expiry) return pack_error(in, InitiateInputErrorType::kRejectedNoExpiryDate, "no expiry date");
  const Date today{std::chrono::floor<std::chrono::days>(scheduler_.now())};
  if (*expiry < today) {
    return pack_error(in, InitiateInputErrorType::kRejectedInvalidExpiryDate, "expired on " + format_date(*expiry));
  }
  PackSize size{in.width.value_or(article->size.width_mm), in.height.value_or(article->size.height_mm),
                in.depth.value_or(article->size.depth_mm)};
  if (size.width_mm <= 0 || size.height_mm <= 0 || size.depth_mm <= 0) {
    return pack_error(in, InitiateInputErrorType::kUnknownPackDimensions, "no pack dimensions");
  }
  auto place = stock_.store(*article, LotNo(*batch), *expiry, size, config_.shelf);
  if (!place.ok()) {
    auto type = place.status().code() == ErrorCode::kNotFound ? InitiateInputErrorType::kNoSpaceInMachine
                                                               : InitiateInputErrorType::kRejected;
    return pack_error(in, type, place.status().message());
  }
  if (delivery) ++delivery->stored[article->drug.value()];
  article_id = article->drug.value();
  Pack p;
  p.index = in.index;
  p.id = next_pack_id_++;
  p.scan_code = in.scan_code;
  p.delivery_number = in.delivery_number;
  p.batch_number = *batch;
  p.expiry_date = *expiry;
  p.stock_in_date = today;
  p.depth = size.depth_mm;
  p.width = size.width_mm;
  p.height = size.height_mm;
  p.state = PackState::kAvailable;
  p.stock_location_id = place->value();
  return p;
}

}  // namespace rx
