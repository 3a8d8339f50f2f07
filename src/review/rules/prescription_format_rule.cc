#include "review/rules/prescription_format_rule.h"

#include <fmt/format.h>

#include <chrono>

#include "review/rules/expired_rx_rule.h"

namespace rx {
namespace {
constexpr auto kFutureTolerance = std::chrono::minutes{5};
}

void PrescriptionFormatRule::check(const Prescription& rx, const Formulary&, const ReviewContext& ctx,
                                   std::vector<Finding>& out) const {
  if (rx.issued_at > ctx.now + kFutureTolerance) {
    auto ahead = std::chrono::floor<std::chrono::minutes>(rx.issued_at - ctx.now);
    out.push_back(Finding{
        .code = "FORMAT",
        .severity = Severity::kWarn,
        .items = all_items(rx),
        .message = fmt::format("issued_at is {} minutes after the time of review; check the prescriber's clock",
                               ahead.count()),
        .evidence = fmt::format("issued_at {} > reviewed {} + {} min", format_local(rx.issued_at, ctx.zone),
                                format_local(ctx.now, ctx.zone), kFutureTolerance.count()),
    });
  }
  if (rx.extended_validity_days > kMaxValidityExtensionDays || rx.extended_validity_days < 0) {
    out.push_back(Finding{
        .code = "FORMAT",
        .severity = Severity::kWarn,
        .items = all_items(rx),
        .message = fmt::format("extended_validity_days is {}, outside 0 to {}; validity was judged with {} days",
                               rx.extended_validity_days, kMaxValidityExtensionDays,
                               rx.extended_validity_days < 0 ? 0 : kMaxValidityExtensionDays),
        .evidence = fmt::format("extended_validity_days = {}", rx.extended_validity_days),
    });
  }
}

}  // namespace rx
