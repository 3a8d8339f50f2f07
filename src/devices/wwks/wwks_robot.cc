#include "devices/wwks/wwks_robot.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <map>
#include <set>

#include "devices/wwks/wwks_connection.h"

namespace rx {

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace wwks;

namespace {

using SteadyTime = std::chrono::steady_clock::time_point;

bool supports(const Subscriber& robot, Capability capability) {
  // A subscriber that lists no capability supports every function.
  return robot.capabilities.empty() ||
         std::find(robot.capabilities.begin(), robot.capabilities.end(), capability) != robot.capabilities.end();
}

std::string status_name(const Status& s) {
  return s.field().empty() ? s.message() : s.field() + ": " + s.message();
}

}  // namespace

class WwksRobot::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(asio::io_context& io, const Scheduler& clock, WwksRobotConfig config)
      : io_(io), clock_(clock), config_(std::move(config)), resolver_(io), retry_timer_(io), tick_timer_(io),
        offline_timer_(io), backoff_(config_.reconnect_initial), robot_id_(config_.robot_id) {}

  void start() {
    stopped_ = false;
    arm_offline();
    connect();
  }

  void stop() {
    stopped_ = true;
    drop_link();
    retry_timer_.cancel();
    offline_timer_.cancel();
    offline_armed_ = false;
    resolver_.cancel();
  }

  bool online() const { return link_ == Link::kUp; }
  bool available() const { return !offline_; }
  int links() const { return links_; }
  void set_listener(DeviceListener* listener) { listener_ = listener; }

  void submit(PickJob job) {
    if (tasks_.count(job.job_id) > 0) return;
    if (Status s = check(job); !s.ok()) {
      post_state(job.job_id, JobState::kRejected, status_name(s));
      return;
    }
    Task task;
    task.reported.assign(job.lines.size(), 0);
    task.job = std::move(job);
    uint64_t id = task.job.job_id;
    Task& t = tasks_.emplace(id, std::move(task)).first->second;
    if (link_ == Link::kUp) send_output(t);
  }

  void reprioritise(uint64_t job_id, int priority) {
    auto it = tasks_.find(job_id);
    if (it != tasks_.end() && it->second.phase == Phase::kUnsent) it->second.job.priority = priority;
  }

  void cancel(uint64_t job_id) {
    auto it = tasks_.find(job_id);
    if (it == tasks_.end()) return;
    Task& task = it->second;
    if (task.phase == Phase::kUnsent) {
      tasks_.erase(it);
      post_state(job_id, JobState::kAborted, "cancelled before it was sent to the robot");
      return;
    }
    if (task.cancel_wanted) return;
    task.cancel_wanted = true;
    if (link_ == Link::kUp) send_cancel(task);
  }

  DeviceStatus status() const {
    DeviceStatus s;
    s.name = config_.name;
    s.kind = DeviceKind::kRobot;
    for (const auto& [id, task] : tasks_) {
      if (task.in_process) {
        ++s.active_jobs;
      } else {
        ++s.queued_jobs;
      }
    }
    s.packs_out = packs_out_;
    if (link_ != Link::kUp) {
      s.state = fmt::format("fault: no link to the WWKS robot at {}:{}{}", config_.host, config_.port,
                            last_error_.empty() ? "" : " (" + last_error_ + ")");
    }
    return s;
  }

 private:
  enum class Link { kDown, kConnecting, kHello, kUp };
  // kUnsent: waits for a link. kSent: the OutputRequest went out on some link;
  // its answer may have been lost. kQueued: the robot answered Queued.
  enum class Phase { kUnsent, kSent, kQueued };
  enum class Kind { kHello, kKeepAlive, kOutput, kTaskInfo, kTaskCancel, kInitiateInput, kStockDelivery };

  struct Task {
    PickJob job;
    Phase phase = Phase::kUnsent;
    bool queued_reported = false;
    bool in_process = false;
    bool cancel_wanted = false;
    std::vector<int> reported;       // packs reported, by line
    std::set<int64_t> reported_ids;  // the robot's pack Ids already reported
  };
  struct Pending {
    Kind kind;
    uint64_t job_id = 0;
    SteadyTime sent;
  };
  struct Input {
    std::vector<StockInputPack> packs;
    StockInputDone done;
    bool accepted = false;  // the robot answered Accepted
  };

