#include "interop/wwks/messages.h"

#include <type_traits>

namespace rx::wwks {
namespace {

template <class T>
constexpr std::string_view kName = {};
#define RX_WWKS_NAME(T) \
  template <>           \
  constexpr std::string_view kName<T> = #T
RX_WWKS_NAME(HelloRequest);
RX_WWKS_NAME(HelloResponse);
RX_WWKS_NAME(KeepAliveRequest);
RX_WWKS_NAME(KeepAliveResponse);
RX_WWKS_NAME(StatusRequest);
RX_WWKS_NAME(StatusResponse);
RX_WWKS_NAME(InputRequest);
RX_WWKS_NAME(InputResponse);
RX_WWKS_NAME(InputMessage);
RX_WWKS_NAME(InitiateInputRequest);
RX_WWKS_NAME(InitiateInputResponse);
RX_WWKS_NAME(InitiateInputMessage);
RX_WWKS_NAME(ArticleMasterSetRequest);
RX_WWKS_NAME(ArticleMasterSetResponse);
RX_WWKS_NAME(StockDeliverySetRequest);
RX_WWKS_NAME(StockDeliverySetResponse);
RX_WWKS_NAME(StockInfoRequest);
RX_WWKS_NAME(StockInfoResponse);
RX_WWKS_NAME(StockInfoMessage);
RX_WWKS_NAME(OutputRequest);
RX_WWKS_NAME(OutputResponse);
RX_WWKS_NAME(OutputMessage);
RX_WWKS_NAME(TaskInfoRequest);
RX_WWKS_NAME(TaskInfoResponse);
RX_WWKS_NAME(TaskCancelRequest);
RX_WWKS_NAME(TaskCancelResponse);
RX_WWKS_NAME(ConfigurationGetRequest);
RX_WWKS_NAME(ConfigurationGetResponse);
RX_WWKS_NAME(StockLocationInfoRequest);
RX_WWKS_NAME(StockLocationInfoResponse);
#undef RX_WWKS_NAME

}  // namespace

std::string_view message_name(const Message& message) {
  return std::visit(
      [](const auto& m) -> std::string_view {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, UnknownMessage>) {
          return m.element;
        } else {
          return kName<T>;
        }
      },
      message);
}

}  // namespace rx::wwks
