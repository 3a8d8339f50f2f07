// Re-slotting: how the channel machine's layout should change to follow
// recent demand. Pure: the layout, the demand and the period come in as data.
//
// The current layout is compared with the one plan_slots (by demand) would
// make from the same demand: a drug whose channel count differs by at least
// min_channel_change should gain or lose channels, and a drug whose nearest
// channel is at least min_move_m farther from the collector than planned
// should move nearer. Suggestions come most demanded drug first.
#pragma once

#include <map>
#include <optional>
#include <vector>

#include "core/drug.h"
#include "core/result.h"
#include "core/stock_movement.h"
#include "planning/slotting.h"

namespace rx {

struct ReslottingInput {
  const Formulary* formulary = nullptr;
  // Where each drug is now: the channel machine's locations (others ignored).
  std::vector<Slot> current;
  // Packs of each drug dispensed in the period.
  std::map<DrugCode, double> demand;
  ChannelMachineParams channel;
  PickRobotParams robot;
  int min_channel_change = 1;
  double min_move_m = 0.25;
};

struct ReslotSuggestion {
  DrugCode drug;
  double demand = 0;  // packs in the period
  int channels_now = 0;
  int channels_planned = 0;
  std::optional<double> nearest_now_m;      // x of its nearest channel; none without a channel
  std::optional<double> nearest_planned_m;  // none: it should leave the channel machine
  bool gain = false;                        // should get more channels
  bool lose = false;                        // should give channels up
  bool move_nearer = false;                 // its fastest channel is too far from the collector
  std::vector<LocationCode> planned;        // the channels the demand-based layout gives it
};

// Suggestions for every drug whose layout should change; an empty list when
// the layout follows the demand. Invalid as plan_slots is.
Result<std::vector<ReslotSuggestion>> suggest_reslotting(const ReslottingInput& input);

// Packs of each drug dispensed at the channel machine, the robot, the shelf
// and the fridge in [from, until): the dispensed movements, packs out counted
// positive. Other kinds are ignored.
std::map<DrugCode, double> dispensed_demand(const std::vector<StockMovement>& movements, Instant from, Instant until);

}  // namespace rx
