#include "server/metrics.h"

#include <prometheus/text_serializer.h>

#include "core/prescription.h"

namespace rx {
namespace {

const prometheus::Histogram::BucketBoundaries kLatencyBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                                 0.1,   0.25,   0.5,   1.0,  2.5};
constexpr RxStatus kStatuses[] = {RxStatus::kReceived,   RxStatus::kBlocked,  RxStatus::kAccepted,
                                  RxStatus::kDispensing, RxStatus::kReady,    RxStatus::kHandedOver,
                                  RxStatus::kRejected,   RxStatus::kCancelled};

}  // namespace

HttpMetrics::HttpMetrics(CountsSource counts, GaugeSource his_outbox_pending)
    : counts_(std::move(counts)),
      his_outbox_pending_(std::move(his_outbox_pending)),
      registry_(std::make_shared<prometheus::Registry>()),
      requests_(prometheus::BuildCounter()
                    .Name("rxpress_http_requests_total")
                    .Help("HTTP requests answered, by route pattern and status code")
                    .Register(*registry_)),
      latency_(prometheus::BuildHistogram()
                   .Name("rxpress_http_request_duration_seconds")
                   .Help("Time from a request's arrival to its response, by route pattern")
                   .Register(*registry_)),
      prescriptions_(
          prometheus::BuildGauge().Name("rxpress_prescriptions").Help("Prescriptions by status").Register(*registry_)),
      his_outbox_(prometheus::BuildGauge()
                      .Name("rxpress_his_outbox_pending")
                      .Help("Messages for the HIS (RDS^O13, rejections) it has not yet accepted")
                      .Register(*registry_)) {}

void HttpMetrics::observe(std::string_view route, unsigned status_code, std::chrono::duration<double> latency) {
  std::string route_label(route);
  requests_.Add({{"route", route_label}, {"code", std::to_string(status_code)}}).Increment();
  latency_.Add({{"route", route_label}}, kLatencyBuckets).Observe(latency.count());
}

std::string HttpMetrics::scrape() {
  nlohmann::json counts = counts_();
  for (RxStatus s : kStatuses) {
    std::string name(rx_status_name(s));
    double value = 0;
    if (counts.is_object()) {
      auto it = counts.find(name);
      if (it != counts.end() && it->is_number()) value = it->get<double>();
    }
    prescriptions_.Add({{"status", name}}).Set(value);
  }
  if (his_outbox_pending_) his_outbox_.Add({}).Set(his_outbox_pending_());
  return prometheus::TextSerializer().Serialize(registry_->Collect());
}

}  // namespace rx
