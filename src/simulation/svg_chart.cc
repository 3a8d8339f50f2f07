#include "simulation/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include <fmt/format.h>

#include "simulation/svg_text.h"
#include "simulation/svg_ticks.h"

namespace rx::simulation {
namespace {

constexpr double kPlotWidth = kPlotRight - kPlotLeft;
constexpr double kPlotHeight = kPlotBottom - kPlotTop;
constexpr const char* kAxisColor = "#333333";
constexpr const char* kGridColor = "#dddddd";

std::string n(double v) { return svg_number(v); }

// Text width at the charts' 12 px font: CJK characters are about twice as
// wide as Latin ones. Only for layout, so an estimate is enough.
double text_width(const std::string& text) {
  double width = 0;
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    width += len >= 3 ? 12 : 7;
    i += len;
  }
  return width;
}

// A linear (or log10) map from a data range onto a pixel range.
struct Scale {
  double d0, d1, p0, p1;
  bool log = false;
  double operator()(double v) const {
    const double a = log ? std::log10(d0) : d0;
    const double b = log ? std::log10(d1) : d1;
    const double x = log ? std::log10(std::max(v, d0)) : v;
    if (b == a) return p0;
    return p0 + (x - a) / (b - a) * (p1 - p0);
  }
};

std::string open_svg(const ChartLabels& labels) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {0} {1}\" width=\"{0}\" "
      "height=\"{1}\" role=\"img\" aria-label=\"{2}\" font-family=\"sans-serif\" font-size=\"12\">\n"
      "<title>{2}</title>\n",
      n(kChartWidth), n(kChartHeight), xml_escape(labels.title));
}

std::string axis_labels(const ChartLabels& labels) {
  std::string out;
  const double mid_x = (kPlotLeft + kPlotRight) / 2;
  const double mid_y = (kPlotTop + kPlotBottom) / 2;
  out += fmt::format("<text class=\"axis-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", n(mid_x),
                     n(kChartHeight - 8), xml_escape(labels.x_label));
  out += fmt::format(
      "<text class=\"axis-label\" x=\"16\" y=\"{0}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {0})\">{1}"
      "</text>\n",
      n(mid_y), xml_escape(labels.y_label));
  if (!labels.note.empty()) {
    out += fmt::format("<text class=\"note\" x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"11\">{}</text>\n",
                       n(kPlotRight), n(kPlotTop - 8), xml_escape(labels.note));
  }
  return out;
}

// Horizontal grid lines and labels at the y ticks, and both axis lines.
std::string y_axis(const Ticks& ticks, const Scale& y) {
  std::string out = "<g class=\"axis y\">\n";
  for (double v : ticks.values) {
    const double py = y(v);
    out += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\"/>\n", n(kPlotLeft), n(py),
                       n(kPlotRight), n(py), kGridColor);
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", n(kPlotLeft - 6), n(py + 4),
                       xml_escape(tick_label(v, ticks.step)));
  }
  out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{3}\"/>\n", n(kPlotLeft),
                     n(kPlotTop), n(kPlotBottom), kAxisColor);
  out += "</g>\n";
  return out;
}

std::string x_axis(const std::vector<double>& values, const Scale& x,
                   const std::function<std::string(double)>& label) {
  std::string out = "<g class=\"axis x\">\n";
  out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"{3}\"/>\n", n(kPlotLeft),
                     n(kPlotBottom), n(kPlotRight), kAxisColor);
  for (double v : values) {
    const double px = x(v);
    out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{3}\"/>\n", n(px),
                       n(kPlotBottom), n(kPlotBottom + 5), kAxisColor);
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", n(px), n(kPlotBottom + 18),
                       xml_escape(label(v)));
  }
  out += "</g>\n";
  return out;
}

std::string legend(const std::vector<SeriesStyle>& styles, bool lines) {
  std::string out = "<g class=\"legend\">\n";
  double x = kPlotLeft;
  constexpr double kY = 20;
  for (const auto& s : styles) {
    out += "<g class=\"legend-entry\">";
    if (lines) {
      out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"{3}\" stroke-width=\"2\"{4}/>",
                         n(x), n(kY - 4), n(x + 20), xml_escape(s.color),
                         s.dashed ? " stroke-dasharray=\"6 4\"" : "");
      x += 26;
    } else {
      out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/>", n(x), n(kY - 10),
                         xml_escape(s.color));
      x += 18;
    }
    out += fmt::format("<text x=\"{}\" y=\"{}\">{}</text></g>\n", n(x), n(kY), xml_escape(s.name));
    x += text_width(s.name) + 20;
  }
  out += "</g>\n";
  return out;
}

std::string no_data() {
  return fmt::format(
      "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"{}\"/>\n"
      "<text class=\"empty\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"14\">no data</text>\n",
      n(kPlotLeft), n(kPlotTop), n(kPlotWidth), n(kPlotHeight), kGridColor, n((kPlotLeft + kPlotRight) / 2),
      n((kPlotTop + kPlotBottom) / 2));
}

