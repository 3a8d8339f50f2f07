#include "simulation/report.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <system_error>

#include <fmt/format.h>

#include "simulation/samples_csv.h"
#include "simulation/svg_bins.h"
#include "simulation/svg_chart.h"
#include "simulation/svg_text.h"
#include "simulation/svg_ticks.h"

namespace rx::simulation {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSamplesFile = "prescriptions.csv";
constexpr const char* kMainColor = "#1f6fb4";
constexpr const char* kBaselineColor = "#d9731a";
constexpr const char* kBoundColor = "#8c8c8c";

// The page's stylesheet. It holds no '<' or '&', so the page stays well-formed XML.
constexpr const char* kStyle = R"css(
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "SimHei",
       system-ui, sans-serif; color: #222; margin: 2em auto; max-width: 760px; padding: 0 1em; line-height: 1.45; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 1.6em; }
dl.run { display: grid; grid-template-columns: max-content auto; gap: 0.15em 1em; }
dl.run dt { font-weight: bold; }
dl.run dd { margin: 0; }
table.metrics { border-collapse: collapse; width: 100%; font-size: 0.92em; }
table.metrics th, table.metrics td { border-bottom: 1px solid #e2e2e2; padding: 0.25em 0.5em; }
table.metrics td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.metrics th { text-align: left; background: #f3f3f3; }
td.better { color: #1a7f37; }
td.worse { color: #b42318; }
td.alarm { color: #b42318; font-weight: bold; }
figure { margin: 1.5em 0; }
figcaption { font-size: 0.9em; color: #444; }
svg.chart { max-width: 100%; height: auto; }
@page { size: A4; margin: 15mm; }
@media print {
  body { margin: 0; max-width: none; }
  figure, table { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)css";

std::string esc(std::string_view s) { return xml_escape(s); }

enum class Kind { kSeconds, kPercent, kCount, kPerHour, kRatio };
enum class Better { kNone, kLower, kHigher, kZero };

struct Row {
  const char* key;  // machine-model.md's key; empty for a figure derived from two of them
  const char* label;
  Kind kind;
  Better better;
  std::function<double(const Metrics&)> get;
};

std::string format_value(double v, Kind kind) {
  if (!std::isfinite(v)) return "—";
  switch (kind) {
    case Kind::kSeconds: return fixed_or_dash(v, 1) + " s";
    case Kind::kPercent: return fixed_or_dash(v, 1) + " %";
    case Kind::kCount: return fixed_or_dash(v, 0);
    case Kind::kPerHour: return fixed_or_dash(v, 0) + " /h";
    case Kind::kRatio: return fixed_or_dash(v, 2) + "×";
  }
  return fixed_or_dash(v, 1);
}

// A signed number with a typographic minus.
std::string signed_text(double v, int decimals) {
  std::string s = fmt::format("{:+.{}f}", v, decimals);
  if (s.front() == '-') s.replace(0, 1, "−");
  if (s.find_first_not_of("+−0.") == std::string::npos) s = s.substr(s.front() == '+' ? 1 : 3);
  return s;
}

// The main run's change over the baseline, and whether it is for the better.
std::pair<std::string, std::string> gain(double main, double base, Kind kind, Better better) {
  if (better == Better::kNone || !std::isfinite(main) || !std::isfinite(base)) return {"", ""};
  std::string text;
  if (kind == Kind::kPercent) {
    text = signed_text(main - base, 1) + " pp";
  } else if (kind == Kind::kCount) {
    text = signed_text(main - base, 0);
  } else if (base != 0) {
    text = signed_text((main - base) / std::abs(base) * 100, 1) + " %";
  } else {
    return {"", ""};
  }
  const bool lower_is_better = better != Better::kHigher;
  std::string cls;
  if (main != base) cls = (main < base) == lower_is_better ? "better" : "worse";
  return {text, cls};
}

std::vector<Row> metric_rows() {
  return {
      {"prescriptions", "prescriptions completed", Kind::kCount, Better::kNone, [](const Metrics& m) { return double(m.prescriptions); }},
      {"packs", "packs completed", Kind::kCount, Better::kNone, [](const Metrics& m) { return double(m.packs); }},
      {"order_to_ready_p50_s", "order to ready, p50", Kind::kSeconds, Better::kLower, [](const Metrics& m) { return m.order_to_ready_p50_s; }},
      {"order_to_ready_p95_s", "order to ready, p95", Kind::kSeconds, Better::kLower, [](const Metrics& m) { return m.order_to_ready_p95_s; }},
      {"order_to_ready_max_s", "order to ready, max", Kind::kSeconds, Better::kLower, [](const Metrics& m) { return m.order_to_ready_max_s; }},
      {"lower_bound_p95_s", "lower bound, p95", Kind::kSeconds, Better::kNone, [](const Metrics& m) { return m.lower_bound_p95_s; }},
      {"", "order-to-ready p95 over the lower bound", Kind::kRatio, Better::kLower,
       [](const Metrics& m) { return m.lower_bound_p95_s > 0 ? m.order_to_ready_p95_s / m.lower_bound_p95_s : NAN; }},
      {"channel_order_to_ready_p50_s", "channel machine alone, p50", Kind::kSeconds, Better::kLower, [](const Metrics& m) { return m.channel_order_to_ready_p50_s; }},
      {"channel_order_to_ready_p95_s", "channel machine alone, p95", Kind::kSeconds, Better::kLower, [](const Metrics& m) { return m.channel_order_to_ready_p95_s; }},
      {"channel_share_pct", "served by the channel machine alone", Kind::kPercent, Better::kNone, [](const Metrics& m) { return m.channel_share_pct; }},
      {"idle_ready_p50_s", "alone on idle machines, p50", Kind::kSeconds, Better::kNone, [](const Metrics& m) { return m.idle_ready_p50_s; }},
      {"ready_on_arrival_pct", "ready on arrival", Kind::kPercent, Better::kHigher, [](const Metrics& m) { return m.ready_on_arrival_pct; }},
      {"patient_wait_p50_s", "patient wait, p50", Kind::kSeconds, Better::kLower, [](const Metrics& m) { return m.patient_wait_p50_s; }},
      {"patient_wait_p95_s", "patient wait, p95", Kind::kSeconds, Better::kLower, [](const Metrics& m) { return m.patient_wait_p95_s; }},
      {"packs_per_hour", "packs per hour", Kind::kPerHour, Better::kHigher, [](const Metrics& m) { return m.packs_per_hour; }},
      {"prescriptions_per_hour", "prescriptions per hour", Kind::kPerHour, Better::kHigher, [](const Metrics& m) { return m.prescriptions_per_hour; }},
      {"busiest_resource_load_pct", "busiest resource's load", Kind::kPercent, Better::kNone, [](const Metrics& m) { return m.busiest_resource_load_pct; }},
      {"faults_injected", "pack faults injected", Kind::kCount, Better::kNone, [](const Metrics& m) { return double(m.faults_injected); }},
      {"faults_caught", "pack faults caught before hand-over", Kind::kCount, Better::kNone, [](const Metrics& m) { return double(m.faults_caught); }},
      {"device_faults", "device faults handled", Kind::kCount, Better::kNone, [](const Metrics& m) { return double(m.device_faults); }},
      {"wrong_packs_handed_over", "wrong packs handed over", Kind::kCount, Better::kZero, [](const Metrics& m) { return double(m.wrong_packs_handed_over); }},
      {"lost_prescriptions", "lost prescriptions", Kind::kCount, Better::kZero, [](const Metrics& m) { return double(m.lost_prescriptions); }},
      {"duplicate_dispenses", "duplicate dispenses", Kind::kCount, Better::kZero, [](const Metrics& m) { return double(m.duplicate_dispenses); }},
      {"wall_s", "wall-clock time of the run", Kind::kSeconds, Better::kNone, [](const Metrics& m) { return m.wall_s; }},
  };
}

std::string value_cell(double v, const Row& row) {
  const bool alarm = row.better == Better::kZero && std::isfinite(v) && v != 0;
  return fmt::format("<td class=\"num{}\">{}</td>", alarm ? " alarm" : "", esc(format_value(v, row.kind)));
}

std::string policy_name(const RunResult& r) { return r.policy.empty() ? "run" : r.policy; }

struct Names {
  std::string main, baseline;
};

Names names_of(const RunResult& main, const RunResult* baseline) {
  Names names{policy_name(main), ""};
  if (baseline != nullptr) {
    names.baseline = policy_name(*baseline);
    if (names.baseline == names.main) names.baseline += " (baseline)";
  }
  return names;
}

std::string metrics_table(const RunResult& main, const RunResult* baseline, const Names& names) {
  std::string out = "<table class=\"metrics\">\n<thead><tr><th>metric</th><th>key</th>";
  out += fmt::format("<th>{}</th>", esc(names.main));
  if (baseline != nullptr) out += fmt::format("<th>{}</th><th>gain</th>", esc(names.baseline));
  out += "</tr></thead>\n<tbody>\n";
  for (const Row& row : metric_rows()) {
    const double m = row.get(main.metrics);
    const std::string key = *row.key == '\0' ? "" : "<code>" + esc(row.key) + "</code>";
    out += fmt::format("<tr><td>{}</td><td>{}</td>{}", esc(row.label), key, value_cell(m, row));
    if (baseline != nullptr) {
      const double b = row.get(baseline->metrics);
      const auto [text, cls] = gain(m, b, row.kind, row.better);
      out += value_cell(b, row);
      out += fmt::format("<td class=\"num{}{}\">{}</td>", cls.empty() ? "" : " ", cls, esc(text));
    }
    out += "</tr>\n";
  }
  auto busiest = [](const Metrics& m) {
    return m.busiest_resource.empty() ? std::string("—") : m.busiest_resource;
  };
  out += fmt::format("<tr><td>busiest resource</td><td><code>busiest_resource</code></td><td class=\"num\">{}</td>",
                     esc(busiest(main.metrics)));
  if (baseline != nullptr) out += fmt::format("<td class=\"num\">{}</td><td></td>", esc(busiest(baseline->metrics)));
  out += "</tr>\n</tbody>\n</table>\n";
  return out;
}

std::vector<double> order_to_ready(const RunResult& r) {
  std::vector<double> out;
  for (const auto& s : r.samples) {
    if (s.ready_s >= 0 && std::isfinite(s.order_to_ready_s())) out.push_back(s.order_to_ready_s());
  }
  return out;
}

long long never_ready(const RunResult& r) {
  long long n = 0;
  for (const auto& s : r.samples) n += s.ready_s >= 0 ? 0 : 1;
  return n;
}

std::string figure(const std::string& svg, const std::string& caption) {
  return "<figure>\n" + svg + "<figcaption>" + esc(caption) + "</figcaption>\n</figure>\n";
}

std::string distribution_figure(const RunResult& main, const RunResult* baseline, const Names& names) {
  std::vector<double> bound;
  for (const auto& s : main.samples) bound.push_back(s.lower_bound_s);
  std::vector<std::vector<double>> sets = {order_to_ready(main)};
  if (baseline != nullptr) sets.push_back(order_to_ready(*baseline));
  sets.push_back(bound);
  const Bins bins = histogram_bins(sets);

  HistogramChart chart;
  chart.labels.title = "Distribution of order-to-ready times";
  chart.labels.x_label = bins.log_x ? "order to ready (s, log scale)" : "order to ready (s)";
  chart.labels.y_label = "prescriptions";
  if (bins.open_from) {
    chart.labels.note = fmt::format("last bin: ≥ {} s ({} {})", fixed_or_dash(*bins.open_from, 0), bins.open_count,
                                   bins.open_count == 1 ? "value" : "values");
  }
  chart.edges = bins.edges;
  chart.log_x = bins.log_x;
  chart.series.push_back({{names.main, kMainColor}, bins.counts[0]});
  if (baseline != nullptr) chart.series.push_back({{names.baseline, kBaselineColor}, bins.counts[1]});
  chart.series.push_back({{"lower bound", kBoundColor}, bins.counts.back()});

  std::string caption =
      "Order-to-ready time, payment to every pack verified in the ready buffer, per prescription; "
      "the lower bound is each prescription's time on idle machines with its best device choice.";
  const long long missing_main = never_ready(main);
  const long long missing_base = baseline != nullptr ? never_ready(*baseline) : 0;
  if (missing_main + missing_base > 0) {
    caption += fmt::format(" Never ready, not shown: {} {}", missing_main, names.main);
    if (baseline != nullptr) caption += fmt::format(", {} {}", missing_base, names.baseline);
    caption += ".";
  }
  return figure(histogram_svg(chart), caption);
}

// The time of day at the middle of each interval of the timeline.
std::vector<double> interval_midpoints(const RunResult& r, const Scenario& scenario) {
  std::vector<double> out;
  const auto& t = r.timeline;
  for (size_t i = 0; i < t.size(); ++i) {
    double width = 0;
    if (i + 1 < t.size()) {
      width = t[i + 1].from_s - t[i].from_s;
    } else if (i > 0) {
      width = t[i].from_s - t[i - 1].from_s;
    }
    out.push_back(scenario.start_s + t[i].from_s + width / 2);
  }
  return out;
}

// The interval's value, or NaN (a break in the line) when nobody arrived in it.
std::vector<double> per_interval(const RunResult& r, double IntervalPoint::*field) {
  std::vector<double> out;
  for (const auto& p : r.timeline) out.push_back(p.arrivals > 0 ? p.*field : NAN);
  return out;
}

std::string ready_figure(const Scenario& scenario, const RunResult& main, const RunResult* baseline,
                         const Names& names) {
  LineChart chart;
  chart.labels = {"Ready on arrival through the day", "time of day", "ready on arrival (%)", ""};
  chart.x_is_clock = true;
  chart.y_max = 100;
  chart.series.push_back({{names.main, kMainColor}, interval_midpoints(main, scenario),
                          per_interval(main, &IntervalPoint::ready_on_arrival_pct)});
  if (baseline != nullptr) {
    chart.series.push_back({{names.baseline, kBaselineColor}, interval_midpoints(*baseline, scenario),
                            per_interval(*baseline, &IntervalPoint::ready_on_arrival_pct)});
  }
  return figure(line_svg(chart),
                "Share of the patients checking in during each interval whose medicine was already in the ready "
                "buffer; intervals with no arrivals are left out.");
}

std::string wait_figure(const Scenario& scenario, const RunResult& main, const RunResult* baseline,
                        const Names& names) {
  LineChart chart;
  chart.labels = {"Patient wait through the day", "time of day", "wait, arrival to hand-over (s)", ""};
  chart.x_is_clock = true;
  auto add = [&](const RunResult& r, const std::string& name, const char* color) {
    const auto x = interval_midpoints(r, scenario);
    chart.series.push_back({{name + " p95", color}, x, per_interval(r, &IntervalPoint::wait_p95_s)});
    chart.series.push_back({{name + " p50", color, true}, x, per_interval(r, &IntervalPoint::wait_p50_s)});
  };
  add(main, names.main, kMainColor);
  if (baseline != nullptr) add(*baseline, names.baseline, kBaselineColor);
  return figure(line_svg(chart),
                "Wait from check-in at the pharmacy to hand-over, of the patients checking in during each "
                "interval: p95 solid, p50 dashed.");
}

std::string utilisation_figure(const RunResult& main, const RunResult* baseline, const Names& names) {
  BarChart chart;
  chart.labels = {"Utilisation per device and per window", "", "busy (%)", ""};
  chart.y_at_least = 100;
  chart.value_suffix = "%";
  for (const auto& u : main.metrics.utilisation) chart.categories.push_back(u.resource);
  if (baseline != nullptr) {
    for (const auto& u : baseline->metrics.utilisation) {
      if (std::find(chart.categories.begin(), chart.categories.end(), u.resource) == chart.categories.end()) {
        chart.categories.push_back(u.resource);
      }
    }
  }
  auto values = [&](const RunResult& r) {
    std::vector<double> out;
    for (const auto& c : chart.categories) {
      double v = NAN;
      for (const auto& u : r.metrics.utilisation) {
        if (u.resource == c) v = u.busy_pct;
      }
      out.push_back(v);
    }
    return out;
  };
  chart.series.push_back({{names.main, kMainColor}, values(main)});
  if (baseline != nullptr) chart.series.push_back({{names.baseline, kBaselineColor}, values(*baseline)});
  return figure(bar_svg(chart), "Share of the run each device and each window was busy.");
}

std::string arrivals_text(const Scenario& s) {
  std::string out;
  for (const auto& a : s.workload.arrivals) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{}–{} at {}/h", clock_label(a.from_s), clock_label(a.until_s), fixed_or_dash(a.per_hour, 0));
  }
  return out.empty() ? "—" : out;
}

std::string header(const Scenario& scenario, const RunResult& main, const RunResult* baseline, const Names& names) {
  const std::string name = main.scenario.empty() ? scenario.name : main.scenario;
  std::string policy = names.main;
  if (baseline != nullptr) policy += ", compared with " + names.baseline;
  std::string out = fmt::format("<header>\n<h1>仿真报告 · rxpress simulation report: {}</h1>\n<dl class=\"run\">\n",
                                esc(name));
  auto item = [&](const char* term, const std::string& value) {
    out += fmt::format("<dt>{}</dt><dd>{}</dd>\n", term, esc(value));
  };
  item("scenario 场景", name);
  item("policy 策略", policy);
  std::string seed = std::to_string(main.seed);
  if (baseline != nullptr && baseline->seed != main.seed) seed += " (baseline " + std::to_string(baseline->seed) + ")";
  item("seed 随机种子", seed);
  item("day 日期", fmt::format("{}, {}–{} (Asia/Shanghai)", scenario.day, clock_label(scenario.start_s),
                               clock_label(scenario.end_s)));
  item("arrivals 到达", arrivals_text(scenario));
  item("windows 窗口", std::to_string(scenario.staff.windows));
  std::string rx = fmt::format("{} paid, {} completed", main.samples.size(), main.metrics.prescriptions);
  if (baseline != nullptr) {
    rx += fmt::format(" ({}: {} paid, {} completed)", names.baseline, baseline->samples.size(),
                      baseline->metrics.prescriptions);
  }
  item("prescriptions 处方", rx);
  item("data 数据", std::string(kSamplesFile) + " beside this page: one row per prescription of each policy");
  out += "</dl>\n</header>\n";
  return out;
}

// Writes DIR/name through a temporary file in DIR renamed over it.
Status replace_file(const fs::path& dir, const std::string& name, const std::string& text) {
  std::error_code ec;
  const fs::path target = dir / name;
  const fs::path temp = dir / ("." + name + "." + std::to_string(::getpid()) + ".tmp");
  {
    std::ofstream file(temp, std::ios::binary | std::ios::trunc);
    if (!file) return Status::unavailable("cannot write " + temp.string() + ": " + std::strerror(errno));
    file.write(text.data(), static_cast<std::streamsize>(text.size()));
    file.close();
    if (!file) {
      fs::remove(temp, ec);
      return Status::unavailable("cannot write " + temp.string() + ": the write failed");
    }
  }
  fs::rename(temp, target, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    return Status::unavailable("cannot write " + target.string() + ": " + ec.message());
  }
  return Status::ok_status();
}

}  // namespace

std::string report_html(const Scenario& scenario, const RunResult& main, const RunResult* baseline) {
  const Names names = names_of(main, baseline);
  const std::string name = main.scenario.empty() ? scenario.name : main.scenario;
  std::string out =
      "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"zh-CN\">\n<head>\n"
      "<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n";
  out += fmt::format("<title>rxpress simulation report: {}</title>\n", esc(name));
  out += fmt::format("<style>{}</style>\n</head>\n<body>\n", kStyle);
  out += header(scenario, main, baseline, names);
  out += "<section>\n<h2>指标 · Metrics</h2>\n";
  if (baseline != nullptr) {
    out += fmt::format("<p>Gain: {} against {}, green where it is better.</p>\n", esc(names.main),
                       esc(names.baseline));
  }
  out += metrics_table(main, baseline, names);
  out += "</section>\n<section>\n<h2>图表 · Plots</h2>\n";
  out += distribution_figure(main, baseline, names);
  out += ready_figure(scenario, main, baseline, names);
  out += wait_figure(scenario, main, baseline, names);
  out += utilisation_figure(main, baseline, names);
  out += "</section>\n</body>\n</html>\n";
  return out;
}

Status write_report(const fs::path& dir, const Scenario& scenario, const RunResult& main,
                    const RunResult* baseline) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
    return Status::invalid("report directory " + dir.string() + " exists and is not a directory", "report");
  }
  fs::create_directories(dir, ec);
  if (ec) return Status::unavailable("cannot create report directory " + dir.string() + ": " + ec.message());

  std::vector<const RunResult*> runs{&main};
  if (baseline != nullptr) runs.push_back(baseline);
  TRY(replace_file(dir, kSamplesFile, samples_csv(runs, scenario.start_s)));
  return replace_file(dir, "index.html", report_html(scenario, main, baseline));
}

}  // namespace rx::simulation
