#include "devices/sim/location_stock.h"

#include <algorithm>

namespace rx {

void LocationStock::put(const LocationCode& location, const StockedPack& pack, int count) {
  std::deque<Batch>& batches = locations_[location.value()];
  if (count <= 0) return;
  Counts& c = lots_.try_emplace(key(pack.lot), Counts{pack}).first->second;
  c.in += count;
  // Packs of the lot just loaded join a batch of the same lot behind which nothing else lies.
  if (!batches.empty() && batches.back().pack.lot.drug == pack.lot.drug && batches.back().pack.lot.lot == pack.lot.lot) {
    batches.back().count += count;
  } else {
    batches.push_back(Batch{pack, count, &c});
  }
}

std::optional<StockedPack> LocationStock::take(const LocationCode& location, const LotNo* preferred) {
  StockedPack pack;
  if (take_into(location, preferred, pack) != Taken::kPack) return std::nullopt;
  return pack;
}

LocationStock::Taken LocationStock::take_into(const LocationCode& location, const LotNo* preferred,
                                              StockedPack& pack) {
  auto it = locations_.find(location.value());
  if (it == locations_.end()) return Taken::kUntracked;
  std::deque<Batch>& batches = it->second;
  if (batches.empty()) return Taken::kEmpty;
  auto batch = batches.begin();
  if (preferred != nullptr) {
    auto match = std::find_if(batches.begin(), batches.end(), [&](const Batch& b) { return b.pack.lot.lot == *preferred; });
    if (match != batches.end()) batch = match;
  }
  ++batch->counts->out;
  if (--batch->count == 0) {
    pack = std::move(batch->pack);
    batches.erase(batch);
  } else {
    pack = batch->pack;
  }
  return Taken::kPack;
}

int LocationStock::remove(const LocationCode& location, const Lot& lot, int count) {
  auto it = locations_.find(location.value());
  if (it == locations_.end()) return 0;
  std::deque<Batch>& batches = it->second;
  int removed = 0;
  for (auto batch = batches.begin(); batch != batches.end() && removed < count;) {
    if (batch->pack.lot.drug != lot.drug || batch->pack.lot.lot != lot.lot) {
      ++batch;
      continue;
    }
    int n = std::min(batch->count, count - removed);
    batch->count -= n;
    batch->counts->out += n;
    removed += n;
    batch = batch->count == 0 ? batches.erase(batch) : std::next(batch);
  }
  return removed;
}

int LocationStock::count(const LocationCode& location) const {
  auto it = locations_.find(location.value());
  if (it == locations_.end()) return 0;
  int n = 0;
  for (const Batch& b : it->second) n += b.count;
  return n;
}

std::vector<StockRow> LocationStock::rows() const {
  std::vector<StockRow> out;
  for (const auto& [location, batches] : locations_) {
    for (const Batch& b : batches) {
      auto same = std::find_if(out.begin(), out.end(), [&](const StockRow& r) {
        return r.location.value() == location && r.lot.drug == b.pack.lot.drug && r.lot.lot == b.pack.lot.lot;
      });
      if (same != out.end()) {
        same->quantity += b.count;
      } else {
        out.push_back(StockRow{b.pack.lot, LocationCode(location), b.count});
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const StockRow& a, const StockRow& b) {
    if (a.location != b.location) return a.location < b.location;
    if (a.lot.drug != b.lot.drug) return a.lot.drug < b.lot.drug;
    return a.lot.lot < b.lot.lot;
  });
  return out;
}

std::vector<LotAccount> LocationStock::accounts() const {
  std::map<std::pair<std::string, std::string>, int64_t> on_hand;
  for (const auto& [location, batches] : locations_) {
    for (const Batch& b : batches) on_hand[key(b.pack.lot)] += b.count;
  }
  std::vector<LotAccount> out;
  for (const auto& [k, c] : lots_) {
    auto held = on_hand.find(k);
    out.push_back(LotAccount{c.pack.lot, c.pack.gtin, c.in, c.out, held == on_hand.end() ? 0 : held->second});
  }
  return out;
}

std::vector<StockedPack> LocationStock::known_lots() const {
  std::vector<StockedPack> out;
  for (const auto& [k, c] : lots_) out.push_back(c.pack);
  return out;
}

}  // namespace rx
