// The enumerated attribute values of WWKS 2.0, each with its wire spelling.
#pragma once

#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace rx::wwks {

enum class SubscriberType { kIms, kRobot };
// The first part of the lead element names a subscriber supports ("Input"
// covers InputRequest, InputResponse and InputMessage).
enum class Capability {
  kKeepAlive, kStatus, kInput, kInitiateInput, kArticleMaster, kStockDelivery,
  kStockInfo, kOutput, kTaskInfo, kTaskCancel, kConfiguration, kStockLocationInfo,
};
enum class ReadyState { kReady, kNotReady };
enum class ComponentType { kStorageSystem, kBoxSystem };
enum class PackShape { kCuboid, kCylinder };
enum class PackState { kAvailable, kNotAvailable };
// InputResponse Handling/@Input: what the pharmacy system tells the robot.
enum class InputHandling {
  kAllowed, kAllowedForFridge, kRejected, kRejectedNoExpiryDate, kRejectedNoPickingIndicator,
  kRejectedNoBatchNumber, kRejectedNoStockLocation, kRejectedInvalidStockLocation,
};
// InputMessage Handling/@Input: what became of the pack.
enum class InputOutcome { kCompleted, kAborted };
enum class InitiateInputResponseStatus { kAccepted, kRejected };
enum class InitiateInputMessageStatus { kCompleted, kIncomplete };
enum class InitiateInputErrorType {
  kRejected, kRejectedNoExpiryDate, kRejectedInvalidExpiryDate, kRejectedNoPickingIndicator,
  kRejectedNoBatchNumber, kRejectedNoStockLocation, kRejectedInvalidStockLocation, kQueueFull,
  kFridgeMissing, kUnknownPackDimensions, kMeasurementError, kPackAcknowledged, kInputBroken,
  kNoSpaceInMachine, kNoPackDetected,
};
enum class SetResultValue { kAccepted, kRejected };
enum class OutputPriority { kLow, kNormal, kHigh };
enum class OutputResponseStatus { kQueued, kRejected };
enum class OutputMessageStatus { kCompleted, kIncomplete, kAborted };
enum class LabelStatus { kLabelled, kNotLabelled, kLabelError };
enum class TaskType { kOutput, kStockDelivery };
enum class TaskStatus { kUnknown, kQueued, kInProcess, kAborting, kAborted, kCompleted, kIncomplete };
enum class TaskCancelStatus { kUnknown, kCancelled, kCancelError };

// Wire spellings, specialised for each enumeration below.
template <class E>
struct EnumSpelling;

#define RX_WWKS_SPELLING(E, ...)                                          \
  template <>                                                             \
  struct EnumSpelling<E> {                                                \
    static constexpr std::pair<E, std::string_view> kValues[] = {__VA_ARGS__}; \
  }

RX_WWKS_SPELLING(SubscriberType, {SubscriberType::kIms, "IMS"}, {SubscriberType::kRobot, "Robot"});
RX_WWKS_SPELLING(Capability, {Capability::kKeepAlive, "KeepAlive"}, {Capability::kStatus, "Status"},
                 {Capability::kInput, "Input"}, {Capability::kInitiateInput, "InitiateInput"},
                 {Capability::kArticleMaster, "ArticleMaster"}, {Capability::kStockDelivery, "StockDelivery"},
                 {Capability::kStockInfo, "StockInfo"}, {Capability::kOutput, "Output"},
                 {Capability::kTaskInfo, "TaskInfo"}, {Capability::kTaskCancel, "TaskCancel"},
                 {Capability::kConfiguration, "Configuration"},
                 {Capability::kStockLocationInfo, "StockLocationInfo"});
RX_WWKS_SPELLING(ReadyState, {ReadyState::kReady, "Ready"}, {ReadyState::kNotReady, "NotReady"});
RX_WWKS_SPELLING(ComponentType, {ComponentType::kStorageSystem, "StorageSystem"},
                 {ComponentType::kBoxSystem, "BoxSystem"});
RX_WWKS_SPELLING(PackShape, {PackShape::kCuboid, "Cuboid"}, {PackShape::kCylinder, "Cylinder"});
RX_WWKS_SPELLING(PackState, {PackState::kAvailable, "Available"}, {PackState::kNotAvailable, "NotAvailable"});
RX_WWKS_SPELLING(InputHandling, {InputHandling::kAllowed, "Allowed"},
                 {InputHandling::kAllowedForFridge, "AllowedForFridge"}, {InputHandling::kRejected, "Rejected"},
                 {InputHandling::kRejectedNoExpiryDate, "RejectedNoExpiryDate"},
                 {InputHandling::kRejectedNoPickingIndicator, "RejectedNoPickingIndicator"},
                 {InputHandling::kRejectedNoBatchNumber, "RejectedNoBatchNumber"},
                 {InputHandling::kRejectedNoStockLocation, "RejectedNoStockLocation"},
                 {InputHandling::kRejectedInvalidStockLocation, "RejectedInvalidStockLocation"});
