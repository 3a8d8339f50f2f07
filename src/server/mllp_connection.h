// MllpConnection: one HL7 v2 peer over MLLP. It reassembles frames from the
// bytes as they come, hands each to the intake at once (several may be in
// flight), and writes the answers back in the order the frames came.
#pragma once

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/status.h"
#include "interop/hl7v2/mllp_framer.h"
#include "server/mllp_config.h"

namespace rx {

// Called once with the answer's payload (unframed); later calls are ignored.
using MllpReply = std::function<void(std::string payload)>;

struct MllpHandlers {
  // A complete frame's payload.
  std::function<void(std::string payload, MllpReply reply)> message;
  // A frame that could not be read whole (longer than the limit, cut short);
  // `why` says what was wrong with it.
  std::function<void(const Status& why, MllpReply reply)> broken_frame;
};

class MllpConnection : public std::enable_shared_from_this<MllpConnection> {
 public:
  MllpConnection(boost::asio::ip::tcp::socket socket, uint64_t id, const MllpConfig& config, MllpHandlers handlers);

  // Starts reading frames and the idle timer.
  void start();
  // Closes the socket now; answers still owed are dropped.
  void close();
  bool closed() const { return closed_; }
  uint64_t id() const { return id_; }

 private:
  void read();
  void on_read(const boost::system::error_code& ec, size_t n);
  // Reserves the next place in the answer order and returns its reply.
  MllpReply reserve_answer();
  void answer(uint64_t seq, std::string payload);
  void write_next();
  void arm_idle_timer();
  void on_idle(const boost::system::error_code& ec);

  boost::asio::ip::tcp::socket socket_;
  uint64_t id_;
  MllpConfig config_;
  MllpHandlers handlers_;
  hl7::MllpDeframer deframer_;
  boost::asio::steady_timer idle_timer_;
  std::array<char, 16 * 1024> read_buffer_{};
  // Answers in frame order; the front is the next to write once it is known.
  std::deque<std::optional<std::string>> answers_;
  uint64_t first_seq_ = 0;  // the frame number of answers_.front()
  std::string writing_;     // the frame being written
  bool write_pending_ = false;
  bool read_pending_ = false;
  bool peer_done_ = false;  // the peer will send nothing more
  bool closed_ = false;
  uint64_t frames_ = 0;
};

}  // namespace rx