  static Status check(const PickJob& job) {
    if (job.lines.empty()) return Status::invalid("expected at least one line, found none", "lines");
    for (size_t i = 0; i < job.lines.size(); ++i) {
      if (job.lines[i].packs < 1) {
        return Status::invalid(fmt::format("expected at least 1, found {}", job.lines[i].packs),
                               fmt::format("lines[{}].packs", i));
      }
      if (job.lines[i].drug.value().empty()) {
        return Status::invalid("expected a drug code, found none", fmt::format("lines[{}].drug", i));
      }
    }
    return Status::ok_status();
  }

  // --- the link ---

  void connect() {
    if (stopped_) return;
    link_ = Link::kConnecting;
    resolver_.async_resolve(config_.host, std::to_string(config_.port),
                            [weak = weak_from_this()](const boost::system::error_code& ec,
                                                      tcp::resolver::results_type results) {
                              auto self = weak.lock();
                              if (!self || self->stopped_) return;
                              if (ec) return self->link_failed("resolving the host: " + ec.message());
                              auto socket = std::make_shared<tcp::socket>(self->io_);
                              asio::async_connect(*socket, results,
                                                  [weak, socket](const boost::system::error_code& ec2,
                                                                 const tcp::endpoint&) {
                                                    auto me = weak.lock();
                                                    if (!me || me->stopped_) return;
                                                    if (ec2) return me->link_failed("connecting: " + ec2.message());
                                                    me->connected(std::move(*socket));
                                                  });
                            });
  }

  void connected(tcp::socket socket) {
    ++links_;
    uint64_t generation = ++generation_;
    connection_ = std::make_shared<WwksConnection>(std::move(socket),
                                                   fmt::format("wwks {} link {}", config_.name, links_));
    std::weak_ptr<Impl> weak = weak_from_this();
    connection_->start(WwksConnectionHandlers{
        [weak, generation](Envelope envelope) {
          auto self = weak.lock();
          if (self && self->generation_ == generation) self->on_message(envelope.message);
        },
        [weak, generation](const Status& why) {
          auto self = weak.lock();
          if (!self || self->generation_ != generation) return;
          // The manual defines no answer to a document that cannot be read.
          spdlog::warn("wwks {}: unreadable document from the robot ignored: {}", self->config_.name,
                       status_name(why));
        },
        [weak, generation](const std::string& why) {
          auto self = weak.lock();
          if (self && self->generation_ == generation) self->link_failed(why);
        }});
    link_ = Link::kHello;
    HelloRequest hello;
    hello.id = next_id();
    hello.subscriber.id = config_.subscriber_id;
    hello.subscriber.type = SubscriberType::kIms;
    hello.subscriber.manufacturer = "rxpress";
    hello.subscriber.product_info = "rxpress";
    hello.subscriber.version_info = "1.0";
    hello.subscriber.capabilities = {Capability::kKeepAlive,     Capability::kStatus,  Capability::kOutput,
                                     Capability::kTaskInfo,      Capability::kTaskCancel,
                                     Capability::kInitiateInput, Capability::kStockDelivery};
    pending_[hello.id] = Pending{Kind::kHello, 0, std::chrono::steady_clock::now()};
    send(std::move(hello));
    arm_tick();
  }

