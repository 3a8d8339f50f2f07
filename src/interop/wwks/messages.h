// The WWKS 2.0 messages ("lead elements") and the <WWKS> envelope that holds
// exactly one of them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/time.h"
#include "interop/wwks/elements.h"

namespace rx::wwks {

inline constexpr std::string_view kWwksVersion = "2.0";

struct HelloRequest {
  std::string id;
  Subscriber subscriber;
  bool operator==(const HelloRequest&) const = default;
};
struct HelloResponse {
  std::string id;
  Subscriber subscriber;
  bool operator==(const HelloResponse&) const = default;
};

struct KeepAliveRequest {
  Header header;
  bool operator==(const KeepAliveRequest&) const = default;
};
struct KeepAliveResponse {
  Header header;
  bool operator==(const KeepAliveResponse&) const = default;
};

struct StatusRequest {
  Header header;
  std::optional<bool> include_details;
  bool operator==(const StatusRequest&) const = default;
};
struct StatusResponse {
  Header header;
  ReadyState state = ReadyState::kReady;
  std::optional<std::string> state_text;
  std::vector<Component> components;
  bool operator==(const StatusResponse&) const = default;
};

// Robot -> pharmacy system: may these packs go in? Packs need a ScanCode.
struct InputRequest {
  Header header;
  std::optional<bool> is_new_delivery;
  std::optional<bool> set_picking_indicator;
  Article article;  // attributes unused; one or more packs
  bool operator==(const InputRequest&) const = default;
};
// Every pack carries a Handling.
struct InputResponse {
  Header header;
  std::optional<bool> is_new_delivery;
  std::vector<Article> articles;
  bool operator==(const InputResponse&) const = default;
};
// Every pack carries an Id and an outcome.
struct InputMessage {
  Header header;
  std::optional<bool> is_new_delivery;
  std::vector<Article> articles;
  bool operator==(const InputMessage&) const = default;
};

struct InitiateInputRequest {
  Header header;
  std::optional<bool> is_new_delivery;
  std::optional<bool> set_picking_indicator;
  InputDetails details;
  Article article;  // attributes unused; packs need a ScanCode
  bool operator==(const InitiateInputRequest&) const = default;
};
struct InitiateInputResponse {
  Header header;
  std::optional<bool> is_new_delivery;
  std::optional<bool> set_picking_indicator;
  InputDetails details;
  InitiateInputResponseStatus status = InitiateInputResponseStatus::kAccepted;  // Details/@Status
  Article article;  // packs need a ScanCode
  bool operator==(const InitiateInputResponse&) const = default;
};
struct InitiateInputMessage {
  Header header;
  InputDetails details;
  InitiateInputMessageStatus status = InitiateInputMessageStatus::kCompleted;  // Details/@Status
  std::vector<Article> articles;
  bool operator==(const InitiateInputMessage&) const = default;
};

// The manual makes Id, Source and Destination optional here alone.
struct ArticleMasterSetRequest {
  std::optional<std::string> id;
  std::optional<int32_t> source;
  std::optional<int32_t> destination;
  std::vector<Article> articles;  // none: clear the article master
  bool operator==(const ArticleMasterSetRequest&) const = default;
};
struct ArticleMasterSetResponse {
  Header header;
  SetResult result;
  bool operator==(const ArticleMasterSetResponse&) const = default;
};

struct StockDeliverySetRequest {
  Header header;
  std::vector<StockDelivery> deliveries;  // at least one
  bool operator==(const StockDeliverySetRequest&) const = default;
};
struct StockDeliverySetResponse {
  Header header;
  SetResult result;
  bool operator==(const StockDeliverySetResponse&) const = default;
};

struct StockInfoRequest {
  Header header;
  std::optional<bool> include_packs;            // "True" when absent
  std::optional<bool> include_article_details;  // "False" when absent
  std::vector<StockInfoCriteria> criteria;
  bool operator==(const StockInfoRequest&) const = default;
};
// No articles: nothing in stock matches. Packs need an Id > 0.
struct StockInfoResponse {
  Header header;
  std::vector<Article> articles;
  bool operator==(const StockInfoResponse&) const = default;
};
// A change of stock data that leaves the pack count alone.
struct StockInfoMessage {
  Header header;
  std::vector<Article> articles;
  bool operator==(const StockInfoMessage&) const = default;
};

// No criteria: an "empty order" that only forwards a container.
struct OutputRequest {
  Header header;
  std::optional<std::string> box_number;
  OutputDetails details;
  std::vector<OutputCriteria> criteria;
  bool operator==(const OutputRequest&) const = default;
};
struct OutputResponse {
  Header header;
  std::optional<std::string> box_number;
  OutputDetails details;
  OutputResponseStatus status = OutputResponseStatus::kQueued;  // Details/@Status
  std::vector<OutputCriteria> criteria;
  bool operator==(const OutputResponse&) const = default;
};
// Id "1" is a manual output started at the robot. Packs need an Id > 0 and
// an OutputDestination.
struct OutputMessage {
  Header header;
  OutputDetails details;
  OutputMessageStatus status = OutputMessageStatus::kCompleted;  // Details/@Status
  std::vector<Article> articles;
  std::vector<Box> boxes;
  bool operator==(const OutputMessage&) const = default;
};

struct TaskInfoRequest {
  Header header;
  std::optional<bool> include_task_details;
  TaskRef task;
  bool operator==(const TaskInfoRequest&) const = default;
};
struct TaskInfoResponse {
  Header header;
  TaskInfo task;
  bool operator==(const TaskInfoResponse&) const = default;
};

// Only output tasks can be cancelled.
struct TaskCancelRequest {
  Header header;
  std::vector<TaskRef> tasks;  // at least one
  bool operator==(const TaskCancelRequest&) const = default;
};
struct TaskCancelResponse {
  Header header;
  std::vector<CancelledTask> tasks;  // at least one
  bool operator==(const TaskCancelResponse&) const = default;
};

struct ConfigurationGetRequest {
  Header header;
  bool operator==(const ConfigurationGetRequest&) const = default;
};
// The configuration is the robot maker's own text, kept byte for byte.
struct ConfigurationGetResponse {
  Header header;
  std::string configuration;
  bool operator==(const ConfigurationGetResponse&) const = default;
};

struct StockLocationInfoRequest {
  Header header;
  bool operator==(const StockLocationInfoRequest&) const = default;
};
struct StockLocationInfoResponse {
  Header header;
  std::vector<StockLocation> locations;  // at least one
  bool operator==(const StockLocationInfoResponse&) const = default;
};

// A lead element the manual does not define, kept so it can be logged and
// skipped. Its attributes are kept as text, unchecked.
struct UnknownMessage {
  std::string element;
  std::optional<std::string> id;
  std::optional<std::string> source;
  std::optional<std::string> destination;
  bool operator==(const UnknownMessage&) const = default;
};

using Message = std::variant<HelloRequest, HelloResponse, KeepAliveRequest, KeepAliveResponse, StatusRequest,
                             StatusResponse, InputRequest, InputResponse, InputMessage, InitiateInputRequest,
                             InitiateInputResponse, InitiateInputMessage, ArticleMasterSetRequest,
                             ArticleMasterSetResponse, StockDeliverySetRequest, StockDeliverySetResponse,
                             StockInfoRequest, StockInfoResponse, StockInfoMessage, OutputRequest, OutputResponse,
                             OutputMessage, TaskInfoRequest, TaskInfoResponse, TaskCancelRequest,
                             TaskCancelResponse, ConfigurationGetRequest, ConfigurationGetResponse,
                             StockLocationInfoRequest, StockLocationInfoResponse, UnknownMessage>;

// One <WWKS Version="2.0" TimeStamp="..."> document.
struct Envelope {
  Instant timestamp;  // written in UTC, "2013-04-16T11:14:00Z"
  Message message;
  bool operator==(const Envelope&) const = default;
};

// The lead element name of a message ("OutputRequest"; an unknown message's
// own name).
std::string_view message_name(const Message& message);

}  // namespace rx::wwks
