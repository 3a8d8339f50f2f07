// PharmacyConfig: the service's settings, from TOML or flags.
#pragma once

#include <string>

#include "core/time.h"
#include "planning/policy.h"

namespace rx {

enum class PaymentMode { kRequired, kOnReceipt };

struct PharmacyConfig {
  Zone zone = Zone::shanghai();
  PaymentMode payment = PaymentMode::kRequired;
  PolicyKind policy = PolicyKind::kSmart;
  int windows = 8;
  int near_expiry_days = 90;      // a lot within this many days shows near_expiry
  Duration release_delay{4000};   // baskets from the ready buffer to a called window
};

}  // namespace rx