  void link_failed(const std::string& why) {
    last_error_ = why;
    arm_offline();
    if (link_ == Link::kUp) {
      spdlog::warn("wwks {}: link to {}:{} lost: {}", config_.name, config_.host, config_.port, why);
    } else {
      spdlog::info("wwks {}: no link to {}:{}: {}; retrying in {} ms", config_.name, config_.host, config_.port, why,
                   backoff_.count());
    }
    drop_link();
    if (stopped_) return;
    retry_timer_.expires_after(backoff_);
    backoff_ = std::min(backoff_ * 2, config_.reconnect_max);
    retry_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
      auto self = weak.lock();
      if (!ec && self) self->connect();
    });
  }

  void drop_link() {
    ++generation_;
    if (connection_) connection_->close();
    connection_.reset();
    tick_timer_.cancel();
    pending_.clear();
    link_ = Link::kDown;
    // The robot may or may not hold these deliveries: the caller must ask again.
    auto deliveries = std::move(deliveries_);
    deliveries_.clear();
    for (auto& [id, done] : deliveries) {
      post_call([done = std::move(done), id = id] {
        done(Status::unavailable("the link to the robot was lost before it answered StockDeliverySetRequest " + id));
      });
    }
  }

  // A link that stays down for offline_after counts the robot offline, once,
  // until a Hello is answered again; short losses only delay the outputs.
  void arm_offline() {
    if (offline_ || offline_armed_ || stopped_) return;
    offline_armed_ = true;
    offline_timer_.expires_after(config_.offline_after);
    offline_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
      auto self = weak.lock();
      if (ec || !self) return;
      self->offline_armed_ = false;
      if (self->link_ == Link::kUp || self->stopped_) return;
      self->offline_ = true;
      std::string why = fmt::format("no answer from the WWKS robot at {}:{} for {} ms{}", self->config_.host,
                                    self->config_.port, self->config_.offline_after.count(),
                                    self->last_error_.empty() ? "" : " (" + self->last_error_ + ")");
      spdlog::warn("wwks {}: offline: {}", self->config_.name, why);
      if (self->listener_) self->listener_->on_availability(DeviceKind::kRobot, false, why);
    });
  }

  void arm_tick() {
    tick_timer_.expires_after(std::min(config_.keep_alive_interval, config_.reply_timeout));
    tick_timer_.async_wait([weak = weak_from_this(), generation = generation_](const boost::system::error_code& ec) {
      auto self = weak.lock();
      if (ec || !self || self->generation_ != generation) return;
      self->on_tick();
    });
  }

  void on_tick() {
    auto now = std::chrono::steady_clock::now();
    for (const auto& [id, pending] : pending_) {
      if (now - pending.sent >= config_.reply_timeout) {
        return link_failed(fmt::format("request {} unanswered for {} ms", id, config_.reply_timeout.count()));
      }
    }
    if (link_ == Link::kUp && now - last_keep_alive_ >= config_.keep_alive_interval) {
      last_keep_alive_ = now;
      KeepAliveRequest k{header(next_id())};
      pending_[k.header.id] = Pending{Kind::kKeepAlive, 0, now};
      send(std::move(k));
    }
    arm_tick();
  }

  // --- requests ---

  std::string next_id() { return fmt::format("rx{}", ++last_request_); }
  Header header(std::string id) const { return Header{std::move(id), config_.subscriber_id, robot_id_}; }

  void send(Message message) {
    if (connection_) connection_->send(Envelope{clock_.now(), std::move(message)});
  }

  void send_output(Task& task) {
    OutputRequest r;
    r.header = header(std::to_string(task.job.job_id));
    r.details.priority = task.job.priority > 0 ? OutputPriority::kHigh : OutputPriority::kNormal;
    r.details.output_destination = config_.output_destination;
    for (const PickLine& line : task.job.lines) {
      OutputCriteria c;
      c.article_id = line.drug.value();
      c.quantity = line.packs;
      if (!line.lot.value().empty()) c.batch_number = line.lot.value();
      r.criteria.push_back(std::move(c));
    }
    task.phase = Phase::kSent;
    pending_[r.header.id] = Pending{Kind::kOutput, task.job.job_id, std::chrono::steady_clock::now()};
    send(std::move(r));
  }

  void send_task_info(const Task& task) {
    TaskInfoRequest r;
    r.header = header(next_id());
    r.include_task_details = true;
    r.task = TaskRef{TaskType::kOutput, std::to_string(task.job.job_id)};
    pending_[r.header.id] = Pending{Kind::kTaskInfo, task.job.job_id, std::chrono::steady_clock::now()};
    send(std::move(r));
  }

  void send_cancel(const Task& task) {
    TaskCancelRequest r;
    r.header = header(next_id());
    r.tasks.push_back(TaskRef{TaskType::kOutput, std::to_string(task.job.job_id)});
    pending_[r.header.id] = Pending{Kind::kTaskCancel, task.job.job_id, std::chrono::steady_clock::now()};
    send(std::move(r));
  }

  // --- answers ---

  // The pending request `id` of `kind`, taken off the list; nullopt for an
  // answer to nothing this link asked.
  std::optional<Pending> answered(const std::string& id, Kind kind) {
    auto it = pending_.find(id);
    if (it == pending_.end() || it->second.kind != kind) {
      spdlog::warn("wwks {}: an answer with Id {} matches no request of ours; ignored", config_.name, id);
      return std::nullopt;
    }
    Pending p = it->second;
    pending_.erase(it);
    return p;
  }

  void on_message(const Message& message) {
    if (auto* m = std::get_if<HelloResponse>(&message)) return on_hello(*m);
    if (auto* m = std::get_if<KeepAliveRequest>(&message)) {
      return send(KeepAliveResponse{Header{m->header.id, config_.subscriber_id, m->header.source}});
    }
    if (auto* m = std::get_if<KeepAliveResponse>(&message)) {
      answered(m->header.id, Kind::kKeepAlive);
      return;
    }
    if (auto* m = std::get_if<OutputResponse>(&message)) return on_output_response(*m);
    if (auto* m = std::get_if<OutputMessage>(&message)) return on_output_message(*m);
    if (auto* m = std::get_if<TaskInfoResponse>(&message)) return on_task_info(*m);
    if (auto* m = std::get_if<TaskCancelResponse>(&message)) return on_cancel_response(*m);
    if (auto* m = std::get_if<InitiateInputResponse>(&message)) return on_input_response(*m);
    if (auto* m = std::get_if<InitiateInputMessage>(&message)) return on_input_message(*m);
    if (auto* m = std::get_if<StockDeliverySetResponse>(&message)) return on_delivery_response(*m);
    if (auto* m = std::get_if<UnknownMessage>(&message)) {
      spdlog::warn("wwks {}: ignored <{}> from the robot: the manual defines no such message", config_.name,
                   m->element);
      return;
    }
    spdlog::info("wwks {}: ignored {} from the robot: rxpress does not use it", config_.name, message_name(message));
  }

  void on_hello(const HelloResponse& m) {
    if (!answered(m.id, Kind::kHello)) return;
    if (!supports(m.subscriber, Capability::kOutput) || !supports(m.subscriber, Capability::kTaskInfo)) {
      return link_failed(fmt::format("the robot {} {} does not support Output and TaskInfo",
                                     m.subscriber.manufacturer, m.subscriber.product_info));
    }
    robot_id_ = m.subscriber.id;
    robot_ = m.subscriber;
    link_ = Link::kUp;
    offline_timer_.cancel();
    offline_armed_ = false;
    if (offline_) {
      offline_ = false;
      spdlog::info("wwks {}: the robot answers again", config_.name);
      if (listener_) listener_->on_availability(DeviceKind::kRobot, true, "");
    }
    backoff_ = config_.reconnect_initial;
    last_error_.clear();
    last_keep_alive_ = std::chrono::steady_clock::now();
    spdlog::info("wwks {}: linked to {} {} {} (subscriber {}) at {}:{}", config_.name, m.subscriber.manufacturer,
                 m.subscriber.product_info, m.subscriber.version_info, robot_id_, config_.host, config_.port);
    // Reconcile what an earlier link sent, then send what waited for a link.
    for (auto& [id, task] : tasks_) {
      if (task.phase == Phase::kUnsent) {
        send_output(task);
      } else {
        send_task_info(task);
      }
    }
    // An input whose outcome has not come: the robot answers a known Id again.
    for (auto& [id, input] : inputs_) send_input(id, input);
  }

 public:
  void stock_input(uint64_t input_id, std::vector<StockInputPack> packs, StockInputDone done) {
    std::string id = fmt::format("input-{}", input_id);
    if (packs.empty()) {
      return post_call([done] { done(Status::invalid("expected at least one pack, found none", "packs")); });
    }
    if (inputs_.count(id) > 0) {
      return post_call([done, id] { done(Status::invalid("input " + id + " is still going on", "input_id")); });
    }
    if (Status s = can_send(Capability::kInitiateInput); !s.ok()) return post_call([done, s] { done(s); });
    Input& input = inputs_[id];
    input.packs = std::move(packs);
    input.done = std::move(done);
    send_input(id, input);
  }

  void announce_delivery(DeliveryNotice notice, std::function<void(Status)> done) {
    if (Status s = can_send(Capability::kStockDelivery); !s.ok()) return post_call([done, s] { done(s); });
    StockDeliverySetRequest r;
    r.header = header(next_id());
    StockDelivery delivery;
    delivery.delivery_number = notice.delivery_number;
    for (const DeliveryLine& line : notice.lines) {
      Article a;
      a.id = line.drug.value();
      a.batch_number = line.lot.value();
      a.expiry_date = line.expiry;
      a.quantity = line.packs;
      delivery.articles.push_back(std::move(a));
    }
    r.deliveries.push_back(std::move(delivery));
    deliveries_[r.header.id] = std::move(done);
    pending_[r.header.id] = Pending{Kind::kStockDelivery, 0, std::chrono::steady_clock::now()};
    send(std::move(r));
  }

 private:
  Status can_send(Capability capability) const {
    if (link_ != Link::kUp) {
      return Status::unavailable(fmt::format("no link to the WWKS robot at {}:{}", config_.host, config_.port));
    }
    if (!supports(robot_, capability)) {
      return Status::unavailable(fmt::format("the robot {} {} does not support {}", robot_.manufacturer,
                                             robot_.product_info, spelling(capability)));
    }
    return Status::ok_status();
  }

  void send_input(const std::string& id, const Input& input) {
    InitiateInputRequest r;
    r.header = header(id);
    r.details.input_source = config_.input_source;
    for (size_t i = 0; i < input.packs.size(); ++i) {
      const StockInputPack& in = input.packs[i];
      wwks::Pack p;
      p.index = static_cast<int32_t>(i);
      p.scan_code = in.scan_code;
      if (!in.delivery_number.empty()) {
        p.delivery_number = in.delivery_number;
        r.is_new_delivery = true;
      }
      if (!in.lot.value().empty()) p.batch_number = in.lot.value();
      p.expiry_date = in.expiry;
      if (in.width_mm > 0) p.width = in.width_mm;
      if (in.height_mm > 0) p.height = in.height_mm;
      if (in.depth_mm > 0) p.depth = in.depth_mm;
      r.article.packs.push_back(std::move(p));
    }
    pending_[id] = Pending{Kind::kInitiateInput, 0, std::chrono::steady_clock::now()};
    send(std::move(r));
  }

  void on_input_response(const InitiateInputResponse& m) {
    if (!answered(m.header.id, Kind::kInitiateInput)) return;
    auto it = inputs_.find(m.header.id);
    if (it == inputs_.end()) return;
    if (m.status == InitiateInputResponseStatus::kRejected) {
      StockInputDone done = std::move(it->second.done);
      inputs_.erase(it);
      return done(Status::conflict("the robot rejected stock input " + m.header.id));
    }
    it->second.accepted = true;
  }

  void on_input_message(const InitiateInputMessage& m) {
    auto it = inputs_.find(m.header.id);
    if (it == inputs_.end()) {
      spdlog::info("wwks {}: InitiateInputMessage {} is for no input in progress; ignored", config_.name,
                   m.header.id);
      return;
    }
    // The outcome ends the input, whether or not its response was heard.
    pending_.erase(m.header.id);
    std::vector<StockInputOutcome> outcomes;
    size_t next = 0;
    for (const Article& article : m.articles) {
      for (const wwks::Pack& p : article.packs) {
        StockInputOutcome o;
        o.index = p.index ? static_cast<size_t>(*p.index) : next;
        next = o.index + 1;
        o.stored = !p.error && p.id.value_or(0) > 0;
        o.drug = DrugCode(article.id.value_or(""));
        o.lot = LotNo(p.batch_number.value_or(""));
        o.expiry = p.expiry_date;
        o.location = LocationCode(p.stock_location_id.value_or(""));
        if (p.error) {
          o.detail = std::string(spelling(p.error->type)) + (p.error->text ? ": " + *p.error->text : "");
        } else if (!o.stored) {
          o.detail = "the robot did not store the pack";
        }
        outcomes.push_back(std::move(o));
      }
    }
    StockInputDone done = std::move(it->second.done);
    inputs_.erase(it);
    done(std::move(outcomes));
  }

  void on_delivery_response(const StockDeliverySetResponse& m) {
    if (!answered(m.header.id, Kind::kStockDelivery)) return;
    auto it = deliveries_.find(m.header.id);
    if (it == deliveries_.end()) return;
    auto done = std::move(it->second);
    deliveries_.erase(it);
    if (m.result.value == SetResultValue::kAccepted) return done(Status::ok_status());
    done(Status::conflict("the robot rejected the delivery: " + m.result.text.value_or("no reason given")));
  }

  void post_call(std::function<void()> fn) {
    asio::post(io_, [weak = weak_from_this(), fn = std::move(fn)] {
      if (weak.lock()) fn();
    });
  }

  void on_output_response(const OutputResponse& m) {
    auto p = answered(m.header.id, Kind::kOutput);
    if (!p) return;
    auto it = tasks_.find(p->job_id);
    if (it == tasks_.end()) return;
    Task& task = it->second;
    if (m.status == OutputResponseStatus::kRejected) {
      tasks_.erase(it);
      return state(p->job_id, JobState::kRejected, "the robot rejected the output");
    }
    task.phase = Phase::kQueued;
    report_queued(task);
    if (task.cancel_wanted) send_cancel(task);
  }

  void on_output_message(const OutputMessage& m) {
    uint64_t job_id = 0;
    auto it = find_task(m.header.id, job_id);
    if (it == tasks_.end()) {
      spdlog::info("wwks {}: OutputMessage {} is for no job in progress; ignored", config_.name, m.header.id);
      return;
    }
    report_packs(it->second, m.articles);
    switch (m.status) {
      case OutputMessageStatus::kCompleted: return end(it, JobState::kCompleted, "");
      case OutputMessageStatus::kIncomplete: return end(it, JobState::kIncomplete, "the robot put out fewer packs");
      case OutputMessageStatus::kAborted: return end(it, JobState::kAborted, "aborted by the robot");
    }
  }

  void on_task_info(const TaskInfoResponse& m) {
    auto p = answered(m.header.id, Kind::kTaskInfo);
    if (!p) return;
    auto it = tasks_.find(p->job_id);
    if (it == tasks_.end()) return;
    Task& task = it->second;
    report_packs(task, m.task.articles);
    switch (m.task.status) {
      case TaskStatus::kUnknown:
        // The robot never got the request: sending it now cannot make a second output.
        if (task.cancel_wanted) return end(it, JobState::kAborted, "cancelled before the robot received it");
        spdlog::info("wwks {}: the robot does not know output {}; sending it again", config_.name, task.job.job_id);
        return send_output(task);
      case TaskStatus::kQueued:
      case TaskStatus::kInProcess:
        task.phase = Phase::kQueued;
        report_queued(task);
        if (m.task.status == TaskStatus::kInProcess) report_in_process(task);
        if (task.cancel_wanted) send_cancel(task);
        return;
      case TaskStatus::kAborting:
        task.phase = Phase::kQueued;
        return;
      case TaskStatus::kCompleted: return end(it, JobState::kCompleted, "");
      case TaskStatus::kIncomplete: return end(it, JobState::kIncomplete, "the robot put out fewer packs");
      case TaskStatus::kAborted: return end(it, JobState::kAborted, "aborted by the robot");
    }
  }

  void on_cancel_response(const TaskCancelResponse& m) {
    auto p = answered(m.header.id, Kind::kTaskCancel);
    if (!p) return;
    for (const CancelledTask& t : m.tasks) {
      uint64_t job_id = 0;
      auto it = find_task(t.id, job_id);
      if (it == tasks_.end()) continue;
      if (t.status == TaskCancelStatus::kUnknown) {
        // Sent on this link before the cancel, so the robot would know it had it arrived.
        end(it, JobState::kAborted, "cancelled; the robot never had it");
      } else if (t.status == TaskCancelStatus::kCancelError) {
        spdlog::info("wwks {}: the robot could not cancel output {}; it goes on", config_.name, t.id);
      }
      // Cancelled: the robot's OutputMessage (Aborted) ends the job.
    }
  }

  std::map<uint64_t, Task>::iterator find_task(const std::string& id, uint64_t& job_id) {
    try {
      size_t used = 0;
      job_id = std::stoull(id, &used);
      if (used != id.size()) return tasks_.end();
    } catch (const std::exception&) {
      return tasks_.end();
    }
    return tasks_.find(job_id);
  }

  // --- reports ---

  void report_packs(Task& task, const std::vector<Article>& articles) {
    for (const Article& article : articles) {
      for (const wwks::Pack& pack : article.packs) {
        if (pack.id && !task.reported_ids.insert(*pack.id).second) continue;
        size_t line = line_of(task, article.id.value_or(""), pack.batch_number);
        ++task.reported[line];
        ++packs_out_;
        report_in_process(task);
        PackOut out{task.job.job_id, task.job.lines[line].item, task.job.lines[line].location,
                    pack.scan_code.value_or("")};
        if (listener_) listener_->on_pack_out(out);
      }
    }
  }

  // The job line a pack of `article` and `batch` came out for: the first of
  // that drug and lot with packs still due, else of that drug, else line 0.
  static size_t line_of(const Task& task, const std::string& article, const std::optional<std::string>& batch) {
    const auto& lines = task.job.lines;
    auto due = [&](size_t i) { return task.reported[i] < lines[i].packs; };
    for (size_t i = 0; i < lines.size(); ++i) {
      if (lines[i].drug.value() == article && batch && lines[i].lot.value() == *batch && due(i)) return i;
    }
    for (size_t i = 0; i < lines.size(); ++i) {
      if (lines[i].drug.value() == article && due(i)) return i;
    }
    for (size_t i = 0; i < lines.size(); ++i) {
      if (lines[i].drug.value() == article) return i;
    }
    return 0;
  }

  void report_queued(Task& task) {
    if (task.queued_reported) return;
    task.queued_reported = true;
    state(task.job.job_id, JobState::kQueued, "");
  }

  void report_in_process(Task& task) {
    if (task.in_process) return;
    task.in_process = true;
    state(task.job.job_id, JobState::kInProcess, "");
  }

  void end(std::map<uint64_t, Task>::iterator it, JobState final_state, const std::string& detail) {
    uint64_t job_id = it->first;
    tasks_.erase(it);
    state(job_id, final_state, detail);
  }

  void state(uint64_t job_id, JobState s, const std::string& detail) {
    if (listener_) listener_->on_job_state(job_id, s, detail);
  }

  void post_state(uint64_t job_id, JobState s, std::string detail) {
    asio::post(io_, [weak = weak_from_this(), job_id, s, detail = std::move(detail)] {
      if (auto self = weak.lock()) self->state(job_id, s, detail);
    });
  }

  asio::io_context& io_;
  const Scheduler& clock_;
  WwksRobotConfig config_;
  tcp::resolver resolver_;
  asio::steady_timer retry_timer_;
  asio::steady_timer tick_timer_;
  asio::steady_timer offline_timer_;
  bool offline_armed_ = false;
  bool offline_ = false;  // told the listener so, until the robot answers again
  std::shared_ptr<WwksConnection> connection_;
  uint64_t generation_ = 0;  // counts links, so that a handler of a dropped link does nothing
  Link link_ = Link::kDown;
  bool stopped_ = true;
  int links_ = 0;
  Duration backoff_;
  std::string last_error_;
  int32_t robot_id_;
  uint64_t last_request_ = 0;
  SteadyTime last_keep_alive_{};
  std::map<std::string, Pending> pending_;  // by request Id
  std::map<uint64_t, Task> tasks_;          // by job id, until the job ends
  Subscriber robot_;                        // as its last HelloResponse described it
  std::map<std::string, Input> inputs_;     // by InitiateInputRequest Id, until its outcome comes
  std::map<std::string, std::function<void(Status)>> deliveries_;  // by StockDeliverySetRequest Id
  uint64_t packs_out_ = 0;
  DeviceListener* listener_ = nullptr;
};