RX_WWKS_SPELLING(InputOutcome, {InputOutcome::kCompleted, "Completed"}, {InputOutcome::kAborted, "Aborted"});
RX_WWKS_SPELLING(InitiateInputResponseStatus, {InitiateInputResponseStatus::kAccepted, "Accepted"},
                 {InitiateInputResponseStatus::kRejected, "Rejected"});
RX_WWKS_SPELLING(InitiateInputMessageStatus, {InitiateInputMessageStatus::kCompleted, "Completed"},
                 {InitiateInputMessageStatus::kIncomplete, "Incomplete"});
RX_WWKS_SPELLING(InitiateInputErrorType, {InitiateInputErrorType::kRejected, "Rejected"},
                 {InitiateInputErrorType::kRejectedNoExpiryDate, "RejectedNoExpiryDate"},
                 {InitiateInputErrorType::kRejectedInvalidExpiryDate, "RejectedInvalidExpiryDate"},
                 {InitiateInputErrorType::kRejectedNoPickingIndicator, "RejectedNoPickingIndicator"},
                 {InitiateInputErrorType::kRejectedNoBatchNumber, "RejectedNoBatchNumber"},
                 {InitiateInputErrorType::kRejectedNoStockLocation, "RejectedNoStockLocation"},
                 {InitiateInputErrorType::kRejectedInvalidStockLocation, "RejectedInvalidStockLocation"},
                 {InitiateInputErrorType::kQueueFull, "QueueFull"},
                 {InitiateInputErrorType::kFridgeMissing, "FridgeMissing"},
                 {InitiateInputErrorType::kUnknownPackDimensions, "UnknownPackDimensions"},
                 {InitiateInputErrorType::kMeasurementError, "MeasurementError"},
                 {InitiateInputErrorType::kPackAcknowledged, "PackAcknowledged"},
                 {InitiateInputErrorType::kInputBroken, "InputBroken"},
                 {InitiateInputErrorType::kNoSpaceInMachine, "NoSpaceInMachine"},
                 {InitiateInputErrorType::kNoPackDetected, "NoPackDetected"});
RX_WWKS_SPELLING(SetResultValue, {SetResultValue::kAccepted, "Accepted"}, {SetResultValue::kRejected, "Rejected"});
RX_WWKS_SPELLING(OutputPriority, {OutputPriority::kLow, "Low"}, {OutputPriority::kNormal, "Normal"},
                 {OutputPriority::kHigh, "High"});
RX_WWKS_SPELLING(OutputResponseStatus, {OutputResponseStatus::kQueued, "Queued"},
                 {OutputResponseStatus::kRejected, "Rejected"});
RX_WWKS_SPELLING(OutputMessageStatus, {OutputMessageStatus::kCompleted, "Completed"},
                 {OutputMessageStatus::kIncomplete, "Incomplete"}, {OutputMessageStatus::kAborted, "Aborted"});
RX_WWKS_SPELLING(LabelStatus, {LabelStatus::kLabelled, "Labelled"}, {LabelStatus::kNotLabelled, "NotLabelled"},
                 {LabelStatus::kLabelError, "LabelError"});
RX_WWKS_SPELLING(TaskType, {TaskType::kOutput, "Output"}, {TaskType::kStockDelivery, "StockDelivery"});
RX_WWKS_SPELLING(TaskStatus, {TaskStatus::kUnknown, "Unknown"}, {TaskStatus::kQueued, "Queued"},
                 {TaskStatus::kInProcess, "InProcess"}, {TaskStatus::kAborting, "Aborting"},
                 {TaskStatus::kAborted, "Aborted"}, {TaskStatus::kCompleted, "Completed"},
                 {TaskStatus::kIncomplete, "Incomplete"});
RX_WWKS_SPELLING(TaskCancelStatus, {TaskCancelStatus::kUnknown, "Unknown"},
                 {TaskCancelStatus::kCancelled, "Cancelled"}, {TaskCancelStatus::kCancelError, "CancelError"});

#undef RX_WWKS_SPELLING

// The wire spelling of a value ("NotAvailable").
template <class E>
constexpr std::string_view spelling(E value) {
  for (const auto& [v, name] : EnumSpelling<E>::kValues) {
    if (v == value) return name;
  }
  return {};
}

// The value spelled exactly `text` (case-sensitive), or nothing.
template <class E>
constexpr std::optional<E> from_spelling(std::string_view text) {
  for (const auto& [v, name] : EnumSpelling<E>::kValues) {
    if (name == text) return v;
  }
  return std::nullopt;
}

// "'Low', 'Normal' or 'High'", for error messages.
template <class E>
std::string spellings() {
  std::string out;
  constexpr size_t n = std::size(EnumSpelling<E>::kValues);
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) out += (i + 1 == n) ? " or " : ", ";
    out += '\'';
    out += EnumSpelling<E>::kValues[i].second;
    out += '\'';
  }
  return out;
}

}  // namespace rx::wwks
