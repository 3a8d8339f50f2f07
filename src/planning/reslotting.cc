#include "planning/reslotting.h"

#include <algorithm>
#include <string>

namespace rx {
namespace {

struct Layout {
  int channels = 0;
  std::optional<double> nearest_m;
  std::vector<LocationCode> locations;
};

// C-SS-CC: channel CC sits at x = CC * pitch.
std::optional<double> channel_x_m(const LocationCode& location, const ChannelMachineParams& p) {
  const std::string& v = location.value();
  if (v.size() != 7 || v[0] != 'C' || v[1] != '-' || v[4] != '-') return std::nullopt;
  for (size_t i : {2u, 3u, 5u, 6u}) {
    if (v[i] < '0' || v[i] > '9') return std::nullopt;
  }
  return ((v[5] - '0') * 10 + (v[6] - '0')) * p.channel_pitch_m;
}

std::map<DrugCode, Layout> channel_layout(const std::vector<Slot>& slots, const ChannelMachineParams& p) {
  std::map<DrugCode, Layout> out;
  for (const Slot& s : slots) {
    auto x = channel_x_m(s.location, p);
    if (!x) continue;
    Layout& l = out[s.drug];
    ++l.channels;
    l.nearest_m = l.nearest_m ? std::min(*l.nearest_m, *x) : *x;
    l.locations.push_back(s.location);
  }
  return out;
}

double demand_of(const std::map<DrugCode, double>& demand, const DrugCode& drug) {
  auto it = demand.find(drug);
  return it == demand.end() ? 0.0 : std::max(0.0, it->second);
}

}  // namespace

Result<std::vector<ReslotSuggestion>> suggest_reslotting(const ReslottingInput& in) {
  if (in.min_channel_change < 1) {
    return Status::invalid("expected at least 1 channel", "min_channel_change");
  }
  SlottingInput plan;
  plan.formulary = in.formulary;
  plan.demand = in.demand;
  plan.channel = in.channel;
  plan.robot = in.robot;
  plan.kind = SlottingKind::kByDemand;
  std::vector<Slot> planned = TRY(plan_slots(plan));

  std::map<DrugCode, Layout> now = channel_layout(in.current, in.channel);
  std::map<DrugCode, Layout> target = channel_layout(planned, in.channel);
  std::vector<DrugCode> drugs;
  for (const auto& [drug, l] : now) drugs.push_back(drug);
  for (const auto& [drug, l] : target) {
    if (!now.count(drug)) drugs.push_back(drug);
  }

  std::vector<ReslotSuggestion> out;
  for (const DrugCode& drug : drugs) {
    const Layout empty;
    const Layout& a = now.count(drug) ? now.at(drug) : empty;
    const Layout& b = target.count(drug) ? target.at(drug) : empty;
    ReslotSuggestion s;
    s.drug = drug;
    s.demand = demand_of(in.demand, drug);
    s.channels_now = a.channels;
    s.channels_planned = b.channels;
    s.nearest_now_m = a.nearest_m;
    s.nearest_planned_m = b.nearest_m;
    s.planned = b.locations;
    s.gain = b.channels - a.channels >= in.min_channel_change;
    s.lose = a.channels - b.channels >= in.min_channel_change;
    // Only a drug that is sold gains by being nearer; a drug with no channel
    // yet is placed by gaining one.
    s.move_nearer = s.demand > 0 && a.nearest_m && b.nearest_m && *a.nearest_m - *b.nearest_m >= in.min_move_m - 1e-9;
    if (s.gain || s.lose || s.move_nearer) out.push_back(std::move(s));
  }
  std::stable_sort(out.begin(), out.end(), [](const ReslotSuggestion& x, const ReslotSuggestion& y) {
    if (x.demand != y.demand) return x.demand > y.demand;
    return x.drug.value() < y.drug.value();
  });
  return out;
}

std::map<DrugCode, double> dispensed_demand(const std::vector<StockMovement>& movements, Instant from, Instant until) {
  std::map<DrugCode, double> out;
  for (const StockMovement& m : movements) {
    if (m.kind != MovementKind::kDispensed || m.at < from || m.at >= until) continue;
    out[m.lot.drug] += -m.delta;
  }
  return out;
}

}  // namespace rx
