// PharmacyConfig: the service's settings, from TOML or flags.
#pragma once

#include <string>

#include "core/time.h"

namespace rx {

enum class PaymentMode { kRequired, kOnReceipt };
enum class PolicyKind { kSmart, kFifo };

struct PharmacyConfig {
  Zone zone = Zone::shanghai();
  PaymentMode payment = PaymentMode::kRequired;
  PolicyKind policy = PolicyKind::kSmart;
  int windows = 8;
  int near_expiry_days = 90;      // a lot within this many days shows near_expiry
  bool require_photo = false;     // the verification station's photo at hand-over
};

}  // namespace rx
