#include "server/metrics.h"

#include <gtest/gtest.h>

namespace rx {
namespace {

using nlohmann::json;

TEST(HttpMetricsTest, CountsRequestsByRouteAndCode) {
  HttpMetrics metrics([] { return json::object(); });
  metrics.observe("/api/v1/prescriptions/{id}", 200, std::chrono::milliseconds(3));
  metrics.observe("/api/v1/prescriptions/{id}", 200, std::chrono::milliseconds(4));
  metrics.observe("/api/v1/prescriptions/{id}", 404, std::chrono::milliseconds(1));
  std::string text = metrics.scrape();
  EXPECT_NE(text.find("# TYPE rxpress_http_requests_total counter"), std::string::npos) << text;
  EXPECT_NE(text.find(R"(rxpress_http_requests_total{code="200",route="/api/v1/prescriptions/{id}"} 2)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(rxpress_http_requests_total{code="404",route="/api/v1/prescriptions/{id}"} 1)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(rxpress_http_request_duration_seconds_count{route="/api/v1/prescriptions/{id}"} 3)"),
            std::string::npos)
      << text;
  EXPECT_NE(
      text.find(R"(rxpress_http_request_duration_seconds_bucket{route="/api/v1/prescriptions/{id}",le="0.0025"} 1)"),
      std::string::npos)
      << text;
}

TEST(HttpMetricsTest, PrescriptionGaugesAreRefreshedAtScrape) {
  json counts = {{"received", 3}, {"ready", 2}};
  HttpMetrics metrics([&counts] { return counts; });
  std::string first = metrics.scrape();
  EXPECT_NE(first.find(R"(rxpress_prescriptions{status="received"} 3)"), std::string::npos) << first;
  EXPECT_NE(first.find(R"(rxpress_prescriptions{status="ready"} 2)"), std::string::npos) << first;
  EXPECT_NE(first.find(R"(rxpress_prescriptions{status="handed_over"} 0)"), std::string::npos) << first;
  counts = {{"received", 1}, {"handed_over", 4}};
  std::string second = metrics.scrape();
  EXPECT_NE(second.find(R"(rxpress_prescriptions{status="received"} 1)"), std::string::npos) << second;
  EXPECT_NE(second.find(R"(rxpress_prescriptions{status="ready"} 0)"), std::string::npos) << second;
  EXPECT_NE(second.find(R"(rxpress_prescriptions{status="handed_over"} 4)"), std::string::npos) << second;
}

TEST(HttpMetricsTest, HisOutboxPendingIsRefreshedAtScrape) {
  double pending = 3;
  HttpMetrics metrics([] { return json::object(); }, [&pending] { return pending; });
  std::string first = metrics.scrape();
  EXPECT_NE(first.find("rxpress_his_outbox_pending 3"), std::string::npos) << first;
  pending = 0;
  std::string second = metrics.scrape();
  EXPECT_NE(second.find("rxpress_his_outbox_pending 0"), std::string::npos) << second;
}

}  // namespace
}  // namespace rx
