// EventStreams: the Server-Sent Events routes, fed by the Pharmacy's notices.
#pragma once

#include <memory>
#include <vector>

#include "server/router.h"
#include "server/sse_stream.h"
#include "service/pharmacy.h"

namespace rx {

class EventStreams {
 public:
  EventStreams(Pharmacy& pharmacy, SseStream::Limits limits);

  // GET /api/v1/events (signed in, any role): a "summary" event, then one
  // event per notice, named by its type. GET /api/v1/screen/events (screen
  // access): "screen" events with the calling screen's state, the current
  // one first.
  void add_routes(Router& router);
  // Disconnects every stream and ends its subscription.
  void close_all();

 private:
  void open_dashboard(boost::beast::tcp_stream stream);
  void open_screen(boost::beast::tcp_stream stream);
  void track(const std::shared_ptr<SseStream>& stream);

  Pharmacy& pharmacy_;
  SseStream::Limits limits_;
  std::vector<std::weak_ptr<SseStream>> streams_;
};

}  // namespace rx
