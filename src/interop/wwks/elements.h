// The child elements of WWKS 2.0 messages. Optional attributes are
// std::optional and stay absent when absent on the wire: a default the manual
// names (Shape "Cuboid", State "Available", flags "False") is the reader's to
// apply, so that a message reads and writes back unchanged.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "interop/wwks/enums.h"

namespace rx::wwks {

// Id, Source and Destination of every lead element but Hello and
// ArticleMasterSetRequest. Source and Destination are subscriber ids, > 0.
struct Header {
  std::string id;
  int32_t source = 0;
  int32_t destination = 0;
  bool operator==(const Header&) const = default;
};

struct Subscriber {
  int32_t id = 0;  // > 0; 899..1000 are reserved for the robot maker
  SubscriberType type = SubscriberType::kIms;
  std::string manufacturer;
  std::string product_info;
  std::string version_info;
  std::optional<std::string> tenant_id;  // HelloRequest only
  std::vector<Capability> capabilities;  // none listed: every function is supported
  bool operator==(const Subscriber&) const = default;
};

struct Component {
  ComponentType type = ComponentType::kStorageSystem;
  std::string description;
  ReadyState state = ReadyState::kReady;
  std::optional<std::string> state_text;
  bool operator==(const Component&) const = default;
};

// Handling of a pack in InputResponse (Input is an InputHandling) and in
// InputMessage (Input is an InputOutcome).
template <class Input>
struct Handling {
  Input input{};
  std::optional<std::string> text;
  bool operator==(const Handling&) const = default;
};

// Error of a pack in InitiateInputMessage.
struct PackError {
  InitiateInputErrorType type = InitiateInputErrorType::kRejected;
  std::optional<std::string> text;
  bool operator==(const PackError&) const = default;
};

// One pack. It carries every pack attribute the manual defines in any
// message; the parser checks, message by message, which ones are required and
// in what range. Sizes are millimetres; dates are YYYY-MM-DD on the wire.
struct Pack {
  std::optional<int32_t> index;             // >= 0
  std::optional<int64_t> id;                // robot-internal, >= 0 (0: not stored)
  std::optional<std::string> scan_code;
  std::optional<std::string> delivery_number;
  std::optional<std::string> batch_number;
  std::optional<std::string> external_id;
  std::optional<Date> expiry_date;
  std::optional<Date> stock_in_date;
  std::optional<int32_t> sub_item_quantity;  // >= 0; 0: a full, unopened pack
  std::optional<int32_t> depth;
  std::optional<int32_t> width;
  std::optional<int32_t> height;
  std::optional<PackShape> shape;
  std::optional<PackState> state;
  std::optional<bool> is_in_fridge;
  std::optional<std::string> box_number;
  std::optional<int32_t> output_destination;
  std::optional<int32_t> output_point;
  std::optional<LabelStatus> label_status;
  std::optional<std::string> stock_location_id;
  std::optional<std::string> machine_location;
  std::optional<Handling<InputHandling>> handling;  // InputResponse
  std::optional<Handling<InputOutcome>> outcome;    // InputMessage
  std::optional<PackError> error;                   // InitiateInputMessage
  bool operator==(const Pack&) const = default;
};

// One article, with every article attribute the manual defines in any message.
struct Article {
  std::optional<std::string> id;
  std::optional<std::string> name;
  std::optional<std::string> dosage_form;
  std::optional<std::string> packaging_unit;
  std::optional<bool> requires_fridge;
  std::optional<std::string> batch_number;  // StockDeliverySetRequest
  std::optional<std::string> external_id;   // StockDeliverySetRequest
  std::optional<Date> expiry_date;          // StockDeliverySetRequest
  std::optional<int32_t> max_sub_item_quantity;  // >= 0; 0: unknown
  std::optional<int32_t> quantity;               // packs; >= 0
  std::optional<std::string> stock_location_id;
  std::optional<std::string> machine_location;
  std::vector<Pack> packs;
  bool operator==(const Article&) const = default;
};

// Details of InitiateInputRequest; the response and the message add a status.
struct InputDetails {
  int32_t input_source = 0;
  std::optional<int32_t> input_point;
  bool operator==(const InputDetails&) const = default;
};

struct SetResult {
  SetResultValue value = SetResultValue::kAccepted;
  std::optional<std::string> text;
  bool operator==(const SetResult&) const = default;
};

struct StockDelivery {
  std::string delivery_number;
  std::vector<Article> articles;  // at least one
  bool operator==(const StockDelivery&) const = default;
};

// A StockInfoRequest filter; every attribute narrows the answer.
struct StockInfoCriteria {
  std::optional<std::string> article_id;
  std::optional<std::string> batch_number;
  std::optional<std::string> external_id;
  std::optional<std::string> stock_location_id;
  std::optional<std::string> machine_location;
  bool operator==(const StockInfoCriteria&) const = default;
};

struct OutputDetails {
  std::optional<OutputPriority> priority;  // "Normal" when absent
  int32_t output_destination = 0;
  std::optional<int32_t> output_point;
  bool operator==(const OutputDetails&) const = default;
};

// A label to print on output. The content travels as CDATA and is kept
// byte for byte.
struct Label {
  std::string template_id;
  std::string content;
  bool operator==(const Label&) const = default;
};

struct OutputCriteria {
  std::optional<std::string> article_id;
  int32_t quantity = 0;  // full packs, >= 0
  std::optional<int32_t> sub_item_quantity;  // >= 0; when set, Quantity is ignored
  std::optional<Date> minimum_expiry_date;
  std::optional<std::string> batch_number;
  std::optional<bool> single_batch_number;
  std::optional<std::string> external_id;
  std::optional<int64_t> pack_id;  // > 0
  std::optional<std::string> stock_location_id;
  std::optional<std::string> machine_location;
  std::vector<Label> labels;
  bool operator==(const OutputCriteria&) const = default;
};

struct Box {
  std::string number;
  bool operator==(const Box&) const = default;
};

// A task named in TaskInfoRequest and TaskCancelRequest.
struct TaskRef {
  TaskType type = TaskType::kOutput;
  std::string id;  // the OutputRequest Id, or the DeliveryNumber
  bool operator==(const TaskRef&) const = default;
};

struct TaskInfo {
  TaskType type = TaskType::kOutput;
  std::string id;
  TaskStatus status = TaskStatus::kUnknown;
  std::vector<Article> articles;
  std::vector<Box> boxes;
  bool operator==(const TaskInfo&) const = default;
};

struct CancelledTask {
  TaskType type = TaskType::kOutput;
  std::string id;
  TaskCancelStatus status = TaskCancelStatus::kUnknown;
  bool operator==(const CancelledTask&) const = default;
};

struct StockLocation {
  std::string id;
  std::optional<std::string> description;
  bool operator==(const StockLocation&) const = default;
};

}  // namespace rx::wwks
