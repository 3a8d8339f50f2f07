// Re-slotting suggestions: the channel machine's layout on record against the
// one the last weeks' dispensed packs ask for (planning/reslotting.h).
#include <fmt/format.h>

#include <set>

#include "service/pharmacy_impl.h"

namespace rx {

Result<std::vector<ReslotSuggestion>> Pharmacy::slotting_suggestions(Instant until, int weeks) const {
  if (weeks < 1 || weeks > 52) {
    return Status::invalid(fmt::format("expected 1 to 52 weeks, found {}", weeks), "weeks");
  }
  const Instant from = until - std::chrono::days(7 * weeks);
  MovementQuery q;
  q.kind = MovementKind::kDispensed;
  q.from = from;
  q.until = until;
  q.limit = 100000;
  std::vector<StockMovement> dispensed;
  while (true) {
    std::vector<StockMovement> page = TRY(impl_->store_.movements(q));
    dispensed.insert(dispensed.end(), page.begin(), page.end());
    if (page.size() < q.limit) break;
    q.after_id = page.back().id;
  }
  ReslottingInput in;
  in.formulary = &formulary_;
  in.demand = dispensed_demand(dispensed, from, until);
  in.channel = config_.machines.channel;
  in.robot = config_.machines.robot;
  // A channel holds one drug: it counts once, whichever lots it holds.
  std::set<std::string> seen;
  for (const StockProjection& p : impl_->ledger_.rows()) {
    if (location_device(p.row.location) != 'C' || !seen.insert(p.row.location.value()).second) continue;
    in.current.push_back(Slot{p.row.location, p.row.lot.drug, 0});
  }
  return suggest_reslotting(in);
}

}  // namespace rx
