// MLLP framing (HL7 v2 over TCP): 0x0B payload 0x1C 0x0D.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace rx::hl7 {

inline constexpr char kMllpStart = 0x0B;
inline constexpr char kMllpEnd = 0x1C;
inline constexpr char kMllpCarriageReturn = 0x0D;
inline constexpr size_t kDefaultMaxMllpFrameBytes = size_t{1} << 20;

// The payload wrapped as one MLLP frame.
std::string mllp_frame(std::string_view payload);

// Reassembles MLLP frames from bytes arriving in chunks of any size: a frame
// may span chunks and a chunk may hold several frames. Pure: it owns no socket.
class MllpDeframer {
 public:
  explicit MllpDeframer(size_t max_frame_bytes = kDefaultMaxMllpFrameBytes) : max_frame_bytes_(max_frame_bytes) {}

  // Consumes one chunk and returns, in order, a payload for each frame it
  // completes and an error for each frame it gives up on:
  // - a payload longer than the limit (reported as soon as it passes the
  //   limit; the rest of that frame is skipped, up to its end or a new start);
  // - a frame cut short by a new start block (0x0B) before its end block;
  // - an end block 0x1C not followed by 0x0D.
  // Bytes outside frames are discarded. After an error the next frame is read
  // normally.
  std::vector<Result<std::string>> feed(std::string_view chunk);

  // Bytes discarded outside frames so far.
  size_t discarded_bytes() const { return discarded_bytes_; }

  // True while a frame has started and has not ended.
  bool mid_frame() const { return state_ != State::kBetweenFrames; }

 private:
  enum class State { kBetweenFrames, kInFrame, kAfterEndBlock, kSkippingOversized };

  size_t max_frame_bytes_;
  State state_ = State::kBetweenFrames;
  std::string payload_;
  bool oversized_ = false;  // the current frame passed the limit and is being skipped
  size_t discarded_bytes_ = 0;
};

}  // namespace rx::hl7
