#include "interop/hl7v2/message_view.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "interop/hl7v2/parser.h"

namespace rx::hl7 {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every position of the tree, and one past each end, read through the view's
// indexed accessors, which do not share code with to_tree's walk.
void expect_same_positions(const MessageView& view, const Message& tree) {
  ASSERT_EQ(view.segment_count(), tree.segments.size());
  for (size_t i = 0; i < tree.segments.size(); ++i) {
    const Segment& s = tree.segments[i];
    SegmentView v = view.segment(i);
    ASSERT_EQ(v.name(), s.name);
    ASSERT_EQ(v.field_count(), static_cast<int>(s.fields.size())) << s.name;
    for (int f = 1; f <= static_cast<int>(s.fields.size()); ++f) {
      const Field& field = s.fields[f - 1];
      EXPECT_EQ(v.repetition_count(f), repetition_count(s, f)) << s.name << "-" << f;
      for (int r = 1; r <= static_cast<int>(field.size()); ++r) {
        EXPECT_EQ(v.component_count(f, r), static_cast<int>(field[r - 1].size()));
        for (int c = 1; c <= static_cast<int>(field[r - 1].size()); ++c) {
          EXPECT_EQ(v.subcomponent_count(f, r, c), static_cast<int>(field[r - 1][c - 1].size()));
          for (int sub = 1; sub <= static_cast<int>(field[r - 1][c - 1].size()) + 1; ++sub) {
            EXPECT_EQ(v.get(f, r, c, sub), get(s, f, r, c, sub)) << s.name << "-" << f << "(" << r << ")." << c;
          }
        }
        EXPECT_EQ(v.get(f, r, static_cast<int>(field[r - 1].size()) + 1), "");
      }
      EXPECT_EQ(v.get(f, static_cast<int>(field.size()) + 1), "");
      EXPECT_EQ(v.component_count(f, static_cast<int>(field.size()) + 1), 0);
    }
    EXPECT_EQ(v.get(static_cast<int>(s.fields.size()) + 1), "");
    EXPECT_EQ(v.raw_field(static_cast<int>(s.fields.size()) + 1), "");
    EXPECT_EQ(v.get(0), "");
  }
}

TEST(Hl7MessageView, ReadsEveryPositionOfEveryCorpusMessageAsTheTreeHoldsIt) {
  int checked = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(std::filesystem::path(RXPRESS_SHARED_DIR) / "corpora/hl7")) {
    if (entry.path().extension() != ".hl7") continue;
    std::string text = read_file(entry.path());
    auto view = parse_hl7_view(text);
    if (!view.ok()) continue;  // refusals are corpus_test's subject
    SCOPED_TRACE(entry.path().filename().string());
    expect_same_positions(*view, view->to_tree());
    ++checked;
  }
  EXPECT_GE(checked, 25);
}

TEST(Hl7MessageView, ValuesPointIntoTheInputUnlessAnEscapeWasDecoded) {
  std::string text = "MSH|^~\\&|A|B|C|D|20260101||ADT^A01|1|P|2.5\rNTE|1||a\\F\\b^c&d~e\r";
  auto view = parse_hl7_view(text);
  ASSERT_TRUE(view.ok()) << view.status().to_string();
  SegmentView nte = view->segment(1);
  EXPECT_EQ(nte.get(3, 1, 1), "a|b");
  EXPECT_EQ(nte.get(3, 1, 2, 1), "c");
  EXPECT_EQ(nte.get(3, 1, 2, 2), "d");
  EXPECT_EQ(nte.get(3, 2), "e");
  EXPECT_EQ(nte.raw_field(3), "a\\F\\b^c&d~e");
  std::string_view plain = nte.get(3, 2);
  EXPECT_TRUE(plain.data() >= text.data() && plain.data() < text.data() + text.size());
  std::string_view decoded = nte.get(3, 1, 1);
  EXPECT_FALSE(decoded.data() >= text.data() && decoded.data() < text.data() + text.size());
}

TEST(Hl7MessageView, HeaderFieldsOneAndTwoAreTheDelimitersAsWritten) {
  auto view = parse_hl7_view("MSH#$%*!#A#B#C#D#20260101##ADT$A01#1#P#2.5\rPID#1$2##x%y\r");
  ASSERT_TRUE(view.ok()) << view.status().to_string();
  SegmentView msh = view->segment(0);
  EXPECT_EQ(msh.get(1), "#");
  EXPECT_EQ(msh.get(2), "$%*!");
  EXPECT_EQ(msh.get(9, 1, 2), "A01");
  SegmentView pid = view->segment(1);
  EXPECT_EQ(pid.get(1, 1, 2), "2");
  EXPECT_EQ(pid.repetition_count(2), 0);
  EXPECT_EQ(pid.get(3, 2), "y");
  EXPECT_EQ(view->first_segment("PID")->index(), 1u);
  EXPECT_FALSE(view->first_segment("PV1").has_value());
  EXPECT_EQ(view->segments("PID").size(), 1u);
}

}  // namespace
}  // namespace rx::hl7
