// HttpMetrics: the server's Prometheus metrics, served at /metrics.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace rx {

class HttpMetrics {
 public:
  // Gives the prescriptions by status, {"received":3,…}, at each scrape.
  using CountsSource = std::function<nlohmann::json()>;
  // Gives the messages for the HIS not yet accepted by it, at each scrape.
  using GaugeSource = std::function<double()>;
  explicit HttpMetrics(CountsSource counts, GaugeSource his_outbox_pending = {});

  // Counts one answered request under its route pattern (not its path, so
  // that ids do not multiply the series) and records its latency.
  void observe(std::string_view route, unsigned status_code, std::chrono::duration<double> latency);
  // Every metric in the Prometheus text format, the status gauges refreshed.
  std::string scrape();

 private:
  CountsSource counts_;
  GaugeSource his_outbox_pending_;
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& latency_;
  prometheus::Family<prometheus::Gauge>& prescriptions_;
  prometheus::Family<prometheus::Gauge>& his_outbox_;
};

}  // namespace rx
