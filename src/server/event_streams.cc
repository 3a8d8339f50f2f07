#include "server/event_streams.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace rx {

namespace http = boost::beast::http;

EventStreams::EventStreams(Pharmacy& pharmacy, SseStream::Limits limits) : pharmacy_(pharmacy), limits_(limits) {}

void EventStreams::add_routes(Router& router) {
  router.add(Route{http::verb::get, "/api/v1/events", Access::kSignedIn, Permission::kRead,
                   StreamHandler([this](const RequestContext&, boost::beast::tcp_stream stream) {
                     open_dashboard(std::move(stream));
                   })});
  router.add(Route{http::verb::get, "/api/v1/screen/events", Access::kScreen, Permission::kRead,
                   StreamHandler([this](const RequestContext&, boost::beast::tcp_stream stream) {
                     open_screen(std::move(stream));
                   })});
}

void EventStreams::open_dashboard(boost::beast::tcp_stream stream) {
  auto sse = SseStream::start(std::move(stream), limits_);
  sse->send("summary", pharmacy_.summary());
  std::weak_ptr<SseStream> weak = sse;
  int handle = pharmacy_.subscribe([weak](const Notice& notice) {
    if (auto s = weak.lock()) s->send(notice.type, notice.data);
  });
  sse->on_close([this, handle] { pharmacy_.unsubscribe(handle); });
  track(sse);
}

void EventStreams::open_screen(boost::beast::tcp_stream stream) {
  auto sse = SseStream::start(std::move(stream), limits_);
  sse->send("screen", pharmacy_.screen_state());
  std::weak_ptr<SseStream> weak = sse;
  int handle = pharmacy_.subscribe_screen([weak](const ScreenNotice& notice) {
    if (auto s = weak.lock()) s->send("screen", notice.data);
  });
  sse->on_close([this, handle] { pharmacy_.unsubscribe(handle); });
  track(sse);
}

void EventStreams::track(const std::shared_ptr<SseStream>& stream) {
  std::erase_if(streams_, [](const auto& w) {
    auto s = w.lock();
    return !s || s->closed();
  });
  streams_.push_back(stream);
  spdlog::debug("event stream opened; {} open", streams_.size());
}

void EventStreams::close_all() {
  auto streams = std::move(streams_);
  streams_.clear();
  for (const auto& w : streams) {
    if (auto s = w.lock()) s->close();
  }
}

}  // namespace rx
