#include "simulation/svg_chart.h"

#include <gtest/gtest.h>

#include <cmath>
#include <pugixml.hpp>
#include <string>

namespace rx::simulation {
namespace {

pugi::xml_document parse(const std::string& svg) {
  pugi::xml_document doc;
  const auto result = doc.load_string(svg.c_str());
  EXPECT_TRUE(result) << result.description() << " in\n" << svg;
  return doc;
}

std::vector<std::string> legend_texts(const pugi::xml_document& doc) {
  std::vector<std::string> out;
  for (const auto& n : doc.select_nodes("//g[@class='legend-entry']/text")) out.push_back(n.node().text().get());
  return out;
}

// The layout is fixed (svg_chart.h): the plot spans x 64..696 and y 48..264.
TEST(HistogramSvg, GoldenBarsOfATinyHistogram) {
  HistogramChart chart;
  chart.edges = {0, 10, 20};
  chart.series = {{{"smart", "#1f6fb4"}, {1, 2}}};
  const auto doc = parse(histogram_svg(chart));
  const auto bars = doc.select_nodes("//rect[@class='bar']");
  ASSERT_EQ(bars.size(), 2u);
  // The y axis runs 0..2 (whole-number ticks over the highest count), 216 px
  // high. Bin 0 spans x 64..380, bin 1 380..696; a bar keeps 1 px off each edge.
  const auto b0 = bars[0].node();
  EXPECT_STREQ(b0.attribute("x").value(), "65");
  EXPECT_STREQ(b0.attribute("width").value(), "314");
  EXPECT_STREQ(b0.attribute("y").value(), "156");  // 264 - 1/2 × 216
  EXPECT_STREQ(b0.attribute("height").value(), "108");
  const auto b1 = bars[1].node();
  EXPECT_STREQ(b1.attribute("x").value(), "381");
  EXPECT_STREQ(b1.attribute("y").value(), "48");
  EXPECT_STREQ(b1.attribute("height").value(), "216");
  EXPECT_STREQ(b1.attribute("data-count").value(), "2");
  // x ticks every 5, y ticks 0, 1, 2.
  EXPECT_EQ(doc.select_nodes("//g[@class='axis x']/text").size(), 5u);
  EXPECT_EQ(doc.select_nodes("//g[@class='axis y']/text").size(), 3u);
}

TEST(HistogramSvg, SeriesStandSideBySideWithinABin) {
  HistogramChart chart;
  chart.edges = {0, 10, 20};
  chart.series = {{{"smart", "#111"}, {2, 0}}, {{"fifo", "#222"}, {1, 0}}};
  const auto doc = parse(histogram_svg(chart));
  const auto bars = doc.select_nodes("//rect[@class='bar']");
  ASSERT_EQ(bars.size(), 2u);  // empty bins draw no bar
  EXPECT_STREQ(bars[0].node().attribute("x").value(), "65");
  EXPECT_STREQ(bars[0].node().attribute("width").value(), "157");
  EXPECT_STREQ(bars[1].node().attribute("x").value(), "222");
  EXPECT_STREQ(bars[1].node().attribute("height").value(), "108");
  EXPECT_EQ(legend_texts(doc), (std::vector<std::string>{"smart", "fifo"}));
}

TEST(HistogramSvg, WithoutBinsSaysNoData) {
  HistogramChart chart;
  chart.series = {{{"smart", "#111"}, {}}};
  const auto doc = parse(histogram_svg(chart));
  EXPECT_STREQ(doc.select_node("//text[@class='empty']").node().text().get(), "no data");
  EXPECT_TRUE(doc.select_nodes("//rect[@class='bar']").empty());
}

TEST(LineSvg, GoldenPolyline) {
  LineChart chart;
  chart.y_max = 100;
  chart.series = {{{"smart", "#111"}, {0, 10}, {0, 50}}};
  const auto doc = parse(line_svg(chart));
  // x 0..10 spans the plot's width; y 0..100 its height, so 50 is at 156.
  EXPECT_STREQ(doc.select_node("//polyline").node().attribute("points").value(), "64,264 696,156");
}

TEST(LineSvg, ANonFiniteValueBreaksTheLine) {
  LineChart chart;
  chart.series = {{{"smart", "#111"}, {0, 1, 2, 3, 4}, {1, 2, NAN, 2, 1}}};
  const std::string svg = line_svg(chart);
  const auto doc = parse(svg);
  EXPECT_EQ(doc.select_nodes("//polyline").size(), 2u);
  EXPECT_EQ(svg.find("nan"), std::string::npos);
}

TEST(LineSvg, AnOutlierIsDrawnOnTheTopEdgeWithItsValue) {
  LineChart chart;
  chart.series = {{{"fifo", "#111"}, {0, 1, 2, 3, 4, 5}, {10, 12, 11, 10, 9, 100000}}};
  const auto doc = parse(line_svg(chart));
  ASSERT_EQ(doc.select_nodes("//path[@class='off-scale']").size(), 1u);
  EXPECT_NE(std::string(line_svg(chart)).find(">100000.0<"), std::string::npos);
  // Every other point keeps most of the plot's height: the axis stops near 2 × p90.
  const auto circles = doc.select_nodes("//circle");
  ASSERT_EQ(circles.size(), 5u);
  for (const auto& c : circles) {
    const double cy = c.node().attribute("cy").as_double();
    EXPECT_GE(cy, kPlotTop);
    EXPECT_LE(cy, kPlotBottom - 0.3 * (kPlotBottom - kPlotTop));
  }
}

TEST(LineSvg, ASinglePointIsStillMarked) {
  LineChart chart;
  chart.x_is_clock = true;
  chart.series = {{{"smart", "#111"}, {9 * 3600}, {42}}};
  const auto doc = parse(line_svg(chart));
  EXPECT_EQ(doc.select_nodes("//circle").size(), 1u);
  EXPECT_TRUE(doc.select_nodes("//text[@class='empty']").empty());
}

TEST(BarSvg, GroupsOfBarsWithTheirValues) {
  BarChart chart;
  chart.categories = {"C", "R"};
  chart.y_at_least = 100;
  chart.value_suffix = "%";
  chart.series = {{{"smart", "#111"}, {50, NAN}}, {{"fifo", "#222"}, {25, 100}}};
  const std::string svg = bar_svg(chart);
  const auto doc = parse(svg);
  const auto bars = doc.select_nodes("//rect[@class='bar']");
  ASSERT_EQ(bars.size(), 3u);  // no bar for the missing value
  // Category bands are 316 px wide, bars 0.8 × 316 / 2 = 126.4 px, y 0..100.
  EXPECT_STREQ(bars[0].node().attribute("x").value(), "95.6");
  EXPECT_STREQ(bars[0].node().attribute("height").value(), "108");
  EXPECT_STREQ(bars[1].node().attribute("x").value(), "222");
  EXPECT_NE(svg.find(">50%<"), std::string::npos);
  EXPECT_EQ(svg.find("nan"), std::string::npos);
}

TEST(ChartText, IsEscaped) {
  BarChart chart;
  chart.labels.title = "a <b> & c";
  chart.categories = {"<window & 1>"};
  chart.series = {{{"\"smart\" <&>", "#111"}, {10}}};
  const std::string svg = bar_svg(chart);
  EXPECT_EQ(svg.find("<b>"), std::string::npos);
  EXPECT_EQ(svg.find("<window"), std::string::npos);
  const auto doc = parse(svg);
  EXPECT_EQ(legend_texts(doc), (std::vector<std::string>{"\"smart\" <&>"}));
  EXPECT_STREQ(doc.select_node("//title").node().text().get(), "a <b> & c");
}

}  // namespace
}  // namespace rx::simulation
