#include "interop/hl7v2/mllp_framer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "unit/interop/hl7v2/corpus.h"

namespace rx::hl7 {
namespace {

// A frame's payload, or "error: <message>".
using Outcomes = std::vector<std::string>;

void collect(std::vector<Result<std::string>> results, Outcomes& out) {
  for (auto& r : results) out.push_back(r.ok() ? std::move(r).value() : "error: " + r.status().message());
}

Outcomes feed_all(MllpDeframer& deframer, const std::vector<std::string_view>& chunks) {
  Outcomes out;
  for (auto chunk : chunks) collect(deframer.feed(chunk), out);
  return out;
}

const std::string kFirst = "MSH|^~\\&|HIS|H|RX|P|20260329||RDE^O11|1|P|2.5\rPID|1||P1\r";
const std::string kSecond = "MSH|^~\\&|HIS|H|RX|P|20260329||RDE^O11|2|P|2.5\rPID|1||P2\r";

TEST(MllpFrame, WrapsThePayload) {
  EXPECT_EQ(mllp_frame("MSH|x"), std::string("\x0BMSH|x\x1C\x0D"));
  EXPECT_EQ(mllp_frame(""), std::string("\x0B\x1C\x0D"));
}

TEST(MllpDeframer, ReadsSeveralFramesFromOneChunk) {
  MllpDeframer deframer;
  std::string stream = mllp_frame(kFirst) + mllp_frame(kSecond) + mllp_frame("");
  EXPECT_EQ(feed_all(deframer, {stream}), (Outcomes{kFirst, kSecond, ""}));
  EXPECT_FALSE(deframer.mid_frame());
  EXPECT_EQ(deframer.discarded_bytes(), 0u);
}

TEST(MllpDeframer, ReadsFramesSplitAtEveryBytePosition) {
  std::string stream = "\r\n" + mllp_frame(kFirst) + "\n" + mllp_frame(kSecond);
  for (size_t cut = 0; cut <= stream.size(); ++cut) {
    MllpDeframer deframer;
    std::string_view all = stream;
    EXPECT_EQ(feed_all(deframer, {all.substr(0, cut), all.substr(cut)}), (Outcomes{kFirst, kSecond}))
        << "cut at " << cut;
    EXPECT_EQ(deframer.discarded_bytes(), 3u);
  }
  for (size_t cut = 1; cut + 1 < stream.size(); ++cut) {
    MllpDeframer deframer;
    std::string_view all = stream;
    // Three chunks: the second one byte long, so each delimiter byte arrives alone once.
    EXPECT_EQ(feed_all(deframer, {all.substr(0, cut), all.substr(cut, 1), all.substr(cut + 1)}),
              (Outcomes{kFirst, kSecond}))
        << "byte " << cut << " alone";
  }
}

TEST(MllpDeframer, ReadsAByteAtATime) {
  std::string stream = mllp_frame(kFirst) + mllp_frame(kSecond);
  MllpDeframer deframer;
  Outcomes out;
  for (size_t i = 0; i < stream.size(); ++i) {
    collect(deframer.feed(std::string_view(stream).substr(i, 1)), out);
    bool at_a_frame_end = i + 1 == mllp_frame(kFirst).size() || i + 1 == stream.size();
    EXPECT_EQ(deframer.mid_frame(), !at_a_frame_end) << i;
  }
  EXPECT_EQ(out, (Outcomes{kFirst, kSecond}));
}

TEST(MllpDeframer, DiscardsGarbageBetweenFrames) {
  MllpDeframer deframer;
  std::string stream = "noise" + mllp_frame(kFirst) + "\r\n\x1C\x0D" + mllp_frame(kSecond) + "tail";
  EXPECT_EQ(feed_all(deframer, {stream}), (Outcomes{kFirst, kSecond}));
  EXPECT_EQ(deframer.discarded_bytes(), 5u + 4u + 4u);
  EXPECT_FALSE(deframer.mid_frame());
}

TEST(MllpDeframer, RefusesAnOversizedFrameAndReadsTheNextOne) {
  std::string big(11, 'x');
  std::string stream = mllp_frame(big) + mllp_frame("0123456789");
  const Outcomes expected{"error: MLLP frame longer than the limit of 10 bytes; the rest of it is skipped",
                          "0123456789"};
  for (size_t cut = 0; cut <= stream.size(); ++cut) {
    MllpDeframer deframer(10);
    std::string_view all = stream;
    EXPECT_EQ(feed_all(deframer, {all.substr(0, cut), all.substr(cut)}), expected) << "cut at " << cut;
    EXPECT_EQ(deframer.discarded_bytes(), 0u) << "cut at " << cut;
  }
}

TEST(MllpDeframer, ReportsAnOversizedFrameBeforeItEnds) {
  MllpDeframer deframer(10);
  Outcomes out = feed_all(deframer, {"\x0B"
                                     "0123456789",
                                     "A"});
  EXPECT_EQ(out, (Outcomes{"error: MLLP frame longer than the limit of 10 bytes; the rest of it is skipped"}));
  EXPECT_TRUE(deframer.mid_frame());
  // A new start block ends the skipping even without an end block.
  EXPECT_EQ(feed_all(deframer, {std::string(1000, 'B') + mllp_frame("ok")}), (Outcomes{"ok"}));
}

TEST(MllpDeframer, ReportsAFrameCutShortByANewStart) {
  MllpDeframer deframer;
  std::string stream =
      "\x0B"
      "MSH|half" +
      mllp_frame(kFirst);
  EXPECT_EQ(feed_all(deframer, {stream}),
            (Outcomes{"error: MLLP frame cut short: a new start block (0x0B) came after 8 bytes, before the end block",
                      kFirst}));
}

TEST(MllpDeframer, ReportsAnEndBlockWithoutItsCarriageReturn) {
  MllpDeframer deframer;
  std::string stream =
      "\x0B"
      "one\x1C"
      "x" +
      mllp_frame("two") +
      "\x0B"
      "three\x1C" +
      mllp_frame("four");
  EXPECT_EQ(feed_all(deframer, {stream}),
            (Outcomes{"error: MLLP end block 0x1C followed by 0x78 instead of 0x0D", "two",
                      "error: MLLP end block 0x1C followed by 0x0B instead of 0x0D", "four"}));
  EXPECT_EQ(deframer.discarded_bytes(), 1u);
}

TEST(MllpDeframer, CarriesACorpusMessageUnchanged) {
  std::string message = testing::corpus_file("python-hl7/sample_hl7_oru_r01.hl7");
  MllpDeframer deframer;
  EXPECT_EQ(feed_all(deframer, {mllp_frame(message)}), (Outcomes{message}));
}

}  // namespace
}  // namespace rx::hl7