WwksRobot::WwksRobot(asio::io_context& io, const Scheduler& clock, WwksRobotConfig config)
    : impl_(std::make_shared<Impl>(io, clock, std::move(config))) {}

WwksRobot::~WwksRobot() {
  impl_->set_listener(nullptr);
  impl_->stop();
}

void WwksRobot::start() { impl_->start(); }
void WwksRobot::stop() { impl_->stop(); }
bool WwksRobot::online() const { return impl_->online(); }
bool WwksRobot::available() const { return impl_->available(); }
int WwksRobot::links() const { return impl_->links(); }
void WwksRobot::set_listener(DeviceListener* listener) { impl_->set_listener(listener); }
void WwksRobot::submit(PickJob job) { impl_->submit(std::move(job)); }
void WwksRobot::reprioritise(uint64_t job_id, int priority) { impl_->reprioritise(job_id, priority); }
void WwksRobot::cancel(uint64_t job_id) { impl_->cancel(job_id); }
DeviceStatus WwksRobot::status() const { return impl_->status(); }
void WwksRobot::stock_input(uint64_t input_id, std::vector<StockInputPack> packs, StockInputDone done) {
  impl_->stock_input(input_id, std::move(packs), std::move(done));
}
void WwksRobot::announce_delivery(DeliveryNotice notice, std::function<void(Status)> done) {
  impl_->announce_delivery(std::move(notice), std::move(done));
}

}  // namespace rx
