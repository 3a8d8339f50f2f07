// Slotting: where each drug lives on the machines, from how much of it is
// expected to be dispensed. Pure: demand comes in as data.
//
// By demand (the smart layout): the channel machine takes the machine-stockable
// drugs whose boxes fit a channel (channel_fit.h: the box's face through the
// channel's opening, its depth known); the fast movers get the channels nearest the
// collector, and a popular drug is split across shelves and channels so that
// its boxes eject in parallel, in proportion to its demand. Every
// machine-stockable drug whose box the robot can hold also has a place in the
// pick robot, so a box too big for a channel still goes in a machine. The
// other drugs (and a box that fits neither machine) go to the smart shelf,
// the cold ones to its fridge.
// Random (the baseline's layout): the same split of drugs between devices, one
// channel per drug at random positions, spare channels to random drugs.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "core/drug.h"
#include "core/machine/channel_machine_params.h"
#include "core/machine/pick_robot_params.h"
#include "core/result.h"
#include "core/stock.h"

namespace rx {

// One location and the drug it holds when full.
struct Slot {
  LocationCode location;
  DrugCode drug;
  int capacity = 0;  // packs
};

enum class SlottingKind { kByDemand, kRandom };

struct SlottingInput {
  const Formulary* formulary = nullptr;
  // Expected packs of each drug (any scale); a drug absent here has no demand
  // but still gets a place.
  std::map<DrugCode, double> demand;
  ChannelMachineParams channel;
  PickRobotParams robot;
  int shelf_bin_packs = 60;    // packs one smart-shelf or fridge bin holds
  int robot_place_packs = 40;  // packs of one drug in one robot place
  SlottingKind kind = SlottingKind::kByDemand;
  uint64_t seed = 1;           // for kRandom
};

// Every drug of the formulary gets at least one slot. Invalid (naming the
// drug) if a drug fits nowhere, or there are more channel drugs than channels.
Result<std::vector<Slot>> plan_slots(const SlottingInput& input);

}  // namespace rx