template <class S>
std::vector<SeriesStyle> styles_of(const std::vector<S>& series) {
  std::vector<SeriesStyle> out;
  for (const auto& s : series) out.push_back(s.style);
  return out;
}

std::string bin_text(double v) { return fixed_or_dash(v, std::abs(v) < 10 && v != std::floor(v) ? 2 : 0); }

}  // namespace

std::string histogram_svg(const HistogramChart& chart) {
  std::string out = open_svg(chart.labels);
  out += legend(styles_of(chart.series), false);
  out += axis_labels(chart.labels);
  const auto& edges = chart.edges;
  bool usable = edges.size() >= 2 && !chart.series.empty() &&
                std::all_of(edges.begin(), edges.end(), [](double e) { return std::isfinite(e); }) &&
                std::is_sorted(edges.begin(), edges.end()) && edges.back() > edges.front() &&
                (!chart.log_x || edges.front() > 0);
  if (!usable) return out + no_data() + "</svg>\n";

  double max_count = 0;
  for (const auto& s : chart.series) {
    for (double c : s.counts) {
      if (std::isfinite(c)) max_count = std::max(max_count, c);
    }
  }
  const Ticks yt = nice_ticks(0, std::max(max_count, 1.0), 5, 1);
  const Scale y{yt.lo, yt.hi, kPlotBottom, kPlotTop};
  const Scale x{edges.front(), edges.back(), kPlotLeft, kPlotRight, chart.log_x};
  out += y_axis(yt, y);

  std::vector<double> xticks;
  double xstep = 0;
  if (chart.log_x) {
    xticks = log_ticks(edges.front(), edges.back());
  } else {
    const Ticks t = nice_ticks(edges.front(), edges.back(), 6);
    xstep = t.step;
    for (double v : t.values) {
      if (v >= edges.front() - 1e-9 * t.step && v <= edges.back() + 1e-9 * t.step) xticks.push_back(v);
    }
  }
  out += x_axis(xticks, x, [&](double v) { return tick_label(v, chart.log_x ? v : xstep); });

  out += "<g class=\"plot\">\n";
  const double k = static_cast<double>(chart.series.size());
  for (size_t i = 0; i + 1 < edges.size(); ++i) {
    const double px0 = x(edges[i]);
    const double width = x(edges[i + 1]) - px0;
    const double gap = width >= 6 ? 1 : 0;
    const double bar_w = (width - 2 * gap) / k;
    for (size_t j = 0; j < chart.series.size(); ++j) {
      const auto& s = chart.series[j];
      const double c = i < s.counts.size() ? s.counts[i] : 0;
      if (!std::isfinite(c) || c <= 0) continue;
      const double top = y(c);
      out += fmt::format(
          "<rect class=\"bar\" data-series=\"{}\" data-count=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" "
          "fill=\"{}\"><title>{}: {} in {}–{}</title></rect>\n",
          xml_escape(s.style.name), n(c), n(px0 + gap + static_cast<double>(j) * bar_w), n(top), n(bar_w),
          n(kPlotBottom - top), xml_escape(s.style.color), xml_escape(s.style.name), n(c), bin_text(edges[i]),
          bin_text(edges[i + 1]));
    }
  }
  out += "</g>\n</svg>\n";
  return out;
}

