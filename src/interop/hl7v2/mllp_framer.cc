#include "interop/hl7v2/mllp_framer.h"

#include <fmt/format.h>

namespace rx::hl7 {

std::string mllp_frame(std::string_view payload) {
  std::string out;
  out.reserve(payload.size() + 3);
  out += kMllpStart;
  out += payload;
  out += kMllpEnd;
  out += kMllpCarriageReturn;
  return out;
}

std::vector<Result<std::string>> MllpDeframer::feed(std::string_view chunk) {
  std::vector<Result<std::string>> out;
  size_t i = 0;
  while (i < chunk.size()) {
    switch (state_) {
      case State::kBetweenFrames: {
        size_t start = chunk.find(kMllpStart, i);
        size_t end = start == std::string_view::npos ? chunk.size() : start;
        discarded_bytes_ += end - i;
        i = end;
        if (start != std::string_view::npos) {
          payload_.clear();
          oversized_ = false;
          state_ = State::kInFrame;
          ++i;
        }
        break;
      }
      case State::kInFrame: {
        size_t stop = chunk.find_first_of(std::string_view("\x0B\x1C", 2), i);
        size_t end = stop == std::string_view::npos ? chunk.size() : stop;
        if (payload_.size() + (end - i) > max_frame_bytes_) {
          out.push_back(Status::invalid(fmt::format(
              "MLLP frame longer than the limit of {} bytes; the rest of it is skipped", max_frame_bytes_)));
          payload_.clear();
          payload_.shrink_to_fit();
          oversized_ = true;
          state_ = State::kSkippingOversized;
          break;
        }
        payload_.append(chunk.substr(i, end - i));
        i = end;
        if (stop == std::string_view::npos) break;
        if (chunk[stop] == kMllpStart) {
          out.push_back(Status::invalid(
              fmt::format("MLLP frame cut short: a new start block (0x0B) came after {} bytes, before the end block",
                          payload_.size())));
          payload_.clear();
        } else {
          state_ = State::kAfterEndBlock;
        }
        ++i;
        break;
      }
      case State::kAfterEndBlock: {
        if (chunk[i] == kMllpCarriageReturn) {
          if (!oversized_) out.push_back(std::move(payload_));
          payload_.clear();
          ++i;
        } else if (!oversized_) {
          // The byte is left for the next state to read: it may start the next frame.
          out.push_back(Status::invalid(fmt::format("MLLP end block 0x1C followed by 0x{:02X} instead of 0x0D",
                                                    static_cast<unsigned char>(chunk[i]))));
          payload_.clear();
        }
        state_ = State::kBetweenFrames;
        break;
      }
      case State::kSkippingOversized: {
        // Ends at the frame's end block, or at a new start block that begins the next frame.
        size_t stop = chunk.find_first_of(std::string_view("\x0B\x1C", 2), i);
        if (stop == std::string_view::npos) {
          i = chunk.size();
        } else if (chunk[stop] == kMllpStart) {
          i = stop;
          state_ = State::kBetweenFrames;
        } else {
          i = stop + 1;
          state_ = State::kAfterEndBlock;
        }
        break;
      }
    }
  }
  return out;
}

}  // namespace rx::hl7
