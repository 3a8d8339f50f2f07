// MllpDeframer on an arbitrary byte stream cut into arbitrary chunks: how the
// bytes are cut must not change what comes out.
//
// Input layout: byte 0 picks the frame limit, bytes 1-2 seed the chunk sizes,
// the rest is the stream.
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "interop/hl7v2/mllp_framer.h"
#include "invariant.h"

namespace {

using rx::hl7::MllpDeframer;

struct Outcome {
  std::vector<rx::Result<std::string>> results;
  size_t discarded = 0;
  bool mid_frame = false;
};

Outcome feed_all(std::string_view stream, size_t limit, const std::vector<size_t>& cuts) {
  MllpDeframer deframer(limit);
  Outcome outcome;
  size_t at = 0;
  for (size_t cut : cuts) {
    for (auto& r : deframer.feed(stream.substr(at, cut - at))) outcome.results.push_back(std::move(r));
    at = cut;
  }
  for (auto& r : deframer.feed(stream.substr(at))) outcome.results.push_back(std::move(r));
  outcome.discarded = deframer.discarded_bytes();
  outcome.mid_frame = deframer.mid_frame();
  return outcome;
}

bool same(const rx::Result<std::string>& a, const rx::Result<std::string>& b) {
  if (a.ok() != b.ok()) return false;
  return a.ok() ? *a == *b : a.status().message() == b.status().message();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 3) return 0;
  // Small limits reach the oversized-frame paths with short inputs; 0 stands for the default.
  size_t limit = data[0] == 0 ? rx::hl7::kDefaultMaxMllpFrameBytes : data[0];
  std::minstd_rand cut_source((static_cast<unsigned>(data[1]) << 8 | data[2]) + 1);
  std::string_view stream(reinterpret_cast<const char*>(data) + 3, size - 3);

  std::vector<size_t> cuts;
  for (size_t at = 0; at < stream.size();) {
    at += 1 + cut_source() % 17;  // chunks of 1 to 17 bytes, so every boundary gets cut somewhere
    if (at < stream.size()) cuts.push_back(at);
  }
  Outcome whole = feed_all(stream, limit, {});
  Outcome chunked = feed_all(stream, limit, cuts);

  RX_FUZZ_CHECK(whole.results.size() == chunked.results.size(), "chunking changes the number of results");
  for (size_t i = 0; i < whole.results.size(); ++i) {
    RX_FUZZ_CHECK(same(whole.results[i], chunked.results[i]), "chunking changes a result");
  }
  RX_FUZZ_CHECK(whole.discarded == chunked.discarded, "chunking changes the discarded byte count");
  RX_FUZZ_CHECK(whole.mid_frame == chunked.mid_frame, "chunking changes whether a frame is open");

  size_t payload_bytes = 0;
  for (const auto& r : whole.results) {
    if (!r.ok()) continue;
    RX_FUZZ_CHECK(r->size() <= limit, "a payload longer than the limit");
    RX_FUZZ_CHECK(r->find_first_of(std::string_view("\x0B\x1C", 2)) == std::string::npos,
                  "a payload holding a block character");
    payload_bytes += r->size();
    // What came out of a frame goes back into one unchanged.
    MllpDeframer again(limit);
    auto reframed = again.feed(rx::hl7::mllp_frame(*r));
    RX_FUZZ_CHECK(reframed.size() == 1 && reframed[0].ok() && *reframed[0] == *r, "mllp_frame does not round-trip");
  }
  RX_FUZZ_CHECK(payload_bytes + whole.discarded <= stream.size(), "more bytes out than in");
  return 0;
}