std::string line_svg(const LineChart& chart) {
  std::string out = open_svg(chart.labels);
  out += legend(styles_of(chart.series), true);

  double min_x = INFINITY, max_x = -INFINITY, min_y = 0;
  std::vector<double> ys;
  for (const auto& s : chart.series) {
    for (size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) continue;
      min_x = std::min(min_x, s.x[i]);
      max_x = std::max(max_x, s.x[i]);
      min_y = std::min(min_y, s.y[i]);
      ys.push_back(s.y[i]);
    }
  }
  ChartLabels labels = chart.labels;
  if (ys.empty()) return out + axis_labels(labels) + no_data() + "</svg>\n";

  std::sort(ys.begin(), ys.end());
  double top = ys.back();
  if (chart.y_max && std::isfinite(*chart.y_max)) {
    top = *chart.y_max;
  } else if (ys.size() >= 5) {
    const double p90 = ys[static_cast<size_t>(0.9 * static_cast<double>(ys.size() - 1))];
    if (p90 > 0 && ys.back() > 4 * p90) top = 2 * p90;
  }
  const Ticks yt = nice_ticks(min_y, std::max(top, min_y), 5);
  const bool clipped = ys.back() > yt.hi;
  if (clipped) labels.note += std::string(labels.note.empty() ? "" : "; ") + "▲ above the axis, value printed";
  out += axis_labels(labels);

  const Ticks xt = chart.x_is_clock ? clock_ticks(min_x, max_x, 8) : nice_ticks(min_x, max_x, 6);
  const Scale x{xt.lo, xt.hi, kPlotLeft, kPlotRight};
  const Scale y{yt.lo, yt.hi, kPlotBottom, kPlotTop};
  out += y_axis(yt, y);
  out += x_axis(xt.values, x, [&](double v) { return chart.x_is_clock ? clock_label(v) : tick_label(v, xt.step); });

  out += "<g class=\"plot\">\n";
  for (const auto& s : chart.series) {
    const std::string name = xml_escape(s.style.name);
    const std::string color = xml_escape(s.style.color);
    std::string points;
    std::string markers;
    auto flush = [&] {
      if (!points.empty()) {
        out += fmt::format(
            "<polyline class=\"line\" data-series=\"{}\" points=\"{}\" fill=\"none\" stroke=\"{}\" "
            "stroke-width=\"2\"{}/>\n",
            name, points, color, s.style.dashed ? " stroke-dasharray=\"6 4\"" : "");
      }
      points.clear();
    };
    for (size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) {
        flush();
        continue;
      }
      const double px = x(s.x[i]);
      const bool above = s.y[i] > yt.hi;
      const double py = y(std::min(s.y[i], yt.hi));
      points += (points.empty() ? "" : " ") + n(px) + "," + n(py);
      const std::string value = fixed_or_dash(s.y[i], 1);
      if (above) {
        markers += fmt::format(
            "<path class=\"off-scale\" d=\"M{} {} l-4 7 h8 z\" fill=\"{}\"><title>{}: {}</title></path>"
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"10\">{}</text>\n",
            n(px), n(py), color, name, value, n(px), n(py + 18), value);
      } else {
        markers += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"2.5\" fill=\"{}\"><title>{}: {}</title></circle>\n",
                               n(px), n(py), color, name, value);
      }
    }
    flush();
    out += markers;
  }
  out += "</g>\n</svg>\n";
  return out;
}

std::string bar_svg(const BarChart& chart) {
  std::string out = open_svg(chart.labels);
  out += legend(styles_of(chart.series), false);
  out += axis_labels(chart.labels);
  if (chart.categories.empty() || chart.series.empty()) return out + no_data() + "</svg>\n";

  double max_v = std::isfinite(chart.y_at_least) ? chart.y_at_least : 0;
  for (const auto& s : chart.series) {
    for (double v : s.values) {
      if (std::isfinite(v)) max_v = std::max(max_v, v);
    }
  }
  const Ticks yt = nice_ticks(0, max_v > 0 ? max_v : 1, 5);
  const Scale y{yt.lo, yt.hi, kPlotBottom, kPlotTop};
  out += y_axis(yt, y);

  const double band = kPlotWidth / static_cast<double>(chart.categories.size());
  const double bar_w = band * 0.8 / static_cast<double>(chart.series.size());
  double widest = 0;
  for (const auto& c : chart.categories) widest = std::max(widest, text_width(c));
  const bool rotate = widest + 6 > band;

  out += "<g class=\"axis x\">\n";
  out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"{3}\"/>\n", n(kPlotLeft),
                     n(kPlotBottom), n(kPlotRight), kAxisColor);
  for (size_t i = 0; i < chart.categories.size(); ++i) {
    const double cx = kPlotLeft + (static_cast<double>(i) + 0.5) * band;
    const double ly = kPlotBottom + 16;
    if (rotate) {
      out += fmt::format("<text x=\"{0}\" y=\"{1}\" text-anchor=\"end\" transform=\"rotate(-30 {0} {1})\">{2}</text>\n",
                         n(cx), n(ly), xml_escape(chart.categories[i]));
    } else {
      out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", n(cx), n(ly),
                         xml_escape(chart.categories[i]));
    }
  }
  out += "</g>\n<g class=\"plot\">\n";
  for (size_t i = 0; i < chart.categories.size(); ++i) {
    for (size_t j = 0; j < chart.series.size(); ++j) {
      const auto& s = chart.series[j];
      if (i >= s.values.size() || !std::isfinite(s.values[i])) continue;
      const double v = s.values[i];
      const double top = y(std::max(v, 0.0));
      const double bx = kPlotLeft + static_cast<double>(i) * band + band * 0.1 + static_cast<double>(j) * bar_w;
      const std::string value = fixed_or_dash(v, v < 10 ? 1 : 0) + chart.value_suffix;
      out += fmt::format(
          "<rect class=\"bar\" data-series=\"{}\" data-value=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" "
          "fill=\"{}\"><title>{} {}: {}</title></rect>\n",
          xml_escape(s.style.name), n(v), n(bx), n(top), n(bar_w), n(kPlotBottom - top), xml_escape(s.style.color),
          xml_escape(s.style.name), xml_escape(chart.categories[i]), xml_escape(value));
      if (bar_w >= 16) {
        out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"9\">{}</text>\n",
                           n(bx + bar_w / 2), n(top - 3), xml_escape(value));
      }
    }
  }
  out += "</g>\n</svg>\n";
  return out;
}

}  // namespace rx::simulation
