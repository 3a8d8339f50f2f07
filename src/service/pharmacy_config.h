// PharmacyConfig: the service's settings, from TOML or flags.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/result.h"
#include "core/time.h"
#include "inventory/cold_chain.h"
#include "inventory/replenishment.h"
#include "inventory/stock_locations.h"
#include "planning/idle_time.h"
#include "planning/policy.h"
#include "review/knowledge_base.h"

namespace rx {

enum class PaymentMode { kRequired, kOnReceipt };

// How long the outbox waits before sending a message again after the HIS was
// unreachable or did not accept it: `first`, then `factor` times longer each
// time, never longer than `max`.
struct HisRetry {
  Duration first{1000};
  Duration max{60000};
  double factor = 2.0;
};

// For `simulate` only: each turn ends as usual (callers answered, devices
// told, screens published), but its changes are held back and handed
// together, at most once per `every` of the scheduler's time, to one
// background thread that writes them to the store in order while the service
// goes on. Any read of the store, and Pharmacy::write_deferred(), first hand
// over what is held back and wait until everything is written. The store must
// be in memory: a server's answer promises that its change is durable, so the
// service refuses to open a durable store with this set.
struct DeferredCommit {
  Duration every{60000};
  // Called once, on the service's thread, when it learns that a deferred
  // write failed (at the next hand-over, read or write_deferred()): the
  // service is then ahead of its store and writes nothing more, so the run
  // should stop.
  std::function<void(const Status&)> on_failure;
};

struct PharmacyConfig {
  Zone zone = Zone::shanghai();
  PaymentMode payment = PaymentMode::kRequired;
  PolicyKind policy = PolicyKind::kSmart;
  int windows = 8;
  int near_expiry_days = 90;      // a lot within this many days shows near_expiry
  // Stock-in refuses a lot that expires in fewer days than this (SHORT_DATED).
  int short_dated_days = 30;
  // Packs each location holds (stock-in refuses more: OVER_CAPACITY), and the reserve store.
  StockLocations locations;
  // When a machine location is refilled from the reserve store, and how its threshold is set.
  ReplenishmentSettings replenishment;
  Duration release_delay{4000};   // baskets from the ready buffer to a called window
  // The figures of the attached machines, for the smart policy's estimates of
  // when each device would have a pack out.
  IdleMachines machines;
  // The clinical knowledge base review applies; without one only the prescription rules run.
  std::shared_ptr<const KnowledgeBase> knowledge;
  HisRetry his_retry;
  // The fridge and cool storage zones, their sensors and alert timing.
  ColdChainConfig cold_chain;
  // The local time of day the pharmacy closes: packs still awaiting return go
  // to quarantine, and prescriptions picked but not collected are cancelled.
  // Unset, the day never closes (an embedded pharmacy, tests, simulations);
  // `serve` and `demo` close at 22:00 unless configured otherwise.
  std::optional<std::chrono::minutes> closing_time;
  // Unset (the default, and always for `serve` and `demo`): every turn is committed before it ends.
  std::optional<DeferredCommit> deferred_commit;
};

}  // namespace rx
