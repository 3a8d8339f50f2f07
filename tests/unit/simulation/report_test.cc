#include "simulation/report.h"
#include "simulation/samples_csv.h"
#include "simulation/svg_chart.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <pugixml.hpp>
#include <sstream>

#include "support/temp_dir.h"

namespace rx::simulation {
namespace {

namespace fs = std::filesystem;

PrescriptionSample sample(long long id, double paid, double order_to_ready, double arrived, double wait,
                          double lower_bound) {
  PrescriptionSample s;
  s.id = id;
  s.paid_s = paid;
  s.ready_s = paid + order_to_ready;
  s.arrived_s = arrived;
  s.handed_over_s = arrived + wait;
  s.lower_bound_s = lower_bound;
  s.packs = 2;
  return s;
}

IntervalPoint interval(double from, int arrivals, double ready_pct, double p50, double p95) {
  IntervalPoint p;
  p.from_s = from;
  p.arrivals = arrivals;
  p.ready_on_arrival_pct = ready_pct;
  p.wait_p50_s = p50;
  p.wait_p95_s = p95;
  return p;
}

// smart: three prescriptions ready 5 s after payment and one 12 s after, all
// before their patients arrive; fifo: dispensing starts at check-in.
RunResult smart_run() {
  RunResult r;
  r.scenario = "peak-hour";
  r.policy = "smart";
  r.seed = 7;
  r.samples = {sample(1, 0, 5, 240, 30, 4), sample(2, 60, 5, 300, 35, 4), sample(3, 120, 5, 400, 28, 4),
               sample(4, 180, 12, 500, 40, 4)};
  r.timeline = {interval(0, 2, 100, 30, 35), interval(300, 2, 100, 28, 40)};
  r.metrics.prescriptions = 4;
  r.metrics.packs = 8;
  r.metrics.order_to_ready_p50_s = 5;
  r.metrics.order_to_ready_p95_s = 12;
  r.metrics.order_to_ready_max_s = 12;
  r.metrics.lower_bound_p95_s = 4;
  r.metrics.ready_on_arrival_pct = 100;
  r.metrics.patient_wait_p50_s = 30;
  r.metrics.patient_wait_p95_s = 40;
  r.metrics.busiest_resource = "C";
  r.metrics.utilisation = {{"C", 40}, {"R", 20}, {"S", 5}, {"window 1", 60}};
  return r;
}

RunResult fifo_run() {
  RunResult r = smart_run();
  r.policy = "fifo";
  for (auto& s : r.samples) {
    s.ready_s = s.arrived_s + 20;
    s.handed_over_s = s.ready_s + 25;
  }
  r.timeline = {interval(0, 2, 0, 45, 50), interval(300, 2, 0, 44, 60)};
  r.metrics.order_to_ready_p95_s = 340;
  r.metrics.ready_on_arrival_pct = 0;
  r.metrics.patient_wait_p95_s = 60;
  r.metrics.utilisation = {{"C", 35}, {"R", 25}, {"S", 5}, {"window 1", 70}};
  return r;
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

void parse(const std::string& html, pugi::xml_document& doc) {
  const auto result = doc.load_string(html.c_str());
  ASSERT_TRUE(result) << result.description() << " at offset " << result.offset;
}

std::vector<std::string> legend_of(const pugi::xml_node& svg) {
  std::vector<std::string> out;
  for (const auto& n : svg.select_nodes(".//g[@class='legend-entry']/text")) out.push_back(n.node().text().get());
  return out;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

TEST(WriteReport, WritesOneSelfContainedWellFormedPage) {
  testing::TempDir tmp;
  const fs::path dir = tmp.path() / "report" / "peak";
  const RunResult smart = smart_run();
  const RunResult fifo = fifo_run();
  ASSERT_TRUE(write_report(dir, Scenario{}, smart, &fifo).ok());

  // No temporary file left.
  EXPECT_EQ(names_in(dir), (std::vector<std::string>{"index.html", "prescriptions.csv"}));
  std::string html = read(dir / "index.html");
  pugi::xml_document doc;
  parse(html, doc);
  EXPECT_STREQ(doc.document_element().attribute("lang").value(), "zh-CN");
  EXPECT_TRUE(doc.select_node("//meta[@charset='utf-8']"));
  EXPECT_EQ(doc.select_nodes("//svg").size(), 4u);
  EXPECT_EQ(doc.select_nodes("//figure/figcaption").size(), 4u);
  // Nothing is fetched: no script, no link, no external resource. The only
  // URLs are the two namespace names.
  for (const char* bad : {"<script", "<link", "src=", "href=", "url(", "@import", "@font-face"}) {
    EXPECT_EQ(html.find(bad), std::string::npos) << bad;
  }
  for (const char* ns : {"http://www.w3.org/1999/xhtml", "http://www.w3.org/2000/svg"}) {
    for (size_t at; (at = html.find(ns)) != std::string::npos;) html.erase(at, std::string(ns).size());
  }
  EXPECT_EQ(html.find("http"), std::string::npos);
}

TEST(WriteReport, HeaderNamesScenarioPolicySeedAndPrescriptions) {
  const RunResult smart = smart_run();
  const RunResult fifo = fifo_run();
  pugi::xml_document doc;
  parse(report_html(Scenario{}, smart, &fifo), doc);
  std::vector<std::string> values;
  for (const auto& dd : doc.select_nodes("//header//dd")) values.push_back(dd.node().text().get());
  ASSERT_GE(values.size(), 7u);
  EXPECT_EQ(values[0], "peak-hour");
  EXPECT_EQ(values[1], "smart, compared with fifo");
  EXPECT_EQ(values[2], "7");
  EXPECT_EQ(values[6].rfind("4 paid, 4 completed", 0), 0u) << values[6];
}

TEST(WriteReport, MetricsTableShowsBothPoliciesAndTheGain) {
  const RunResult smart = smart_run();
  const RunResult fifo = fifo_run();
  pugi::xml_document doc;
  parse(report_html(Scenario{}, smart, &fifo), doc);
  const auto row = doc.select_node("//tr[td/code='order_to_ready_p95_s']").node();
  ASSERT_TRUE(row);
  std::vector<pugi::xml_node> cells;
  for (const auto& td : row.select_nodes("td")) cells.push_back(td.node());
  ASSERT_EQ(cells.size(), 5u);
  EXPECT_STREQ(cells[2].text().get(), "12.0 s");
  EXPECT_STREQ(cells[3].text().get(), "340.0 s");
  EXPECT_STREQ(cells[4].text().get(), "−96.5 %");
  EXPECT_STREQ(cells[4].attribute("class").value(), "num better");

  const auto ready = doc.select_node("//tr[td/code='ready_on_arrival_pct']").node();
  EXPECT_STREQ(ready.select_node("td[5]").node().text().get(), "+100.0 pp");
  EXPECT_EQ(doc.select_nodes("//thead//th").size(), 5u);
}

TEST(WriteReport, ANonZeroSafetyCounterIsMarked) {
  RunResult smart = smart_run();
  smart.metrics.lost_prescriptions = 1;
  pugi::xml_document doc;
  parse(report_html(Scenario{}, smart, nullptr), doc);
  EXPECT_STREQ(doc.select_node("//tr[td/code='lost_prescriptions']/td[3]").node().attribute("class").value(),
               "num alarm");
  EXPECT_STREQ(doc.select_node("//tr[td/code='duplicate_dispenses']/td[3]").node().attribute("class").value(),
               "num");
}

TEST(WriteReport, LegendsNameBothPoliciesWithABaselineAndOneWithout) {
  const RunResult smart = smart_run();
  const RunResult fifo = fifo_run();
  pugi::xml_document both;
  parse(report_html(Scenario{}, smart, &fifo), both);
  const auto svgs = both.select_nodes("//svg");
  ASSERT_EQ(svgs.size(), 4u);
  EXPECT_EQ(legend_of(svgs[0].node()), (std::vector<std::string>{"smart", "fifo", "lower bound"}));
  EXPECT_EQ(legend_of(svgs[1].node()), (std::vector<std::string>{"smart", "fifo"}));
  EXPECT_EQ(legend_of(svgs[2].node()), (std::vector<std::string>{"smart p95", "smart p50", "fifo p95", "fifo p50"}));
  EXPECT_EQ(legend_of(svgs[3].node()), (std::vector<std::string>{"smart", "fifo"}));

  pugi::xml_document alone;
  parse(report_html(Scenario{}, smart, nullptr), alone);
  const auto single = alone.select_nodes("//svg");
  ASSERT_EQ(single.size(), 4u);
  EXPECT_EQ(legend_of(single[0].node()), (std::vector<std::string>{"smart", "lower bound"}));
  EXPECT_EQ(legend_of(single[1].node()), (std::vector<std::string>{"smart"}));
  EXPECT_EQ(legend_of(single[3].node()), (std::vector<std::string>{"smart"}));
  EXPECT_EQ(alone.select_nodes("//thead//th").size(), 3u);  // metric, key, smart
}

TEST(WriteReport, HistogramBarHeightsFollowTheCounts) {
  const RunResult smart = smart_run();
  pugi::xml_document doc;
  parse(report_html(Scenario{}, smart, nullptr), doc);
  const auto histogram = doc.select_node("//svg").node();
  double tallest = 0, tallest_count = 0, single_height = 0;
  int bars = 0;
  for (const auto& b : histogram.select_nodes(".//rect[@class='bar'][@data-series='smart']")) {
    ++bars;
    const double h = b.node().attribute("height").as_double();
    const double count = b.node().attribute("data-count").as_double();
    if (h > tallest) tallest = h, tallest_count = count;
    if (count == 1) single_height = h;
  }
  EXPECT_EQ(bars, 2);  // 5 s three times, 12 s once
  EXPECT_EQ(tallest_count, 3);
  EXPECT_NEAR(tallest, 3 * single_height, 0.02);
  const auto bound = histogram.select_nodes(".//rect[@class='bar'][@data-series='lower bound']");
  ASSERT_EQ(bound.size(), 1u);
  EXPECT_STREQ(bound.first().node().attribute("data-count").value(), "4");
}

TEST(WriteReport, EscapesEveryText) {
  RunResult smart = smart_run();
  smart.scenario = "ward <A&B>";
  smart.policy = "smart<&>";
  smart.metrics.utilisation.push_back({"<window & 2>", 10});
  Scenario scenario;
  scenario.day = "<day>";
  const std::string html = report_html(scenario, smart, nullptr);
  for (const char* raw : {"<A&B>", "smart<&>", "<window", "<day>"}) EXPECT_EQ(html.find(raw), std::string::npos) << raw;
  EXPECT_NE(html.find("ward &lt;A&amp;B&gt;"), std::string::npos);
  pugi::xml_document doc;
  parse(html, doc);
  EXPECT_STREQ(doc.select_node("//header//dd").node().text().get(), "ward <A&B>");
  EXPECT_EQ(legend_of(doc.select_node("//svg").node())[0], "smart<&>");
}

TEST(WriteReport, EmptyRunsStillGiveFourPlotsThatSayNoData) {
  RunResult empty;
  empty.policy = "smart";
  RunResult empty_fifo;
  empty_fifo.policy = "fifo";
  pugi::xml_document doc;
  parse(report_html(Scenario{}, empty, &empty_fifo), doc);
  EXPECT_EQ(doc.select_nodes("//svg").size(), 4u);
  EXPECT_EQ(doc.select_nodes("//svg//text[@class='empty']").size(), 4u);
}

TEST(WriteReport, ASingleSampleAndAllEqualValuesDrawBars) {
  RunResult one = smart_run();
  one.samples.resize(1);
  one.timeline.resize(1);
  pugi::xml_document doc;
  parse(report_html(Scenario{}, one, nullptr), doc);
  const auto histogram = doc.select_node("//svg").node();
  EXPECT_EQ(histogram.select_nodes(".//rect[@class='bar']").size(), 2u);  // the sample and its bound
  EXPECT_EQ(doc.select_nodes("//svg")[1].node().select_nodes(".//circle").size(), 1u);

  RunResult equal = smart_run();
  for (auto& s : equal.samples) {
    s.ready_s = s.paid_s + 6;
    s.lower_bound_s = 6;
  }
  pugi::xml_document same;
  parse(report_html(Scenario{}, equal, nullptr), same);
  const auto bars = same.select_node("//svg").node().select_nodes(".//rect[@class='bar']");
  ASSERT_EQ(bars.size(), 2u);
  for (const auto& b : bars) EXPECT_STREQ(b.node().attribute("data-count").value(), "4");
}

TEST(WriteReport, NonFiniteValuesAreNeverPrinted) {
  RunResult smart = smart_run();
  smart.metrics.order_to_ready_p95_s = NAN;
  smart.metrics.patient_wait_p50_s = INFINITY;
  smart.metrics.utilisation.push_back({"R2", NAN});
  smart.samples.push_back(sample(9, 10, NAN, 20, NAN, NAN));
  smart.timeline.push_back(interval(600, 3, NAN, NAN, INFINITY));
  RunResult fifo = fifo_run();
  fifo.metrics.lower_bound_p95_s = NAN;
  const std::string html = report_html(Scenario{}, smart, &fifo);
  EXPECT_EQ(lower(html).find("nan"), std::string::npos);
  EXPECT_EQ(lower(html).find("inf"), std::string::npos);
  pugi::xml_document doc;
  parse(html, doc);
  EXPECT_STREQ(doc.select_node("//tr[td/code='order_to_ready_p95_s']/td[3]").node().text().get(), "—");
}

TEST(WriteReport, HugeOutliersKeepTheOtherValuesReadable) {
  RunResult smart = smart_run();
  smart.samples.push_back(sample(5, 200, 1e7, 600, 30, 4));
  smart.timeline = {interval(0, 2, 100, 30, 35), interval(300, 2, 100, 28, 40), interval(600, 2, 100, 29, 38),
                    interval(900, 2, 100, 31, 36), interval(1200, 2, 100, 30, 39), interval(1500, 1, 100, 30, 5e6)};
  pugi::xml_document doc;
  parse(report_html(Scenario{}, smart, nullptr), doc);
  for (const auto& r : doc.select_nodes("//svg//rect")) {
    const auto n = r.node();
    EXPECT_GE(n.attribute("x").as_double(), 0);
    EXPECT_LE(n.attribute("x").as_double() + n.attribute("width").as_double(), kChartWidth);
    EXPECT_GE(n.attribute("y").as_double(), 0);
    EXPECT_LE(n.attribute("y").as_double() + n.attribute("height").as_double(), kChartHeight);
  }
  const auto wait = doc.select_nodes("//svg")[2].node();
  EXPECT_EQ(wait.select_nodes(".//path[@class='off-scale']").size(), 1u);
}

TEST(WriteReport, TheSameRunsGiveTheSamePage) {
  const RunResult smart = smart_run();
  const RunResult fifo = fifo_run();
  EXPECT_EQ(report_html(Scenario{}, smart, &fifo), report_html(Scenario{}, smart_run(), &fifo));
}

TEST(WriteReport, ReplacesAnEarlierReport) {
  testing::TempDir tmp;
  RunResult smart = smart_run();
  ASSERT_TRUE(write_report(tmp.path(), Scenario{}, smart, nullptr).ok());
  smart.scenario = "surge";
  ASSERT_TRUE(write_report(tmp.path(), Scenario{}, smart, nullptr).ok());
  EXPECT_NE(read(tmp.path() / "index.html").find("simulation report: surge"), std::string::npos);
  EXPECT_EQ(names_in(tmp.path()), (std::vector<std::string>{"index.html", "prescriptions.csv"}));
}

TEST(WriteReport, ADirectoryThatIsAFileIsRefusedByPath) {
  testing::TempDir tmp;
  const fs::path file = tmp.path() / "report.html";
  std::ofstream(file) << "x";
  const Status status = write_report(file, Scenario{}, smart_run(), nullptr);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find(file.string()), std::string::npos) << status.to_string();
  EXPECT_EQ(read(file), "x");

  const Status below = write_report(file / "sub", Scenario{}, smart_run(), nullptr);
  ASSERT_FALSE(below.ok());
  EXPECT_NE(below.message().find((file / "sub").string()), std::string::npos) << below.to_string();
}

TEST(WriteReport, AnIndexThatCannotBeReplacedIsReportedAndNoTemporaryFileStays) {
  testing::TempDir tmp;
  fs::create_directories(tmp.path() / "index.html" / "occupied");
  const Status status = write_report(tmp.path(), Scenario{}, smart_run(), nullptr);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find((tmp.path() / "index.html").string()), std::string::npos) << status.to_string();
  EXPECT_EQ(names_in(tmp.path()), (std::vector<std::string>{"index.html", "prescriptions.csv"}));
}

TEST(WriteReport, WritesEachPrescriptionOfBothRunsBesideThePage) {
  testing::TempDir tmp;
  const RunResult smart = smart_run();
  const RunResult fifo = fifo_run();
  ASSERT_TRUE(write_report(tmp.path(), Scenario{}, smart, &fifo).ok());
  const std::string csv = read(tmp.path() / "prescriptions.csv");
  EXPECT_EQ(csv, samples_csv({&smart, &fifo}, Scenario{}.start_s));
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 4 + 4);
  EXPECT_NE(read(tmp.path() / "index.html").find("prescriptions.csv beside this page"), std::string::npos);
}

TEST(WriteReport, ACsvThatCannotBeWrittenIsReportedAndNoPageIsWritten) {
  testing::TempDir tmp;
  fs::create_directories(tmp.path() / "prescriptions.csv" / "occupied");
  const Status status = write_report(tmp.path(), Scenario{}, smart_run(), nullptr);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find((tmp.path() / "prescriptions.csv").string()), std::string::npos)
      << status.to_string();
  EXPECT_EQ(names_in(tmp.path()), std::vector<std::string>{"prescriptions.csv"});
}

}  // namespace
}  // namespace rx::simulation
