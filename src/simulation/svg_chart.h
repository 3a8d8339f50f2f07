// SVG charts for the simulation report: a histogram, a line chart and a
// grouped bar chart, each one self-contained inline SVG (no script, no
// external font or link). Every chart has the same frame, so that a reader
// compares them at a glance and a test can compute a bar's place by hand:
// the plot spans x kPlotLeft..kPlotRight and y kPlotTop..kPlotBottom.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace rx::simulation {

inline constexpr double kChartWidth = 720;
inline constexpr double kChartHeight = 320;
inline constexpr double kPlotLeft = 64;
inline constexpr double kPlotRight = 696;
inline constexpr double kPlotTop = 48;
inline constexpr double kPlotBottom = 264;

struct ChartLabels {
  std::string title;  // the SVG's <title>, read out by screen readers
  std::string x_label;
  std::string y_label;
  std::string note;  // above the plot's right end, e.g. what the last bin holds
};

struct SeriesStyle {
  std::string name;  // the legend's text
  std::string color;  // an SVG colour, e.g. "#1f6fb4"
  bool dashed = false;
};

// Bars over numeric bins: bin i is [edges[i], edges[i+1]); each series has
// one count per bin, and the series stand side by side within a bin.
struct HistogramChart {
  struct Series {
    SeriesStyle style;
    std::vector<double> counts;
  };
  ChartLabels labels;
  std::vector<double> edges;
  bool log_x = false;  // edges grow geometrically and the axis is logarithmic (edges > 0)
  std::vector<Series> series;
};

// Lines through (x, y) points; a non-finite y breaks the line. Without a fixed
// y_max, a few values far above the rest are drawn on the top edge with a ▲
// and their value, so that one outlier does not flatten every other point.
struct LineChart {
  struct Series {
    SeriesStyle style;
    std::vector<double> x;
    std::vector<double> y;
  };
  ChartLabels labels;
  bool x_is_clock = false;  // x is seconds after midnight, labelled HH:MM
  std::optional<double> y_max;
  std::vector<Series> series;
};

// One group of bars per category, one bar per series, its value printed on top.
struct BarChart {
  struct Series {
    SeriesStyle style;
    std::vector<double> values;  // one per category; a non-finite value draws no bar
  };
  ChartLabels labels;
  std::vector<std::string> categories;
  double y_at_least = 0;  // the y axis reaches at least this (100 for percentages)
  std::string value_suffix;  // after each printed value, e.g. "%"
  std::vector<Series> series;
};

// Each returns one <svg> element; a chart without data says "no data" in its plot.
std::string histogram_svg(const HistogramChart& chart);
std::string line_svg(const LineChart& chart);
std::string bar_svg(const BarChart& chart);

}  // namespace rx::simulation
