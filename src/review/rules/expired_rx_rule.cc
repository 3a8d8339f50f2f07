#include "review/rules/expired_rx_rule.h"

#include <fmt/format.h>

#include <algorithm>

namespace rx {

void ExpiredRxRule::check(const Prescription& rx, const Formulary&, const ReviewContext& ctx,
                          std::vector<Finding>& out) const {
  // An extension above the maximum counts only up to it; the FORMAT rule says so.
  int extension = std::clamp(rx.extended_validity_days, 0, kMaxValidityExtensionDays);
  Date issued_day = ctx.zone.local_date(rx.issued_at);
  Date last_day = add_days(issued_day, extension);
  Instant valid_until = ctx.zone.end_of_day(last_day);
  if (ctx.now < valid_until) return;
  out.push_back(Finding{
      .code = "EXPIRED_RX",
      .severity = Severity::kBlock,
      .items = all_items(rx),
      .message = fmt::format("the prescription issued on {} was valid until the end of {} and has expired",
                             format_date(issued_day), format_date(last_day)),
      .evidence =
          fmt::format("issued {}, extension {} days, valid until {}, reviewed {}", format_local(rx.issued_at, ctx.zone),
                      extension, format_local(valid_until, ctx.zone), format_local(ctx.now, ctx.zone)),
  });
}

}  // namespace rx
