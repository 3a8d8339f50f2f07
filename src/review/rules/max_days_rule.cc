#include "review/rules/max_days_rule.h"

#include <fmt/format.h>

#include <optional>
#include <string>

namespace rx {
namespace {

constexpr int kOutpatientDays = 7;
constexpr int kEmergencyDays = 3;
constexpr int kLongSupplyDays = 84;  // 12 weeks (长期处方管理规范 2021)
constexpr int kElderlyAge = 65;

bool has_reason(const std::optional<std::string>& reason) {
  return reason && reason->find_first_not_of(" \t\r\n") != std::string::npos;
}

// Why the patient may, or may not, be given a longer supply; part of every finding's evidence.
std::string eligibility(const Prescription& rx, std::optional<int> age) {
  if (rx.visit.type == VisitType::kChronic) return "chronic visit";
  if (age && *age >= kElderlyAge) return fmt::format("elderly patient, {} years on the issue day", *age);
  if (age) return fmt::format("not a chronic visit, patient {} years on the issue day", *age);
  return "not a chronic visit, patient's age unknown";
}

}  // namespace

void MaxDaysRule::check(const Prescription& rx, const Formulary& formulary, const ReviewContext& ctx,
                        std::vector<Finding>& out) const {
  const int limit = rx.visit.type == VisitType::kEmergency ? kEmergencyDays : kOutpatientDays;
  const std::string_view visit = visit_type_name(rx.visit.type);
  const std::optional<int> age = rx.patient.age_on(ctx.zone.local_date(rx.issued_at));
  const bool long_supply_allowed = rx.visit.type == VisitType::kChronic || (age && *age >= kElderlyAge);
  const std::string who = eligibility(rx, age);

  for (size_t i = 0; i < rx.items.size(); ++i) {
    const Item& item = rx.items[i];
    const int index = static_cast<int>(i);
    const std::string label = item_label(rx, formulary, index);
    if (!item.days) {
      out.push_back(Finding{
          .code = "FORMAT",
          .severity = Severity::kInfo,
          .items = {index},
          .message = fmt::format("{}: days missing, so the MAX_DAYS check was skipped", label),
          .evidence = fmt::format("items[{}].days is missing", i),
      });
      continue;
    }
    const int days = *item.days;
    if (days <= limit) continue;
    const std::string evidence = fmt::format("{} days > {} days ({}); {}", days, limit, visit, who);
    if (days > kLongSupplyDays) {
      out.push_back(Finding{
          .code = "MAX_DAYS",
          .severity = Severity::kBlock,
          .items = {index},
          .message =
              fmt::format("{}: {} days is more than the 12-week maximum of {} days", label, days, kLongSupplyDays),
          .evidence = fmt::format("{} days > {} days (12 weeks); {}", days, kLongSupplyDays, who),
      });
    } else if (has_reason(item.supply_reason)) {
      out.push_back(Finding{
          .code = "MAX_DAYS",
          .severity = Severity::kWarn,
          .items = {index},
          .message =
              fmt::format("{}: {} days is over the {} limit of {} days; the prescriber's reason: {}{}", label, days,
                          visit, limit, *item.supply_reason,
                          long_supply_allowed ? "" : " (the patient is neither on a chronic visit nor 65 or older)"),
          .evidence = evidence,
      });
    } else {
      out.push_back(Finding{
          .code = "MAX_DAYS",
          .severity = Severity::kBlock,
          .items = {index},
          .message = fmt::format("{}: {} days is over the {} limit of {} days and no supply_reason is given", label,
                                 days, visit, limit),
          .evidence = evidence,
      });
    }
  }
}

}  // namespace rx
